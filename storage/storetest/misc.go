package storetest

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

func groupCases() []testCase {
	return []testCase{
		{name: "Group/missing", run: func(t *testing.T, e *env) {
			_, err := e.s.Group(e.ctx, -5)
			wantNotFound(t, "Group(-5)", err)
			wantNotFound(t, "DisableGroup(-5)", e.s.DisableGroup(e.ctx, -5, "unbound"))
			wantNotFound(t, "MoveGroup(-5)", e.s.MoveGroup(e.ctx, -5, -1005))
			if gs := try(e.s.Groups(e.ctx)).must(t); len(gs) != 0 {
				t.Errorf("Groups of an empty store = %+v", gs)
			}
		}},
		{name: "BindGroup, DisableGroup, rebind", run: func(t *testing.T, e *env) {
			g := domain.Group{ChatID: -1001987654321, Title: "Cụm trường Mầm non 🌱", Level: domain.LevelMN, BoundBy: 6012345001}
			mustDo(t, "BindGroup", e.s.BindGroup(e.ctx, g))
			mustDo(t, "BindGroup", e.s.BindGroup(e.ctx, domain.Group{ChatID: -5, Title: "Tất cả", BoundBy: 6012345001}))
			got := try(e.s.Group(e.ctx, g.ChatID)).must(t)
			if got.ChatID != g.ChatID || got.Title != g.Title || got.Level != g.Level || got.BoundBy != g.BoundBy || !got.Active || got.Disabled != "" {
				t.Fatalf("bound group = %+v", got)
			}
			mustDo(t, "DisableGroup", e.s.DisableGroup(e.ctx, g.ChatID, "kicked"))
			if got := try(e.s.Group(e.ctx, g.ChatID)).must(t); got.Active || got.Disabled != "kicked" || got.Title != g.Title {
				t.Errorf("disabled group = %+v", got)
			}
			gs := try(e.s.Groups(e.ctx)).must(t)
			slices.SortFunc(gs, func(a, b domain.Group) int { return cmp.Compare(a.ChatID, b.ChatID) })
			if len(gs) != 2 || gs[0].ChatID != g.ChatID || gs[0].Active || !gs[1].Active {
				t.Errorf("Groups = %+v; want the disabled one listed too", gs)
			}
			mustDo(t, "BindGroup again", e.s.BindGroup(e.ctx, g))
			if got := try(e.s.Group(e.ctx, g.ChatID)).must(t); !got.Active || got.Disabled != "" {
				t.Errorf("rebound group = %+v", got)
			}
		}},
		{name: "MoveGroup/on migration to a supergroup", run: func(t *testing.T, e *env) {
			mustDo(t, "BindGroup", e.s.BindGroup(e.ctx, domain.Group{ChatID: -5, Title: "Cụm 1", Level: domain.LevelTHTHCS, BoundBy: 1}))
			mustDo(t, "MoveGroup", e.s.MoveGroup(e.ctx, -5, -1005))
			_, err := e.s.Group(e.ctx, -5)
			wantNotFound(t, "the old id", err)
			g := try(e.s.Group(e.ctx, -1005)).must(t)
			if g.ChatID != -1005 || !g.Active || g.Level != domain.LevelTHTHCS || g.Title != "Cụm 1" || g.BoundBy != 1 {
				t.Errorf("moved group = %+v", g)
			}
			if gs := try(e.s.Groups(e.ctx)).must(t); len(gs) != 1 || gs[0].ChatID != -1005 {
				t.Errorf("Groups after a move = %+v", gs)
			}
		}},
	}
}

func auditCases() []testCase {
	return []testCase{
		{name: "RecentAudit/newest first, fields round-trip", run: func(t *testing.T, e *env) {
			if got := try(e.s.RecentAudit(e.ctx, 10)).must(t); len(got) != 0 {
				t.Errorf("audit of an empty store = %+v", got)
			}
			for _, a := range []string{"/reopen", "/announce", "/export"} {
				e.clock.Advance(time.Hour)
				mustDo(t, "Audit", e.s.Audit(e.ctx, domain.AuditEntry{UserID: 1001, Name: "Hoàn", Action: a, Target: "THCS-LAICACH", Detail: hostileTexts["operator"], Result: "ok"}))
			}
			got := try(e.s.RecentAudit(e.ctx, 2)).must(t)
			if len(got) != 2 || got[0].Action != "/export" || got[1].Action != "/announce" {
				t.Fatalf("RecentAudit(2) = %+v; want /export, /announce", got)
			}
			want := domain.AuditEntry{ID: got[0].ID, At: Start.Add(3 * time.Hour), UserID: 1001, Name: "Hoàn", Action: "/export", Target: "THCS-LAICACH", Detail: hostileTexts["operator"], Result: "ok"}
			same(t, "entry", got[0], want)
			wantUTC(t, "At", got[0].At)
			if got[0].ID == "" || got[0].ID == got[1].ID {
				t.Errorf("ids %q, %q: want set by the store, distinct", got[0].ID, got[1].ID)
			}
			if all := try(e.s.RecentAudit(e.ctx, 10)).must(t); len(all) != 3 {
				t.Errorf("RecentAudit(10) = %d entries, want 3", len(all))
			}
		}},
		{name: "Audit/a given time is kept", run: func(t *testing.T, e *env) {
			at := time.Date(2026, 6, 19, 16, 59, 59, 999e6, ict)
			mustDo(t, "Audit", e.s.Audit(e.ctx, domain.AuditEntry{At: at, Action: "report.submit"}))
			if got := try(e.s.RecentAudit(e.ctx, 1)).must(t); len(got) != 1 || !got[0].At.Equal(at) {
				t.Errorf("entry = %+v, want at %v", got, at)
			}
		}},
		{name: "PruneAudit/strictly older", run: func(t *testing.T, e *env) {
			for _, a := range []string{"/reopen", "/announce", "/export"} {
				e.clock.Advance(time.Hour)
				mustDo(t, "Audit", e.s.Audit(e.ctx, domain.AuditEntry{UserID: 1001, Name: "Hoan", Action: a}))
			}
			if n, err := e.s.PruneAudit(e.ctx, Start.Add(2*time.Hour)); err != nil || n != 1 {
				t.Fatalf("PruneAudit = %d, %v; want 1 (/reopen)", n, err)
			}
			if got := try(e.s.RecentAudit(e.ctx, 10)).must(t); len(got) != 2 || got[1].Action != "/announce" {
				t.Errorf("after pruning = %+v", got)
			}
		}},
	}
}

func leaseCases() []testCase {
	const ttl = 45 * time.Second
	acquire := func(t *testing.T, e *env, holder string) bool {
		t.Helper()
		return try(e.s.AcquireLease(e.ctx, "scheduler", holder, ttl)).must(t)
	}
	holder := func(t *testing.T, e *env, name string) string {
		t.Helper()
		h, _, err := e.s.LeaseHolder(e.ctx, name)
		mustDo(t, "LeaseHolder", err)
		return h
	}
	return []testCase{
		{name: "AcquireLease/take, renew, expire, hand over", run: func(t *testing.T, e *env) {
			if h := holder(t, e, "scheduler"); h != "" {
				t.Fatalf("holder of a lease never taken = %q", h)
			}
			if !acquire(t, e, "A") {
				t.Fatal("A could not take a free lease")
			}
			if acquire(t, e, "B") {
				t.Fatal("B took a lease A holds")
			}
			e.clock.Advance(30 * time.Second)
			if !acquire(t, e, "A") {
				t.Fatal("A could not renew")
			}
			e.clock.Advance(30 * time.Second) // 60 s after the take, 30 s after the renewal
			if acquire(t, e, "B") {
				t.Fatal("B took a renewed lease before it expired")
			}
			h, until, err := e.s.LeaseHolder(e.ctx, "scheduler")
			if err != nil || h != "A" || !until.Equal(Start.Add(30*time.Second+ttl)) {
				t.Fatalf("LeaseHolder = %q until %v, %v; want A until %v", h, until, err, Start.Add(30*time.Second+ttl))
			}
			wantUTC(t, "lease expiry", until)
			e.clock.Advance(16 * time.Second) // A died: its lease expired
			if h := holder(t, e, "scheduler"); h != "" {
				t.Fatalf("expired lease still held by %q", h)
			}
			if !acquire(t, e, "B") {
				t.Fatal("B could not take over an expired lease")
			}
			if acquire(t, e, "A") {
				t.Fatal("A got its lease back from B")
			}
		}},
		{name: "ReleaseLease/only by its holder", run: func(t *testing.T, e *env) {
			acquire(t, e, "B")
			mustDo(t, "ReleaseLease by A", e.s.ReleaseLease(e.ctx, "scheduler", "A"))
			if acquire(t, e, "C") {
				t.Fatal("a release by another than the holder freed the lease")
			}
			mustDo(t, "ReleaseLease by B", e.s.ReleaseLease(e.ctx, "scheduler", "B"))
			if h := holder(t, e, "scheduler"); h != "" {
				t.Errorf("holder of a released lease = %q", h)
			}
			if !acquire(t, e, "C") {
				t.Fatal("C could not take a released lease")
			}
			mustDo(t, "ReleaseLease of a lease never taken", e.s.ReleaseLease(e.ctx, "other", "C"))
		}},
		{name: "TakeLease/whoever holds it", run: func(t *testing.T, e *env) {
			acquire(t, e, "C")
			for _, h := range []string{"D", "D"} { // also when D holds it already
				mustDo(t, "TakeLease", e.s.TakeLease(e.ctx, "scheduler", h, ttl))
				if got := holder(t, e, "scheduler"); got != h {
					t.Fatalf("holder after TakeLease = %q, want %q", got, h)
				}
			}
			if !acquire(t, e, "D") || acquire(t, e, "C") {
				t.Fatal("D cannot renew a taken lease, or C still can")
			}
			mustDo(t, "TakeLease of a new lease", e.s.TakeLease(e.ctx, "fresh", "D", ttl))
			if got := holder(t, e, "fresh"); got != "D" {
				t.Fatalf("holder of a new lease taken = %q", got)
			}
			if got := holder(t, e, "scheduler"); got != "D" {
				t.Errorf("another lease changed: %q", got)
			}
		}},
	}
}

func settingCases() []testCase {
	return []testCase{
		{name: "Setting/missing", run: func(t *testing.T, e *env) {
			_, err := e.s.Setting(e.ctx, "webhook_secret")
			wantNotFound(t, "Setting(webhook_secret)", err)
		}},
		{name: "SettingOnce/keeps the first value", run: func(t *testing.T, e *env) {
			for _, name := range []string{"bot.started", "secret.webhook"} {
				if v, err := e.s.SettingOnce(e.ctx, name, "aaa "+hostileTexts["operator"]); err != nil || v != "aaa "+hostileTexts["operator"] {
					t.Fatalf("first SettingOnce(%s) = %q, %v", name, v, err)
				}
				if v, err := e.s.SettingOnce(e.ctx, name, "bbb"); err != nil || v != "aaa "+hostileTexts["operator"] {
					t.Errorf("second SettingOnce(%s) = %q, %v; want the first value kept", name, v, err)
				}
				if v, err := e.s.Setting(e.ctx, name); err != nil || v != "aaa "+hostileTexts["operator"] {
					t.Errorf("Setting(%s) = %q, %v", name, v, err)
				}
			}
		}},
		{name: "BotUsername", run: func(t *testing.T, e *env) {
			if name, err := e.s.BotUsername(e.ctx); err != nil || name != "" {
				t.Fatalf("BotUsername before it was set = %q, %v; want \"\", nil", name, err)
			}
			mustDo(t, "SetBotUsername", e.s.SetBotUsername(e.ctx, "camgiang_bot"))
			mustDo(t, "SetBotUsername", e.s.SetBotUsername(e.ctx, "camgiang_baocao_bot"))
			if name := try(e.s.BotUsername(e.ctx)).must(t); name != "camgiang_baocao_bot" {
				t.Errorf("BotUsername = %q, want the last one set", name)
			}
		}},
	}
}
