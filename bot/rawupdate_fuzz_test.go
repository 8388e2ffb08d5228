package bot_test

import (
	"bytes"
	"testing"

	"github.com/camgiang-edu/reportbot/bot"
)

// FuzzParseUpdate feeds ParseUpdate what a webhook or getUpdates could deliver: it must
// never panic, accept only updates with a positive id, and keep the JSON as received.
// The corpus is in testdata/fuzz/FuzzParseUpdate.
func FuzzParseUpdate(f *testing.F) {
	f.Add([]byte(`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"text":"/start"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		u, err := bot.ParseUpdate(data)
		if err != nil {
			return
		}
		if u.ID <= 0 {
			t.Fatalf("accepted update id %d", u.ID)
		}
		if !bytes.Equal(u.JSON, data) {
			t.Fatal("the stored JSON differs from the JSON received")
		}
		again, err := bot.ParseUpdate(u.JSON)
		if err != nil || again.ID != u.ID || again.Chat != u.Chat {
			t.Fatalf("parsing the stored JSON again: %+v, %v; first %+v", again, err, u)
		}
	})
}
