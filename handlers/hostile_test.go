package handlers_test

import (
	"context"
	"strings"
	"testing"
)

// hostileTexts are inputs that must never reach a MongoDB query as operators, never crash
// the bot and always get an answer.
var hostileTexts = []string{
	`{"$gt": ""}`,
	`{"$where": "sleep(1000)"}`,
	`$gt`,
	`a.b.c`,
	`$where.x`,
	"\u202eTHCS-X\u202c",         // right-to-left override
	"TH\u200bCS-\u200dX\ufeff",   // zero-width characters
	"🙂🏫👩‍🏫",                      // emoji, a ZWJ sequence
	"Tru\u031bo\u031b\u0300ng",   // NFD: "Trường" decomposed
	strings.Repeat("Ω🙂", 2000),   // 4000 characters, 6000 UTF-16 units
	strings.Repeat("$", 4096),    //
	"\x00null\x00byte",           //
	"<b>not html</b> & <script>", //
}

func TestHostileInput_NeverAnOperatorNeverACrash(t *testing.T) {
	h, u := startReporting(t)
	ctx := context.Background()
	off := h.Officer()
	stranger := h.User(777, `{"$gt": ""}`, "vi").SetUsername("$where")
	registrant := h.User(778, "a.b", "en")
	linker := h.User(779, "$ne", "vi")
	for _, text := range hostileTexts {
		for _, who := range []struct {
			name string
			send func()
			next func()
		}{
			{"plain text", func() { stranger.Send(text) }, func() { stranger.Next(t) }},
			{"/lang", func() { stranger.Send("/lang " + text) }, func() { stranger.Expect(t, "/lang vi") }},
			{"/reopen", func() { off.Send("/reopen " + text) }, func() { off.Next(t) }},
			{"/audit", func() { off.Send("/audit " + text) }, func() { off.Expect(t, "/audit N") }},
			{"/myreport", func() { u.Send("/myreport " + text) }, func() { u.Next(t) }},
			{"/register", func() { registrant.Send("/register " + text) }, func() { registrant.Next(t) }},
			{"/start payload", func() { linker.Send("/start " + text) }, func() { linker.Next(t) }},
		} {
			who.send()
			who.next()
		}
	}
	h.Drained()

	// A free-text answer is stored as the text given, never interpreted.
	u.Send("/report")
	m := click(t, u, u.Expect(t, "Trường có kế hoạch không?"), "Có")
	for _, text := range hostileTexts[:5] {
		must(t, send(t, u, text), "Số hoạt động") // not a number: asked again
	}
	m = click(t, u, send(t, u, "12"), "Có")
	send(t, u, "3")
	m = send(t, u, "5 triệu")
	m = click(t, u, m, "Trực tiếp")
	must(t, send(t, u, `{"$gt": ""}`), "Câu")
	if got := draftOf(t, h).Answers["note"].Text; got != `{"$gt": ""}` {
		t.Errorf("note stored as %q", got)
	}

	// The stranger's operator-shaped name is a plain value, and the bot still serves.
	stored, err := h.App.Store.User(ctx, stranger.ID())
	if err != nil || stored.Name != `{"$gt": ""}` || stored.Username != "$where" {
		t.Errorf("stranger stored as %+v, %v", stored, err)
	}
	if _, err := h.App.Store.User(ctx, 999999); err == nil {
		t.Error("an unknown user was found: a filter matched more than its _id")
	}
	counts, err := h.App.Store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name := range counts {
		if strings.ContainsAny(name, "${}") {
			t.Errorf("a collection named %q was created", name)
		}
	}
	stranger.Send("/start")
	stranger.Expect(t, "Xin chào")
	if h.Logs.Contains("handler panicked") || h.Logs.Contains(`"message":"handler failed"`) {
		t.Error("hostile input made a handler panic or fail internally; see the log")
	}
}
