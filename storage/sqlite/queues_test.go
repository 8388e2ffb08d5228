package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

func mustEnqueue(tb testing.TB, s *Store, m domain.OutboxMessage) bool {
	tb.Helper()
	ok, err := s.Enqueue(context.Background(), m)
	if err != nil {
		tb.Fatal(err)
	}
	return ok
}

func TestStore_Inbox(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpen(t, c.Now)
	for _, id := range []int64{1000, 9, 42, 1, 2, 3} {
		if created, err := s.StoreUpdate(ctx, id, 5, []byte(`{"update_id":1}`)); err != nil || !created {
			t.Fatalf("StoreUpdate(%d) = %v, %v", id, created, err)
		}
	}
	if created, err := s.StoreUpdate(ctx, 42, 0, []byte(`{}`)); err != nil || created {
		t.Fatalf("duplicate StoreUpdate = %v, %v", created, err)
	}
	got, err := s.PendingUpdates(ctx, "", 10)
	if err != nil || len(got) != 6 || got[0].UpdateID != 1 || got[5].UpdateID != 1000 || got[5].ID != "000000001000" || got[0].Raw != `{"update_id":1}` {
		t.Fatalf("pending = %+v, %v", got, err)
	}
	if after, _ := s.PendingUpdates(ctx, got[3].ID, 10); len(after) != 2 || after[0].UpdateID != 42 {
		t.Fatalf("PendingUpdates after 9 = %+v", after)
	}
	if err := s.MarkUpdateDone(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for want := 1; want <= 2; want++ {
		if n, err := s.MarkUpdateTried(ctx, 2, errors.New("boom")); err != nil || n != want {
			t.Fatalf("MarkUpdateTried = %d, %v; want %d", n, err, want)
		}
	}
	if _, err := s.MarkUpdateTried(ctx, 77, errors.New("x")); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("MarkUpdateTried of an unknown update: %v", err)
	}
	if err := s.MarkUpdateFailed(ctx, 3, errors.New("gave up")); err != nil {
		t.Fatal(err)
	}
	got, _ = s.PendingUpdates(ctx, "", 10)
	if len(got) != 4 || got[0].UpdateID != 2 || got[0].Tries != 2 || got[0].Error != "boom" {
		t.Fatalf("pending = %+v", got)
	}
	if err := s.DeleteUpdate(ctx, 1000); err != nil {
		t.Fatal(err)
	}
	s.MarkUpdateDone(ctx, 9)
	s.MarkUpdateDone(ctx, 42)
	if n, err := s.PruneConfirmed(ctx, 42); err != nil || n != 2 { // 1 and 9; 42 is not confirmed, 3 failed
		t.Fatalf("PruneConfirmed = %d, %v", n, err)
	}
	c.Add(time.Hour)
	if n, err := s.PruneUpdates(ctx, c.Now()); err != nil || n != 2 { // 42 done, 3 failed
		t.Fatalf("PruneUpdates = %d, %v", n, err)
	}
	if got, _ := s.PendingUpdates(ctx, "", 10); len(got) != 1 || got[0].UpdateID != 2 {
		t.Fatalf("left = %+v", got)
	}
}

func TestStore_OutboxLifecycle(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpen(t, c.Now)
	msg := domain.OutboxMessage{ID: "2026-H1:d3:u7", ChatID: 7, Text: "<b>hi</b>", Kind: "school", Batch: "2026-H1:d3"}
	if !mustEnqueue(t, s, msg) || mustEnqueue(t, s, msg) {
		t.Fatal("enqueue twice: want created, then not")
	}
	mustEnqueue(t, s, domain.OutboxMessage{ID: "2026-H1:d3:u8", ChatID: 8, Batch: "2026-H1:d3", Text: "x"})
	mustEnqueue(t, s, domain.OutboxMessage{ID: "later", ChatID: 9, Text: "x", NotBefore: c.Now().Add(time.Hour)})

	due, err := s.DueOutbox(ctx, 10)
	if err != nil || len(due) != 2 || due[0].ID != "2026-H1:d3:u7" || due[0].Text != "<b>hi</b>" || due[0].State != domain.OutboxQueued {
		t.Fatalf("DueOutbox = %+v, %v", due, err)
	}
	if ok, _ := s.ClaimOutbox(ctx, "2026-H1:d3:u7", "a"); !ok {
		t.Fatal("first claim failed")
	}
	if ok, _ := s.ClaimOutbox(ctx, "2026-H1:d3:u7", "b"); ok {
		t.Fatal("a claimed message was claimed again")
	}
	if err := s.MarkOutboxSent(ctx, "2026-H1:d3:u7", 7, []int{41, 42}); err != nil {
		t.Fatal(err)
	}
	s.ClaimOutbox(ctx, "2026-H1:d3:u8", "a")
	if err := s.MarkOutboxFailed(ctx, "2026-H1:d3:u8", "Bad Request: chat not found", nil); err != nil {
		t.Fatal(err)
	}
	counts, err := s.OutboxCounts(ctx, "2026-H1:d3")
	if err != nil || counts[domain.OutboxSent] != 1 || counts[domain.OutboxFailed] != 1 || len(counts) != 2 {
		t.Fatalf("OutboxCounts = %v, %v", counts, err)
	}
	got, err := s.OutboxMessageByID(ctx, "2026-H1:d3:u7")
	if err != nil || got.State != domain.OutboxSent || got.SentChat != 7 || len(got.MessageIDs) != 2 || got.Tries != 1 || got.Holder != "a" {
		t.Fatalf("sent message = %+v, %v", got, err)
	}
	if _, err := s.OutboxMessageByID(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if batch, _ := s.OutboxBatch(ctx, "2026-H1:d3"); len(batch) != 2 || batch[0].ID != "2026-H1:d3:u7" {
		t.Errorf("OutboxBatch = %+v", batch)
	}
	c.Add(2 * time.Hour)
	s.ClaimOutbox(ctx, "later", "a")
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
	if sent, _ := s.OutboxByState(ctx, domain.OutboxSent, 0); len(sent) != 1 {
		t.Errorf("OutboxByState(sent) = %+v", sent)
	}
	if n, err := s.PruneOutbox(ctx, c.Now()); err != nil || n != 2 {
		t.Fatalf("PruneOutbox = %d, %v", n, err)
	}
}

func TestStore_RecoverOutbox(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := mustOpenDir(t, dir, nil)
	mustEnqueue(t, s, domain.OutboxMessage{ID: "a", ChatID: 1, Text: "x"})
	mustEnqueue(t, s, domain.OutboxMessage{ID: "b", ChatID: 2, Text: "x"})
	if ok, _ := s.ClaimOutbox(ctx, "a", "dead"); !ok {
		t.Fatal("claim")
	}
	_ = s.Close(ctx)
	s = mustOpenDir(t, dir, nil)
	got, err := s.RecoverOutbox(ctx)
	if err != nil || len(got) != 1 || got[0].ID != "a" || got[0].State != domain.OutboxUnknown || got[0].Text != "x" {
		t.Fatalf("RecoverOutbox = %+v, %v", got, err)
	}
	if due, _ := s.DueOutbox(ctx, 10); len(due) != 1 || due[0].ID != "b" {
		t.Fatalf("due after recovery = %+v", due)
	}
	if unknown, _ := s.OutboxByState(ctx, domain.OutboxUnknown, 0); len(unknown) != 1 || unknown[0].ID != "a" {
		t.Fatalf("unknown = %+v", unknown)
	}
	if again, _ := s.RecoverOutbox(ctx); len(again) != 0 {
		t.Fatalf("second recovery = %+v", again)
	}
}

// race runs f in n goroutines at once and counts the ones that report a win.
func race(t *testing.T, n int, f func(i int) (bool, error)) int {
	t.Helper()
	var wins atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			won, err := f(i)
			if err != nil && !errors.Is(err, domain.ErrInviteUsed) {
				t.Errorf("racer %d: %v", i, err)
			}
			if won {
				wins.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	return int(wins.Load())
}

func TestStore_Races(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpen(t, c.Now)
	// A second store on the same file: another process (the CLI) racing too.
	other := mustOpenDir(t, dirOf(s), c.Now)
	pick := func(i int) *Store {
		if i%2 == 1 {
			return other
		}
		return s
	}
	for round := range 5 {
		inv, err := s.CreateInvite(ctx, "MN-A", 1001, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if wins := race(t, 8, func(i int) (bool, error) {
			_, err := pick(i).UseInvite(ctx, inv.Code, int64(100+i))
			return err == nil, err
		}); wins != 1 {
			t.Errorf("round %d: %d users registered with one code", round, wins)
		}
		lease := fmt.Sprintf("lease-%d", round)
		if wins := race(t, 8, func(i int) (bool, error) {
			return pick(i).AcquireLease(ctx, lease, fmt.Sprintf("holder-%d", i), time.Minute)
		}); wins != 1 {
			t.Errorf("round %d: %d holders won one lease", round, wins)
		}
		id := fmt.Sprintf("m%d", round)
		mustEnqueue(t, s, domain.OutboxMessage{ID: id, ChatID: 1, Text: "x"})
		if wins := race(t, 8, func(i int) (bool, error) {
			return pick(i).ClaimOutbox(ctx, id, fmt.Sprintf("sender-%d", i))
		}); wins != 1 {
			t.Errorf("round %d: %d senders claimed one message", round, wins)
		}
	}
}

func dirOf(s *Store) string { return s.path[:len(s.path)-len("/"+dbFile)] }

func TestStore_Lease(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpen(t, c.Now)
	const ttl = 45 * time.Second
	acquire := func(holder string) bool {
		t.Helper()
		ok, err := s.AcquireLease(ctx, "scheduler", holder, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !acquire("A") || acquire("B") {
		t.Fatal("A must take a free lease and B not take it from A")
	}
	c.Add(30 * time.Second)
	if !acquire("A") {
		t.Fatal("A could not renew")
	}
	c.Add(30 * time.Second)
	if acquire("B") {
		t.Fatal("B took a renewed lease before it expired")
	}
	if h, _, _ := s.LeaseHolder(ctx, "scheduler"); h != "A" {
		t.Fatalf("holder = %q", h)
	}
	c.Add(16 * time.Second)
	if h, _, _ := s.LeaseHolder(ctx, "scheduler"); h != "" {
		t.Fatalf("expired lease still held by %q", h)
	}
	if !acquire("B") || acquire("A") {
		t.Fatal("B must take over an expired lease, and keep it")
	}
	if err := s.ReleaseLease(ctx, "scheduler", "A"); err != nil || acquire("C") {
		t.Fatalf("a release by a non-holder freed the lease: %v", err)
	}
	if err := s.ReleaseLease(ctx, "scheduler", "B"); err != nil || !acquire("C") {
		t.Fatalf("C could not take a released lease: %v", err)
	}
	if err := s.TakeLease(ctx, "scheduler", "D", ttl); err != nil {
		t.Fatal(err)
	}
	if h, _, _ := s.LeaseHolder(ctx, "scheduler"); h != "D" || acquire("C") || !acquire("D") {
		t.Fatalf("after TakeLease holder = %q", h)
	}
}
