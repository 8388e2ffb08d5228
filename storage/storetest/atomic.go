package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// racers is how many goroutines race in the atomicity cases.
const racers = 8

// race runs f(i) for i in [0, racers) at once and returns the results.
func race[T any](f func(i int) T) []T {
	out := make([]T, racers)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range racers {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			out[i] = f(i)
		}()
	}
	start.Done()
	done.Wait()
	return out
}

// winners counts the true results and fails the test on any error.
func winners(tb testing.TB, what string, rs []result[bool]) int {
	tb.Helper()
	n := 0
	for _, r := range rs {
		if r.err != nil {
			tb.Errorf("%s: %v", what, r.err)
		}
		if r.v {
			n++
		}
	}
	return n
}

func atomicCases() []testCase {
	return []testCase{
		{name: "UseInvite/one winner of a code", atomic: true, run: func(t *testing.T, e *env) {
			inv := mustInvite(t, e, "MN-A", time.Hour)
			rs := race(func(i int) error { _, err := e.s.UseInvite(e.ctx, inv.Code, int64(20+i)); return err })
			wins := 0
			for _, err := range rs {
				switch {
				case err == nil:
					wins++
				case !errors.Is(err, domain.ErrInviteUsed):
					t.Errorf("a loser got %v, want ErrInviteUsed", err)
				}
			}
			if wins != 1 {
				t.Errorf("%d users registered with one code, want 1", wins)
			}
		}},
		{name: "AcquireLease/one holder of a free lease", atomic: true, run: func(t *testing.T, e *env) {
			rs := race(func(i int) result[bool] {
				ok, err := e.s.AcquireLease(e.ctx, "active", fmt.Sprintf("replica-%d", i), time.Minute)
				return result[bool]{ok, err}
			})
			if n := winners(t, "AcquireLease", rs); n != 1 {
				t.Errorf("%d replicas hold one lease, want 1", n)
			}
		}},
		{name: "AcquireLease/one takes over an expired lease", atomic: true, run: func(t *testing.T, e *env) {
			try(e.s.AcquireLease(e.ctx, "active", "dead", time.Minute)).must(t)
			e.clock.Advance(2 * time.Minute)
			rs := race(func(i int) result[bool] {
				ok, err := e.s.AcquireLease(e.ctx, "active", fmt.Sprintf("replica-%d", i), time.Minute)
				return result[bool]{ok, err}
			})
			if n := winners(t, "AcquireLease", rs); n != 1 {
				t.Errorf("%d replicas took over one expired lease, want 1", n)
			}
			h, _, err := e.s.LeaseHolder(e.ctx, "active")
			for i, r := range rs {
				if r.v && (err != nil || h != fmt.Sprintf("replica-%d", i)) {
					t.Errorf("holder = %q, %v; want the winner replica-%d", h, err, i)
				}
			}
		}},
		{name: "ClaimOutbox/one sender", atomic: true, run: func(t *testing.T, e *env) {
			mustEnqueue(t, e, reminder("m", 7))
			rs := race(func(i int) result[bool] {
				ok, err := e.s.ClaimOutbox(e.ctx, "m", fmt.Sprintf("replica-%d", i))
				return result[bool]{ok, err}
			})
			if n := winners(t, "ClaimOutbox", rs); n != 1 {
				t.Errorf("%d senders claimed one message, want 1", n)
			}
			if m := mustOutbox(t, e, "m"); m.Tries != 1 {
				t.Errorf("tries = %d, want 1", m.Tries)
			}
		}},
		{name: "StoreUpdate and Enqueue/created once", atomic: true, run: func(t *testing.T, e *env) {
			rs := race(func(int) result[bool] {
				ok, err := e.s.StoreUpdate(e.ctx, 77, 7, []byte(`{}`))
				return result[bool]{ok, err}
			})
			if n := winners(t, "StoreUpdate", rs); n != 1 {
				t.Errorf("one update was stored %d times", n)
			}
			rs = race(func(int) result[bool] { ok, err := e.s.Enqueue(e.ctx, reminder("m", 7)); return result[bool]{ok, err} })
			if n := winners(t, "Enqueue", rs); n != 1 {
				t.Errorf("one message was queued %d times", n)
			}
		}},
		{name: "SettingOnce, PinPeriod, OpenDraft/all agree on the first", atomic: true, run: func(t *testing.T, e *env) {
			p, def, alt := mustPeriod(t, "2026-H1"), domain.DefaultQuestionnaire(), mustAltQuestionnaire(t)
			values := race(func(i int) result[string] {
				v, err := e.s.SettingOnce(e.ctx, seedSecret, fmt.Sprint(i))
				return result[string]{v, err}
			})
			periods := race(func(i int) result[string] {
				q := def
				if i%2 == 1 {
					q = alt
				}
				pinned, err := e.s.PinPeriod(e.ctx, p, q)
				return result[string]{pinned.Questionnaire, err}
			})
			drafts := race(func(i int) result[string] {
				d, err := e.s.OpenDraft(e.ctx, domain.Draft{Period: "2026-H1", School: "A", Questionnaire: fmt.Sprint("v", i)})
				return result[string]{d.Questionnaire, err}
			})
			for what, rs := range map[string][]result[string]{"SettingOnce": values, "PinPeriod": periods, "OpenDraft": drafts} {
				for _, r := range rs {
					if r.err != nil || r.v != rs[0].v {
						t.Errorf("%s: %q, %v; every caller should get %q", what, r.v, r.err, rs[0].v)
					}
				}
			}
		}},
		{name: "Submit/two at once make revisions 1 and 2", atomic: true, run: func(t *testing.T, e *env) {
			var wg sync.WaitGroup
			revs := make([]int, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := submitRequest("THCS-A", int64(7+i), Start, false, map[string]domain.Answer{"q": {Int: i64(int64(i)), By: int64(7 + i), At: Start}})
					sub, err := e.s.Submit(e.ctx, r)
					if err != nil {
						t.Errorf("Submit %d: %v", i, err)
					}
					revs[i] = sub.Revision
				}()
			}
			wg.Wait()
			slices.Sort(revs)
			same(t, "revisions returned", revs, []int{1, 2})
			var got []int
			for _, r := range try(e.s.Revisions(e.ctx, "2026-H1", "THCS-A")).must(t) {
				got = append(got, r.Revision)
			}
			same(t, "revisions stored", got, []int{1, 2})
			if sub := try(e.s.Submission(e.ctx, "2026-H1", "THCS-A")).must(t); sub.Revision != 2 {
				t.Errorf("submission revision = %d, want 2", sub.Revision)
			}
			if n := len(submitAudit(t, e)); n != 2 {
				t.Errorf("%d audit entries of submissions, want 2", n)
			}
		}},
		{name: "SaveStep/on different schools at once", atomic: true, run: func(t *testing.T, e *env) {
			const steps = 10
			for i := range racers {
				mustOpenDraft(t, e, "2026-H1", fmt.Sprintf("S%d", i))
			}
			errs := race(func(i int) error {
				for n := range steps {
					flow := domain.ChatFlow{Name: "report", Step: fmt.Sprint("q", n+1)}
					err := e.s.SaveStep(e.ctx, domain.Step{
						Draft: &domain.DraftChange{Period: "2026-H1", School: fmt.Sprintf("S%d", i), Set: map[string]domain.Answer{fmt.Sprint("q", n): {Int: i64(int64(n))}}, By: int64(i + 1)},
						Flow:  domain.FlowChange{ChatID: int64(i + 1), Flow: &flow, UpdateID: int64(n + 1)},
					})
					if err != nil {
						return err
					}
				}
				return nil
			})
			for i, err := range errs {
				if err != nil {
					t.Errorf("SaveStep of S%d: %v", i, err)
				}
			}
			for i := range racers {
				if d := try(e.s.Draft(e.ctx, "2026-H1", fmt.Sprintf("S%d", i))).must(t); len(d.Answers) != steps {
					t.Errorf("draft S%d has %d answers, want %d", i, len(d.Answers), steps)
				}
				if f := try(e.s.ChatFlow(e.ctx, int64(i+1))).must(t); f.Update != steps || f.Step != fmt.Sprint("q", steps) {
					t.Errorf("flow of chat %d = %+v", i+1, f)
				}
			}
		}},
		{name: "ChangeAnswers/different questions of one draft at once", atomic: true, run: func(t *testing.T, e *env) {
			mustOpenDraft(t, e, "2026-H1", "A")
			errs := race(func(i int) error {
				return e.s.ChangeAnswers(e.ctx, "2026-H1", "A", map[string]domain.Answer{fmt.Sprint("q", i): {Int: i64(int64(i))}}, nil, int64(i+1), "")
			})
			for _, err := range errs {
				mustDo(t, "ChangeAnswers", err)
			}
			if d := try(e.s.Draft(e.ctx, "2026-H1", "A")).must(t); len(d.Answers) != racers {
				t.Errorf("draft has %d answers, want %d: a change was lost", len(d.Answers), racers)
			}
		}},
		{name: "BenchTouch/no lost increment", atomic: true, run: func(t *testing.T, e *env) {
			race(func(int) error {
				for range 10 {
					if _, err := e.s.BenchTouch(e.ctx, "42"); err != nil {
						t.Errorf("BenchTouch: %v", err)
					}
				}
				return nil
			})
			if n := try(e.s.BenchTouch(e.ctx, "42")).must(t); n != racers*10+1 {
				t.Errorf("counter = %d, want %d", n, racers*10+1)
			}
		}},
	}
}
