package tgtest

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Sent returns every message the bot sent, in order.
func (s *Server) Sent() []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SentMessage(nil), s.sent...)
}

// SentTo returns the messages the bot sent to one chat, in order.
func (s *Server) SentTo(chatID int64) []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SentMessage
	if ch := s.chats[chatID]; ch != nil {
		for _, i := range ch.sent {
			out = append(out, s.sent[i])
		}
	}
	return out
}

// Messages returns the current state of the bot's messages in one chat, oldest first, after
// edits and without deleted ones.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	if ch := s.chats[chatID]; ch != nil {
		for _, id := range ch.botMsgs {
			if m := ch.msgs[id]; !m.deleted {
				out = append(out, m.cur)
			}
		}
	}
	return out
}

// Message returns the current state of one bot message; false if unknown or deleted.
func (s *Server) Message(chatID int64, messageID int) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.chats[chatID]; ch != nil {
		if m := ch.msgs[messageID]; m != nil && m.fromBot && !m.deleted {
			return m.cur, true
		}
	}
	return Message{}, false
}

// Deleted returns the ids of messages deleted by deleteMessage in one chat, in order.
func (s *Server) Deleted(chatID int64) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.chats[chatID]; ch != nil {
		return append([]int(nil), ch.deleted...)
	}
	return nil
}

// Edits returns every successful edit, in order.
func (s *Server) Edits() []Edit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Edit(nil), s.edits...)
}

// CallbackAnswers returns every successful answerCallbackQuery, in order.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CallbackAnswer(nil), s.answers...)
}

// ChatActions returns the chat actions sent to one chat (0: all chats), in order.
func (s *Server) ChatActions(chatID int64) []ChatAction {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ChatAction
	for _, a := range s.actions {
		if chatID == 0 || a.ChatID == chatID {
			out = append(out, a)
		}
	}
	return out
}

// Requests returns every request received, failed ones included, in order of completion.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Calls counts the requests to one method (exact Bot API spelling, e.g. "sendMessage").
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.Method == method {
			n++
		}
	}
	return n
}

// Throttled counts the 429 answers given, injected and rate-limited alike.
func (s *Server) Throttled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttled
}

// Commands returns the commands set for a scope by setMyCommands (nil when none).
func (s *Server) Commands(scope CommandScope) []tgbotapi.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]tgbotapi.BotCommand(nil), s.commands[normScope(scope)]...)
}

// CommandScopes returns every scope that has commands set.
func (s *Server) CommandScopes() []CommandScope {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CommandScope
	for k := range s.commands {
		out = append(out, k)
	}
	return out
}

// Webhook returns what setWebhook and deleteWebhook recorded.
func (s *Server) Webhook() WebhookState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

// Polling reports whether a getUpdates long poll is waiting right now, so a test can queue an
// update exactly while the bot is blocked in getUpdates.
func (s *Server) Polling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pollCancel != nil
}

// PendingUpdates counts updates queued and not yet confirmed by a getUpdates offset.
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// Offset returns the highest offset a getUpdates call has passed (0 before any): every update
// with a lower id is confirmed and gone.
func (s *Server) Offset() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offset
}

func normScope(sc CommandScope) CommandScope {
	if sc.Type == "" {
		sc.Type = "default"
	}
	return sc
}
