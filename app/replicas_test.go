package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/engine"
	"github.com/camgiang-edu/reportbot/storage/engine/enginetest"
	"github.com/rs/zerolog"
)

const (
	replicaHook   = "/tg/hook"
	replicaSecret = "replica-secret-0123456789abcdef"
	replicaTTL    = 3 * time.Second // on the shared clock; a holder cut off gives up after 1.5 s
)

// startReplicas starts two bots, as two replicas of one deployment: one MongoDB-wire store
// (each bot through its own proxy so that one can be cut off), one Telegram, one clock,
// webhook mode.
func startReplicas(t *testing.T, extra ...apptest.Option) (a, b *apptest.Harness, pa, pb *storeProxy) {
	t.Helper()
	uri, _ := enginetest.MongoURI(t)
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	pa, pb = startProxy(t, u.Host), startProxy(t, u.Host)
	opts := func(p *storeProxy, id string) []apptest.Option {
		return []apptest.Option{
			apptest.WithEnv("MONGODB_URI", "mongodb://"+p.ln.Addr().String()+u.Path+"?directConnection=true&serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&heartbeatFrequencyMS=500"),
			apptest.WithEnv("WEBHOOK_URL", "https://bot.example.org"+replicaHook),
			apptest.WithEnv("WEBHOOK_SECRET", replicaSecret),
			apptest.WithEnv("REPLICA_ID", id),
			apptest.WithLease(replicaTTL, 50*time.Millisecond),
		}
	}
	a = apptest.Start(t, append(append(opts(pa, "replica-a"), apptest.WithTime(apptest.VN(2026, 6, 16, 9, 0))), extra...)...)
	b = apptest.Start(t, append(append(opts(pb, "replica-b"), apptest.WithServer(a.TG), apptest.WithClock(a.Clock)), extra...)...)
	return a, b, pa, pb
}

// readiness returns a replica's /readyz status and role.
func readiness(t *testing.T, h *apptest.Harness) (int, string) {
	t.Helper()
	code, body := httpGet(t, h, "/readyz")
	var r struct{ Role string }
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("/readyz body %q: %v", body, err)
	}
	return code, r.Role
}

// handled reads the count of commands a replica handled from its /metrics.
func handled(t *testing.T, h *apptest.Harness) string {
	t.Helper()
	_, m := httpGet(t, h, "/metrics")
	for _, line := range strings.Split(m, "\n") {
		if strings.HasPrefix(line, `reportbot_updates_total{kind="command",outcome="ok"}`) {
			return strings.Fields(line)[1]
		}
	}
	return "0"
}

// TestReplicas_OneActiveHandsOver runs two replicas over one store: only the active one
// handles updates, whichever replica's webhook received them; a reminder check run on both
// queues and sends each message once; when the active one is cut off from the store it
// stops and the standby takes over once the lease expires; when the active one stops, the
// other takes over at once.
func TestReplicas_OneActiveHandsOver(t *testing.T) {
	ctx := context.Background()
	a, b, pa, _ := startReplicas(t)
	for _, r := range []struct {
		h    *apptest.Harness
		want string
	}{{a, "active"}, {b, "standby"}} {
		if code, role := readiness(t, r.h); code != 200 || role != r.want {
			t.Fatalf("/readyz = %d %q; want 200 %q", code, role, r.want)
		}
	}

	lan := a.User(801, "Lan", "vi")
	post := func(h *apptest.Harness, text string) {
		t.Helper()
		if code := postUpdate(t, h, replicaHook, replicaSecret, lan.Send(text)); code != 200 {
			t.Fatalf("webhook of a replica answered %d", code)
		}
	}

	t.Run("the standby stores, the active handles once", func(t *testing.T) {
		post(b, "/start")
		lan.Expect(t, "Xin chào Lan")
		inboxDrained(t, a)
		if n := len(a.TG.SentTo(lan.ID())); n != 1 {
			t.Errorf("Lan got %d answers; want 1", n)
		}
		if got, other := handled(t, a), handled(t, b); got != "1" || other != "0" {
			t.Errorf("commands handled: active %s, standby %s; want 1 and 0", got, other)
		}
	})

	t.Run("a reminder check on both sends each message once", func(t *testing.T) {
		chats := remindDistrict(t, a)
		now := a.Clock.Now()
		var wg sync.WaitGroup
		queued := make([]int, 2)
		for i, h := range []*apptest.Harness{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := h.App.Reminders.Scheduler.Check(ctx, now)
				if err != nil {
					t.Errorf("check: %v", err)
				}
				queued[i] = n
			}()
		}
		wg.Wait()
		counts, err := a.App.Store.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(chats) + 1; queued[0]+queued[1] != want || counts["outbox"] != int64(want) {
			t.Fatalf("checks queued %v, outbox holds %d; want %d messages, each once", queued, counts["outbox"], want)
		}
		waitOutboxSent(t, a.App.Store)
		for _, chat := range append(chats, apptest.Officer) {
			if n := len(a.TG.SentTo(chat)); n != 1 {
				t.Errorf("chat %d got %d reminders; want 1", chat, n)
			}
		}
	})

	t.Run("the active one cut off from the store: the standby takes over", func(t *testing.T) {
		pa.Cut()
		eventually(t, func() bool { code, role := readiness(t, a); return code == 503 && role == "standby" })
		if _, role := readiness(t, b); role != "standby" {
			t.Fatalf("B is %s before A's lease expired", role)
		}
		a.Clock.Advance(replicaTTL + time.Second)
		eventually(t, func() bool { _, role := readiness(t, b); return role == "active" })
		post(b, "/lang en")
		lan.Expect(t, "Switched to English")
		pa.Restore()
		eventually(t, func() bool { code, _ := readiness(t, a); return code == 200 })
		if _, role := readiness(t, a); role != "standby" {
			t.Errorf("A back on the store is %s; want standby while B holds the lease", role)
		}
	})

	t.Run("the active one stops: the other takes over", func(t *testing.T) {
		b.Stop()
		eventually(t, func() bool { _, role := readiness(t, a); return role == "active" })
		post(a, "/start")
		lan.Expect(t, "Hello Lan")
		inboxDrained(t, a)
		if n := len(a.TG.SentTo(lan.ID())); n != 3 {
			t.Errorf("Lan got %d answers to 3 updates", n)
		}
	})
}

// remindDistrict stores two schools, each with a reporter who started the bot, and
// returns the reporters' chats.
func remindDistrict(t *testing.T, h *apptest.Harness) []int64 {
	t.Helper()
	ctx := context.Background()
	st := h.App.Store
	h.Officer()
	var chats []int64
	for i, code := range []string{"THCS-LAICACH", "TH-CAMVAN"} {
		id := int64(811 + i)
		sc := domain.School{Code: code, Name: "Trường " + code, Level: domain.LevelTHCS, Active: true}
		if strings.HasPrefix(code, "TH-") {
			sc.Level = domain.LevelTH
		}
		if err := st.PutSchool(ctx, sc); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprint("Hiệu trưởng ", i)
		h.User(id, name, "vi")
		if _, err := st.TouchUser(ctx, domain.User{ID: id, Name: name, TgLang: "vi"}, true); err != nil {
			t.Fatal(err)
		}
		if _, err := st.LinkReporter(ctx, id, code); err != nil {
			t.Fatal(err)
		}
		chats = append(chats, id)
	}
	return chats
}

// waitOutboxSent waits until the outbox holds nothing queued or sending.
func waitOutboxSent(t *testing.T, st storage.Store) {
	t.Helper()
	eventually(t, func() bool {
		q, err1 := st.OutboxByState(context.Background(), domain.OutboxQueued, 1)
		s, err2 := st.OutboxByState(context.Background(), domain.OutboxSending, 1)
		return err1 == nil && err2 == nil && len(q)+len(s) == 0
	})
}

// TestReplicas_SameIDTakesItsLeaseBackAtOnce: a replica killed with kill -9 leaves its
// lease held for its whole lifetime. Restarted under the same REPLICA_ID it is active at
// once; a replica with another id stays standby until the lease expires.
func TestReplicas_SameIDTakesItsLeaseBackAtOnce(t *testing.T) {
	ctx := context.Background()
	uri, _ := enginetest.MongoURI(t)
	st, err := engine.Open(ctx, storage.Options{URI: uri, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	// What the killed process left: the lease, held for another 45 s.
	if ok, err := st.AcquireLease(ctx, "active", "replica-a", 45*time.Second); err != nil || !ok {
		t.Fatalf("seed the lease: %v, %v", ok, err)
	}
	start := func(id string, opts ...apptest.Option) *apptest.Harness {
		return apptest.Start(t, append([]apptest.Option{
			apptest.WithEnv("MONGODB_URI", uri), apptest.WithEnv("REPLICA_ID", id),
			apptest.WithEnv("WEBHOOK_URL", "https://bot.example.org"+replicaHook), apptest.WithEnv("WEBHOOK_SECRET", replicaSecret),
		}, opts...)...)
	}
	other := start("replica-b")
	if code, role := readiness(t, other); code != 200 || role != "standby" {
		t.Fatalf("another replica: /readyz %d %q; want standby while the lease is held", code, role)
	}
	began := time.Now()
	same := start("replica-a", apptest.WithServer(other.TG))
	eventually(t, func() bool { _, role := readiness(t, same); return role == "active" })
	if took := time.Since(began); took > 10*time.Second {
		t.Errorf("the restarted replica became active after %v; want at once", took)
	}
	if _, role := readiness(t, other); role != "standby" {
		t.Errorf("the other replica is %q; want standby", role)
	}
}
