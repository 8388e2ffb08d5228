package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/rs/zerolog"
)

// echoServer is a Bot API server that puts the request path, in the forms given, into
// the description of every error it answers, as some proxies and self-hosted servers do.
// getMe fails once, then succeeds.
func echoServer(t *testing.T, forms func(path string) string) *httptest.Server {
	t.Helper()
	var getMe atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/getMe") && getMe.Add(1) > 1 {
			fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"Báo cáo","username":"reportbot"}}`)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error_code": 404,
			"description": "Not Found: " + forms(r.URL.Path) + " (" + r.RequestURI + ")"})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// percentAll percent-encodes every byte of s.
func percentAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

func TestClient_TokenNeverInErrorsOrLogs(t *testing.T) {
	const token = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
	_, secret, _ := strings.Cut(token, ":")
	leaks := func(s string) bool {
		u, _ := url.PathUnescape(s)
		return strings.Contains(s, secret) || strings.Contains(u, secret)
	}
	for name, forms := range map[string]func(string) string{
		"plain":         func(p string) string { return p },
		"query-escaped": url.QueryEscape,
		"every byte":    percentAll,
	} {
		t.Run(name, func(t *testing.T) {
			srv := echoServer(t, forms)
			var logs bytes.Buffer
			log := zerolog.New(&logs)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, err := Connect(ctx, ClientConfig{Token: token, Endpoint: srv.URL + "/bot%s/%s", PollTimeout: 1, Logger: log})
			if err != nil {
				t.Fatal(err)
			}
			defer c.StopPolling()
			_, sendErr := c.API().Send(tgbotapi.NewMessage(1, "xin chào"))
			_, reqErr := c.API().Request(tgbotapi.NewMessage(1, "xin chào"))
			_, updErr := c.GetUpdates(ctx, 0, 10, 0)
			_, dlErr := c.Download(ctx, "file-1")
			hookErr := c.SetWebhook("https://bot.example.org/tg", "s")
			for i, err := range []error{sendErr, reqErr, updErr, dlErr, hookErr} {
				if err == nil {
					t.Fatalf("call %d: no error from a server that answers 404", i)
				}
				log.Warn().Err(err).Msg("call failed")
				if leaks(err.Error()) {
					t.Errorf("call %d: token in the error: %v", i, err)
				}
				var te *tgbotapi.Error
				if !errors.As(err, &te) || te.Code != 404 || leaks(te.Message) {
					t.Errorf("call %d: Telegram's answer lost or not redacted: %#v", i, te)
				}
			}
			if leaks(logs.String()) {
				t.Errorf("token in the log:\n%s", logs.String())
			}
			if !strings.Contains(logs.String(), "<redacted>") {
				t.Errorf("nothing was redacted; did the server echo the path?\n%s", logs.String())
			}
		})
	}
}
