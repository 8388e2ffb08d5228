package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

func mustEnqueue(tb testing.TB, e *env, m domain.OutboxMessage) bool {
	tb.Helper()
	created, err := e.s.Enqueue(e.ctx, m)
	mustDo(tb, "Enqueue "+m.ID, err)
	return created
}

func mustClaim(tb testing.TB, e *env, id, holder string) {
	tb.Helper()
	if ok, err := e.s.ClaimOutbox(e.ctx, id, holder); err != nil || !ok {
		tb.Fatalf("ClaimOutbox(%s) = %v, %v; want true", id, ok, err)
	}
}

func mustOutbox(tb testing.TB, e *env, id string) domain.OutboxMessage {
	tb.Helper()
	return try(e.s.OutboxMessageByID(e.ctx, id)).must(tb)
}

func outboxIDs(ms []domain.OutboxMessage) []string {
	ids := []string{}
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	return ids
}

// reminder is a reminder of batch "2026-H1:d3" to user chat.
func reminder(id string, chat int64) domain.OutboxMessage {
	return domain.OutboxMessage{ID: id, ChatID: chat, Kind: "school", Batch: "2026-H1:d3",
		Text: "⏰ Nhắc: Trường chưa gửi <b>Báo cáo 6 tháng</b>. Bấm /report để nhập."}
}

func outboxCases() []testCase {
	return []testCase{
		{name: "Enqueue/once per id, in any state", run: func(t *testing.T, e *env) {
			m := reminder("2026-H1:d3:u7", 7)
			if !mustEnqueue(t, e, m) {
				t.Fatal("first Enqueue = false")
			}
			if mustEnqueue(t, e, m) {
				t.Error("second Enqueue of a queued id = true")
			}
			mustClaim(t, e, m.ID, "a")
			mustDo(t, "MarkOutboxSent", e.s.MarkOutboxSent(e.ctx, m.ID, 7, []int{41}))
			m.Text = "another text"
			if mustEnqueue(t, e, m) {
				t.Error("Enqueue of a sent id = true")
			}
			if got := mustOutbox(t, e, m.ID); got.State != domain.OutboxSent || got.Text != reminder("", 0).Text {
				t.Errorf("the sent message changed: %+v", got)
			}
		}},
		{name: "Enqueue/fields and texts round-trip", run: func(t *testing.T, e *env) {
			for name, text := range hostileTexts {
				m := domain.OutboxMessage{ID: "announce-1:" + name, ChatID: -1001987654321, Text: text, Kind: "announce", Batch: "announce-1"}
				mustEnqueue(t, e, m)
				want := m
				want.State, want.Created, want.Updated, want.NotBefore = domain.OutboxQueued, Start, Start, Start
				got := mustOutbox(t, e, m.ID)
				same(t, "message "+name, got, want)
				wantUTC(t, "Created", got.Created)
			}
			notBefore := time.Date(2026, 6, 17, 7, 30, 0, 0, ict)
			mustEnqueue(t, e, domain.OutboxMessage{ID: "later", ChatID: 1, Text: "x", NotBefore: notBefore})
			if got := mustOutbox(t, e, "later"); !got.NotBefore.Equal(notBefore) {
				t.Errorf("NotBefore = %v, want %v", got.NotBefore, notBefore)
			} else {
				wantUTC(t, "NotBefore", got.NotBefore)
			}
		}},
		{name: "OutboxMessageByID/missing", run: func(t *testing.T, e *env) {
			_, err := e.s.OutboxMessageByID(e.ctx, "nope")
			wantNotFound(t, "OutboxMessageByID(nope)", err)
		}},
		{name: "DueOutbox/oldest first, due only, texts included", run: func(t *testing.T, e *env) {
			mustEnqueue(t, e, reminder("b", 2))
			e.clock.Advance(time.Second)
			mustEnqueue(t, e, reminder("a", 1))
			e.clock.Advance(time.Second)
			mustEnqueue(t, e, reminder("c", 3))
			mustEnqueue(t, e, domain.OutboxMessage{ID: "later", ChatID: 9, Text: "x", NotBefore: e.clock.Now().Add(time.Hour)})
			due := try(e.s.DueOutbox(e.ctx, 10)).must(t)
			same(t, "due", outboxIDs(due), []string{"b", "a", "c"})
			for _, m := range due {
				if m.Text != reminder("", 0).Text || m.State != domain.OutboxQueued {
					t.Errorf("due message %s: text %q, state %s", m.ID, m.Text, m.State)
				}
			}
			same(t, "due, limit 2", outboxIDs(try(e.s.DueOutbox(e.ctx, 2)).must(t)), []string{"b", "a"})
			mustClaim(t, e, "b", "x")
			same(t, "due after a claim", outboxIDs(try(e.s.DueOutbox(e.ctx, 10)).must(t)), []string{"a", "c"})
			e.clock.Advance(time.Hour)
			same(t, "due an hour later", outboxIDs(try(e.s.DueOutbox(e.ctx, 10)).must(t)), []string{"a", "c", "later"})
		}},
		{name: "DueOutbox/empty", run: func(t *testing.T, e *env) {
			if due := try(e.s.DueOutbox(e.ctx, 10)).must(t); len(due) != 0 {
				t.Errorf("due in an empty store = %+v", due)
			}
		}},
		{name: "ClaimOutbox/once", run: func(t *testing.T, e *env) {
			mustEnqueue(t, e, reminder("m", 7))
			e.clock.Advance(time.Minute)
			mustClaim(t, e, "m", "replica-a")
			if ok, err := e.s.ClaimOutbox(e.ctx, "m", "replica-b"); ok || err != nil {
				t.Errorf("second claim = %v, %v; want false, nil", ok, err)
			}
			got := mustOutbox(t, e, "m")
			if got.State != domain.OutboxSending || got.Holder != "replica-a" || got.Tries != 1 || !got.Updated.Equal(e.clock.Now()) {
				t.Errorf("claimed message = %+v", got)
			}
			if ok, err := e.s.ClaimOutbox(e.ctx, "nope", "replica-a"); ok || err != nil && !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("claim of a missing message = %v, %v; want false", ok, err)
			}
		}},
		{name: "Mark/sent, failed, unknown", run: func(t *testing.T, e *env) {
			for _, id := range []string{"s", "f", "u"} {
				mustEnqueue(t, e, reminder(id, 7))
				mustClaim(t, e, id, "a")
			}
			e.clock.Advance(time.Minute)
			mustDo(t, "MarkOutboxSent", e.s.MarkOutboxSent(e.ctx, "s", -1009, []int{41, 42}))
			mustDo(t, "MarkOutboxFailed", e.s.MarkOutboxFailed(e.ctx, "f", "Forbidden: bot was blocked by the user", []int{43}))
			mustDo(t, "MarkOutboxUnknown", e.s.MarkOutboxUnknown(e.ctx, "u", "timeout"))
			now := e.clock.Now()
			if m := mustOutbox(t, e, "s"); m.State != domain.OutboxSent || m.SentChat != -1009 || !slices.Equal(m.MessageIDs, []int{41, 42}) || m.Tries != 1 || !m.Updated.Equal(now) {
				t.Errorf("sent = %+v", m)
			}
			if m := mustOutbox(t, e, "f"); m.State != domain.OutboxFailed || m.Description != "Forbidden: bot was blocked by the user" || !slices.Equal(m.MessageIDs, []int{43}) || !m.Updated.Equal(now) {
				t.Errorf("failed = %+v", m)
			}
			if m := mustOutbox(t, e, "u"); m.State != domain.OutboxUnknown || m.Description != "timeout" || !m.Updated.Equal(now) {
				t.Errorf("unknown = %+v", m)
			}
		}},
		{name: "RequeueOutbox/not before", run: func(t *testing.T, e *env) {
			mustEnqueue(t, e, reminder("r", 7))
			mustClaim(t, e, "r", "a")
			mustDo(t, "RequeueOutbox", e.s.RequeueOutbox(e.ctx, "r", e.clock.Now().Add(time.Minute), "Too Many Requests: retry after 60"))
			if m := mustOutbox(t, e, "r"); m.State != domain.OutboxQueued || m.Description != "Too Many Requests: retry after 60" || !m.NotBefore.Equal(Start.Add(time.Minute)) {
				t.Errorf("requeued = %+v", m)
			}
			if due := try(e.s.DueOutbox(e.ctx, 10)).must(t); len(due) != 0 {
				t.Fatalf("requeued message due before its time: %+v", outboxIDs(due))
			}
			e.clock.Advance(time.Minute)
			same(t, "due after its time", outboxIDs(try(e.s.DueOutbox(e.ctx, 10)).must(t)), []string{"r"})
			mustClaim(t, e, "r", "b")
			if m := mustOutbox(t, e, "r"); m.Tries != 2 || m.Holder != "b" {
				t.Errorf("claimed again = %+v; want 2 tries, holder b", m)
			}
		}},
		{name: "RecoverOutbox/sending becomes unknown", run: func(t *testing.T, e *env) {
			mustEnqueue(t, e, reminder("a", 1))
			mustEnqueue(t, e, reminder("b", 2))
			mustClaim(t, e, "a", "dead")
			got := try(e.s.RecoverOutbox(e.ctx)).must(t)
			if len(got) != 1 || got[0].ID != "a" || got[0].State != domain.OutboxUnknown {
				t.Fatalf("RecoverOutbox = %+v", got)
			}
			if m := mustOutbox(t, e, "a"); m.State != domain.OutboxUnknown {
				t.Errorf("recovered message state = %s", m.State)
			}
			same(t, "due after recovery", outboxIDs(try(e.s.DueOutbox(e.ctx, 10)).must(t)), []string{"b"})
			if again := try(e.s.RecoverOutbox(e.ctx)).must(t); len(again) != 0 {
				t.Errorf("second RecoverOutbox = %+v", again)
			}
		}},
		{name: "OutboxBatch, OutboxCounts and OutboxByState", run: func(t *testing.T, e *env) {
			for _, id := range []string{"2026-H1:d3:u1", "2026-H1:d3:u2", "2026-H1:d3:u3", "2026-H1:d3:u4"} {
				mustEnqueue(t, e, reminder(id, 1))
			}
			mustEnqueue(t, e, domain.OutboxMessage{ID: "announce-2:u1", ChatID: 1, Text: "x", Batch: "announce-2"})
			mustClaim(t, e, "2026-H1:d3:u1", "a")
			mustDo(t, "sent", e.s.MarkOutboxSent(e.ctx, "2026-H1:d3:u1", 1, []int{5}))
			mustClaim(t, e, "2026-H1:d3:u2", "a")
			mustDo(t, "failed", e.s.MarkOutboxFailed(e.ctx, "2026-H1:d3:u2", "Bad Request: chat not found", nil))
			mustClaim(t, e, "2026-H1:d3:u3", "a")
			batch := outboxIDs(try(e.s.OutboxBatch(e.ctx, "2026-H1:d3")).must(t))
			slices.Sort(batch)
			same(t, "batch", batch, []string{"2026-H1:d3:u1", "2026-H1:d3:u2", "2026-H1:d3:u3", "2026-H1:d3:u4"})
			same(t, "counts", try(e.s.OutboxCounts(e.ctx, "2026-H1:d3")).must(t), map[domain.OutboxState]int{
				domain.OutboxSent: 1, domain.OutboxFailed: 1, domain.OutboxSending: 1, domain.OutboxQueued: 1})
			if c := try(e.s.OutboxCounts(e.ctx, "none")).must(t); c == nil || len(c) != 0 {
				t.Errorf("counts of an unknown batch = %#v; want an empty map", c)
			}
			if b := try(e.s.OutboxBatch(e.ctx, "none")).must(t); len(b) != 0 {
				t.Errorf("unknown batch = %+v", b)
			}
			queued := outboxIDs(try(e.s.OutboxByState(e.ctx, domain.OutboxQueued, 10)).must(t))
			slices.Sort(queued)
			same(t, "queued", queued, []string{"2026-H1:d3:u4", "announce-2:u1"})
			if n := len(try(e.s.OutboxByState(e.ctx, domain.OutboxQueued, 1)).must(t)); n != 1 {
				t.Errorf("queued, limit 1: %d messages", n)
			}
			same(t, "failed", outboxIDs(try(e.s.OutboxByState(e.ctx, domain.OutboxFailed, 10)).must(t)), []string{"2026-H1:d3:u2"})
			same(t, "unknown", outboxIDs(try(e.s.OutboxByState(e.ctx, domain.OutboxUnknown, 10)).must(t)), []string{})
		}},
		{name: "PruneOutbox/finished messages before the cutoff", run: func(t *testing.T, e *env) {
			for _, id := range []string{"queued", "sending", "sent", "failed", "unknown", "sent-late"} {
				mustEnqueue(t, e, reminder(id, 1))
			}
			for _, id := range []string{"sending", "sent", "failed", "unknown", "sent-late"} {
				mustClaim(t, e, id, "a")
			}
			mustDo(t, "sent", e.s.MarkOutboxSent(e.ctx, "sent", 1, []int{1}))
			mustDo(t, "failed", e.s.MarkOutboxFailed(e.ctx, "failed", "Forbidden", nil))
			mustDo(t, "unknown", e.s.MarkOutboxUnknown(e.ctx, "unknown", "timeout"))
			e.clock.Advance(2 * time.Hour)
			mustDo(t, "sent late", e.s.MarkOutboxSent(e.ctx, "sent-late", 1, []int{2}))
			if n, err := e.s.PruneOutbox(e.ctx, Start.Add(time.Hour)); err != nil || n != 3 {
				t.Fatalf("PruneOutbox = %d, %v; want 3 (sent, failed, unknown)", n, err)
			}
			for _, id := range []string{"sent", "failed", "unknown"} {
				_, err := e.s.OutboxMessageByID(e.ctx, id)
				wantNotFound(t, "pruned "+id, err)
			}
			for _, id := range []string{"queued", "sending", "sent-late"} {
				mustOutbox(t, e, id)
			}
			if !mustEnqueue(t, e, reminder("sent", 1)) {
				t.Error("the id of a pruned message cannot be queued again")
			}
		}},
	}
}
