package tgtest

import (
	"encoding/json"
	"strconv"
	"time"
)

func (s *Server) getMe(*call) (any, *apiError) { return s.bot, nil }

// getUpdates follows Telegram: a positive offset confirms (drops forever) every update below
// it, a negative one keeps only the last -offset updates; limit is 1..100; timeout long-polls
// until an update is queued. A newer getUpdates ends an older waiting one with 409.
func (s *Server) getUpdates(c *call) (any, *apiError) {
	offset, _ := strconv.Atoi(c.params.Get("offset"))
	limit, _ := strconv.Atoi(c.params.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(c.params.Get("timeout"))
	s.mu.Lock()
	if s.webhook.URL != "" {
		s.mu.Unlock()
		return nil, &apiError{code: 409, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if a := c.params.Get("allowed_updates"); a != "" {
		var list []string
		if json.Unmarshal([]byte(a), &list) == nil {
			s.allowed = list
		}
	}
	if s.pollCancel != nil {
		close(s.pollCancel)
	}
	cancel := make(chan struct{})
	s.pollCancel = cancel
	s.confirmLocked(offset)
	deadline := time.Now().Add(time.Duration(timeout) * time.Second)
	batch, waiting := s.batchLocked(limit), false
	for len(batch) == 0 && time.Now().Before(deadline) {
		if !waiting {
			waiting = true
			s.notifyLocked() // Polling() turned true
		}
		queued := s.queued
		s.mu.Unlock()
		if e := s.pollWait(c, queued, cancel, deadline); e != nil {
			s.mu.Lock()
			s.endPollLocked(cancel)
			if e.code == 0 {
				e = nil // closed for good: answer an empty list
			}
			s.mu.Unlock()
			return batch, e
		}
		s.mu.Lock()
		batch = s.batchLocked(limit)
	}
	s.endPollLocked(cancel)
	s.mu.Unlock()
	return batch, nil
}

// pollWait blocks a long poll until an update is queued or the deadline passes. It returns an error to end the poll:
// code 0 means the server was closed and the poll should answer normally.
func (s *Server) pollWait(c *call, queued, cancel <-chan struct{}, deadline time.Time) *apiError {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case <-queued:
	case <-timer.C:
	case <-cancel:
		return &apiError{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
	case <-c.ctx.Done():
		return &apiError{code: 499, desc: "client gone", hangup: true}
	case <-c.down:
		s.mu.Lock()
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return &apiError{}
		}
		return &apiError{code: 499, desc: "server stopped", hangup: true}
	}
	return nil
}

func (s *Server) endPollLocked(cancel chan struct{}) {
	if s.pollCancel == cancel {
		s.pollCancel = nil
		s.notifyLocked()
	}
}

func (s *Server) confirmLocked(offset int) {
	switch {
	case offset > 0:
		i := 0
		for i < len(s.updates) && s.updates[i].id < offset {
			i++
		}
		s.updates = s.updates[i:]
		if offset > s.offset {
			s.offset = offset
			s.notifyLocked()
		}
	case offset < 0 && -offset < len(s.updates):
		s.updates = s.updates[len(s.updates)+offset:]
	}
}

// batchLocked returns up to limit deliverable updates, dropping those allowed_updates excludes.
func (s *Server) batchLocked(limit int) []json.RawMessage {
	if len(s.allowed) > 0 {
		kept := s.updates[:0:0]
		for _, u := range s.updates {
			for _, a := range s.allowed {
				if a == u.kind {
					kept = append(kept, u)
					break
				}
			}
		}
		s.updates = kept
	}
	out := []json.RawMessage{}
	for i := 0; i < len(s.updates) && i < limit; i++ {
		out = append(out, s.updates[i].raw)
	}
	return out
}

func (s *Server) getChat(c *call) (any, *apiError) {
	ch, e := s.chatLocked(c, false)
	if e != nil {
		return nil, e
	}
	return ch.tg, nil
}

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

func (s *Server) sendChatAction(c *call) (any, *apiError) {
	ch, e := s.chatLocked(c, true)
	if e != nil {
		return nil, e
	}
	a := c.params.Get("action")
	if !chatActions[a] {
		return nil, badRequest("wrong parameter action in request")
	}
	s.actions = append(s.actions, ChatAction{ChatID: ch.tg.ID, Action: a, Time: c.now})
	s.notifyLocked()
	return true, nil
}

func (s *Server) answerCallbackQuery(c *call) (any, *apiError) {
	id := c.params.Get("callback_query_id")
	q := s.queries[id]
	ttl := s.cfg.callbackTTL
	if q == nil || q.answered || (ttl > 0 && c.now.Sub(q.time) > ttl) {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	text := c.params.Get("text")
	if UTF16Len(text) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	q.answered = true
	cache, _ := strconv.Atoi(c.params.Get("cache_time"))
	s.answers = append(s.answers, CallbackAnswer{QueryID: id, ChatID: q.chatID, MessageID: q.messageID,
		Data: q.data, Text: text, ShowAlert: c.params.Get("show_alert") == "true",
		URL: c.params.Get("url"), CacheTime: cache, Time: c.now})
	s.notifyLocked()
	return true, nil
}
