package httpapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/httpapi"
	"github.com/camgiang-edu/reportbot/metrics"
	"github.com/camgiang-edu/reportbot/storage/storetest"
	"github.com/rs/zerolog"
)

// fakePinger answers Ping with err.
type fakePinger struct{ err atomic.Value }

func (p *fakePinger) Ping(context.Context) error {
	if e, _ := p.err.Load().(error); e != nil {
		return e
	}
	return nil
}

func TestWebhook_ServeHTTP(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, nil)
	var notified atomic.Int32
	m := metrics.New()
	wh := &httpapi.Webhook{Secret: "s3cret-XYZ", Inbox: st, Handoff: func(ups []domain.InboxUpdate) { notified.Add(int32(len(ups))) }, Metrics: m, Log: zerolog.Nop()}
	srv := httptest.NewServer(wh)
	defer srv.Close()
	update := `{"update_id":77,"message":{"message_id":1,"date":1,"chat":{"id":501,"type":"private"},"from":{"id":501,"first_name":"Lan"},"text":"/start"}}`

	tests := []struct {
		name   string
		secret string // "-" for no header
		body   string
		want   int
	}{
		{"missing secret", "-", update, 401},
		{"wrong secret", "s3cret-XY", update, 401},
		{"right secret", "s3cret-XYZ", update, 200},
		{"duplicate", "s3cret-XYZ", update, 200},
		{"malformed JSON", "s3cret-XYZ", `{"update_id":`, 400},
		{"no update id", "s3cret-XYZ", `{"message":{}}`, 400},
		{"operator-shaped", "s3cret-XYZ", `{"update_id":{"$gt":0}}`, 400},
		{"too large", "s3cret-XYZ", `{"update_id":78,"message":{"text":"` + strings.Repeat("a", httpapi.MaxWebhookBody) + `"}}`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(tt.body))
			if tt.secret != "-" {
				req.Header.Set(httpapi.SecretHeader, tt.secret)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	pending, err := st.PendingUpdates(ctx, "", 10)
	if err != nil || len(pending) != 1 || pending[0].UpdateID != 77 || pending[0].Chat != 501 {
		t.Fatalf("inbox = %+v, %v; want update 77 once", pending, err)
	}
	if n := notified.Load(); n != 1 {
		t.Errorf("consumer notified %d times, want once (the duplicate is not new)", n)
	}
	if resp, _ := http.Get(srv.URL); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET on the webhook = %d", resp.StatusCode)
	}
}

func TestServer_HealthReadyMetrics(t *testing.T) {
	ping := &fakePinger{}
	m := metrics.New()
	m.Update("command", "start", metrics.OutcomeOK, 0)
	var role atomic.Value
	role.Store("standby")
	s, err := httpapi.Start(httpapi.Config{Addr: "127.0.0.1:0", Store: ping, Metrics: m, Role: func() string { return role.Load().(string) }, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get("http://" + s.Addr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, body := get("/readyz"); code != 200 || !strings.Contains(body, `"storage":"ok"`) || !strings.Contains(body, `"role":"standby"`) {
		t.Errorf("/readyz with the store up = %d %s", code, body)
	}
	if code, body := get("/readyz?role=active"); code != 503 || !strings.Contains(body, `"role":"standby"`) {
		t.Errorf("/readyz?role=active on a standby = %d %s; the proxy must not send it webhooks", code, body)
	}
	role.Store("active")
	if code, body := get("/readyz?role=active"); code != 200 || !strings.Contains(body, `"role":"active"`) {
		t.Errorf("/readyz?role=active on the active replica = %d %s", code, body)
	}
	ping.err.Store(errors.New("connection refused"))
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, `"storage":"unreachable"`) {
		t.Errorf("/readyz with the store down = %d %s", code, body)
	}
	code, body := get("/metrics")
	for _, want := range []string{`reportbot_updates_total{kind="command",outcome="ok"} 1`, `reportbot_storage_errors_total{where="readyz"} 1`, "reportbot_handler_seconds_bucket", "go_goroutines"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q (status %d)", want, code)
		}
	}
	if code, _ := get("/nosuch"); code != 404 {
		t.Errorf("unknown path = %d", code)
	}
}
