package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/scheduler"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
	"github.com/rs/zerolog"
)

type noText struct{}

func (noText) T(lang, id string, _ map[string]any) string { return id }

type nopSender struct{}

func (nopSender) Deliver(_ context.Context, chat int64, _ string) bot.Delivery {
	return bot.Delivery{ChatID: chat, MessageIDs: []int{1}}
}
func (nopSender) ChatWait(int64) time.Duration { return 0 }

func newRunner(st *storage.Store, holder string) *scheduler.Runner {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	now := func() time.Time { return apptest1June() }
	s := &scheduler.Scheduler{Store: st, Text: noText{}, Loc: loc, Periods: domain.DefaultPeriodSchedule(), Config: scheduler.DefaultConfig(), Log: zerolog.Nop()}
	d := &scheduler.Dispatcher{Outbox: st, Sender: nopSender{}, Holder: holder, Now: now, Log: zerolog.Nop(), Poll: 10 * time.Millisecond}
	return &scheduler.Runner{Scheduler: s, Dispatcher: d, Leases: st, Outbox: st, Holder: holder, TTL: time.Minute, Renew: 10 * time.Millisecond, Now: now, Log: zerolog.Nop()}
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

func TestRunner_OneHolderAndTakeover(t *testing.T) {
	st := storagetest.Open(t, apptest1June)
	a, b := newRunner(st, "A"), newRunner(st, "B")
	ctxA, stopA := context.WithCancel(context.Background())
	doneA := make(chan struct{})
	go func() { defer close(doneA); _ = a.Run(ctxA) }()
	waitUntil(t, "A holds the lease", a.Holding)

	ctxB, stopB := context.WithCancel(context.Background())
	defer stopB()
	doneB := make(chan struct{})
	go func() { defer close(doneB); _ = b.Run(ctxB) }()
	// B keeps trying while A renews; give it a few rounds.
	for range 5 {
		if b.Holding() {
			t.Fatal("B holds the lease while A does")
		}
		time.Sleep(15 * time.Millisecond)
	}
	stopA() // A stops and releases: B takes over
	<-doneA
	waitUntil(t, "B takes over", b.Holding)
	stopB()
	<-doneB
	if h, _, _ := st.LeaseHolder(context.Background(), scheduler.LeaseName); h != "" {
		t.Fatalf("lease still held by %q after both stopped", h)
	}
}
