package storetest

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// submitRequest is a principal's report of school at at, ending their conversation. Its
// update id is derived from at, so two requests at different times are different updates.
func submitRequest(school string, by int64, at time.Time, late bool, answers map[string]domain.Answer) domain.SubmitRequest {
	return domain.SubmitRequest{
		Submission: domain.Submission{Period: "2026-H1", School: school, Questionnaire: "1a1884b7f27c", Answers: answers,
			SubmittedBy: by, SubmitterName: "Trịnh Thị Yến", SubmittedAt: at, Late: late},
		Changed: slices.Sorted(maps.Keys(answers)),
		Audit:   domain.AuditEntry{UserID: by, Name: "Trịnh Thị Yến", At: at},
		Flow:    domain.FlowChange{ChatID: by, UpdateID: at.UnixMilli()%1_000_000_000 + by},
	}
}

func mustSubmit(tb testing.TB, e *env, r domain.SubmitRequest) domain.Submission {
	tb.Helper()
	return try(e.s.Submit(e.ctx, r)).must(tb)
}

// submitAudit returns the audit entries of submissions, newest first, ids cleared.
func submitAudit(tb testing.TB, e *env) []domain.AuditEntry {
	tb.Helper()
	var out []domain.AuditEntry
	for _, a := range try(e.s.RecentAudit(e.ctx, 100)).must(tb) {
		if a.Action == "report.submit" {
			if a.ID == "" {
				tb.Errorf("audit entry without an id: %+v", a)
			}
			a.ID = ""
			out = append(out, a)
		}
	}
	return out
}

func submitCases() []testCase {
	return []testCase{
		{name: "Submit/revision 1 then 2", run: testSubmitTwice},
		{name: "Submit/EndReopen ends the reopening", run: func(t *testing.T, e *env) {
			mustPin(t, e, "2026-H1", domain.DefaultQuestionnaire())
			mustDo(t, "Reopen", e.s.Reopen(e.ctx, "2026-H1", "THCS-A", 1001))
			mustDo(t, "Reopen", e.s.Reopen(e.ctx, "2026-H1", "THCS-B", 1001))
			r := submitRequest("THCS-A", 7, Start, true, map[string]domain.Answer{"q": {Int: i64(1), By: 7, At: Start}})
			r.Submission.Reopened, r.EndReopen = true, true
			if got := mustSubmit(t, e, r); !got.Reopened {
				t.Errorf("submission = %+v; want Reopened as requested", got)
			}
			if ok := try(e.s.Reopened(e.ctx, "2026-H1", "THCS-A")).must(t); ok {
				t.Error("the school is still reopened after a submission that ended it")
			}
			if ok := try(e.s.Reopened(e.ctx, "2026-H1", "THCS-B")).must(t); !ok {
				t.Error("another school's reopening ended")
			}
		}},
		{name: "Submit/a flow in the request is stored", run: func(t *testing.T, e *env) {
			r := submitRequest("THCS-A", 7, Start, false, map[string]domain.Answer{"q": {Int: i64(1), By: 7, At: Start}})
			r.Flow = domain.FlowChange{ChatID: 7, Flow: &domain.ChatFlow{Name: "after-submit", Data: map[string]string{"p": "2026-H1"}}, UpdateID: 101}
			mustSubmit(t, e, r)
			if f := try(e.s.ChatFlow(e.ctx, 7)).must(t); f.Name != "after-submit" || f.Data["p"] != "2026-H1" || f.Update != 101 {
				t.Errorf("flow = %+v", f)
			}
		}},
	}
}

func testSubmitTwice(t *testing.T, e *env) {
	at1 := time.Date(2026, 6, 20, 9, 30, 0, 0, ict) // after the deadline: late
	mustDo(t, "SetChatFlow", e.s.SetChatFlow(e.ctx, 7, domain.ChatFlow{Name: "report", Step: "review"}))
	r1 := submitRequest("THCS-LAICACH", 7, at1, true, everyAnswer(7, at1.Add(-time.Hour)))
	got1 := mustSubmit(t, e, r1)
	want1 := r1.Submission
	want1.ID, want1.Revision, want1.FirstAt = "2026-H1:THCS-LAICACH", 1, at1
	same(t, "first submission", got1, want1)
	same(t, "stored first submission", try(e.s.Submission(e.ctx, "2026-H1", "THCS-LAICACH")).must(t), want1)
	wantUTC(t, "FirstAt", got1.FirstAt)
	rev1, audit1 := r1.Records(want1)
	same(t, "revisions after the first", try(e.s.Revisions(e.ctx, "2026-H1", "THCS-LAICACH")).must(t), []domain.Revision{rev1})
	same(t, "audit after the first", submitAudit(t, e), []domain.AuditEntry{audit1})
	if f := try(e.s.ChatFlow(e.ctx, 7)).must(t); f.Name != "" {
		t.Errorf("the submitter's flow was not ended: %+v", f)
	}

	// The officer corrects one answer an hour later, no longer late by itself.
	at2 := at1.Add(time.Hour)
	answers2 := maps.Clone(r1.Submission.Answers)
	answers2["money"] = domain.Answer{Int: i64(9_000_000), By: 1001, At: at2}
	delete(answers2, "skipped")
	r2 := submitRequest("THCS-LAICACH", 1001, at2, false, answers2)
	r2.Submission.ByOfficer, r2.Submission.SubmitterName = true, "Nguyễn Văn Khải"
	r2.Changed = domain.ChangedAnswers(r1.Submission.Answers, answers2)
	r2.Audit = domain.AuditEntry{UserID: 1001, Name: "Nguyễn Văn Khải"} // the store completes At and Result
	got2 := mustSubmit(t, e, r2)
	want2 := r2.Submission
	want2.ID, want2.Revision, want2.FirstAt, want2.Late = "2026-H1:THCS-LAICACH", 2, at1, true
	same(t, "second submission (FirstAt and Late of the first)", got2, want2)
	same(t, "stored second submission", try(e.s.Submission(e.ctx, "2026-H1", "THCS-LAICACH")).must(t), want2)
	rev2, audit2 := r2.Records(want2)
	same(t, "revisions", try(e.s.Revisions(e.ctx, "2026-H1", "THCS-LAICACH")).must(t), []domain.Revision{rev1, rev2})
	same(t, "audit", submitAudit(t, e), []domain.AuditEntry{audit2, audit1})
	same(t, "submitted schools", try(e.s.SubmittedSchools(e.ctx, "2026-H1")).must(t), map[string]bool{"THCS-LAICACH": true})
	if subs := try(e.s.Submissions(e.ctx, "2026-H1")).must(t); len(subs) != 1 || subs[0].Revision != 2 {
		t.Errorf("Submissions = %d, want the one at revision 2", len(subs))
	}
}
