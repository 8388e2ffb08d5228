package tgtest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.serveFile(w, rest)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	if !ok {
		writeError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	token, name, _ := strings.Cut(rest, "/")
	h, ok := handlers[strings.ToLower(name)]
	var early *apiError
	switch {
	case token != s.cfg.token:
		early = &apiError{code: 401, desc: "Unauthorized"}
	case !ok:
		early = &apiError{code: 404, desc: "Not Found"}
	}
	if early != nil {
		if ok {
			name = h.name
		}
		s.record(&call{params: r.URL.Query()}, name, early)
		writeError(w, early)
		return
	}
	c, aerr := parseCall(r, h.name)
	if aerr == nil {
		c.down = down
		aerr = s.wait(c)
	}
	var result any
	if aerr == nil {
		result, aerr = s.dispatch(h, c)
	}
	s.record(c, h.name, aerr)
	if aerr != nil && aerr.hangup {
		panic(http.ErrAbortHandler)
	}
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeResult(w, result)
}

// dispatch runs one method: injected faults first, then the handler.
func (s *Server) dispatch(h handler, c *call) (any, *apiError) {
	s.mu.Lock()
	c.now = s.now()
	if e := s.faultLocked(c); e != nil {
		s.mu.Unlock()
		return nil, e
	}
	if h.unlocked {
		s.mu.Unlock()
		return h.fn(s, c)
	}
	defer s.mu.Unlock()
	return h.fn(s, c)
}

// record appends the request to the log and counts 429 answers.
func (s *Server) record(c *call, method string, e *apiError) {
	req := Request{Method: method, Status: http.StatusOK, ChatID: c.chatID, Params: c.params}
	if e != nil {
		req.Status, req.Description = e.code, e.desc
	}
	s.mu.Lock()
	req.Time = s.now()
	if req.Status == http.StatusTooManyRequests {
		s.throttled++
	}
	if len(s.requests) < 100000 {
		s.requests = append(s.requests, req)
	}
	s.notifyLocked()
	s.mu.Unlock()
	if s.cfg.logging {
		s.t.Logf("tgtest: %s chat=%s -> %d %s", method, strconv.FormatInt(req.ChatID, 10),
			req.Status, req.Description)
	}
}

// wait applies the delay hook; the delay ends early when the client goes away or the server
// stops, and then the request is dropped unprocessed.
func (s *Server) wait(c *call) *apiError {
	s.mu.Lock()
	hook := s.delay
	s.mu.Unlock()
	if hook == nil {
		return nil
	}
	d := hook(c.method, c.chatID)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-c.ctx.Done():
	case <-c.down:
	}
	return &apiError{code: 499, desc: "client gone or server stopped during delay", hangup: true}
}
