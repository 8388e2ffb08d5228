// Package tgtest is a fake Telegram Bot API server for tests.
//
// It listens on 127.0.0.1 through net/http/httptest and answers the Bot API's real JSON, so the
// real bot, built with tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint()), can be
// driven end to end. Tests act as people in Telegram through User and Group (send text, press
// buttons, share contacts, upload files), wait for the bot's answers without fixed sleeps
// (User.Next, User.Expect, Server.WaitFor) and inject the failures Telegram produces (429 with
// retry_after, 403 blocked, group migration, outages that come back on the same address).
//
// Validation follows Telegram: empty or too long text (4096 UTF-16 code units after entity
// parsing), malformed HTML or MarkdownV2, bad callback_data, "message is not modified" and
// unknown messages are rejected with the same codes and descriptions.
//
// A typical test:
//
//	srv := tgtest.New(t)
//	bot, _ := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
//	// start the bot's update loop with bot ...
//	lan := srv.User(1001, "Lan", "vi")
//	lan.Send("/start")
//	menu := lan.Expect(t, "Chọn")        // waits for the bot's answer
//	lan.Click(t, menu, "Báo cáo tháng")  // presses a button by its label
//	ans := lan.NextEdit(t)               // the bot edited the menu
//	srv.Throttle(lan.ID(), 5, 1)         // next send to Lan gets 429 retry_after=5
//
// All methods are safe for concurrent use. Methods that take a testing.TB call t.Fatalf and must
// run on the test's goroutine. The package reads no environment variables.
package tgtest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// DefaultToken is the bot token a Server accepts unless WithToken says otherwise.
const DefaultToken = "123456:TEST-token-SECRET"

// DefaultBotUsername is the bot's username answered by getMe unless WithBotUsername says
// otherwise.
const DefaultBotUsername = "reportbot_test_bot"

// Server is a fake Telegram Bot API server. Create it with New; it is closed by t.Cleanup.
type Server struct {
	t    testing.TB
	cfg  config
	addr string

	mu      sync.Mutex
	hs      *httptest.Server // nil while stopped
	down    chan struct{}    // closed when the current listener stops
	closed  bool
	changed chan struct{} // closed and replaced on every state change
	queued  chan struct{} // closed and replaced when an update is queued

	bot          tgbotapi.User
	chats        map[int64]*chatState
	users        map[int64]*User
	updates      []queuedUpdate
	nextUpdateID int
	offset       int
	allowed      []string
	pollCancel   chan struct{}
	sent         []SentMessage
	edits        []Edit
	answers      []CallbackAnswer
	queries      map[string]*queryState
	nextQueryID  int64
	actions      []ChatAction
	commands     map[CommandScope][]tgbotapi.BotCommand
	webhook      WebhookState
	files        map[string]*storedFile
	filesByPath  map[string]*storedFile
	nextFileN    int
	nextAlbum    int // media_group_id of the last album sent by a user
	requests     []Request
	throttled    int
	faults       []*faultEntry
	delay        func(method string, chatID int64) time.Duration
	limits       *RateLimits
	buckets      map[bucketKey]*bucket
}

// New starts a fake Bot API server on 127.0.0.1 and registers its Close with t.Cleanup.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		t:            t,
		cfg:          cfg,
		down:         make(chan struct{}),
		changed:      make(chan struct{}),
		queued:       make(chan struct{}),
		chats:        map[int64]*chatState{},
		users:        map[int64]*User{},
		nextUpdateID: 100,
		queries:      map[string]*queryState{},
		nextQueryID:  4242000000000000001,
		commands:     map[CommandScope][]tgbotapi.BotCommand{},
		files:        map[string]*storedFile{},
		filesByPath:  map[string]*storedFile{},
		limits:       cfg.limits,
		buckets:      map[bucketKey]*bucket{},
	}
	s.bot = tgbotapi.User{
		ID:            cfg.botID,
		IsBot:         true,
		FirstName:     cfg.botName,
		UserName:      cfg.botUsername,
		CanJoinGroups: true,
	}
	s.hs = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.hs.Start()
	s.addr = s.hs.Listener.Addr().String()
	t.Cleanup(s.Close)
	return s
}

// Token returns the only bot token the server accepts; any other token is answered with 401.
func (s *Server) Token() string { return s.cfg.token }

// Endpoint returns the API endpoint pattern for tgbotapi.NewBotAPIWithAPIEndpoint, of the form
// "http://127.0.0.1:PORT/bot%s/%s". It stays valid across Stop and Restart.
func (s *Server) Endpoint() string { return "http://" + s.addr + "/bot%s/%s" }

// FileEndpoint returns the file download pattern "http://127.0.0.1:PORT/file/bot%s/%s"
// (token, file_path). tgbotapi's File.Link always points at api.telegram.org, so a bot that
// downloads files must take this pattern from its configuration.
func (s *Server) FileEndpoint() string { return "http://" + s.addr + "/file/bot%s/%s" }

// FileURL returns the download URL of a file_path answered by getFile.
func (s *Server) FileURL(filePath string) string {
	return "http://" + s.addr + "/file/bot" + s.cfg.token + "/" + filePath
}

// Addr returns the host:port the server listens on; it does not change on Restart.
func (s *Server) Addr() string { return s.addr }

// Bot returns the bot's own user as answered by getMe.
func (s *Server) Bot() tgbotapi.User { return s.bot }

// Stop makes the server unreachable: the listener is closed (new connections are refused) and
// requests in flight, long polls included, are cut off without an answer. State is kept, and
// tests may keep queueing updates. Restart brings the server back on the same address.
func (s *Server) Stop() {
	s.mu.Lock()
	hs := s.hs
	if hs == nil {
		s.mu.Unlock()
		return
	}
	s.hs = nil
	close(s.down)
	s.mu.Unlock()
	hs.CloseClientConnections()
	hs.Close()
}

// Restart listens again on the address used before Stop, so the bot's endpoint stays valid.
// It is a no-op while running or after Close, and calls t.Fatalf if the port cannot be bound.
func (s *Server) Restart() {
	s.t.Helper()
	s.mu.Lock()
	if s.closed || s.hs != nil {
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	ln, err := listenAgain(s.addr)
	if err != nil {
		s.t.Fatalf("tgtest: restart on %s: %v", s.addr, err)
		return
	}
	hs := httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	hs.Listener.Close()
	hs.Listener = ln
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.hs != nil {
		ln.Close()
		return
	}
	hs.Start()
	s.hs = hs
	s.down = make(chan struct{})
	s.notifyLocked()
}

// Running reports whether the server currently accepts connections.
func (s *Server) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hs != nil
}

// Close shuts the server down for good. Pending long polls return an empty result at once.
// It is called by t.Cleanup and may be called earlier.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	hs := s.hs
	s.hs = nil
	if hs != nil {
		close(s.down)
	}
	s.notifyLocked()
	s.mu.Unlock()
	if hs != nil {
		hs.Close()
	}
}

// listenAgain binds addr, retrying briefly while the old socket is released.
func listenAgain(addr string) (net.Listener, error) {
	var err error
	for wait := time.Millisecond; wait < 2*time.Second; wait *= 2 {
		var ln net.Listener
		if ln, err = net.Listen("tcp", addr); err == nil {
			return ln, nil
		}
		time.Sleep(wait)
	}
	return nil, err
}

// notifyLocked wakes every waiter (Next, Expect, WaitFor, ...). s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) now() time.Time { return s.cfg.now() }
