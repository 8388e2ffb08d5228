package storetest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// The lock-out against guessing invite codes every engine keeps: maxWrongCodes wrong codes
// within wrongCodeWindow lock the user out for wrongCodeLock.
const (
	maxWrongCodes   = 5
	wrongCodeWindow = 10 * time.Minute
	wrongCodeLock   = time.Hour
)

func mustInvite(tb testing.TB, e *env, school string, ttl time.Duration) domain.Invite {
	tb.Helper()
	inv, err := e.s.CreateInvite(e.ctx, school, 1001, ttl)
	mustDo(tb, "CreateInvite "+school, err)
	return inv
}

func registrationCases() []testCase {
	return []testCase{
		{name: "CreateInvite/a fresh code with its expiry", run: func(t *testing.T, e *env) {
			inv := mustInvite(t, e, "THCS-LAICACH", 48*time.Hour)
			if len(inv.Code) != domain.InviteCodeLen || strings.Trim(inv.Code, domain.InviteAlphabet) != "" ||
				inv.School != "THCS-LAICACH" || !inv.Expires.Equal(Start.Add(48*time.Hour)) {
				t.Fatalf("invite = %+v", inv)
			}
			wantUTC(t, "Expires", inv.Expires)
			if other := mustInvite(t, e, "THCS-LAICACH", time.Hour); other.Code == inv.Code {
				t.Error("two invites got one code")
			}
		}},
		{name: "UseInvite/once, a retry by the same user", run: func(t *testing.T, e *env) {
			inv := mustInvite(t, e, "THCS-LAICACH", time.Hour)
			typed := strings.ToLower(inv.Code[:4] + " " + inv.Code[4:8] + "-" + inv.Code[8:])
			got, err := e.s.UseInvite(e.ctx, typed, 7)
			if err != nil || got.School != "THCS-LAICACH" || !got.Expires.Equal(inv.Expires) {
				t.Fatalf("UseInvite(typed in lower case with a space) = %+v, %v", got, err)
			}
			if _, err := e.s.UseInvite(e.ctx, inv.Code, 8); !errors.Is(err, domain.ErrInviteUsed) {
				t.Errorf("a second user: %v, want ErrInviteUsed", err)
			}
			if got, err := e.s.UseInvite(e.ctx, inv.Code, 7); err != nil || got.School != "THCS-LAICACH" {
				t.Errorf("the same user again (a retried update) = %+v, %v", got, err)
			}
		}},
		{name: "UseInvite/unknown and expired", run: func(t *testing.T, e *env) {
			if _, err := e.s.UseInvite(e.ctx, "NOTACODE2345", 7); !errors.Is(err, domain.ErrInviteUnknown) {
				t.Errorf("unknown code: %v, want ErrInviteUnknown", err)
			}
			old := mustInvite(t, e, "MN-CAMDIEN", time.Hour)
			e.clock.Advance(time.Hour + time.Second)
			if _, err := e.s.UseInvite(e.ctx, old.Code, 9); !errors.Is(err, domain.ErrInviteExpired) {
				t.Errorf("code after its expiry: %v, want ErrInviteExpired", err)
			}
		}},
		{name: "DeleteOldInvites", run: func(t *testing.T, e *env) {
			used := mustInvite(t, e, "A1", time.Hour)
			try(e.s.UseInvite(e.ctx, used.Code, 7)).must(t)
			expired := mustInvite(t, e, "A2", time.Hour)
			valid := mustInvite(t, e, "A3", 30*24*time.Hour)
			e.clock.Advance(15 * 24 * time.Hour)
			if n, err := e.s.DeleteOldInvites(e.ctx, e.clock.Now()); err != nil || n != 2 {
				t.Fatalf("DeleteOldInvites = %d, %v; want 2 (used and unused, expired)", n, err)
			}
			if _, err := e.s.UseInvite(e.ctx, expired.Code, 9); !errors.Is(err, domain.ErrInviteUnknown) {
				t.Errorf("a deleted code: %v, want ErrInviteUnknown", err)
			}
			if got, err := e.s.UseInvite(e.ctx, valid.Code, 9); err != nil || got.School != "A3" {
				t.Errorf("a code still valid = %+v, %v", got, err)
			}
		}},
		{name: "InviteUnregistered/active schools without a reporter", run: func(t *testing.T, e *env) {
			list := append(importList(), domain.School{Code: "TH-X", Name: "Trường Tiểu học X", Level: domain.LevelTH, Commune: "X"},
				domain.School{Code: "TH-Y", Name: "Trường Tiểu học Y", Level: domain.LevelTH, Commune: "Y"})
			mustImport(t, e, list, false)
			mustDo(t, "deactivate", e.s.SetSchoolActive(e.ctx, "TH-X", false))
			try(e.s.LinkReporter(e.ctx, 7, "THCS-LAICACH")).must(t)
			got := try(e.s.InviteUnregistered(e.ctx, 0, 2*time.Hour)).must(t)
			var schools []string
			for _, inv := range got {
				schools = append(schools, inv.School)
				if inv.Code == "" || !inv.Expires.Equal(Start.Add(2*time.Hour)) {
					t.Errorf("invite = %+v", inv)
				}
			}
			slices.Sort(schools)
			same(t, "schools invited", schools, []string{"MN-CAMDIEN", "TH-Y"})
			if len(got) > 0 {
				if inv, err := e.s.UseInvite(e.ctx, got[0].Code, 8); err != nil || inv.School != got[0].School {
					t.Errorf("UseInvite of a listed code = %+v, %v", inv, err)
				}
			}
		}},
		{name: "WrongCode/five in ten minutes lock for an hour", run: func(t *testing.T, e *env) {
			for i := range 6 { // spread over more than the window: never locks
				if until, _, err := e.s.WrongCode(e.ctx, 7); err != nil || !until.IsZero() {
					t.Fatalf("slow wrong code %d: locked until %v, %v", i, until, err)
				}
				e.clock.Advance(3 * time.Minute)
			}
			e.clock.Advance(time.Hour)
			for i := 1; i <= maxWrongCodes; i++ {
				until, left, err := e.s.WrongCode(e.ctx, 7)
				if err != nil {
					t.Fatal(err)
				}
				if i < maxWrongCodes && (!until.IsZero() || left != maxWrongCodes-i) {
					t.Fatalf("wrong code %d: until %v, left %d; want not locked, %d left", i, until, left, maxWrongCodes-i)
				}
				if i == maxWrongCodes && !until.Equal(e.clock.Now().Add(wrongCodeLock)) {
					t.Fatalf("wrong code %d: locked until %v, want an hour", i, until)
				}
				if i < maxWrongCodes {
					e.clock.Advance(wrongCodeWindow / maxWrongCodes)
				}
			}
			lockedUntil := e.clock.Now().Add(wrongCodeLock)
			if until := try(e.s.CodeLock(e.ctx, 7)).must(t); !until.Equal(lockedUntil) {
				t.Errorf("CodeLock = %v, want %v", until, lockedUntil)
			} else {
				wantUTC(t, "CodeLock", until)
			}
			if until := try(e.s.CodeLock(e.ctx, 8)).must(t); !until.IsZero() {
				t.Errorf("another user is locked until %v", until)
			}
			e.clock.Advance(wrongCodeLock)
			if until := try(e.s.CodeLock(e.ctx, 7)).must(t); !until.IsZero() {
				t.Errorf("still locked after the hour: %v", until)
			}
		}},
		{name: "ClearWrongCodes", run: func(t *testing.T, e *env) {
			for range 3 {
				mustWrongCode(t, e, 7)
			}
			mustDo(t, "ClearWrongCodes", e.s.ClearWrongCodes(e.ctx, 7))
			if _, left, err := e.s.WrongCode(e.ctx, 7); err != nil || left != maxWrongCodes-1 {
				t.Errorf("after clearing, a wrong code leaves %d tries, %v; want %d", left, err, maxWrongCodes-1)
			}
			mustDo(t, "ClearWrongCodes of a user without any", e.s.ClearWrongCodes(e.ctx, 99))
		}},
		{name: "LinkReporter, Reporters, AllReporters, UnlinkReporter", run: func(t *testing.T, e *env) {
			if all := try(e.s.AllReporters(e.ctx)).must(t); all == nil || len(all) != 0 {
				t.Errorf("AllReporters of an empty store = %#v; want an empty map", all)
			}
			mustTouch(t, e, domain.User{ID: 7, Name: "Lan"}, true)
			if prev, err := e.s.LinkReporter(e.ctx, 7, "A"); err != nil || prev != "" {
				t.Fatalf("LinkReporter = %q, %v", prev, err)
			}
			e.clock.Advance(time.Second)
			if prev, err := e.s.LinkReporter(e.ctx, 8, "A"); err != nil || prev != "" { // never wrote to the bot
				t.Fatalf("LinkReporter of a user not met = %q, %v", prev, err)
			}
			if u := mustUser(t, e, 8); u.SchoolCode != "A" {
				t.Errorf("linked user not met before = %+v", u)
			}
			e.clock.Advance(time.Second)
			if prev, err := e.s.LinkReporter(e.ctx, 7, "B"); err != nil || prev != "A" {
				t.Fatalf("move to B: previous = %q, %v; want A", prev, err)
			}
			a, b := try(e.s.Reporters(e.ctx, "A")).must(t), try(e.s.Reporters(e.ctx, "B")).must(t)
			if len(a) != 1 || a[0].ID != 8 || len(b) != 1 || b[0].ID != 7 || b[0].Name != "Lan" || b[0].SchoolCode != "B" {
				t.Fatalf("reporters of A = %+v, of B = %+v", a, b)
			}
			if none := try(e.s.Reporters(e.ctx, "C")).must(t); len(none) != 0 {
				t.Errorf("reporters of a school without any = %+v", none)
			}
			mustDo(t, "UnlinkReporter", e.s.UnlinkReporter(e.ctx, 8))
			if u := mustUser(t, e, 8); u.SchoolCode != "" {
				t.Errorf("unlinked user = %+v", u)
			}
			all := try(e.s.AllReporters(e.ctx)).must(t)
			if len(all) != 1 || len(all["B"]) != 1 || all["B"][0].ID != 7 {
				t.Fatalf("AllReporters = %+v", all)
			}
		}},
	}
}

// mustWrongCode records a wrong code of the user and returns how many tries are left.
func mustWrongCode(tb testing.TB, e *env, userID int64) int {
	tb.Helper()
	_, left, err := e.s.WrongCode(e.ctx, userID)
	mustDo(tb, "WrongCode", err)
	return left
}
