package bot

import (
	"context"
	"errors"
	"net"
	"net/url"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Failure
	}{
		{"429 with retry_after", &tgbotapi.Error{Code: 429, Message: "Too Many Requests: retry after 5", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 5}},
			Failure{Kind: FailRateLimited, Code: 429, Description: "Too Many Requests: retry after 5", RetryAfter: 5 * time.Second}},
		{"upload 429 without a code", &tgbotapi.Error{Message: "Too Many Requests: retry after 3", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}},
			Failure{Kind: FailRateLimited, Code: 429, Description: "Too Many Requests: retry after 3", RetryAfter: 3 * time.Second}},
		{"403 blocked", &tgbotapi.Error{Code: 403, Message: "Forbidden: bot was blocked by the user"},
			Failure{Kind: FailForbidden, Code: 403, Description: "Forbidden: bot was blocked by the user"}},
		{"upload 403 without a code", &tgbotapi.Error{Message: "Forbidden: bot was kicked from the group chat"},
			Failure{Kind: FailForbidden, Code: 403, Description: "Forbidden: bot was kicked from the group chat"}},
		{"migrated", &tgbotapi.Error{Code: 400, Message: "Bad Request: group chat was upgraded to a supergroup chat", ResponseParameters: tgbotapi.ResponseParameters{MigrateToChatID: -1007}},
			Failure{Kind: FailMigrated, Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat", MigrateTo: -1007}},
		{"upload 400 without a code", &tgbotapi.Error{Message: "Bad Request: file is too big"},
			Failure{Kind: FailOther, Code: 400, Description: "Bad Request: file is too big"}},
		{"502", &tgbotapi.Error{Code: 502, Message: "Bad Gateway"},
			Failure{Kind: FailAmbiguous, Code: 502, Description: "Bad Gateway"}},
		{"connection refused", &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Err: errors.New("refused")}},
			Failure{Kind: FailNotSent, Description: "telegram unreachable"}},
		{"cut off mid-request", &url.Error{Op: "Post", URL: "http://x", Err: errors.New("EOF")},
			Failure{Kind: FailAmbiguous, Description: "no answer from telegram"}},
		{"stopped before the call", notSent{context.Canceled},
			Failure{Kind: FailNotSent, Description: "context canceled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.err); got != tt.want {
				t.Errorf("Classify = %+v, want %+v", got, tt.want)
			}
		})
	}
}
