package tgtest

import (
	"fmt"
	"strings"
	"time"
)

// Fault is an answer the server gives instead of running a method, with the requests it
// applies to. Build one with a constructor (TooManyRequests, BlockedByUser, ...) and narrow it
// with the matching fields, then pass it to Server.Inject or Server.FailNext.
type Fault struct {
	// Method limits the fault to one Bot API method (any case). Empty matches every method
	// except getUpdates and getMe, so the bot keeps polling.
	Method string
	// ChatID limits the fault to requests whose chat_id is this id; 0 matches any request.
	ChatID int64
	// Times is how many matching calls fail; 0 or less means until removed.
	Times int

	// Code is the HTTP status and error_code, e.g. 429.
	Code int
	// Description is the full description, e.g. "Too Many Requests: retry after 5".
	Description string
	// RetryAfter sets parameters.retry_after, in seconds.
	RetryAfter int
	// MigrateToChatID sets parameters.migrate_to_chat_id.
	MigrateToChatID int64
	// Hangup drops the connection without any answer, like a network failure.
	Hangup bool
	// RawBody, when set, is answered verbatim with Content-Type text/html instead of JSON, like
	// the nginx error pages Telegram serves on 502.
	RawBody string
}

// TooManyRequests is Telegram's flood-control answer: 429 with parameters.retry_after.
func TooManyRequests(retryAfter int) Fault {
	return Fault{Code: 429, Description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter),
		RetryAfter: retryAfter}
}

// BlockedByUser is the 403 answered when the user blocked the bot.
func BlockedByUser() Fault {
	return Fault{Code: 403, Description: "Forbidden: bot was blocked by the user"}
}

// CantInitiate is the 403 answered when the user never started the bot.
func CantInitiate() Fault {
	return Fault{Code: 403, Description: "Forbidden: bot can't initiate conversation with a user"}
}

// GroupUpgraded is the 400 answered for a group that became the supergroup newChatID.
func GroupUpgraded(newChatID int64) Fault {
	return Fault{Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat",
		MigrateToChatID: newChatID}
}

// BadGateway is the HTML 502 page Telegram's front end serves during outages.
func BadGateway() Fault {
	return Fault{Code: 502, RawBody: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"}
}

// Hangup drops the connection without answering.
func Hangup() Fault { return Fault{Code: 499, Description: "connection dropped", Hangup: true} }

type faultEntry struct {
	f    Fault
	left int
}

// Inject installs f; it stays until its Times are used up or remove is called. Faults are
// checked in the order injected, before the method's own validation.
func (s *Server) Inject(f Fault) (remove func()) {
	e := &faultEntry{f: f, left: f.Times}
	s.mu.Lock()
	s.faults = append(s.faults, e)
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.removeFaultLocked(e)
	}
}

// FailNext makes the next n matching calls fail with f (f.Times is ignored).
func (s *Server) FailNext(n int, f Fault) {
	if n <= 0 {
		return
	}
	f.Times = n
	s.Inject(f)
}

// Throttle answers 429 with retry_after for the next n sending calls to chatID (0: any chat).
func (s *Server) Throttle(chatID int64, retryAfter, n int) {
	f := TooManyRequests(retryAfter)
	f.ChatID = chatID
	s.FailNext(n, f)
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// SetDelay installs a hook that delays each request before it is processed by the returned
// duration (0: none); nil removes it. The delay ends early, dropping the request unprocessed,
// when the client gives up or the server stops. The hook runs on the request's goroutine.
func (s *Server) SetDelay(hook func(method string, chatID int64) time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = hook
}

// SetBlocked marks a private chat as blocked (sends answer 403 "bot was blocked by the user")
// or unblocked, without queueing the my_chat_member update User.Block sends.
func (s *Server) SetBlocked(chatID int64, blocked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.chats[chatID]; ch != nil {
		ch.blocked = blocked
	}
}

func (s *Server) removeFaultLocked(e *faultEntry) {
	for i, x := range s.faults {
		if x == e {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			return
		}
	}
}

// faultLocked returns the answer of the first fault matching c, using up one of its Times.
func (s *Server) faultLocked(c *call) *apiError {
	for _, e := range s.faults {
		f := e.f
		switch {
		case f.Method == "" && (c.method == "getUpdates" || c.method == "getMe"):
			continue
		case f.Method != "" && !strings.EqualFold(f.Method, c.method):
			continue
		case f.ChatID != 0 && f.ChatID != c.chatID:
			continue
		}
		if e.left > 0 {
			if e.left--; e.left == 0 {
				s.removeFaultLocked(e)
			}
		}
		if f.Code == 0 {
			f.Code = 400
		}
		return &apiError{code: f.Code, desc: f.Description, retryAfter: f.RetryAfter,
			migrateTo: f.MigrateToChatID, hangup: f.Hangup, rawBody: f.RawBody}
	}
	return nil
}
