package sqlite

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

func TestStore_PruneStrangers(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpen(t, c.Now)
	old := c.Now().Add(-400 * 24 * time.Hour)
	if err := s.PutUsers(ctx, []domain.User{
		{ID: 1, Name: "old stranger", Seen: old},
		{ID: 2, Name: "old stranger in a conversation", Seen: old},
		{ID: 3, Name: "never seen, unlinked"},
		{ID: 4, Name: "recent stranger", Seen: c.Now()},
		{ID: 5, Name: "old reporter", SchoolCode: "TH-A", Seen: old},
		{ID: 6, Name: "old stranger whose flow ended", Seen: old},
	}); err != nil {
		t.Fatal(err)
	}
	s.SetChatFlow(ctx, 2, domain.ChatFlow{Name: "register"})
	s.SetChatFlow(ctx, 6, domain.ChatFlow{Name: "register"})
	s.ClearChatFlow(ctx, 6)
	n, err := s.PruneStrangers(ctx, c.Now().Add(-30*24*time.Hour), nil)
	if err != nil || n != 3 {
		t.Fatalf("PruneStrangers = %d, %v; want 3", n, err)
	}
	for id, kept := range map[int64]bool{1: false, 2: true, 3: false, 4: true, 5: true, 6: false} {
		if _, err := s.User(ctx, id); (err == nil) != kept {
			t.Errorf("user %d: %v, want kept=%v", id, err, kept)
		}
	}
}

func TestStore_TouchUser(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpen(t, c.Now)
	u, err := s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan", TgLang: "vi"}, false)
	if err != nil || u.Started || u.Name != "Lan" || !u.Seen.Equal(c.Now()) {
		t.Fatalf("first touch in a group = %+v, %v", u, err)
	}
	c.Add(time.Minute)
	if u, _ = s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan", TgLang: "vi"}, true); !u.Started {
		t.Fatal("a private message did not mark the user started")
	}
	c.Add(time.Minute)
	if u, _ = s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan", TgLang: "vi"}, true); !u.Seen.Equal(c.Now().Add(-time.Minute)) {
		t.Errorf("an unchanged user was written again within the hour: seen %v", u.Seen)
	}
	s.SetUserUnreachable(ctx, 9, true)
	s.SetUserLang(ctx, 9, "en")
	if u, _ = s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan Anh", TgLang: "vi"}, true); u.Name != "Lan Anh" || u.Unreachable || u.Lang != "en" {
		t.Errorf("a renamed user who wrote again = %+v", u)
	}
	c.Add(2 * time.Hour)
	if u, _ = s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan Anh", TgLang: "vi"}, false); !u.Seen.Equal(c.Now()) || !u.Started {
		t.Errorf("seen not refreshed after two hours, or started lost: %+v", u)
	}
}

func TestStore_Schools(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpen(t, c.Now)
	list := []domain.School{
		{Code: "THCS-LAICACH", Name: "Trường THCS Lai Cách", Level: domain.LevelTHCS, Commune: "Lai Cách", Phones: []string{"0912345678", "0987654321"}},
		{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền", Level: domain.LevelMN, Phones: []string{"0912345678"}},
	}
	res, err := s.ImportSchools(ctx, list, false)
	if err != nil || !reflect.DeepEqual(res.Added, []string{"THCS-LAICACH", "MN-CAMDIEN"}) {
		t.Fatalf("first import = %+v, %v", res, err)
	}
	got, err := s.SchoolsByPhone(ctx, "0912345678")
	if err != nil || len(got) != 2 || got[0].Code != "MN-CAMDIEN" || !got[1].Active {
		t.Fatalf("SchoolsByPhone = %+v, %v", got, err)
	}
	created := got[1].Created
	c.Add(time.Hour)
	if err := s.SetSchoolActive(ctx, "THCS-LAICACH", false); err != nil {
		t.Fatal(err)
	}
	list[0].Phones = []string{"0987654321"}
	res, err = s.ImportSchools(ctx, list, false)
	if err != nil || !reflect.DeepEqual(res.Updated, []string{"THCS-LAICACH"}) || res.Unchanged != 1 {
		t.Fatalf("second import = %+v, %v", res, err)
	}
	lc, _ := s.School(ctx, "THCS-LAICACH")
	if lc.Active || !lc.Created.Equal(created) || !lc.Updated.Equal(c.Now()) {
		t.Errorf("updated school = %+v; want inactive, created kept", lc)
	}
	if got, _ := s.SchoolsByPhone(ctx, "0912345678"); len(got) != 1 {
		t.Errorf("a phone taken off the register still finds %+v", got)
	}
	list[0].Phones = nil
	if res, _ := s.ImportSchools(ctx, list, true); res.Unchanged != 2 {
		t.Errorf("import keeping phones = %+v", res)
	}
	bad := append([]domain.School{{Code: "TH-NEW", Name: "Mới", Level: domain.LevelTH}}, list[0], list[0])
	if _, err := s.ImportSchools(ctx, bad, false); err == nil {
		t.Fatal("a list with a repeated code was imported")
	}
	if _, err := s.School(ctx, "TH-NEW"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a refused list wrote a school: %v", err)
	}
	all, err := s.Schools(ctx)
	if err != nil || len(all) != 2 || all[0].Code != "MN-CAMDIEN" {
		t.Errorf("Schools = %+v, %v", all, err)
	}
}

func TestStore_Registration(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpen(t, c.Now)
	s.PutSchools(ctx, []domain.School{{Code: "TH-A", Name: "A", Level: domain.LevelTH, Active: true},
		{Code: "TH-B", Name: "B", Level: domain.LevelTH, Active: true}, {Code: "TH-C", Name: "C", Level: domain.LevelTH}})
	if prev, err := s.LinkReporter(ctx, 7, "TH-A"); err != nil || prev != "" {
		t.Fatalf("LinkReporter = %q, %v", prev, err)
	}
	invs, err := s.InviteUnregistered(ctx, 0, time.Hour)
	if err != nil || len(invs) != 1 || invs[0].School != "TH-B" {
		t.Fatalf("InviteUnregistered = %+v, %v", invs, err)
	}
	got, err := s.UseInvite(ctx, invs[0].Code, 8)
	if err != nil || got.School != "TH-B" || got.Code != "" {
		t.Fatalf("UseInvite = %+v, %v", got, err)
	}
	if _, err := s.UseInvite(ctx, invs[0].Code, 9); !errors.Is(err, domain.ErrInviteUsed) {
		t.Errorf("another user: %v", err)
	}
	if _, err := s.UseInvite(ctx, "ZZZZ-ZZZZ-ZZZZ", 9); !errors.Is(err, domain.ErrInviteUnknown) {
		t.Errorf("unknown code: %v", err)
	}
	old, _ := s.CreateInvite(ctx, "TH-C", 1, time.Minute)
	c.Add(time.Hour)
	if _, err := s.UseInvite(ctx, old.Code, 9); !errors.Is(err, domain.ErrInviteExpired) {
		t.Errorf("expired code: %v", err)
	}
	if prev, _ := s.LinkReporter(ctx, 8, "TH-B"); prev != "" {
		t.Errorf("prev = %q", prev)
	}
	c.Add(time.Second)
	if prev, _ := s.LinkReporter(ctx, 7, "TH-B"); prev != "TH-A" {
		t.Errorf("moving school: prev = %q", prev)
	}
	if rs, _ := s.Reporters(ctx, "TH-B"); len(rs) != 2 || rs[0].ID != 8 {
		t.Errorf("Reporters = %+v", rs)
	}
	s.UnlinkReporter(ctx, 8)
	if all, _ := s.AllReporters(ctx); len(all) != 1 || len(all["TH-B"]) != 1 {
		t.Errorf("AllReporters = %+v", all)
	}
	// Wrong codes: five within ten minutes lock for an hour.
	for i := 1; i <= domain.MaxWrongCodes; i++ {
		until, left, err := s.WrongCode(ctx, 9)
		if err != nil || (i < domain.MaxWrongCodes) != until.IsZero() || i < domain.MaxWrongCodes && left != domain.MaxWrongCodes-i {
			t.Fatalf("wrong code %d: until %v, left %d, %v", i, until, left, err)
		}
		c.Add(time.Minute)
	}
	if until, _ := s.CodeLock(ctx, 9); until.IsZero() {
		t.Fatal("not locked after five wrong codes")
	}
	c.Add(domain.WrongCodeLock)
	if until, _ := s.CodeLock(ctx, 9); !until.IsZero() {
		t.Errorf("still locked after the hour: %v", until)
	}
}

// TestStore_SaveStepMarksItsUpdateHandled: the effect of an update and the record that it
// was handled commit in one transaction.
func TestStore_SaveStepMarksItsUpdateHandled(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	if _, err := s.StoreUpdate(ctx, 77, 5, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveStep(ctx, domain.Step{Flow: domain.FlowChange{ChatID: 5, Flow: &domain.ChatFlow{Name: "report"}, UpdateID: 77}}); err != nil {
		t.Fatal(err)
	}
	if p, err := s.PendingUpdates(ctx, "", 10); err != nil || len(p) != 0 {
		t.Fatalf("pending after the step = %v, %v; want none", p, err)
	}
	if f, err := s.ChatFlow(ctx, 5); err != nil || f.Update != 77 {
		t.Fatalf("flow = %+v, %v", f, err)
	}
}
