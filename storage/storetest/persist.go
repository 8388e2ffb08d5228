package storetest

import (
	"testing"
)

// reopen closes the case's store and opens its data again, as a restart does.
func (e *env) reopen(tb testing.TB) *env {
	tb.Helper()
	mustDo(tb, "Close", e.s.Close(e.ctx))
	return e.on(e.f.Reopen(tb, e.s, e.clock.Now))
}

func persistenceCases() []testCase {
	return []testCase{
		{name: "Reopen/everything written is still there", reopen: true, run: func(t *testing.T, e *env) {
			k := seed(t, e)
			before, counts := snapshot(t, e, k), mustCounts(t, e)
			after := e.reopen(t)
			same(t, "the reopened store", snapshot(t, after, k), before)
			wantCounts(t, after, "the reopened store", counts)
			if v, err := after.s.Setting(e.ctx, seedSecret); err != nil || v != k.secret {
				t.Errorf("secret after a restart = %q, %v", v, err)
			}
			if n := try(after.s.BenchTouch(e.ctx, "42")).must(t); n != 3 {
				t.Errorf("BenchTouch after a restart = %d, want 3", n)
			}
		}},
		{name: "Reopen/a message left sending is recovered as unknown", reopen: true, run: func(t *testing.T, e *env) {
			mustEnqueue(t, e, reminder("a", 1))
			mustEnqueue(t, e, reminder("b", 2))
			mustClaim(t, e, "a", "dead")
			after := e.reopen(t) // the process died mid-send
			got := try(after.s.RecoverOutbox(e.ctx)).must(t)
			if len(got) != 1 || got[0].ID != "a" {
				t.Fatalf("RecoverOutbox after a restart = %+v", got)
			}
			same(t, "due", outboxIDs(try(after.s.DueOutbox(e.ctx, 10)).must(t)), []string{"b"})
		}},
	}
}
