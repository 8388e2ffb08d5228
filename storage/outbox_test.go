package storage_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

// clock is a settable clock for store tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Advance is Add, by the name the registration tests use.
func (c *clock) Advance(d time.Duration) { c.Add(d) }

func mustEnqueue(tb testing.TB, s *storage.Store, m storage.OutboxMessage) bool {
	tb.Helper()
	ok, err := s.Enqueue(context.Background(), m)
	if err != nil {
		tb.Fatal(err)
	}
	return ok
}

func TestStore_OutboxLifecycle(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)}
	s := storagetest.Open(t, c.Now)
	msg := storage.OutboxMessage{ID: "2026-H1:d3:u7", ChatID: 7, Text: "hi", Kind: "school", Batch: "2026-H1:d3"}
	if !mustEnqueue(t, s, msg) {
		t.Fatal("first enqueue reported a duplicate")
	}
	if mustEnqueue(t, s, msg) {
		t.Fatal("second enqueue of the same id created a message")
	}
	mustEnqueue(t, s, storage.OutboxMessage{ID: "2026-H1:d3:u8", ChatID: 8, Batch: "2026-H1:d3", Text: "x"})
	mustEnqueue(t, s, storage.OutboxMessage{ID: "later", ChatID: 9, Text: "x", NotBefore: c.Now().Add(time.Hour)})

	due, err := s.DueOutbox(ctx, 10)
	if err != nil || len(due) != 2 || due[0].ID != "2026-H1:d3:u7" {
		t.Fatalf("DueOutbox = %+v, %v", due, err)
	}
	if ok, _ := s.ClaimOutbox(ctx, "2026-H1:d3:u7", "a"); !ok {
		t.Fatal("first claim failed")
	}
	if ok, _ := s.ClaimOutbox(ctx, "2026-H1:d3:u7", "b"); ok {
		t.Fatal("a claimed message was claimed again")
	}
	if err := s.MarkOutboxSent(ctx, "2026-H1:d3:u7", 7, []int{41}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.ClaimOutbox(ctx, "2026-H1:d3:u8", "a"); !ok {
		t.Fatal("claim u8")
	}
	if err := s.MarkOutboxFailed(ctx, "2026-H1:d3:u8", "Bad Request: chat not found", nil); err != nil {
		t.Fatal(err)
	}
	counts, err := s.OutboxCounts(ctx, "2026-H1:d3")
	if err != nil || counts[storage.OutboxSent] != 1 || counts[storage.OutboxFailed] != 1 {
		t.Fatalf("OutboxCounts = %v, %v", counts, err)
	}
	got, err := s.OutboxMessageByID(ctx, "2026-H1:d3:u7")
	if err != nil || got.State != storage.OutboxSent || got.SentChat != 7 || len(got.MessageIDs) != 1 || got.Tries != 1 {
		t.Fatalf("sent message = %+v, %v", got, err)
	}
	if _, err := s.OutboxMessageByID(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}

	c.Add(2 * time.Hour)
	if ok, _ := s.ClaimOutbox(ctx, "later", "a"); !ok {
		t.Fatal("claim later")
	}
	if err := s.RequeueOutbox(ctx, "later", c.Now().Add(time.Minute), "Too Many Requests"); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueOutbox(ctx, 10); len(due) != 0 {
		t.Fatalf("requeued message due before its time: %+v", due)
	}
	c.Add(time.Minute)
	if due, _ := s.DueOutbox(ctx, 10); len(due) != 1 {
		t.Fatalf("requeued message not due after its time: %+v", due)
	}
	if n, err := s.PruneOutbox(ctx, c.Now()); err != nil || n != 2 {
		t.Fatalf("PruneOutbox = %d, %v", n, err)
	}
}

func TestStore_RecoverOutbox(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := storagetest.OpenDir(t, dir, nil)
	mustEnqueue(t, s, storage.OutboxMessage{ID: "a", ChatID: 1, Text: "x"})
	mustEnqueue(t, s, storage.OutboxMessage{ID: "b", ChatID: 2, Text: "x"})
	if ok, _ := s.ClaimOutbox(ctx, "a", "dead"); !ok {
		t.Fatal("claim")
	}
	_ = s.Close(ctx) // the process dies mid-send
	s = storagetest.OpenDir(t, dir, nil)
	got, err := s.RecoverOutbox(ctx)
	if err != nil || len(got) != 1 || got[0].ID != "a" || got[0].State != storage.OutboxUnknown {
		t.Fatalf("RecoverOutbox = %+v, %v", got, err)
	}
	due, _ := s.DueOutbox(ctx, 10)
	if len(due) != 1 || due[0].ID != "b" {
		t.Fatalf("due after recovery = %+v; want only the queued one", due)
	}
	unknown, _ := s.OutboxByState(ctx, storage.OutboxUnknown, 0)
	if len(unknown) != 1 || unknown[0].ID != "a" {
		t.Fatalf("unknown = %+v", unknown)
	}
	if again, _ := s.RecoverOutbox(ctx); len(again) != 0 {
		t.Fatalf("second recovery = %+v", again)
	}
}

func TestStore_Lease(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)}
	s := storagetest.Open(t, c.Now)
	const ttl = 45 * time.Second
	acquire := func(holder string) bool {
		t.Helper()
		ok, err := s.AcquireLease(ctx, "scheduler", holder, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !acquire("A") {
		t.Fatal("A could not take a free lease")
	}
	if acquire("B") {
		t.Fatal("B took a lease A holds")
	}
	c.Add(30 * time.Second)
	if !acquire("A") {
		t.Fatal("A could not renew")
	}
	c.Add(30 * time.Second) // 60 s after the first take, 30 s after the renewal
	if acquire("B") {
		t.Fatal("B took a renewed lease before it expired")
	}
	if h, _, _ := s.LeaseHolder(ctx, "scheduler"); h != "A" {
		t.Fatalf("holder = %q", h)
	}
	c.Add(16 * time.Second) // A died: its lease expired
	if h, _, _ := s.LeaseHolder(ctx, "scheduler"); h != "" {
		t.Fatalf("expired lease still held by %q", h)
	}
	if !acquire("B") {
		t.Fatal("B could not take over an expired lease")
	}
	if acquire("A") {
		t.Fatal("A got its lease back from B")
	}
	if err := s.ReleaseLease(ctx, "scheduler", "A"); err != nil { // not A's: no effect
		t.Fatal(err)
	}
	if acquire("C") {
		t.Fatal("a release by a non-holder freed the lease")
	}
	if err := s.ReleaseLease(ctx, "scheduler", "B"); err != nil {
		t.Fatal(err)
	}
	if !acquire("C") {
		t.Fatal("C could not take a released lease")
	}
	// C crashed; D is the embedded store's only possible process and takes it at once.
	for _, holder := range []string{"D", "D"} { // also when D holds it already
		if err := s.TakeLease(ctx, "scheduler", holder, ttl); err != nil {
			t.Fatal(err)
		}
		if h, _, _ := s.LeaseHolder(ctx, "scheduler"); h != holder {
			t.Fatalf("holder after TakeLease = %q", h)
		}
	}
	if !acquire("D") || acquire("C") {
		t.Fatal("D cannot renew a taken lease, or C still can")
	}
	if err := s.TakeLease(ctx, "fresh", "D", ttl); err != nil { // no document yet: inserted
		t.Fatal(err)
	}
	if h, _, _ := s.LeaseHolder(ctx, "fresh"); h != "D" {
		t.Fatalf("holder of a new lease taken = %q", h)
	}
}
