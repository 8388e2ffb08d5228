package tgtest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// SetWaitTimeout changes how long the waiting helpers wait before failing the test.
func (s *Server) SetWaitTimeout(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.waitTimeout = d
}

// Next waits for the next message the bot sends to chatID that the test has not taken yet
// (by Next or Expect), and takes it. Messages are taken in the order sent. On timeout it fails
// the test with a dump of the chat and of failed requests.
func (s *Server) Next(t testing.TB, chatID int64) SentMessage {
	t.Helper()
	var got SentMessage
	s.await(t, "the next message to chat "+fmt.Sprint(chatID), chatID, func() bool {
		ch := s.chats[chatID]
		if ch == nil || ch.consumed >= len(ch.sent) {
			return false
		}
		got = s.sent[ch.sent[ch.consumed]]
		ch.consumed++
		return true
	})
	return got
}

// Expect waits for a message to chatID whose Plain, Text or Caption contains substr, taking it
// and every untaken message before it, and returns it.
func (s *Server) Expect(t testing.TB, chatID int64, substr string) SentMessage {
	t.Helper()
	var got SentMessage
	s.await(t, fmt.Sprintf("a message to chat %d containing %q", chatID, substr), chatID, func() bool {
		ch := s.chats[chatID]
		if ch == nil {
			return false
		}
		for i := ch.consumed; i < len(ch.sent); i++ {
			m := s.sent[ch.sent[i]]
			if strings.Contains(m.Plain, substr) || strings.Contains(m.Text, substr) || strings.Contains(m.Caption, substr) {
				got, ch.consumed = m, i+1
				return true
			}
		}
		return false
	})
	return got
}

// NextEdit waits for the next edit in chatID not yet taken by NextEdit, and takes it.
func (s *Server) NextEdit(t testing.TB, chatID int64) Edit {
	t.Helper()
	var got Edit
	s.await(t, "the next edit in chat "+fmt.Sprint(chatID), chatID, func() bool {
		ch := s.chats[chatID]
		if ch == nil || ch.editsTaken >= len(ch.edits) {
			return false
		}
		got = s.edits[ch.edits[ch.editsTaken]]
		ch.editsTaken++
		return true
	})
	return got
}

// Untaken returns the messages to chatID that Next and Expect have not taken yet.
func (s *Server) Untaken(chatID int64) []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SentMessage
	if ch := s.chats[chatID]; ch != nil {
		for _, i := range ch.sent[ch.consumed:] {
			out = append(out, s.sent[i])
		}
	}
	return out
}

// WaitFor waits until cond returns true, calling it again after every change on the server
// (request, update, message). cond may call the server's snapshot methods.
func (s *Server) WaitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(s.waitTimeout())
	defer deadline.Stop()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("tgtest: condition not met after %v\n%s", s.waitTimeout(), s.dump(0))
			return
		}
	}
}

// WaitConfirmed waits until the bot has confirmed updateID with a getUpdates offset above it.
func (s *Server) WaitConfirmed(t testing.TB, updateID int) {
	t.Helper()
	s.await(t, fmt.Sprintf("getUpdates to confirm update %d", updateID), 0, func() bool {
		return s.offset > updateID
	})
}

// WaitAnswer waits for the bot to answer the callback query queryID (see User.Press).
func (s *Server) WaitAnswer(t testing.TB, queryID string) CallbackAnswer {
	t.Helper()
	var got CallbackAnswer
	s.await(t, "answerCallbackQuery for "+queryID, 0, func() bool {
		for _, a := range s.answers {
			if a.QueryID == queryID {
				got = a
				return true
			}
		}
		return false
	})
	return got
}

func (s *Server) waitTimeout() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg.waitTimeout
}

// await calls try with s.mu held after every change until it returns true.
func (s *Server) await(t testing.TB, what string, chatID int64, try func() bool) {
	t.Helper()
	d := s.waitTimeout()
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := try()
		changed := s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("tgtest: timed out after %v waiting for %s\n%s", d, what, s.dump(chatID))
			return
		}
	}
}

// dump describes the server's state for a failure message: the chat's messages, other chats,
// failed requests and the update queue.
func (s *Server) dump(chatID int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	if ch := s.chats[chatID]; ch != nil {
		fmt.Fprintf(&b, "messages sent to chat %d (%d taken):\n", chatID, ch.consumed)
		for k, i := range ch.sent {
			m := s.sent[i]
			mark := " "
			if k < ch.consumed {
				mark = "✓"
			}
			fmt.Fprintf(&b, "  %s #%d %s %q %s\n", mark, m.MessageID, m.Method, clip(m.Plain), m.Markup)
		}
		if len(ch.sent) == 0 {
			b.WriteString("  (none)\n")
		}
	}
	var others []string
	for id, ch := range s.chats {
		if id != chatID && len(ch.sent) > 0 {
			others = append(others, fmt.Sprintf("%d:%d", id, len(ch.sent)))
		}
	}
	if len(others) > 0 {
		fmt.Fprintf(&b, "other chats (id:messages): %s\n", strings.Join(others, " "))
	}
	var failed []Request
	for _, r := range s.requests {
		if r.Status != 200 {
			failed = append(failed, r)
		}
	}
	if n := len(failed); n > 10 {
		failed = failed[n-10:]
	}
	if len(failed) > 0 {
		b.WriteString("failed requests (last 10):\n")
		for _, r := range failed {
			fmt.Fprintf(&b, "  %s chat=%d -> %d %s\n", r.Method, r.ChatID, r.Status, r.Description)
		}
	}
	fmt.Fprintf(&b, "updates pending: %d, confirmed offset: %d, requests: %d, running: %v",
		len(s.updates), s.offset, len(s.requests), s.hs != nil)
	return b.String()
}

func clip(s string) string {
	if r := []rune(s); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return s
}

// Next waits for the next untaken message the bot sends to the user's private chat.
func (u *User) Next(t testing.TB) SentMessage { t.Helper(); return u.s.Next(t, u.id) }

// Expect waits for a message to the user's private chat containing substr (see Server.Expect).
func (u *User) Expect(t testing.TB, substr string) SentMessage {
	t.Helper()
	return u.s.Expect(t, u.id, substr)
}

// NextEdit waits for the next untaken edit in the user's private chat.
func (u *User) NextEdit(t testing.TB) Edit { t.Helper(); return u.s.NextEdit(t, u.id) }

// Messages returns the current state of the bot's messages in the private chat.
func (u *User) Messages() []Message { return u.s.Messages(u.id) }

// Next waits for the next untaken message the bot sends to the group.
func (g *Group) Next(t testing.TB) SentMessage { t.Helper(); return g.s.Next(t, g.id) }

// Expect waits for a message to the group containing substr (see Server.Expect).
func (g *Group) Expect(t testing.TB, substr string) SentMessage {
	t.Helper()
	return g.s.Expect(t, g.id, substr)
}

// NextEdit waits for the next untaken edit in the group.
func (g *Group) NextEdit(t testing.TB) Edit { t.Helper(); return g.s.NextEdit(t, g.id) }

// Messages returns the current state of the bot's messages in the group.
func (g *Group) Messages() []Message { return g.s.Messages(g.id) }
