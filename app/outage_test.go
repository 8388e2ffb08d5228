package app_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/engine/enginetest"
)

// storeProxy forwards TCP connections to a MongoDB-wire server and can cut
// them all, like a network outage between the bot and MongoDB, then let them through
// again on the same address.
type storeProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	cut   bool
	conns map[net.Conn]bool
}

func startProxy(t *testing.T, target string) *storeProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &storeProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.Cut() })
	go p.serve()
	return p
}

func (p *storeProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		cut := p.cut
		p.mu.Unlock()
		if cut {
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[up] = true, true
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close(); c.Close() }()
		go func() { io.Copy(c, up); up.Close(); c.Close() }()
	}
}

// storeHolder lets a route read the store the app opened after the route was made.
type storeHolder struct{ s storage.Store }

// Cut drops every connection and refuses new ones until Restore.
func (p *storeProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

// Restore lets connections through again.
func (p *storeProxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = false
}

// TestBot_SurvivesStorageOutage cuts the store away mid-conversation twice: once before
// an update can even be stored (the poller tells the user the bot is busy), once while a
// stored update is being handled (the router does, and the update is retried). Nothing is
// lost, /readyz is red while the store is away, and the bot recovers without a restart.
func TestBot_SurvivesStorageOutage(t *testing.T) {
	uri, _ := enginetest.MongoURI(t)
	u0, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, u0.Host)

	var st atomic.Pointer[storeHolder]
	var cutOnce sync.Once
	cutMidHandler := bot.Route{Name: "cut", Command: "cut", Access: bot.Anyone, Where: bot.Private,
		Handle: func(r *bot.Request) error {
			cutOnce.Do(p.Cut)
			if _, err := st.Load().s.User(r.Context(), r.Actor.UserID); err != nil {
				return err
			}
			_, err := r.ReplyHTML("handled after the outage")
			return err
		}}
	h := apptest.Start(t, apptest.WithRoutes(cutMidHandler),
		apptest.WithEnv("MONGODB_URI", "mongodb://"+p.ln.Addr().String()+u0.Path+"?directConnection=true&serverSelectionTimeoutMS=1500&connectTimeoutMS=1000&heartbeatFrequencyMS=500"))
	st.Store(&storeHolder{h.App.Store})
	u := h.User(701, "Lan", "vi")
	u.Send("/start")
	u.Expect(t, "Xin chào Lan")
	h.Drained()

	// 1. The store is away before the update arrives.
	p.Cut()
	eventually(t, func() bool { code, _ := httpGet(t, h, "/readyz"); return code == 503 })
	u.Send("/lang en")
	u.Expect(t, "Hệ thống đang bận, vui lòng thử lại sau ít phút")
	p.Restore()
	u.Expect(t, "Switched to English")
	eventually(t, func() bool { code, _ := httpGet(t, h, "/readyz"); return code == 200 })

	// 2. The store goes away while a stored update is being handled.
	u.Send("/cut")
	u.Expect(t, "Hệ thống đang bận") // the Telegram language: the store could not say otherwise
	p.Restore()
	u.Expect(t, "handled after the outage")
	u.Send("/start")
	u.Expect(t, "Hello Lan") // the language chosen during the outage was kept
	h.Drained()
	if ups, err := h.App.Store.PendingUpdates(context.Background(), "", 10); err != nil || len(ups) != 0 {
		t.Errorf("pending after recovery: %v, %v", ups, err)
	}
	if _, m := httpGet(t, h, "/metrics"); !strings.Contains(m, `reportbot_storage_errors_total{where="inbox"}`) {
		t.Errorf("/metrics does not count the storage errors")
	}
}
