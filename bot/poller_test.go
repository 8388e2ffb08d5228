package bot

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/rs/zerolog"
)

func connect(t *testing.T, tg *tgtest.Server, token string) (*Client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return Connect(ctx, ClientConfig{Token: token, Endpoint: tg.Endpoint(), PollTimeout: 1, Logger: zerolog.New(zerolog.NewTestWriter(t))})
}

func TestConnect_BadTokenFailsAtOnce(t *testing.T) {
	tg := tgtest.New(t)
	_, err := connect(t, tg, "999:WRONG")
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("Connect with a wrong token: %v, want ErrUnauthorized", err)
	}
}

func TestConnect_WaitsForTelegram(t *testing.T) {
	tg := tgtest.New(t)
	tg.Stop()
	done := make(chan error, 1)
	go func() {
		_, err := connect(t, tg, tg.Token())
		done <- err
	}()
	time.Sleep(700 * time.Millisecond) // at least one failed getMe
	tg.Restart()
	if err := <-done; err != nil {
		t.Fatalf("Connect after Telegram came back: %v", err)
	}
}

// flakyInbox fails the first store of each update once, then remembers it.
type flakyInbox struct {
	mu     sync.Mutex
	failed map[int64]bool
	stored []int64
}

func (f *flakyInbox) StoreUpdate(_ context.Context, id, _ int64, _ []byte) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.failed[id] {
		f.failed[id] = true
		return false, errors.New("storage down")
	}
	for _, s := range f.stored {
		if s == id {
			return false, nil
		}
	}
	f.stored = append(f.stored, id)
	return true, nil
}

func (f *flakyInbox) PruneConfirmed(context.Context, int64) (int64, error) { return 0, nil }

func TestPoller_AdvancesOffsetOnlyAfterStoring(t *testing.T) {
	tg := tgtest.New(t)
	c, err := connect(t, tg, tg.Token())
	if err != nil {
		t.Fatal(err)
	}
	inbox := &flakyInbox{failed: map[int64]bool{}}
	notified := make(chan struct{}, 10)
	p := &Poller{Source: c, Inbox: inbox, Timeout: 1, Handoff: func([]domain.InboxUpdate) { notified <- struct{}{} }, Log: zerolog.New(zerolog.NewTestWriter(t))}
	u := tg.User(10, "Lan", "vi")
	first := u.Send("một")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	<-notified
	if tg.Offset() > first.UpdateID {
		t.Fatalf("offset %d confirmed update %d before it was stored", tg.Offset(), first.UpdateID)
	}
	second := u.Send("hai")
	tg.WaitConfirmed(t, second.UpdateID)
	cancel()
	<-done
	inbox.mu.Lock()
	defer inbox.mu.Unlock()
	if len(inbox.stored) != 2 || inbox.stored[0] != int64(first.UpdateID) {
		t.Fatalf("stored %v; want both updates in order, each once", inbox.stored)
	}
}

func TestPoller_StopsPromptlyAndPollsAgain(t *testing.T) {
	tg := tgtest.New(t)
	ctx0, cancel0 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel0()
	c, err := Connect(ctx0, ClientConfig{Token: tg.Token(), Endpoint: tg.Endpoint(), PollTimeout: 30, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	inbox := &flakyInbox{failed: map[int64]bool{}}
	p := &Poller{Source: c, Inbox: inbox, Timeout: 30, Log: zerolog.New(zerolog.NewTestWriter(t))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	tg.WaitFor(t, tg.Polling)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("poller still running 5 s after cancel with a 30 s long poll open")
	}

	// Polling again on the same client, as a replica does that regains the active role.
	stored := make(chan struct{}, 1)
	p.Handoff = func([]domain.InboxUpdate) { stored <- struct{}{} }
	up := tg.User(12, "Bình", "vi").Send("lại")
	inbox.mu.Lock()
	inbox.failed[int64(up.UpdateID)] = true // stored at the first try
	inbox.mu.Unlock()
	ctx, cancel = context.WithCancel(context.Background())
	done = make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	select {
	case <-stored:
	case <-time.After(10 * time.Second):
		t.Fatal("a poller run again after a stop does not receive updates")
	}
}

func TestPoller_SkipsMalformedUpdate(t *testing.T) {
	tg := tgtest.New(t)
	c, err := connect(t, tg, tg.Token())
	if err != nil {
		t.Fatal(err)
	}
	inbox := &flakyInbox{failed: map[int64]bool{}}
	p := &Poller{Source: c, Inbox: inbox, Timeout: 1, Log: zerolog.New(zerolog.NewTestWriter(t))}
	bad := tg.QueueUpdate(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: "q1", Data: "x"}}) // no sender
	good := tg.User(11, "An", "vi").Send("ba")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	tg.WaitConfirmed(t, good.UpdateID)
	cancel()
	<-done
	inbox.mu.Lock()
	defer inbox.mu.Unlock()
	if len(inbox.stored) != 1 || inbox.stored[0] != int64(good.UpdateID) || bad.UpdateID >= good.UpdateID {
		t.Fatalf("stored %v; want only update %d, the malformed %d confirmed and skipped", inbox.stored, good.UpdateID, bad.UpdateID)
	}
}
