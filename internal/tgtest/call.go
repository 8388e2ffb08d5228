package tgtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// handler is one Bot API method.
type handler struct {
	name string
	fn   func(s *Server, c *call) (any, *apiError)
	// unlocked handlers take s.mu themselves (getUpdates blocks).
	unlocked bool
}

// handlers maps lower-cased method names (Telegram ignores case) to their implementation.
var handlers = map[string]handler{}

func init() {
	for _, h := range []handler{
		{name: "getMe", fn: (*Server).getMe},
		{name: "getUpdates", fn: (*Server).getUpdates, unlocked: true},
		{name: "sendMessage", fn: (*Server).sendMessage},
		{name: "editMessageText", fn: (*Server).editMessageText},
		{name: "editMessageReplyMarkup", fn: (*Server).editMessageReplyMarkup},
		{name: "deleteMessage", fn: (*Server).deleteMessage},
		{name: "answerCallbackQuery", fn: (*Server).answerCallbackQuery},
		{name: "sendDocument", fn: (*Server).sendDocument},
		{name: "sendPhoto", fn: (*Server).sendPhoto},
		{name: "sendChatAction", fn: (*Server).sendChatAction},
		{name: "setMyCommands", fn: (*Server).setMyCommands},
		{name: "getMyCommands", fn: (*Server).getMyCommands},
		{name: "deleteMyCommands", fn: (*Server).deleteMyCommands},
		{name: "setWebhook", fn: (*Server).setWebhook},
		{name: "deleteWebhook", fn: (*Server).deleteWebhook},
		{name: "getWebhookInfo", fn: (*Server).getWebhookInfo},
		{name: "getChat", fn: (*Server).getChat},
		{name: "getFile", fn: (*Server).getFile},
	} {
		handlers[strings.ToLower(h.name)] = h
	}
}

// call is one parsed request.
type call struct {
	method string
	params url.Values
	files  map[string]filePart
	chatID int64 // 0 when absent or not numeric
	ctx    context.Context
	down   <-chan struct{}
	now    time.Time
}

type filePart struct {
	name  string
	ctype string
	data  []byte
}

// apiError is a failed answer: {"ok":false,"error_code":code,"description":desc,...}.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64
	hangup     bool   // drop the connection without an answer
	rawBody    string // answer this body verbatim instead of JSON
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: 400, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func forbidden(desc string) *apiError { return &apiError{code: 403, desc: "Forbidden: " + desc} }

// parseCall reads parameters the ways Telegram accepts them: query string, urlencoded form,
// multipart form (uploads, as tgbotapi sends them) or a JSON body.
func parseCall(r *http.Request, method string) (*call, *apiError) {
	c := &call{method: method, params: url.Values{}, files: map[string]filePart{}, ctx: r.Context()}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(64 << 20); err != nil {
			return c, badRequest("can't parse multipart form: %v", err)
		}
		for k, hs := range r.MultipartForm.File {
			f, err := hs[0].Open()
			if err != nil {
				return c, badRequest("can't read file %s", k)
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return c, badRequest("can't read file %s", k)
			}
			c.files[k] = filePart{name: hs[0].Filename, ctype: hs[0].Header.Get("Content-Type"), data: data}
		}
		c.params = r.Form
	case "application/json":
		var m map[string]json.RawMessage
		dec := json.NewDecoder(r.Body)
		if err := dec.Decode(&m); err != nil && err != io.EOF {
			return c, badRequest("can't parse JSON: %v", err)
		}
		for k, v := range m {
			var str string
			if json.Unmarshal(v, &str) == nil {
				c.params.Set(k, str)
			} else {
				c.params.Set(k, string(bytes.TrimSpace(v)))
			}
		}
		for k, v := range r.URL.Query() {
			c.params[k] = v
		}
	default:
		if err := r.ParseForm(); err != nil {
			return c, badRequest("can't parse form: %v", err)
		}
		c.params = r.Form
	}
	c.chatID, _ = strconv.ParseInt(c.params.Get("chat_id"), 10, 64)
	return c, nil
}

type envelope struct {
	Ok          bool            `json:"ok"`
	Result      json.RawMessage `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *respParams     `json:"parameters,omitempty"`
}

type respParams struct {
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
	RetryAfter      int   `json:"retry_after,omitempty"`
}

// described is a result that also carries a description, as setWebhook answers.
type described struct {
	result any
	desc   string
}

func writeResult(w http.ResponseWriter, v any) {
	env := envelope{Ok: true}
	if d, ok := v.(described); ok {
		v, env.Description = d.result, d.desc
	}
	env.Result = cleanJSON(v)
	writeEnvelope(w, http.StatusOK, env)
}

func writeError(w http.ResponseWriter, e *apiError) {
	if e.rawBody != "" {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(e.code)
		io.WriteString(w, e.rawBody)
		return
	}
	env := envelope{ErrorCode: e.code, Description: e.desc}
	if e.retryAfter != 0 || e.migrateTo != 0 {
		env.Parameters = &respParams{MigrateToChatID: e.migrateTo, RetryAfter: e.retryAfter}
	}
	writeEnvelope(w, e.code, env)
}

func writeEnvelope(w http.ResponseWriter, status int, env envelope) {
	b, _ := json.Marshal(env)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// cleanJSON marshals v and drops null members, which tgbotapi's types emit but Telegram never
// sends.
func cleanJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("tgtest: marshal %T: %v", v, err))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		panic(fmt.Sprintf("tgtest: decode %T: %v", v, err))
	}
	out, _ := json.Marshal(dropNulls(x))
	return out
}

func dropNulls(x any) any {
	switch v := x.(type) {
	case map[string]any:
		for k, e := range v {
			if e == nil {
				delete(v, k)
			} else {
				v[k] = dropNulls(e)
			}
		}
	case []any:
		for i, e := range v {
			v[i] = dropNulls(e)
		}
	}
	return x
}
