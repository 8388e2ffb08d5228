package scheduler_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storetest"
)

// whileDown runs f on the bot's store while the bot is stopped, as if the process had
// died at that point, then starts the bot again.
func whileDown(t *testing.T, h *apptest.Harness, f func(st storage.Store)) {
	t.Helper()
	h.Stop()
	st := storetest.OpenDir(t, h.Dir, h.Clock.Now)
	f(st)
	must(t, st.Close(context.Background()))
	h.StartBot()
}

func outboxMsg(t *testing.T, h *apptest.Harness, id string) domain.OutboxMessage {
	t.Helper()
	m, err := h.App.Store.OutboxMessageByID(context.Background(), id)
	must(t, err)
	return m
}

func enqueue(t *testing.T, st storage.Store, id string, chat int64, text string) {
	t.Helper()
	if ok, err := st.Enqueue(context.Background(), domain.OutboxMessage{ID: id, ChatID: chat, Text: text, Kind: "test", Batch: "test"}); err != nil || !ok {
		t.Fatalf("enqueue %s: %v, %v", id, ok, err)
	}
}

func TestDispatcher_KillBetweenInsertAndSendSendsAfterRestart(t *testing.T) {
	h := startDistrict(t)
	whileDown(t, h, func(st storage.Store) { enqueue(t, st, "2026-H1:d14:u201", lan, "nhắc Lan") })
	waitSent(t, h)
	if got := h.TG.SentTo(lan); len(got) != 1 || got[0].Plain != "nhắc Lan" {
		t.Fatalf("Lan got %+v, want the queued reminder once", got)
	}
	if m := outboxMsg(t, h, "2026-H1:d14:u201"); m.State != domain.OutboxSent || len(m.MessageIDs) != 1 {
		t.Fatalf("outbox = %+v", m)
	}
}

func TestDispatcher_KillDuringSendIsUnknownAndNotResent(t *testing.T) {
	h := startDistrict(t)
	whileDown(t, h, func(st storage.Store) {
		enqueue(t, st, "2026-H1:d14:u201", lan, "nhắc Lan")
		if ok, err := st.ClaimOutbox(context.Background(), "2026-H1:d14:u201", "dead-process"); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
	})
	notice := h.Officer().Expect(t, "không gửi lại")
	if !strings.Contains(notice.Plain, "2026-H1:d14:u201") {
		t.Errorf("officer notice %q does not list the interrupted message", notice.Plain)
	}
	waitSent(t, h)
	if m := outboxMsg(t, h, "2026-H1:d14:u201"); m.State != domain.OutboxUnknown {
		t.Fatalf("interrupted message is %s, want unknown", m.State)
	}
	h.Restart() // a second restart neither re-sends nor re-lists it
	waitSent(t, h)
	if got := h.TG.SentTo(lan); len(got) != 0 {
		t.Fatalf("an interrupted message was sent again: %+v", got)
	}
	if got := h.TG.SentTo(apptest.Officer); len(got) != 1 {
		t.Fatalf("officer got %d notices, want 1", len(got))
	}
}

func TestDispatcher_TelegramErrors(t *testing.T) {
	t.Run("429 waits retry_after and retries", func(t *testing.T) {
		h := startDistrict(t)
		h.TG.Throttle(lan, 1, 1)
		enqueue(t, h.App.Store, "a", lan, "sau khi chờ")
		waitSent(t, h)
		if got := h.TG.SentTo(lan); len(got) != 1 || h.TG.Throttled() != 1 {
			t.Fatalf("sent %d, throttled %d; want 1 and 1", len(got), h.TG.Throttled())
		}
		if !h.Logs.Contains("telegram rate limit (429); waiting") {
			t.Error("the 429 wait was not logged")
		}
	})
	t.Run("429 longer than the cap goes back to the queue", func(t *testing.T) {
		h := startDistrict(t)
		h.TG.Throttle(lan, 600, 1)
		enqueue(t, h.App.Store, "a", lan, "muộn hơn")
		h.App.Reminders.Dispatcher.Notify()
		h.TG.WaitFor(t, func() bool { return h.TG.Throttled() == 1 })
		deadline := time.Now().Add(10 * time.Second)
		for outboxMsg(t, h, "a").Tries == 0 || outboxMsg(t, h, "a").State != domain.OutboxQueued {
			if time.Now().After(deadline) {
				t.Fatalf("message = %+v, want queued again", outboxMsg(t, h, "a"))
			}
			time.Sleep(10 * time.Millisecond)
		}
		if m := outboxMsg(t, h, "a"); m.NotBefore.Before(h.Clock.Now().Add(599 * time.Second)) {
			t.Errorf("requeued for %v, want after retry_after", m.NotBefore)
		}
		h.Clock.Advance(601 * time.Second)
		waitSent(t, h)
		if got := h.TG.SentTo(lan); len(got) != 1 {
			t.Fatalf("sent %d after the wait, want 1", len(got))
		}
	})
	t.Run("403 marks the user unreachable", func(t *testing.T) {
		h := startDistrict(t)
		f := tgtest.BlockedByUser()
		f.ChatID = lan
		h.TG.Inject(f)
		enqueue(t, h.App.Store, "a", lan, "bị chặn")
		waitSent(t, h)
		m := outboxMsg(t, h, "a")
		if m.State != domain.OutboxFailed || !strings.Contains(m.Description, "blocked") {
			t.Fatalf("outbox = %+v", m)
		}
		if u, _ := h.App.Store.User(context.Background(), lan); !u.Unreachable {
			t.Fatal("user not marked unreachable")
		}
		// The next officer digest lists her.
		s := schedulerOf(h, nil)
		_, err := s.Check(context.Background(), apptest.VN(2026, 6, 16, 8, 0))
		must(t, err)
		waitSent(t, h)
		if d := h.TG.SentTo(apptest.Officer); len(d) != 1 || !strings.Contains(d[0].Plain, "Lan ("+nameLaiCach+"): đã chặn bot") {
			t.Fatalf("officer digest = %+v", d)
		}
	})
	t.Run("403 kicked disables the group", func(t *testing.T) {
		h := startDistrict(t)
		h.TG.BotRemovedFrom(h.TG.Group(thcsGroup, "", false))
		enqueue(t, h.App.Store, "a", thcsGroup, "nhóm")
		waitSent(t, h)
		if g, _ := h.App.Store.Group(context.Background(), thcsGroup); g.Active || g.Disabled != "kicked" {
			t.Fatalf("group = %+v, want disabled as kicked", g)
		}
	})
	t.Run("migrate_to_chat_id moves the group and retries", func(t *testing.T) {
		h := startDistrict(t)
		const newID = int64(-100777)
		h.TG.MigrateGroup(thcsGroup, newID)
		enqueue(t, h.App.Store, "a", thcsGroup, "nhóm mới")
		waitSent(t, h)
		if got := h.TG.SentTo(newID); len(got) != 1 {
			t.Fatalf("new supergroup got %d messages, want 1", len(got))
		}
		if m := outboxMsg(t, h, "a"); m.State != domain.OutboxSent || m.SentChat != newID {
			t.Fatalf("outbox = %+v", m)
		}
		g, err := h.App.Store.Group(context.Background(), newID)
		if err != nil || !g.Active || g.Level != domain.LevelTHCS {
			t.Fatalf("moved group = %+v, %v", g, err)
		}
	})
	t.Run("other 400 is failed with the description", func(t *testing.T) {
		h := startDistrict(t)
		enqueue(t, h.App.Store, "a", lan, "<b>hỏng")
		waitSent(t, h)
		if m := outboxMsg(t, h, "a"); m.State != domain.OutboxFailed || !strings.Contains(m.Description, "Bad Request") {
			t.Fatalf("outbox = %+v", m)
		}
	})
}

// TestDispatcher_ThousandMessages sends 1,000 messages (two to each of 500 people)
// through a Telegram that enforces flood limits: none is lost, none doubled.
func TestDispatcher_ThousandMessages(t *testing.T) {
	if testing.Short() {
		t.Skip("30-40 s: every outbox update scans the collection on the embedded server")
	}
	srv := tgtest.New(t, tgtest.WithRateLimits(tgtest.RateLimits{GlobalPerSecond: 300, PerChatPerSecond: 1, PerChatBurst: 3, GroupPerMinute: 20}),
		tgtest.WithWaitTimeout(60*time.Second))
	cfg := filepath.Join(t.TempDir(), "reportbot.yaml")
	must(t, os.WriteFile(cfg, []byte("sender:\n  global_per_second: 250\n  per_chat_per_second: 1\n  per_chat_burst: 3\n  group_per_minute: 15\n"), 0o600))
	h := apptest.Start(t, apptest.WithServer(srv), apptest.WithEnv("REPORTBOT_CONFIG", cfg), apptest.WithEnv("LOG_LEVEL", "warn"))
	people, each := 500, 2
	if raceOn {
		people = 100
	}
	for i := range people {
		srv.User(int64(10000+i), fmt.Sprintf("U%d", i), "vi")
	}
	whileDown(t, h, func(st storage.Store) { // one big broadcast, queued at once
		for k := range each {
			for i := range people {
				enqueue(t, st, fmt.Sprintf("bulk-%d:u%d", k, 10000+i), int64(10000+i), fmt.Sprintf("tin %d cho %d", k, 10000+i))
			}
		}
	})
	start := time.Now()
	waitSent(t, h)
	t.Logf("sent %d messages in %v", people*each, time.Since(start))
	seen := map[string]int{}
	for _, m := range srv.Sent() {
		seen[m.Plain]++
	}
	for k := range each {
		for i := range people {
			if n := seen[fmt.Sprintf("tin %d cho %d", k, 10000+i)]; n != 1 {
				t.Fatalf("message %d to %d arrived %d times", k, 10000+i, n)
			}
		}
	}
	if len(srv.Sent()) != people*each {
		t.Fatalf("Telegram got %d messages, want %d", len(srv.Sent()), people*each)
	}
	counts, err := h.App.Store.OutboxCounts(context.Background(), "test")
	must(t, err)
	if counts[domain.OutboxSent] != people*each {
		t.Fatalf("outbox counts = %v", counts)
	}
	t.Logf("429 answers: %d, requests %d", srv.Throttled(), len(srv.Requests()))
}
