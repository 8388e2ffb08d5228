package mongo

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
)

func intAnswer(n int64) domain.Answer { return domain.Answer{Int: &n} }

// mustPeriod pins 2026-H1 with the default questionnaire.
func mustPeriod(t *testing.T, s *Store) domain.Period {
	t.Helper()
	p := domain.Period{ID: "2026-H1", Kind: "H1", LastDay: "2026-06-19",
		Opens: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), DueAt: time.Date(2026, 6, 19, 17, 0, 0, 0, time.UTC),
		Closes: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}
	got, err := s.PinPeriod(ctxT(t), p, domain.DefaultQuestionnaire())
	if err != nil {
		t.Fatalf("PinPeriod: %v", err)
	}
	return got
}

func submitRequest(p domain.Period, school string, by int64, answers map[string]domain.Answer, changed []string) domain.SubmitRequest {
	return domain.SubmitRequest{
		Submission: domain.Submission{Period: p.ID, School: school, Questionnaire: p.Questionnaire, Answers: answers,
			SubmittedBy: by, SubmitterName: "Trần Văn Dũng"},
		Changed: changed,
		Audit:   domain.AuditEntry{UserID: by, Name: "Trần Văn Dũng"},
		Flow:    domain.FlowChange{ChatID: by},
	}
}

func TestStore_Submit(t *testing.T) {
	clk := newClock()
	s, _ := mustStore(t, clk.now)
	ctx := ctxT(t)
	p := mustPeriod(t, s)
	const school, by = "TH-CAMPHUC", int64(6012345106)

	if err := s.SetChatFlow(ctx, by, domain.ChatFlow{Name: "report", Step: "review"}); err != nil {
		t.Fatal(err)
	}
	first, err := s.Submit(ctx, submitRequest(p, school, by, map[string]domain.Answer{"news_items": intAnswer(8)}, []string{"news_items"}))
	if err != nil {
		t.Fatalf("Submit #1: %v", err)
	}
	if first.Revision != 1 || !first.FirstAt.Equal(clk.now()) || !first.SubmittedAt.Equal(first.FirstAt) || first.ID != domain.SubmissionID(p.ID, school) {
		t.Errorf("Submit #1 = rev %d first %v at %v id %q", first.Revision, first.FirstAt, first.SubmittedAt, first.ID)
	}
	if got, err := s.Submission(ctx, p.ID, school); err != nil || got.Revision != 1 {
		t.Errorf("Submission after #1 = rev %d, %v", got.Revision, err)
	}
	if f, _ := s.ChatFlow(ctx, by); f.Name != "" {
		t.Errorf("flow after submit = %+v, want ended", f)
	}

	// Revision 2, late and reopened: FirstAt and Late stay those of the first sending.
	clk.advance(24 * time.Hour)
	if err := s.Reopen(ctx, p.ID, school, 1); err != nil {
		t.Fatal(err)
	}
	r2 := submitRequest(p, school, by, map[string]domain.Answer{"news_items": intAnswer(9)}, []string{"news_items"})
	r2.Submission.Late, r2.Submission.Reopened, r2.EndReopen = true, true, true
	second, err := s.Submit(ctx, r2)
	if err != nil {
		t.Fatalf("Submit #2: %v", err)
	}
	if second.Revision != 2 || !second.FirstAt.Equal(first.FirstAt) || second.Late || !second.SubmittedAt.Equal(clk.now()) {
		t.Errorf("Submit #2 = rev %d first %v late %v at %v", second.Revision, second.FirstAt, second.Late, second.SubmittedAt)
	}
	if re, _ := s.Reopened(ctx, p.ID, school); re {
		t.Error("the reopening did not end")
	}
	revs, err := s.Revisions(ctx, p.ID, school)
	if err != nil || len(revs) != 2 {
		t.Fatalf("Revisions = %d, %v; want 2", len(revs), err)
	}
	if *revs[1].Answers["news_items"].Int != 9 || !revs[1].Late || !slices.Equal(revs[1].Changed, []string{"news_items"}) {
		t.Errorf("revision 2 = %+v", revs[1])
	}
	audit, err := s.RecentAudit(ctx, 10)
	if err != nil || len(audit) != 2 {
		t.Fatalf("RecentAudit = %d entries, %v; want 2", len(audit), err)
	}
	if audit[0].Action != "report.submit" || audit[0].Target != school || audit[0].Detail != "2026-H1 #2: news_items" || audit[0].Result != "ok" {
		t.Errorf("newest audit entry = %+v", audit[0])
	}
}

// A Submit cut off before its compare-and-set leaves a revision and an audit entry that
// nobody sees as part of the report; the next Submit takes that revision number and
// writes its own content.
func TestStore_Submit_afterCrashBeforeCAS(t *testing.T) {
	clk := newClock()
	s, _ := mustStore(t, clk.now)
	ctx := ctxT(t)
	p := mustPeriod(t, s)
	const school, by = "MN-LAICACH", int64(6012345103)
	if _, err := s.Submit(ctx, submitRequest(p, school, by, map[string]domain.Answer{"news_items": intAnswer(1)}, nil)); err != nil {
		t.Fatal(err)
	}
	// What a crashed attempt at revision 2 left: its revision and audit entry.
	stale := domain.Revision{ID: domain.RevisionID(p.ID, school, 2), Period: p.ID, School: school, Revision: 2,
		Answers: map[string]domain.Answer{"news_items": intAnswer(666)}, Changed: []string{"news_items"}}
	if _, err := s.c(colRevisions).InsertOne(ctx, stale); err != nil {
		t.Fatal(err)
	}
	if revs, _ := s.Revisions(ctx, p.ID, school); len(revs) != 1 {
		t.Fatalf("Revisions shows %d revisions, want only the stored submission's 1", len(revs))
	}
	clk.advance(time.Minute)
	got, err := s.Submit(ctx, submitRequest(p, school, by, map[string]domain.Answer{"news_items": intAnswer(2)}, []string{"news_items"}))
	if err != nil || got.Revision != 2 {
		t.Fatalf("Submit = rev %d, %v; want 2", got.Revision, err)
	}
	revs, _ := s.Revisions(ctx, p.ID, school)
	if len(revs) != 2 || *revs[1].Answers["news_items"].Int != 2 || !revs[1].At.Equal(clk.now()) {
		t.Errorf("revision 2 after the crash and a new submit = %+v", revs[len(revs)-1])
	}
}

// The replay of an update whose Submit stored the submission but was cut off before the
// flow finishes the rest and sends no new revision.
func TestStore_Submit_replay(t *testing.T) {
	clk := newClock()
	s, _ := mustStore(t, clk.now)
	ctx := ctxT(t)
	p := mustPeriod(t, s)
	const school, by = "THCS-LAICACH", int64(6012345111)
	if err := s.Reopen(ctx, p.ID, school, 1); err != nil {
		t.Fatal(err)
	}
	r := submitRequest(p, school, by, map[string]domain.Answer{"news_items": intAnswer(14)}, []string{"news_items"})
	r.Flow.UpdateID = 900
	first, err := s.Submit(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	// The crash: the reopening and the flow were not written.
	if err := s.Reopen(ctx, p.ID, school, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.SetChatFlow(ctx, by, domain.ChatFlow{Name: "report", Step: "review"}); err != nil {
		t.Fatal(err)
	}
	r.EndReopen = true
	clk.advance(time.Second)
	again, err := s.Submit(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if again.Revision != 1 || !again.SubmittedAt.Equal(first.SubmittedAt) {
		t.Errorf("replay = rev %d at %v, want the first submission", again.Revision, again.SubmittedAt)
	}
	if re, _ := s.Reopened(ctx, p.ID, school); re {
		t.Error("the replay did not end the reopening")
	}
	if f, _ := s.ChatFlow(ctx, by); f.Name != "" {
		t.Errorf("the replay left the flow %+v", f)
	}
	if n, _ := s.c(colAudit).CountDocuments(ctx, bson.M{}); n != 1 {
		t.Errorf("%d audit entries after a replay, want 1", n)
	}
	// A new update sends a new revision.
	r.Flow.UpdateID = 901
	if next, err := s.Submit(ctx, r); err != nil || next.Revision != 2 {
		t.Errorf("Submit of a new update = rev %d, %v; want 2", next.Revision, err)
	}
}

func TestStore_Revisions_noSubmission(t *testing.T) {
	s, _ := mustStore(t, nil)
	ctx := ctxT(t)
	if err := s.PutRevisions(ctx, []domain.Revision{{Period: "2026-Y", School: "TH-A", Revision: 1}}); err != nil {
		t.Fatal(err)
	}
	revs, err := s.Revisions(ctx, "2026-Y", "TH-A")
	if err != nil || len(revs) != 0 {
		t.Errorf("Revisions without a submission = %d, %v; want none", len(revs), err)
	}
}

func TestStore_SaveStep(t *testing.T) {
	clk := newClock()
	s, _ := mustStore(t, clk.now)
	ctx := ctxT(t)
	const chat, by = int64(6012345106), int64(6012345106)
	if _, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "TH-CAMPHUC", Questionnaire: "v1"}); err != nil {
		t.Fatal(err)
	}
	step := domain.Step{
		Draft: &domain.DraftChange{Period: "2026-H1", School: "TH-CAMPHUC", Set: map[string]domain.Answer{"news_items": intAnswer(8)},
			Drop: []string{"gifts_value"}, By: by, ByName: "Trần Văn Dũng"},
		Flow: domain.FlowChange{ChatID: chat, Flow: &domain.ChatFlow{Name: "report", Step: "inspections"}, UpdateID: 77},
	}
	for i := range 2 { // the second time is the replay of update 77: the same result
		if err := s.SaveStep(ctx, step); err != nil {
			t.Fatalf("SaveStep #%d: %v", i+1, err)
		}
		d, err := s.Draft(ctx, "2026-H1", "TH-CAMPHUC")
		if err != nil || len(d.Answers) != 1 || *d.Answers["news_items"].Int != 8 || d.Answers["news_items"].By != by || d.EditorName != "Trần Văn Dũng" {
			t.Errorf("draft after SaveStep #%d = %+v, %v", i+1, d, err)
		}
		f, err := s.ChatFlow(ctx, chat)
		if err != nil || f.Step != "inspections" || f.Update != 77 || !f.Updated.Equal(clk.now()) {
			t.Errorf("flow after SaveStep #%d = %+v, %v", i+1, f, err)
		}
	}

	t.Run("flow only", func(t *testing.T) {
		if err := s.SaveStep(ctx, domain.Step{Flow: domain.FlowChange{ChatID: chat, Flow: &domain.ChatFlow{Name: "report", Step: "news_items"}, UpdateID: 78}}); err != nil {
			t.Fatal(err)
		}
		if f, _ := s.ChatFlow(ctx, chat); f.Step != "news_items" || f.Update != 78 {
			t.Errorf("flow = %+v", f)
		}
	})
	t.Run("end of the conversation", func(t *testing.T) {
		if err := s.SaveStep(ctx, domain.Step{Flow: domain.FlowChange{ChatID: chat}}); err != nil {
			t.Fatal(err)
		}
		if f, _ := s.ChatFlow(ctx, chat); f.Name != "" {
			t.Errorf("flow = %+v, want none", f)
		}
	})
	t.Run("no draft", func(t *testing.T) {
		err := s.SaveStep(ctx, domain.Step{
			Draft: &domain.DraftChange{Period: "2026-H1", School: "NOPE", Set: map[string]domain.Answer{"news_items": intAnswer(1)}},
			Flow:  domain.FlowChange{ChatID: chat, Flow: &domain.ChatFlow{Name: "report", Step: "x"}, UpdateID: 79},
		})
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("SaveStep(no draft) = %v, want ErrNotFound", err)
		}
		if f, _ := s.ChatFlow(ctx, chat); f.Name != "" {
			t.Errorf("a failed step moved the flow to %+v", f)
		}
	})
}
