package app_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/httpapi"
	"github.com/camgiang-edu/reportbot/storage/storetest"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// postUpdate sends an update to the bot's webhook as Telegram would, with secret ("" for
// no header), and returns the HTTP status.
func postUpdate(t *testing.T, h *apptest.Harness, path, secret string, u any) int {
	t.Helper()
	body, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, "http://"+h.App.HTTPAddr()+path, bytes.NewReader(body))
	if secret != "" {
		req.Header.Set(httpapi.SecretHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// httpGet returns the status and body of a GET on the bot's HTTP server.
func httpGet(t *testing.T, h *apptest.Harness, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + h.App.HTTPAddr() + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// inboxDrained waits until the inbox holds no pending update (webhook mode: the fake
// server's own queue is never polled, so Harness.Drained does not apply).
func inboxDrained(t *testing.T, h *apptest.Harness) {
	t.Helper()
	eventually(t, func() bool {
		p, err := h.App.Store.PendingUpdates(context.Background(), "", 1)
		return err == nil && len(p) == 0
	})
}

// eventually polls cond until it holds, failing the test after 15 s.
func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 15 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestWebhook_SecretAndDuplicates(t *testing.T) {
	h := apptest.Start(t, apptest.WithEnv("WEBHOOK_URL", "https://bot.example.org/tg/hook"))
	h.TG.WaitFor(t, func() bool { return h.TG.Webhook().URL == "https://bot.example.org/tg/hook" })
	secret := h.TG.Webhook().SecretToken
	if len(secret) < 32 {
		t.Fatalf("registered secret %q; want a generated one", secret)
	}
	if stored, err := h.App.Store.Setting(context.Background(), "secret.webhook"); err != nil || stored != secret {
		t.Fatalf("stored secret = %q, %v", stored, err)
	}
	u := h.User(601, "Lan", "vi")
	up := u.Send("/start")
	if code := postUpdate(t, h, "/tg/hook", "", up); code != 401 {
		t.Errorf("no secret: %d, want 401", code)
	}
	if code := postUpdate(t, h, "/tg/hook", secret+"x", up); code != 401 {
		t.Errorf("wrong secret: %d, want 401", code)
	}
	if code := postUpdate(t, h, "/tg/hook", secret, up); code != 200 {
		t.Fatalf("right secret: %d, want 200", code)
	}
	u.Expect(t, "Xin chào Lan")
	if code := postUpdate(t, h, "/tg/hook", secret, up); code != 200 { // Telegram's retry
		t.Fatalf("duplicate: %d, want 200", code)
	}
	inboxDrained(t, h)
	if n := len(h.TG.SentTo(u.ID())); n != 1 {
		t.Errorf("the bot answered %d times; a duplicate update must be handled once", n)
	}

	// A restart keeps the same secret: Telegram keeps sending the one it was given.
	h.Restart()
	h.TG.WaitFor(t, func() bool { return h.TG.Webhook().SetCalls >= 2 })
	if got := h.TG.Webhook().SecretToken; got != secret {
		t.Errorf("secret after restart = %q, want the stored %q", got, secret)
	}

	// No secret goes into a backup: whoever holds one cannot post forged updates. A bot
	// restored from it makes a new secret and registers it.
	var buf bytes.Buffer
	if _, err := h.App.Store.Dump(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	backup := append([]byte(nil), buf.Bytes()...)
	zr, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if bytes.Contains(plain, []byte(secret)) {
		t.Fatal("the webhook secret is in the backup")
	}
	h.Stop()
	r := apptest.New(t, apptest.WithServer(h.TG), apptest.WithEnv("WEBHOOK_URL", "https://bot.example.org/tg/hook"))
	st := storetest.OpenDir(t, r.Config().DataDir, nil)
	if _, err := st.Restore(context.Background(), bytes.NewReader(backup)); err != nil {
		t.Fatal(err)
	}
	st.Close(context.Background())
	calls := h.TG.Webhook().SetCalls
	r.StartBot()
	h.TG.WaitFor(t, func() bool { return h.TG.Webhook().SetCalls > calls })
	if got := h.TG.Webhook().SecretToken; got == secret || len(got) < 32 {
		t.Errorf("secret after restore = %q; want a new one", got)
	}
}

func TestPolling_DeletesStaleWebhook(t *testing.T) {
	h := apptest.New(t)
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(h.TG.Token(), h.TG.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	wh, _ := tgbotapi.NewWebhook("https://stale.example.org/hook")
	if _, err := api.Request(wh); err != nil {
		t.Fatal(err)
	}
	h.StartBot()
	u := h.User(602, "Minh", "vi")
	u.Send("/start")
	u.Expect(t, "Xin chào Minh")
	if w := h.TG.Webhook(); w.URL != "" || w.DeleteCalls == 0 {
		t.Errorf("webhook after polling start = %+v; want deleted", w)
	}
}

func TestBot_PanicInHandlerKeepsServing(t *testing.T) {
	h := apptest.Start(t, apptest.WithRoutes(bot.Route{Name: "boom", Command: "boom", Access: bot.Anyone, Where: bot.Private,
		Handle: func(*bot.Request) error { panic("boom in a handler") }}))
	u := h.User(603, "An", "vi")
	up := u.Send("/boom")
	u.Expect(t, "đã có lỗi xảy ra")
	u.Send("/start")
	u.Expect(t, "Xin chào An")
	h.Drained()
	if !h.Logs.Contains(`"panic":"boom in a handler"`) || !h.Logs.Contains(`"update_id":`+jsonInt(up.UpdateID)) {
		t.Errorf("the panic was not logged with its update id")
	}
	_, metrics := httpGet(t, h, "/metrics")
	if !strings.Contains(metrics, `reportbot_updates_total{kind="command",outcome="panic"} 1`) {
		t.Errorf("/metrics does not count the panic")
	}
}

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestBot_SecretsNeverInLogsOrMetrics(t *testing.T) {
	const whSecret = "wh-SECRET-0123456789abcdef"
	h := apptest.Start(t, apptest.WithEnv("WEBHOOK_URL", "https://bot.example.org/hook"), apptest.WithEnv("WEBHOOK_SECRET", whSecret))
	h.TG.WaitFor(t, func() bool { return h.TG.Webhook().SecretToken == whSecret })
	u := h.User(604, "Hà", "vi")
	up := u.Send("/help")
	postUpdate(t, h, "/hook", "wrong", up)
	postUpdate(t, h, "/hook", whSecret, up)
	u.Expect(t, "Các lệnh")
	postUpdate(t, h, "/hook", whSecret, map[string]any{"update_id": "x"}) // logged as malformed
	code, metrics := httpGet(t, h, "/metrics")
	if code != 200 || !strings.Contains(metrics, `reportbot_webhook_requests_total{status="401"} 1`) {
		t.Fatalf("/metrics = %d, lacks the refused request", code)
	}
	h.Stop()
	token := h.TG.Token()
	tokenSecret := token[strings.Index(token, ":")+1:]
	for what, text := range map[string]string{"logs": h.Logs.String(), "/metrics": metrics} {
		if strings.Contains(text, tokenSecret) {
			t.Errorf("%s contain the bot token", what)
		}
		if strings.Contains(text, whSecret) {
			t.Errorf("%s contain WEBHOOK_SECRET", what)
		}
	}
}

func TestBot_ReadyzAndMetrics(t *testing.T) {
	h := apptest.Start(t)
	u := h.User(605, "Tú", "vi")
	u.Send("/start")
	u.Next(t)
	h.Drained()
	if code, body := httpGet(t, h, "/readyz"); code != 200 || !strings.Contains(body, `"role":"active"`) {
		t.Errorf("/readyz = %d %s", code, body)
	}
	if code, _ := httpGet(t, h, "/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	_, m := httpGet(t, h, "/metrics")
	for _, want := range []string{`reportbot_updates_total{kind="command",outcome="ok"}`, `reportbot_messages_total{result="sent"}`, `reportbot_handler_seconds_count{route="start"} 1`} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
