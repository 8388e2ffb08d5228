package storetest

import (
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

func mustTouch(tb testing.TB, e *env, u domain.User, private bool) domain.User {
	tb.Helper()
	return try(e.s.TouchUser(e.ctx, u, private)).must(tb)
}

func mustUser(tb testing.TB, e *env, id int64) domain.User {
	tb.Helper()
	return try(e.s.User(e.ctx, id)).must(tb)
}

func userCases() []testCase {
	return []testCase{
		{name: "User/missing", run: func(t *testing.T, e *env) {
			_, err := e.s.User(e.ctx, 42)
			wantNotFound(t, "User(42)", err)
		}},
		{name: "PutUsers/every field round-trips", run: func(t *testing.T, e *env) {
			users := []domain.User{
				{ID: 6012345111, Name: "Trịnh Thị Yến 🌸", Username: "yen_thcs", Lang: "en", TgLang: "vi", Phone: "0915246810",
					SchoolCode: "THCS-LAICACH", LinkedAt: time.Date(2026, 3, 2, 9, 15, 30, 123e6, ict), Started: true, Unreachable: true,
					Seen: time.Date(2026, 6, 15, 20, 0, 0, 0, ict)},
				{ID: 7, Name: hostileTexts["operator"]},
			}
			mustDo(t, "PutUsers", e.s.PutUsers(e.ctx, users))
			for _, want := range users {
				got := mustUser(t, e, want.ID)
				same(t, "user", got, want)
				wantUTC(t, "Seen", got.Seen)
				wantUTC(t, "LinkedAt", got.LinkedAt)
			}
			users[1].Name = "Lan"
			mustDo(t, "PutUsers again", e.s.PutUsers(e.ctx, users[1:]))
			same(t, "replaced user", mustUser(t, e, 7), users[1])
		}},
		{name: "TouchUser/first contact, private, hourly", run: func(t *testing.T, e *env) {
			u := mustTouch(t, e, domain.User{ID: 9, Name: "Lan", Username: "lan", TgLang: "vi"}, false)
			if u.ID != 9 || u.Name != "Lan" || u.Username != "lan" || u.TgLang != "vi" || u.Started || !u.Seen.Equal(Start) {
				t.Fatalf("first touch in a group = %+v", u)
			}
			same(t, "stored user", mustUser(t, e, 9), u)
			e.clock.Advance(time.Minute)
			if u = mustTouch(t, e, domain.User{ID: 9, Name: "Lan", Username: "lan", TgLang: "vi"}, true); !u.Started {
				t.Fatal("a private message did not mark the user started")
			}
			seen := u.Seen
			e.clock.Advance(time.Minute)
			if u = mustTouch(t, e, domain.User{ID: 9, Name: "Lan", Username: "lan", TgLang: "vi"}, true); !u.Seen.Equal(seen) {
				t.Errorf("an unchanged user was written again within the hour: seen %v, was %v", u.Seen, seen)
			}
			mustDo(t, "SetUserUnreachable", e.s.SetUserUnreachable(e.ctx, 9, true))
			if u = mustTouch(t, e, domain.User{ID: 9, Name: "Lan Anh", Username: "lan", TgLang: "vi"}, true); u.Name != "Lan Anh" || u.Unreachable {
				t.Errorf("a renamed, unreachable user who wrote in private = %+v; want the new name, reachable", u)
			}
			e.clock.Advance(2 * time.Hour)
			if u = mustTouch(t, e, domain.User{ID: 9, Name: "Lan Anh", Username: "lan", TgLang: "vi"}, true); !u.Seen.Equal(e.clock.Now()) {
				t.Errorf("seen not refreshed after two hours: %v", u.Seen)
			}
			same(t, "stored user", mustUser(t, e, 9), u)
		}},
		{name: "TouchUser/keeps language, school and phone", run: func(t *testing.T, e *env) {
			mustDo(t, "PutUsers", e.s.PutUsers(e.ctx, []domain.User{{ID: 9, Name: "Lan", Phone: "0912345678", Seen: Start.Add(-24 * time.Hour)}}))
			try(e.s.LinkReporter(e.ctx, 9, "THCS-LAICACH")).must(t)
			mustDo(t, "SetUserLang", e.s.SetUserLang(e.ctx, 9, "en"))
			u := mustTouch(t, e, domain.User{ID: 9, Name: "Lan", TgLang: "vi"}, true)
			if u.Lang != "en" || u.SchoolCode != "THCS-LAICACH" || u.Phone != "0912345678" || !u.Started || !u.Seen.Equal(Start) {
				t.Errorf("touched user = %+v", u)
			}
			same(t, "stored user", mustUser(t, e, 9), u)
		}},
		{name: "SetUserLang and SetUserUnreachable", run: func(t *testing.T, e *env) {
			mustTouch(t, e, domain.User{ID: 9, Name: "Lan"}, true)
			mustDo(t, "SetUserLang", e.s.SetUserLang(e.ctx, 9, "en"))
			mustDo(t, "SetUserUnreachable", e.s.SetUserUnreachable(e.ctx, 9, true))
			if u := mustUser(t, e, 9); u.Lang != "en" || !u.Unreachable {
				t.Errorf("user = %+v; want lang en, unreachable", u)
			}
			mustDo(t, "SetUserLang", e.s.SetUserLang(e.ctx, 9, "vi"))
			mustDo(t, "SetUserUnreachable", e.s.SetUserUnreachable(e.ctx, 9, false))
			if u := mustUser(t, e, 9); u.Lang != "vi" || u.Unreachable {
				t.Errorf("user = %+v; want lang vi, reachable", u)
			}
		}},
		{name: "SetUserPhone/kept by TouchUser, forgotten with the user", run: func(t *testing.T, e *env) {
			mustTouch(t, e, domain.User{ID: 9, Name: "Lan"}, true)
			try(e.s.LinkReporter(e.ctx, 9, "THCS-LAICACH")).must(t)
			mustDo(t, "SetUserPhone", e.s.SetUserPhone(e.ctx, 9, "0912345678"))
			if u := mustUser(t, e, 9); u.Phone != "0912345678" || u.SchoolCode != "THCS-LAICACH" || u.Name != "Lan" {
				t.Errorf("user = %+v; want the phone stored, the rest kept", u)
			}
			e.clock.Advance(2 * time.Hour)
			if u := mustTouch(t, e, domain.User{ID: 9, Name: "Lan Anh"}, true); u.Phone != "0912345678" {
				t.Errorf("TouchUser dropped the phone: %+v", u)
			}
			reps := try(e.s.AllReporters(e.ctx)).must(t)["THCS-LAICACH"]
			if len(reps) != 1 || reps[0].Phone != "0912345678" {
				t.Errorf("AllReporters = %+v; want the shared phone", reps)
			}
			mustDo(t, "SetUserPhone of an unknown user", e.s.SetUserPhone(e.ctx, 404, "0900000000"))
			if _, err := e.s.User(e.ctx, 404); err == nil {
				t.Error("SetUserPhone created a user")
			}
			mustDo(t, "SetUserPhone empty", e.s.SetUserPhone(e.ctx, 9, ""))
			if u := mustUser(t, e, 9); u.Phone != "" {
				t.Errorf("phone not forgotten: %q", u.Phone)
			}
			mustDo(t, "SetUserPhone", e.s.SetUserPhone(e.ctx, 9, "0912345678"))
			try(e.s.ForgetUser(e.ctx, 9)).must(t)
			if _, err := e.s.User(e.ctx, 9); err == nil {
				t.Error("a forgotten user is still stored, with the phone")
			}
		}},
		{name: "ForgetUser/anonymises records, deletes the user and the chat", run: testForgetUser},
		{name: "ForgetUser/nothing personal is left in a backup", run: testForgetUserBackup},
		{name: "PruneStrangers/keeps reporters and recent users", run: func(t *testing.T, e *env) {
			old, recent := Start.Add(-400*24*time.Hour), Start.Add(-time.Hour)
			mustDo(t, "PutUsers", e.s.PutUsers(e.ctx, []domain.User{
				{ID: 1, Name: "old stranger", Seen: old},
				{ID: 2, Name: "recent stranger", Seen: recent},
				{ID: 3, Name: "old reporter", SchoolCode: "MN-CAMDIEN", LinkedAt: old, Seen: old},
				{ID: 4, Name: "silent officer", Lang: "en", Seen: old},
			}))
			if n, err := e.s.PruneStrangers(e.ctx, Start.Add(-30*24*time.Hour), []int64{4}); err != nil || n != 1 {
				t.Fatalf("PruneStrangers = %d, %v; want 1", n, err)
			}
			_, err := e.s.User(e.ctx, 1)
			wantNotFound(t, "the old stranger", err)
			mustUser(t, e, 2)
			mustUser(t, e, 3)
			mustUser(t, e, 4)
			if n, err := e.s.PruneStrangers(e.ctx, Start.Add(-30*24*time.Hour), nil); err != nil || n != 1 {
				t.Errorf("PruneStrangers without keep = %d, %v; want 1 (the officer)", n, err)
			}
		}},
	}
}

func testForgetUser(t *testing.T, e *env) {
	mustTouch(t, e, domain.User{ID: 7, Name: "Lan", Username: "lan"}, true)
	try(e.s.LinkReporter(e.ctx, 7, "THCS-A")).must(t)
	mustDo(t, "SetChatFlow", e.s.SetChatFlow(e.ctx, 7, domain.ChatFlow{Name: "report", Step: "q", Data: map[string]string{"p": "2026-H1"}}))
	mustDo(t, "SetChatFlow", e.s.SetChatFlow(e.ctx, 8, domain.ChatFlow{Name: "report"}))
	at := time.Date(2026, 6, 10, 3, 0, 0, 0, time.UTC)
	answers := map[string]domain.Answer{"q_pupils": {Int: i64(412), By: 7, At: at}, "q_note": {Text: "ổn", By: 8, At: at}}
	mustDo(t, "PutSubmissions", e.s.PutSubmissions(e.ctx, []domain.Submission{
		{ID: "2026-H1:THCS-A", Period: "2026-H1", School: "THCS-A", SubmittedBy: 7, SubmitterName: "Lan", SubmittedAt: at, FirstAt: at, Revision: 1, Answers: answers},
		{ID: "2026-H1:THCS-B", Period: "2026-H1", School: "THCS-B", SubmittedBy: 9, SubmitterName: "Minh", SubmittedAt: at, FirstAt: at, Revision: 1, Answers: map[string]domain.Answer{}},
	}))
	mustDo(t, "PutRevisions", e.s.PutRevisions(e.ctx, []domain.Revision{
		{ID: domain.RevisionID("2026-H1", "THCS-A", 1), Period: "2026-H1", School: "THCS-A", Revision: 1, Answers: answers, Changed: []string{"q_note", "q_pupils"}, By: 7, ByName: "Lan", At: at},
		{ID: domain.RevisionID("2026-H1", "THCS-B", 1), Period: "2026-H1", School: "THCS-B", Revision: 1, Answers: map[string]domain.Answer{}, Changed: []string{}, By: 9, ByName: "Minh", At: at},
	}))
	mustDo(t, "PutDraft", e.s.PutDraft(e.ctx, domain.Draft{ID: "2026-Y:THCS-A", Period: "2026-Y", School: "THCS-A", EditedBy: 7, EditorName: "Lan",
		Answers: map[string]domain.Answer{"q_pupils": {Int: i64(1), By: 7, At: at}}}))
	mustDo(t, "Audit", e.s.Audit(e.ctx, domain.AuditEntry{UserID: 7, Name: "Lan", Action: "answer.change", Target: "THCS-A"}))
	e.clock.Advance(time.Second)
	mustDo(t, "Audit", e.s.Audit(e.ctx, domain.AuditEntry{UserID: 1001, Name: "Hoan", Action: "/reopen", Target: "THCS-A"}))

	got, err := e.s.ForgetUser(e.ctx, 7)
	if err != nil || got != (domain.Forgotten{Submissions: 1, Drafts: 1, Revisions: 1}) {
		t.Fatalf("ForgetUser = %+v, %v; want 1 submission, 1 draft, 1 revision", got, err)
	}
	_, err = e.s.User(e.ctx, 7)
	wantNotFound(t, "forgotten user", err)
	if f := try(e.s.ChatFlow(e.ctx, 7)).must(t); f.Name != "" {
		t.Errorf("the forgotten user's chat flow was kept: %+v", f)
	}
	if f := try(e.s.ChatFlow(e.ctx, 8)).must(t); f.Name != "report" {
		t.Errorf("another chat's flow was lost: %+v", f)
	}
	if r := try(e.s.Reporters(e.ctx, "THCS-A")).must(t); len(r) != 0 {
		t.Errorf("the forgotten user is still a reporter: %+v", r)
	}
	kept := try(e.s.Submission(e.ctx, "2026-H1", "THCS-A")).must(t)
	if kept.SubmittedBy != 0 || kept.SubmitterName != domain.FormerReporter || kept.Answers["q_pupils"].By != 0 ||
		*kept.Answers["q_pupils"].Int != 412 || kept.Answers["q_note"].By != 8 || kept.Revision != 1 || !kept.SubmittedAt.Equal(at) {
		t.Errorf("submission after forget = %+v", kept)
	}
	if o := try(e.s.Submission(e.ctx, "2026-H1", "THCS-B")).must(t); o.SubmitterName != "Minh" || o.SubmittedBy != 9 {
		t.Errorf("another school's submission changed: %+v", o)
	}
	revs := try(e.s.Revisions(e.ctx, "2026-H1", "THCS-A")).must(t)
	if len(revs) != 1 || revs[0].By != 0 || revs[0].ByName != domain.FormerReporter || revs[0].Answers["q_pupils"].By != 0 || revs[0].Answers["q_note"].By != 8 {
		t.Errorf("revisions after forget = %+v", revs)
	}
	if revs := try(e.s.Revisions(e.ctx, "2026-H1", "THCS-B")).must(t); len(revs) != 1 || revs[0].ByName != "Minh" {
		t.Errorf("another school's revisions changed: %+v", revs)
	}
	d := try(e.s.Draft(e.ctx, "2026-Y", "THCS-A")).must(t)
	if d.EditedBy != 0 || d.EditorName != domain.FormerReporter || d.Answers["q_pupils"].By != 0 || *d.Answers["q_pupils"].Int != 1 {
		t.Errorf("draft after forget = %+v", d)
	}
	entries := try(e.s.RecentAudit(e.ctx, 10)).must(t)
	if len(entries) != 2 || entries[1].UserID != 0 || entries[1].Name != domain.FormerReporter || entries[1].Action != "answer.change" ||
		entries[0].UserID != 1001 || entries[0].Name != "Hoan" {
		t.Errorf("audit after forget = %+v", entries)
	}
	if again, err := e.s.ForgetUser(e.ctx, 7); err != nil || again != (domain.Forgotten{}) {
		t.Errorf("second ForgetUser = %+v, %v; want nothing changed", again, err)
	}
}

func chatFlowCases() []testCase {
	return []testCase{
		{name: "ChatFlow/none is the zero flow", run: func(t *testing.T, e *env) {
			if f := try(e.s.ChatFlow(e.ctx, 7)).must(t); f.Name != "" || f.Step != "" || len(f.Data) != 0 || f.Update != 0 {
				t.Errorf("ChatFlow of a new chat = %+v", f)
			}
			mustDo(t, "ClearChatFlow of a chat without one", e.s.ClearChatFlow(e.ctx, 7))
		}},
		{name: "SetChatFlow/round-trip, replace, clear", run: func(t *testing.T, e *env) {
			want := domain.ChatFlow{Name: "report", Step: "q_pupils", Data: map[string]string{"p": "2026-H1", "s": "THCS-LAICACH", "note": "Cẩm Giàng 👍 $set"}, Update: 812}
			mustDo(t, "SetChatFlow", e.s.SetChatFlow(e.ctx, -1001987654321, want))
			got := try(e.s.ChatFlow(e.ctx, -1001987654321)).must(t)
			got.Updated = time.Time{}
			same(t, "flow", got, want)
			mustDo(t, "SetChatFlow", e.s.SetChatFlow(e.ctx, -1001987654321, domain.ChatFlow{Name: "announce"}))
			if f := try(e.s.ChatFlow(e.ctx, -1001987654321)).must(t); f.Name != "announce" || f.Step != "" || len(f.Data) != 0 || f.Update != 0 {
				t.Errorf("replaced flow = %+v; want nothing of the old one", f)
			}
			mustDo(t, "ClearChatFlow", e.s.ClearChatFlow(e.ctx, -1001987654321))
			if f := try(e.s.ChatFlow(e.ctx, -1001987654321)).must(t); f.Name != "" {
				t.Errorf("cleared flow = %+v", f)
			}
		}},
	}
}
