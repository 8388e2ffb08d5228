package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

func mustOpenDraft(tb testing.TB, e *env, period, school string) domain.Draft {
	tb.Helper()
	return try(e.s.OpenDraft(e.ctx, domain.Draft{Period: period, School: school, Questionnaire: "v1"})).must(tb)
}

// stamped returns answers as ChangeAnswers stores them: given by, at the time of the change.
func stamped(answers map[string]domain.Answer, by int64, at time.Time) map[string]domain.Answer {
	out := map[string]domain.Answer{}
	for id, a := range answers {
		a.By, a.At = by, at
		out[id] = a
	}
	return out
}

func draftSchools(ds []domain.Draft) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.School)
	}
	slices.Sort(out)
	return out
}

func reportCases() []testCase {
	return []testCase{
		{name: "Draft/missing", run: func(t *testing.T, e *env) {
			_, err := e.s.Draft(e.ctx, "2026-H1", "A")
			wantNotFound(t, "Draft", err)
			wantNotFound(t, "ChangeAnswers without a draft",
				e.s.ChangeAnswers(e.ctx, "2026-H1", "A", map[string]domain.Answer{"q": {Int: i64(1)}}, nil, 7, "Lan"))
			if ds := try(e.s.Drafts(e.ctx, "2026-H1")).must(t); len(ds) != 0 {
				t.Errorf("Drafts of an empty store = %+v", ds)
			}
		}},
		{name: "OpenDraft/created once", run: func(t *testing.T, e *env) {
			d := mustOpenDraft(t, e, "2026-H1", "THCS-X")
			if d.ID != "2026-H1:THCS-X" || d.Period != "2026-H1" || d.School != "THCS-X" || d.Questionnaire != "v1" || len(d.Answers) != 0 || !d.Created.Equal(Start) {
				t.Fatalf("OpenDraft = %+v", d)
			}
			mustDo(t, "ChangeAnswers", e.s.ChangeAnswers(e.ctx, "2026-H1", "THCS-X", map[string]domain.Answer{"q": {Int: i64(1)}}, nil, 7, "Lan"))
			e.clock.Advance(time.Hour)
			again := try(e.s.OpenDraft(e.ctx, domain.Draft{Period: "2026-H1", School: "THCS-X", Questionnaire: "v2"})).must(t)
			if again.Questionnaire != "v1" || len(again.Answers) != 1 || !again.Created.Equal(Start) {
				t.Errorf("second OpenDraft = %+v; want the stored draft", again)
			}
			same(t, "stored draft", try(e.s.Draft(e.ctx, "2026-H1", "THCS-X")).must(t), again)
		}},
		{name: "ChangeAnswers/every answer type round-trips", run: func(t *testing.T, e *env) {
			mustOpenDraft(t, e, "2026-H1", "A")
			e.clock.Advance(time.Minute)
			set := everyAnswer(0, time.Time{}) // the store stamps who and when
			mustDo(t, "ChangeAnswers", e.s.ChangeAnswers(e.ctx, "2026-H1", "A", set, nil, 7, "Nguyễn Thị Lan"))
			d := try(e.s.Draft(e.ctx, "2026-H1", "A")).must(t)
			sameAnswers(t, "draft answers", d.Answers, stamped(set, 7, e.clock.Now()))
			if d.EditedBy != 7 || d.EditorName != "Nguyễn Thị Lan" || !d.EditedAt.Equal(e.clock.Now()) {
				t.Errorf("draft editor = %d %q at %v", d.EditedBy, d.EditorName, d.EditedAt)
			}
			wantUTC(t, "answer At", d.Answers["yes"].At)
		}},
		{name: "ChangeAnswers/set and drop, others kept", run: func(t *testing.T, e *env) {
			mustOpenDraft(t, e, "2026-H1", "A")
			mustDo(t, "Lan answers", e.s.ChangeAnswers(e.ctx, "2026-H1", "A", map[string]domain.Answer{"count": {Int: i64(5)}, "note": {Text: "ổn"}}, nil, 7, "Lan"))
			e.clock.Advance(time.Minute)
			mustDo(t, "Minh answers", e.s.ChangeAnswers(e.ctx, "2026-H1", "A", map[string]domain.Answer{"held": {Bool: boolp(true)}}, nil, 8, "Minh"))
			d := try(e.s.Draft(e.ctx, "2026-H1", "A")).must(t)
			if len(d.Answers) != 3 || d.Answers["count"].By != 7 || d.Answers["held"].By != 8 || d.EditedBy != 8 || d.EditorName != "Minh" {
				t.Fatalf("draft after two reporters = %+v", d)
			}
			e.clock.Advance(time.Minute)
			mustDo(t, "a change that hides answers", e.s.ChangeAnswers(e.ctx, "2026-H1", "A",
				map[string]domain.Answer{"held": {Bool: boolp(false)}}, []string{"note", "count", "never-answered"}, 7, "Lan"))
			d = try(e.s.Draft(e.ctx, "2026-H1", "A")).must(t)
			sameAnswers(t, "answers", d.Answers, map[string]domain.Answer{"held": {Bool: boolp(false), By: 7, At: e.clock.Now()}})
			mustDo(t, "drop only", e.s.ChangeAnswers(e.ctx, "2026-H1", "A", nil, []string{"held"}, 7, "Lan"))
			if d := try(e.s.Draft(e.ctx, "2026-H1", "A")).must(t); len(d.Answers) != 0 {
				t.Errorf("answers after dropping the last = %+v", d.Answers)
			}
		}},
		{name: "PutDraft/as given, Drafts by period", run: func(t *testing.T, e *env) {
			at := time.Date(2026, 6, 10, 10, 0, 0, 0, ict)
			want := domain.Draft{ID: "2026-H1:TH-B", Period: "2026-H1", School: "TH-B", Questionnaire: "1a1884b7f27c", Answers: everyAnswer(8, at),
				Current: "q2", EditedBy: 8, EditorName: "Minh", EditedAt: at, Created: at.Add(-time.Hour)}
			mustDo(t, "PutDraft", e.s.PutDraft(e.ctx, want))
			mustDo(t, "PutDraft", e.s.PutDraft(e.ctx, domain.Draft{ID: "2026-H1:TH-A", Period: "2026-H1", School: "TH-A", Answers: map[string]domain.Answer{}}))
			mustDo(t, "PutDraft", e.s.PutDraft(e.ctx, domain.Draft{ID: "2026-Y:TH-B", Period: "2026-Y", School: "TH-B"}))
			got := try(e.s.Draft(e.ctx, "2026-H1", "TH-B")).must(t)
			same(t, "draft", got, want)
			wantUTC(t, "EditedAt", got.EditedAt)
			same(t, "drafts of 2026-H1", draftSchools(try(e.s.Drafts(e.ctx, "2026-H1")).must(t)), []string{"TH-A", "TH-B"})
			want.Current, want.Answers = "", map[string]domain.Answer{}
			mustDo(t, "PutDraft replacing", e.s.PutDraft(e.ctx, want))
			same(t, "replaced draft", try(e.s.Draft(e.ctx, "2026-H1", "TH-B")).must(t), want)
		}},
		{name: "SaveStep/draft change and flow with its update", run: func(t *testing.T, e *env) {
			mustOpenDraft(t, e, "2026-H1", "A")
			flow := domain.ChatFlow{Name: "report", Step: "q2", Data: map[string]string{"p": "2026-H1", "s": "A"}}
			mustDo(t, "SaveStep", e.s.SaveStep(e.ctx, domain.Step{
				Draft: &domain.DraftChange{Period: "2026-H1", School: "A", Set: map[string]domain.Answer{"q1": {Int: i64(12)}}, By: 7, ByName: "Lan"},
				Flow:  domain.FlowChange{ChatID: 7, Flow: &flow, UpdateID: 812},
			}))
			d := try(e.s.Draft(e.ctx, "2026-H1", "A")).must(t)
			sameAnswers(t, "answers", d.Answers, map[string]domain.Answer{"q1": {Int: i64(12), By: 7, At: Start}})
			if d.EditedBy != 7 || d.EditorName != "Lan" {
				t.Errorf("editor = %d %q", d.EditedBy, d.EditorName)
			}
			got := try(e.s.ChatFlow(e.ctx, 7)).must(t)
			want := flow
			want.Update, got.Updated = 812, time.Time{}
			same(t, "flow", got, want)
		}},
		{name: "SaveStep/flow only, then a nil flow clears", run: func(t *testing.T, e *env) {
			mustOpenDraft(t, e, "2026-H1", "A")
			mustDo(t, "SaveStep flow only", e.s.SaveStep(e.ctx, domain.Step{Flow: domain.FlowChange{ChatID: 7, Flow: &domain.ChatFlow{Name: "report", Step: "review"}, UpdateID: 5}}))
			if f := try(e.s.ChatFlow(e.ctx, 7)).must(t); f.Name != "report" || f.Step != "review" || f.Update != 5 {
				t.Fatalf("flow = %+v", f)
			}
			mustDo(t, "SaveStep ending the flow", e.s.SaveStep(e.ctx, domain.Step{
				Draft: &domain.DraftChange{Period: "2026-H1", School: "A", Drop: []string{"q1"}, Set: map[string]domain.Answer{"q2": {Choice: "online"}}, By: 7, ByName: "Lan"},
				Flow:  domain.FlowChange{ChatID: 7, UpdateID: 6},
			}))
			if f := try(e.s.ChatFlow(e.ctx, 7)).must(t); f.Name != "" {
				t.Errorf("flow after a step with a nil flow = %+v", f)
			}
			if d := try(e.s.Draft(e.ctx, "2026-H1", "A")).must(t); len(d.Answers) != 1 || d.Answers["q2"].Choice != "online" {
				t.Errorf("answers = %+v", d.Answers)
			}
		}},
		{name: "SaveStep/without a draft writes nothing", run: func(t *testing.T, e *env) {
			mustDo(t, "SetChatFlow", e.s.SetChatFlow(e.ctx, 7, domain.ChatFlow{Name: "report", Step: "q1"}))
			err := e.s.SaveStep(e.ctx, domain.Step{
				Draft: &domain.DraftChange{Period: "2026-H1", School: "NONE", Set: map[string]domain.Answer{"q1": {Int: i64(1)}}, By: 7},
				Flow:  domain.FlowChange{ChatID: 7, Flow: &domain.ChatFlow{Name: "report", Step: "q2"}, UpdateID: 9},
			})
			wantNotFound(t, "SaveStep on a missing draft", err)
			if f := try(e.s.ChatFlow(e.ctx, 7)).must(t); f.Step != "q1" || f.Update != 0 {
				t.Errorf("flow after a refused step = %+v; want it unchanged", f)
			}
		}},
		{name: "PutSubmissions/more than a batch, replacing", run: func(t *testing.T, e *env) {
			var schools []domain.School
			var subs []domain.Submission
			for i := range 600 {
				code := fmt.Sprintf("TH-%04d", i)
				schools = append(schools, domain.School{Code: code, Name: "Trường " + code, Level: domain.LevelTH, Active: true, Created: Start, Updated: Start})
				subs = append(subs, domain.Submission{ID: domain.SubmissionID("2026-Y", code), Period: "2026-Y", School: code, Revision: 1,
					Answers: map[string]domain.Answer{"news_items": {Int: i64(int64(i))}}, SubmittedAt: Start, FirstAt: Start})
			}
			mustDo(t, "PutSchools", e.s.PutSchools(e.ctx, schools))
			mustDo(t, "PutSubmissions", e.s.PutSubmissions(e.ctx, subs))
			subs[7].Revision = 2
			mustDo(t, "PutSubmissions replacing", e.s.PutSubmissions(e.ctx, subs[5:10]))
			if n := len(try(e.s.Schools(e.ctx)).must(t)); n != 600 {
				t.Errorf("Schools = %d, want 600", n)
			}
			if n := len(try(e.s.Submissions(e.ctx, "2026-Y")).must(t)); n != 600 {
				t.Errorf("Submissions = %d, want 600", n)
			}
			if n := len(try(e.s.SubmittedSchools(e.ctx, "2026-Y")).must(t)); n != 600 {
				t.Errorf("SubmittedSchools = %d, want 600", n)
			}
			same(t, "replaced submission", try(e.s.Submission(e.ctx, "2026-Y", "TH-0007")).must(t), subs[7])
		}},
		{name: "Submissions/by period, every field", run: func(t *testing.T, e *env) {
			at := time.Date(2026, 6, 19, 23, 59, 0, 0, ict)
			want := domain.Submission{ID: "2026-H1:MN-TANTRUONG", Period: "2026-H1", School: "MN-TANTRUONG", Questionnaire: "1a1884b7f27c",
				Answers: everyAnswer(6012345001, at), SubmittedBy: 6012345001, SubmitterName: "Nguyễn Văn Khải", ByOfficer: true,
				FirstAt: at.Add(-time.Hour), SubmittedAt: at, Late: true, Revision: 3, Reopened: true}
			mustDo(t, "PutSubmissions", e.s.PutSubmissions(e.ctx, []domain.Submission{want,
				{ID: "2026-Y:MN-TANTRUONG", Period: "2026-Y", School: "MN-TANTRUONG", Revision: 1, Answers: map[string]domain.Answer{}}}))
			got := try(e.s.Submission(e.ctx, "2026-H1", "MN-TANTRUONG")).must(t)
			same(t, "submission", got, want)
			wantUTC(t, "SubmittedAt", got.SubmittedAt)
			all := try(e.s.Submissions(e.ctx, "2026-H1")).must(t)
			if len(all) != 1 {
				t.Fatalf("Submissions(2026-H1) = %d, want 1", len(all))
			}
			same(t, "listed submission", all[0], want)
			same(t, "SubmittedSchools", try(e.s.SubmittedSchools(e.ctx, "2026-H1")).must(t), map[string]bool{"MN-TANTRUONG": true})
			_, err := e.s.Submission(e.ctx, "2026-H1", "OTHER")
			wantNotFound(t, "Submission of another school", err)
			if done := try(e.s.SubmittedSchools(e.ctx, "2027-H1")).must(t); done == nil || len(done) != 0 {
				t.Errorf("SubmittedSchools of a period without any = %#v; want an empty map", done)
			}
			if none := try(e.s.Submissions(e.ctx, "2027-H1")).must(t); len(none) != 0 {
				t.Errorf("Submissions of a period without any = %+v", none)
			}
		}},
		{name: "Revisions/in order, only of stored submissions", run: func(t *testing.T, e *env) {
			at := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
			revs := []domain.Revision{
				{Period: "2026-Y", School: "A", Revision: 2, By: 7, ByName: "Lan", At: at.Add(time.Hour), Changed: []string{"news_items"}, Late: true, Answers: everyAnswer(7, at)},
				{Period: "2026-Y", School: "A", Revision: 1, By: 8, ByName: "Minh", ByOfficer: true, At: at, Changed: []string{"a", "news_items"}, Answers: map[string]domain.Answer{}},
				{Period: "2026-Y", School: "B", Revision: 1, By: 9, At: at, Answers: map[string]domain.Answer{}}, // no submission at all
				{Period: "2026-H1", School: "A", Revision: 1, By: 9, At: at, Answers: map[string]domain.Answer{}},
			}
			for i := range revs {
				revs[i].ID, revs[i].Questionnaire = domain.RevisionID(revs[i].Period, revs[i].School, revs[i].Revision), "v1"
			}
			mustDo(t, "PutRevisions", e.s.PutRevisions(e.ctx, revs))
			mustDo(t, "PutSubmissions", e.s.PutSubmissions(e.ctx, []domain.Submission{
				{ID: "2026-Y:A", Period: "2026-Y", School: "A", Revision: 2, Answers: map[string]domain.Answer{}},
				{ID: "2026-H1:A", Period: "2026-H1", School: "A", Revision: 1, Answers: map[string]domain.Answer{}},
			}))
			got := try(e.s.Revisions(e.ctx, "2026-Y", "A")).must(t)
			same(t, "revisions of 2026-Y A", got, []domain.Revision{revs[1], revs[0]})
			if len(got) > 0 {
				wantUTC(t, "At", got[0].At)
			}
			if none := try(e.s.Revisions(e.ctx, "2026-Y", "B")).must(t); len(none) != 0 {
				t.Errorf("revisions of a school without a submission = %+v", none)
			}
			if none := try(e.s.Revisions(e.ctx, "2026-Y", "C")).must(t); len(none) != 0 {
				t.Errorf("revisions of a school with none = %+v", none)
			}
		}},
		{name: "Revisions/beyond the stored submission are hidden", run: func(t *testing.T, e *env) {
			// A crash between writing a revision and its submission must leave nothing a user
			// can see: revision 2 exists, the submission still says 1.
			for n := 1; n <= 2; n++ {
				mustDo(t, "PutRevisions", e.s.PutRevisions(e.ctx, []domain.Revision{{ID: domain.RevisionID("2026-Y", "A", n),
					Period: "2026-Y", School: "A", Revision: n, At: Start, Answers: map[string]domain.Answer{}, Changed: []string{"q"}}}))
			}
			mustDo(t, "PutSubmissions", e.s.PutSubmissions(e.ctx, []domain.Submission{
				{ID: "2026-Y:A", Period: "2026-Y", School: "A", Revision: 1, Answers: map[string]domain.Answer{}}}))
			got := try(e.s.Revisions(e.ctx, "2026-Y", "A")).must(t)
			if len(got) != 1 || got[0].Revision != 1 {
				t.Errorf("revisions = %+v; want only revision 1, the stored submission's", got)
			}
		}},
	}
}
