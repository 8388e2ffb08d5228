package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// returnRequest is officer 1001 returning school's report for 2026-H1 at at, naming the
// question "own_plan".
func returnRequest(school, key string, at time.Time) domain.ReturnRequest {
	return domain.ReturnRequest{
		Return: domain.Return{ID: domain.ReturnID("2026-H1", school, key), Period: "2026-H1", School: school,
			Reason: "Câu 1: số liệu chưa khớp với báo cáo giấy", Questions: []string{"own_plan"},
			By: 1001, ByName: "Nguyễn Văn Khải", At: at, Of: 1},
		Audit: domain.AuditEntry{UserID: 1001, Name: "Nguyễn Văn Khải"},
	}
}

// auditOf returns the audit entries with the action, newest first, ids cleared.
func auditOf(tb testing.TB, e *env, action string) []domain.AuditEntry {
	tb.Helper()
	var out []domain.AuditEntry
	for _, a := range try(e.s.RecentAudit(e.ctx, 100)).must(tb) {
		if a.Action == action {
			a.ID = ""
			out = append(out, a)
		}
	}
	return out
}

func returnCases() []testCase {
	return []testCase{
		{name: "ReturnReport/return, reopening and audit in one call", run: func(t *testing.T, e *env) {
			mustPin(t, e, "2026-H1", domain.DefaultQuestionnaire())
			at := Start.Add(time.Hour)
			req := returnRequest("THCS-A", "u1", at)
			got := try(e.s.ReturnReport(e.ctx, req)).must(t)
			same(t, "stored return", got, req.Return)
			if !got.Open() {
				t.Error("a new return is not open")
			}
			if ok := try(e.s.Reopened(e.ctx, "2026-H1", "THCS-A")).must(t); !ok {
				t.Error("the returned school's report was not reopened")
			}
			want := req.AuditRecord()
			same(t, "audit", auditOf(t, e, domain.AuditReturn), []domain.AuditEntry{want})
			same(t, "history", try(e.s.Returns(e.ctx, "2026-H1", "THCS-A")).must(t), []domain.Return{req.Return})
			same(t, "open returns", try(e.s.OpenReturns(e.ctx, "2026-H1")).must(t), map[string]domain.Return{"THCS-A": req.Return})
			if got := try(e.s.OpenReturns(e.ctx, "2026-Y")).must(t); len(got) != 0 {
				t.Errorf("open returns of another period = %v", got)
			}
		}},
		{name: "ReturnReport/a replay writes nothing twice", run: func(t *testing.T, e *env) {
			mustPin(t, e, "2026-H1", domain.DefaultQuestionnaire())
			req := returnRequest("THCS-A", "u1", Start)
			first := try(e.s.ReturnReport(e.ctx, req)).must(t)
			again := req
			again.Return.Reason, again.Return.At = "another text", Start.Add(time.Minute)
			same(t, "replayed return", try(e.s.ReturnReport(e.ctx, again)).must(t), first)
			if n := len(auditOf(t, e, domain.AuditReturn)); n != 1 {
				t.Errorf("%d audit entries after a replay, want 1", n)
			}
			if n := len(try(e.s.Returns(e.ctx, "2026-H1", "THCS-A")).must(t)); n != 1 {
				t.Errorf("%d returns after a replay, want 1", n)
			}
		}},
		{name: "ReturnReport/period not stored is ErrNotFound", run: func(t *testing.T, e *env) {
			_, err := e.s.ReturnReport(e.ctx, returnRequest("THCS-A", "u1", Start))
			if !errors.Is(err, domain.ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
			if got := try(e.s.OpenReturns(e.ctx, "2026-H1")).must(t); len(got) != 0 {
				t.Errorf("open returns after a failed return = %v", got)
			}
		}},
		{name: "Submit/ResolveReturn resolves the open returns of that school only", run: func(t *testing.T, e *env) {
			mustPin(t, e, "2026-H1", domain.DefaultQuestionnaire())
			sub1 := submitRequest("THCS-A", 7, Start, false, map[string]domain.Answer{"q": {Int: i64(1), By: 7, At: Start}})
			mustSubmit(t, e, sub1)
			r1 := returnRequest("THCS-A", "u1", Start.Add(time.Hour))
			r2 := returnRequest("THCS-A", "u2", Start.Add(2*time.Hour))
			rb := returnRequest("THCS-B", "u3", Start.Add(2*time.Hour))
			for _, r := range []domain.ReturnRequest{r1, r2, rb} {
				try(e.s.ReturnReport(e.ctx, r)).must(t)
			}
			same(t, "newest open return per school", try(e.s.OpenReturns(e.ctx, "2026-H1")).must(t),
				map[string]domain.Return{"THCS-A": r2.Return, "THCS-B": rb.Return})
			at := Start.Add(3 * time.Hour)
			fix := submitRequest("THCS-A", 7, at, false, map[string]domain.Answer{"q": {Int: i64(2), By: 7, At: at}})
			fix.ResolveReturn, fix.EndReopen = true, true
			if got := mustSubmit(t, e, fix); got.Revision != 2 {
				t.Fatalf("revision = %d, want 2", got.Revision)
			}
			same(t, "open returns after the correction", try(e.s.OpenReturns(e.ctx, "2026-H1")).must(t),
				map[string]domain.Return{"THCS-B": rb.Return})
			for _, r := range try(e.s.Returns(e.ctx, "2026-H1", "THCS-A")).must(t) {
				if r.Open() || !r.DoneAt.Equal(at) || r.DoneBy != 2 {
					t.Errorf("return %s: done %v by revision %d; want resolved at %v by revision 2", r.ID, r.DoneAt, r.DoneBy, at)
				}
			}
			if ok := try(e.s.Reopened(e.ctx, "2026-H1", "THCS-A")).must(t); ok {
				t.Error("still reopened after the correction")
			}
		}},
	}
}
