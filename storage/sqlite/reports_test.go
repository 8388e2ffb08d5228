package sqlite

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

func TestStore_OpenDraft(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, fixedClock(time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)))
	d, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "THCS-X", Questionnaire: "v1"})
	if err != nil || d.ID != "2026-H1:THCS-X" || d.Questionnaire != "v1" || len(d.Answers) != 0 || d.Created.IsZero() {
		t.Fatalf("OpenDraft = %+v, %v", d, err)
	}
	// Callers add answers to the map they read: an empty draft has an empty map, not nil.
	if got, err := s.Draft(ctx, "2026-H1", "THCS-X"); err != nil || got.Answers == nil {
		t.Fatalf("Draft of a new draft = %+v, %v; want an empty answers map", got, err)
	}
	again, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "THCS-X", Questionnaire: "v2"})
	if err != nil || again.Questionnaire != "v1" {
		t.Fatalf("second OpenDraft = %+v, %v", again, err)
	}
	if _, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "B", Answers: map[string]domain.Answer{"a.b": {}}}); err == nil {
		t.Error("a question id with a dot was accepted")
	}
}

func TestStore_ChangeAnswers(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	s := mustOpen(t, fixedClock(now))
	set := func(qid string, a domain.Answer, name string) error {
		return s.ChangeAnswers(ctx, "2026-H1", "A", map[string]domain.Answer{qid: a}, nil, a.By, name)
	}
	if err := s.ChangeAnswers(ctx, "2026-H1", "NONE", map[string]domain.Answer{"q": {}}, nil, 1, "Lan"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("answer without a draft: %v", err)
	}
	if _, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "A"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		qid  string
		a    domain.Answer
		name string
	}{{"count", domain.Answer{Int: i64(5), By: 7}, "Lan"}, {"held", domain.Answer{Bool: yes(), By: 8}, "Minh"}, {"note", domain.Answer{Text: `ổn "lắm" \ <b>`, By: 8}, "Minh"}} {
		if err := set(c.qid, c.a, c.name); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.Draft(ctx, "2026-H1", "A")
	if err != nil || len(d.Answers) != 3 || *d.Answers["count"].Int != 5 || d.Answers["count"].By != 7 ||
		!*d.Answers["held"].Bool || d.EditedBy != 8 || d.EditorName != "Minh" || !d.Answers["note"].At.Equal(now) ||
		d.Answers["note"].Text != `ổn "lắm" \ <b>` {
		t.Fatalf("draft = %+v, %v", d, err)
	}
	no := false
	if err := s.ChangeAnswers(ctx, "2026-H1", "A", map[string]domain.Answer{"held": {Bool: &no}}, []string{"note", "count"}, 7, "Lan"); err != nil {
		t.Fatal(err)
	}
	d, _ = s.Draft(ctx, "2026-H1", "A")
	if len(d.Answers) != 1 || *d.Answers["held"].Bool || d.EditedBy != 7 {
		t.Fatalf("after change: %+v", d.Answers)
	}
	for _, bad := range []string{"$where", `a"b`, "a.b", ""} {
		if err := set(bad, domain.Answer{}, "x"); err == nil {
			t.Errorf("question id %q was accepted", bad)
		}
	}
}

func TestStore_SaveStep(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, fixedClock(time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)))
	flow := &domain.ChatFlow{Name: "report", Step: "q2", Data: map[string]string{"period": "2026-H1"}}
	step := domain.Step{
		Draft: &domain.DraftChange{Period: "2026-H1", School: "A", Set: map[string]domain.Answer{"q1": {Int: i64(3)}}, By: 7, ByName: "Lan"},
		Flow:  domain.FlowChange{ChatID: 7, Flow: flow, UpdateID: 900},
	}
	// No draft: nothing of the step is written.
	if err := s.SaveStep(ctx, step); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("step without a draft: %v", err)
	}
	if f, _ := s.ChatFlow(ctx, 7); f.Name != "" {
		t.Fatalf("a failed step wrote the flow: %+v", f)
	}
	if _, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "A"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveStep(ctx, step); err != nil {
		t.Fatal(err)
	}
	f, err := s.ChatFlow(ctx, 7)
	if err != nil || f.Name != "report" || f.Step != "q2" || f.Update != 900 || f.Data["period"] != "2026-H1" || f.Updated.IsZero() {
		t.Fatalf("flow = %+v, %v", f, err)
	}
	d, _ := s.Draft(ctx, "2026-H1", "A")
	if *d.Answers["q1"].Int != 3 || d.EditedBy != 7 {
		t.Fatalf("draft = %+v", d)
	}
	// A step without a draft change and with no flow ends the conversation.
	if err := s.SaveStep(ctx, domain.Step{Flow: domain.FlowChange{ChatID: 7}}); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.ChatFlow(ctx, 7); f.Name != "" {
		t.Fatalf("flow not ended: %+v", f)
	}
}

func TestStore_Submit(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 6, 10, 2, 0, 0, 0, time.UTC)
	s := mustOpen(t, fixedClock(t0))
	if _, err := s.Submission(ctx, "2026-H1", "A"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("no submission yet: %v", err)
	}
	p, _ := domain.DefaultPeriodSchedule().Find("2026-H1", time.UTC)
	if _, err := s.PinPeriod(ctx, p, domain.DefaultQuestionnaire()); err != nil {
		t.Fatal(err)
	}
	if err := s.SetChatFlow(ctx, 7, domain.ChatFlow{Name: "report"}); err != nil {
		t.Fatal(err)
	}
	first, err := s.Submit(ctx, domain.SubmitRequest{
		Submission: domain.Submission{Period: "2026-H1", School: "A", Questionnaire: "v1",
			Answers: map[string]domain.Answer{"n": {Int: i64(3)}}, SubmittedBy: 7, SubmitterName: "Lan", SubmittedAt: t0, Late: true},
		Changed: []string{"n"}, Audit: domain.AuditEntry{UserID: 7, Name: "Lan"}, Flow: domain.FlowChange{ChatID: 7},
	})
	if err != nil || first.Revision != 1 || !first.FirstAt.Equal(t0) || first.ID != "2026-H1:A" || !first.Late {
		t.Fatalf("first Submit = %+v, %v", first, err)
	}
	if f, _ := s.ChatFlow(ctx, 7); f.Name != "" {
		t.Errorf("flow not ended by Submit: %+v", f)
	}
	if err := s.Reopen(ctx, "2026-H1", "A", 1001); err != nil {
		t.Fatal(err)
	}
	t1 := t0.Add(time.Hour)
	second, err := s.Submit(ctx, domain.SubmitRequest{
		Submission: domain.Submission{Period: "2026-H1", School: "A", Questionnaire: "v1",
			Answers: map[string]domain.Answer{"n": {Int: i64(4)}}, SubmittedBy: 1001, SubmitterName: "Hoan", ByOfficer: true, SubmittedAt: t1, Reopened: true},
		Changed: []string{"n"}, Audit: domain.AuditEntry{UserID: 1001, Name: "Hoan"}, EndReopen: true,
	})
	if err != nil || second.Revision != 2 || !second.FirstAt.Equal(t0) || !second.SubmittedAt.Equal(t1) ||
		!second.Late || !second.ByOfficer || *second.Answers["n"].Int != 4 || second.SubmittedBy != 1001 || !second.Reopened {
		t.Fatalf("second Submit = %+v, %v", second, err)
	}
	if ok, _ := s.Reopened(ctx, "2026-H1", "A"); ok {
		t.Error("reopening not ended by Submit")
	}
	revs, err := s.Revisions(ctx, "2026-H1", "A")
	if err != nil || len(revs) != 2 || revs[0].ID != "2026-H1:A:1" || revs[1].ByName != "Hoan" || !revs[0].Late || revs[1].Late ||
		!reflect.DeepEqual(revs[1].Changed, []string{"n"}) || *revs[1].Answers["n"].Int != 4 {
		t.Fatalf("Revisions = %+v, %v", revs, err)
	}
	audit, _ := s.RecentAudit(ctx, 10)
	if len(audit) != 2 || audit[0].Action != "report.submit" || audit[0].Detail != "2026-H1 #2: n" || audit[0].Result != "ok" || audit[1].UserID != 7 {
		t.Fatalf("audit = %+v", audit)
	}
	done, _ := s.SubmittedSchools(ctx, "2026-H1")
	if !done["A"] || len(done) != 1 {
		t.Errorf("SubmittedSchools = %v", done)
	}
}

func TestStore_RevisionsOnlyOfStoredSubmissions(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 6, 10, 2, 0, 0, 0, time.UTC)
	s := mustOpen(t, fixedClock(t0))
	if err := s.PutRevisions(ctx, []domain.Revision{
		{Period: "2026-H1", School: "A", Revision: 2, Changed: []string{"n"}, By: 8, ByName: "Minh", At: t0.Add(time.Hour)},
		{Period: "2026-H1", School: "A", Revision: 1, Changed: []string{"n", "t"}, By: 7, ByName: "Lan", At: t0},
		{Period: "2026-H1", School: "A", Revision: 3}, // beyond the submission: not visible
		{Period: "2026-H1", School: "B", Revision: 1}, // no submission
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSubmissions(ctx, []domain.Submission{{Period: "2026-H1", School: "A", Revision: 2}}); err != nil {
		t.Fatal(err)
	}
	revs, err := s.Revisions(ctx, "2026-H1", "A")
	if err != nil || len(revs) != 2 || revs[0].ID != "2026-H1:A:1" || !reflect.DeepEqual(revs[0].Changed, []string{"n", "t"}) ||
		revs[1].ByName != "Minh" || !revs[1].At.Equal(t0.Add(time.Hour)) {
		t.Fatalf("Revisions = %+v, %v", revs, err)
	}
	if none, err := s.Revisions(ctx, "2026-H1", "B"); err != nil || len(none) != 0 {
		t.Errorf("revisions without a submission = %+v, %v", none, err)
	}
}

func TestStore_ForgetUser(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	if _, err := s.TouchUser(ctx, domain.User{ID: 7, Name: "Lan", Username: "lan"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkReporter(ctx, 7, "THCS-A"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetChatFlow(ctx, 7, domain.ChatFlow{Name: "report"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 6, 10, 3, 0, 0, 0, time.UTC)
	if err := s.PutSubmissions(ctx, []domain.Submission{
		{Period: "2026-H1", School: "THCS-A", SubmittedBy: 8, SubmitterName: "Minh", SubmittedAt: at, Revision: 1,
			Answers: map[string]domain.Answer{"q_pupils": {Int: i64(412), By: 7, At: at}, "q_note": {Text: "ổn", By: 8, At: at}}},
		{Period: "2026-H1", School: "THCS-B", SubmittedBy: 9, SubmitterName: "Minh", Answers: map[string]domain.Answer{"x": {By: 70}}},
		{Period: "2026-Y", School: "THCS-A", SubmittedBy: 7, SubmitterName: "Lan", Revision: 1},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutRevisions(ctx, []domain.Revision{{Period: "2026-Y", School: "THCS-A", Revision: 1, By: 7, ByName: "Lan"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutDraft(ctx, domain.Draft{Period: "2026-Y", School: "THCS-A", EditedBy: 7, EditorName: "Lan",
		Answers: map[string]domain.Answer{"q_pupils": {Int: i64(1), By: 7}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, domain.AuditEntry{UserID: 7, Name: "Lan", Action: "answer.change"}); err != nil {
		t.Fatal(err)
	}
	inv, _ := s.CreateInvite(ctx, "THCS-A", 1, time.Hour)
	if _, err := s.UseInvite(ctx, inv.Code, 7); err != nil {
		t.Fatal(err)
	}
	s.StoreUpdate(ctx, 1, 7, []byte(`{}`))
	s.MarkUpdateDone(ctx, 1)
	s.StoreUpdate(ctx, 2, 7, []byte(`{}`))

	got, err := s.ForgetUser(ctx, 7)
	if err != nil || got != (domain.Forgotten{Submissions: 2, Drafts: 1, Revisions: 1}) {
		t.Fatalf("ForgetUser = %+v, %v", got, err)
	}
	if _, err := s.User(ctx, 7); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("user still there: %v", err)
	}
	if f, _ := s.ChatFlow(ctx, 7); f.Name != "" {
		t.Errorf("chat flow kept: %+v", f)
	}
	kept, _ := s.Submission(ctx, "2026-H1", "THCS-A")
	if kept.SubmittedBy != 8 || kept.SubmitterName != "Minh" || kept.Answers["q_pupils"].By != 0 || *kept.Answers["q_pupils"].Int != 412 ||
		kept.Answers["q_note"].By != 8 || !kept.SubmittedAt.Equal(at) {
		t.Errorf("submission after forget = %+v", kept)
	}
	if y, _ := s.Submission(ctx, "2026-Y", "THCS-A"); y.SubmittedBy != 0 || y.SubmitterName != domain.FormerReporter {
		t.Errorf("own submission after forget = %+v", y)
	}
	if o, _ := s.Submission(ctx, "2026-H1", "THCS-B"); o.Answers["x"].By != 70 {
		t.Errorf("another user's answer changed: %+v", o)
	}
	d, _ := s.Draft(ctx, "2026-Y", "THCS-A")
	if d.EditedBy != 0 || d.EditorName != domain.FormerReporter || d.Answers["q_pupils"].By != 0 {
		t.Errorf("draft after forget = %+v", d)
	}
	entries, _ := s.RecentAudit(ctx, 10)
	if len(entries) != 1 || entries[0].UserID != 0 || entries[0].Name != domain.FormerReporter {
		t.Errorf("audit after forget = %+v", entries)
	}
	if pending, _ := s.PendingUpdates(ctx, "", 10); len(pending) != 1 {
		t.Errorf("pending updates after forget = %+v", pending)
	}
	if c, _ := s.Counts(ctx); c["updates"] != 1 {
		t.Errorf("handled updates kept: %v", c)
	}
	if again, err := s.ForgetUser(ctx, 7); err != nil || again != (domain.Forgotten{}) {
		t.Errorf("second ForgetUser = %+v, %v", again, err)
	}
}

func TestStore_PinPeriodAndReopen(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, fixedClock(time.Date(2026, 5, 25, 2, 0, 0, 0, time.UTC)))
	def := domain.DefaultQuestionnaire()
	if _, err := s.Period(ctx, "2026-H1"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("period before it opened: %v", err)
	}
	if err := s.Reopen(ctx, "2026-H1", "A", 1001); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("reopen of a period not stored: %v", err)
	}
	p, _ := domain.DefaultPeriodSchedule().Find("2026-H1", time.UTC)
	pinned, err := s.PinPeriod(ctx, p, def)
	if err != nil || pinned.Questionnaire != def.Version() || !pinned.DueAt.Equal(p.DueAt) || pinned.LastDay != p.LastDay {
		t.Fatalf("PinPeriod = %+v, %v", pinned, err)
	}
	q, err := s.Questionnaire(ctx, def.Version())
	if err != nil || q.Version() != def.Version() {
		t.Fatalf("Questionnaire = %v, %v", q, err)
	}
	if _, err := s.Questionnaire(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown version: %v", err)
	}
	if err := s.Reopen(ctx, "2026-H1", "THCS-A", 1001); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Reopened(ctx, "2026-H1", "THCS-A"); !ok || err != nil {
		t.Fatalf("Reopened = %v, %v", ok, err)
	}
	if ok, _ := s.Reopened(ctx, "2026-H1", "B"); ok {
		t.Error("another school is reopened too")
	}
	if err := s.EndReopen(ctx, "2026-H1", "THCS-A"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Reopened(ctx, "2026-H1", "THCS-A"); ok {
		t.Error("still reopened after EndReopen")
	}
}
