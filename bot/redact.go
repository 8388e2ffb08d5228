package bot

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/rs/zerolog"
)

// redact removes the token from an error's text; see redactErr.
func (c *Client) redact(err error) error { return redactErr(err, c.token) }

// redactErr returns err without the bot token in its text, whatever carried it: a URL in
// a transport error, or an API server that echoes the request path in its description.
// Telegram's own errors stay *tgbotapi.Error (a copy with the description redacted) so
// callers still classify them with errors.As; an error that did not contain the token is
// returned unchanged.
func redactErr(err error, token string) error {
	if err == nil || token == "" || !leaksToken(err.Error(), token) {
		return err
	}
	msg := redactToken(err.Error(), token)
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		clean := &tgbotapi.Error{Code: te.Code, Message: redactToken(te.Message, token), ResponseParameters: te.ResponseParameters}
		if err == error(te) {
			return clean
		}
		return &redactedError{msg: msg, err: clean}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return &redactedError{msg: msg, err: &url.Error{Op: ue.Op, URL: redactToken(ue.URL, token), Err: redactErr(ue.Err, token)}}
	}
	return &redactedError{msg: msg, err: err}
}

// tokenForms are the texts that give the token away: the token itself, its secret part
// (after the colon, which no URL or JSON escaping changes) and its escaped forms.
func tokenForms(token string) []string {
	forms := []string{token, url.PathEscape(token), url.QueryEscape(token), strings.ReplaceAll(url.QueryEscape(token), "%3A", "%3a")}
	if _, secret, ok := strings.Cut(token, ":"); ok && secret != "" {
		forms = append(forms, secret)
	}
	return forms
}

// leaksToken reports whether s holds the token in any form, also percent-encoded.
func leaksToken(s, token string) bool {
	for _, f := range tokenForms(token) {
		if strings.Contains(s, f) {
			return true
		}
	}
	if u, err := url.PathUnescape(s); err == nil && u != s {
		return leaksToken(u, token)
	}
	return false
}

// redactToken replaces every form of the token in s with "<redacted>". Text that still
// gives the token away once percent-decoded (a server that encodes every byte) is
// replaced by its decoded, redacted form.
func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	for _, f := range tokenForms(token) {
		s = strings.ReplaceAll(s, f, "<redacted>")
	}
	if leaksToken(s, token) {
		if u, err := url.PathUnescape(s); err == nil {
			return redactToken(u, token)
		}
		return "<redacted>"
	}
	return s
}

// redactedError carries an error whose text contained the bot token.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }

// Unwrap keeps errors.Is and errors.As working (timeouts, cancellation, Telegram's
// answers); what it returns is itself redacted where it is a Telegram or URL error.
func (e *redactedError) Unwrap() error { return e.err }

// redactingAPI redacts the errors of the sending connection.
type redactingAPI struct {
	api *tgbotapi.BotAPI
	c   *Client
}

func (r redactingAPI) Request(ch tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	resp, err := r.api.Request(ch)
	return resp, r.c.redact(err)
}

func (r redactingAPI) Send(ch tgbotapi.Chattable) (tgbotapi.Message, error) {
	m, err := r.api.Send(ch)
	return m, r.c.redact(err)
}

func (r redactingAPI) GetFileDirectURL(fileID string) (string, error) {
	u, err := r.api.GetFileDirectURL(fileID)
	return u, r.c.redact(err)
}

// redactingLogger receives tgbotapi's own log lines and writes them without the token.
type redactingLogger struct {
	log   zerolog.Logger
	token string
}

func (l redactingLogger) Println(v ...interface{}) {
	l.log.Warn().Str("component", "tgbotapi").Msg(l.clean(fmt.Sprint(v...)))
}

func (l redactingLogger) Printf(format string, v ...interface{}) {
	l.log.Warn().Str("component", "tgbotapi").Msg(l.clean(fmt.Sprintf(format, v...)))
}

func (l redactingLogger) clean(s string) string { return redactToken(s, l.token) }
