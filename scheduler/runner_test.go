package scheduler_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/scheduler"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storetest"
	"github.com/rs/zerolog"
)

type noText struct{}

func (noText) T(lang, id string, _ map[string]any) string { return id }

type nopSender struct{}

func (nopSender) Deliver(_ context.Context, chat int64, _ string) bot.Delivery {
	return bot.Delivery{ChatID: chat, MessageIDs: []int{1}}
}
func (nopSender) ChatWait(int64) time.Duration { return 0 }

func newRunner(st storage.Store, holder string) *scheduler.Runner {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	now := func() time.Time { return apptest1June() }
	s := &scheduler.Scheduler{Store: st, Text: noText{}, Loc: loc, Periods: domain.DefaultPeriodSchedule(), Config: scheduler.DefaultConfig(), Log: zerolog.Nop()}
	d := &scheduler.Dispatcher{Outbox: st, Sender: nopSender{}, Holder: holder, Now: now, Log: zerolog.Nop(), Poll: 10 * time.Millisecond}
	return &scheduler.Runner{Scheduler: s, Dispatcher: d, Outbox: st, Now: now, Log: zerolog.Nop(), ManualChecks: true}
}

func apptest1June() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) }

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRunner_RunRecoversAndRunsAgain runs the scheduler's part as a replica does that
// gains the active role, loses it and gains it again: each start recovers what a previous
// holder left sending, and the dispatcher sends while Run runs, and only then.
func TestRunner_RunRecoversAndRunsAgain(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, apptest1June)
	r := newRunner(st, "B")
	var mu sync.Mutex
	var recovered []string
	r.OnRecovered = func(_ context.Context, ms []domain.OutboxMessage) {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range ms {
			recovered = append(recovered, m.ID)
		}
	}
	enqueue := func(id string) {
		t.Helper()
		if _, err := st.Enqueue(ctx, domain.OutboxMessage{ID: id, ChatID: 5, Kind: "notice", Batch: "t", Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	state := func(id string) domain.OutboxState {
		m, err := st.OutboxMessageByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return m.State
	}
	enqueue("cut")
	if ok, err := st.ClaimOutbox(ctx, "cut", "A"); !ok || err != nil { // A died while sending it
		t.Fatalf("claim: %v, %v", ok, err)
	}
	enqueue("first")
	for round, id := range []string{"first", "second"} {
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- r.Run(runCtx) }()
		waitUntil(t, id+" sent", func() bool { return state(id) == domain.OutboxSent })
		stop()
		if err := <-done; err != nil {
			t.Fatalf("round %d: Run = %v", round, err)
		}
		enqueue("second") // while no Run runs: stays queued
		if got := state("second"); round == 0 && got != domain.OutboxQueued {
			t.Fatalf("sent while stopped: %s", got)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(recovered) != 1 || recovered[0] != "cut" || state("cut") != domain.OutboxUnknown {
		t.Errorf("recovered %v (cut is %s); want the interrupted message once, now unknown", recovered, state("cut"))
	}
}
