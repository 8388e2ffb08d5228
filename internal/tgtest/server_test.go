package tgtest_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// mustBot connects the real tgbotapi client to srv.
func mustBot(tb testing.TB, srv *tgtest.Server) *tgbotapi.BotAPI {
	tb.Helper()
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
	if err != nil {
		tb.Fatalf("connect bot: %v", err)
	}
	return bot
}

// mustAPIError asserts err is a *tgbotapi.Error with this description and returns it.
func mustAPIError(tb testing.TB, err error, desc string) *tgbotapi.Error {
	tb.Helper()
	var e *tgbotapi.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error = %v (%T), want *tgbotapi.Error %q", err, err, desc)
	}
	if !strings.HasPrefix(e.Message, desc) {
		tb.Fatalf("error = %q, want prefix %q", e.Message, desc)
	}
	return e
}

func inlineKeyboard(pairs ...string) tgbotapi.InlineKeyboardMarkup {
	var row []tgbotapi.InlineKeyboardButton
	for i := 0; i+1 < len(pairs); i += 2 {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(pairs[i], pairs[i+1]))
	}
	return tgbotapi.NewInlineKeyboardMarkup(row)
}

func TestServer_GetMe(t *testing.T) {
	srv := tgtest.New(t, tgtest.WithBotUsername("school_bot"))
	bot := mustBot(t, srv)
	if bot.Self.UserName != "school_bot" || !bot.Self.IsBot || bot.Self.ID != 123456 {
		t.Fatalf("Self = %+v", bot.Self)
	}
	_, err := tgbotapi.NewBotAPIWithAPIEndpoint("999:wrong", srv.Endpoint())
	if e := mustAPIError(t, err, "Unauthorized"); e.Code != 401 {
		t.Fatalf("code = %d, want 401", e.Code)
	}
	_, err = bot.MakeRequest("noSuchMethod", nil)
	if e := mustAPIError(t, err, "Not Found"); e.Code != 404 {
		t.Fatalf("code = %d, want 404", e.Code)
	}
	// Telegram ignores the case of method names.
	if _, err := bot.MakeRequest("GETME", nil); err != nil {
		t.Fatalf("GETME: %v", err)
	}
}

func TestServer_SendMessageWithInlineKeyboard(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")

	msg := tgbotapi.NewMessage(u.ID(), "<b>Chọn kỳ</b> báo cáo &amp; gửi")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyMarkup = inlineKeyboard("Tháng 6", "period:2024-06", "Huỷ", "cancel")
	got, err := bot.Send(msg)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if got.MessageID == 0 || got.Text != "Chọn kỳ báo cáo & gửi" || got.ReplyMarkup == nil {
		t.Fatalf("echoed message = %+v", got)
	}
	if len(got.Entities) != 1 || got.Entities[0].Type != "bold" || got.Entities[0].Length != 7 {
		t.Fatalf("entities = %+v", got.Entities)
	}

	sent := u.Next(t)
	if sent.MessageID != got.MessageID || sent.ParseMode != "HTML" || sent.Plain != got.Text {
		t.Fatalf("recorded = %+v", sent)
	}
	b, ok := sent.Markup.Button("Huỷ")
	if !ok || b.CallbackData != "cancel" || len(sent.Markup.Buttons()) != 2 {
		t.Fatalf("markup = %s", sent.Markup)
	}
	if len(srv.Sent()) != 1 || len(srv.SentTo(u.ID())) != 1 || len(srv.SentTo(42)) != 0 {
		t.Fatalf("Sent = %+v", srv.Sent())
	}
}

func TestServer_SendReplyKeyboard(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")

	msg := tgbotapi.NewMessage(u.ID(), "Gửi số điện thoại")
	msg.ReplyMarkup = tgbotapi.NewOneTimeReplyKeyboard(tgbotapi.NewKeyboardButtonRow(
		tgbotapi.NewKeyboardButtonContact("Chia sẻ số"), tgbotapi.NewKeyboardButton("Bỏ qua")))
	if _, err := bot.Send(msg); err != nil {
		t.Fatalf("send: %v", err)
	}
	m := u.Next(t)
	if len(m.Markup.Keyboard) != 1 || !m.Markup.Keyboard[0][0].RequestContact || !m.Markup.OneTime {
		t.Fatalf("markup = %+v", m.Markup)
	}

	rm := tgbotapi.NewMessage(u.ID(), "Cảm ơn")
	rm.ReplyMarkup = tgbotapi.NewRemoveKeyboard(false)
	if _, err := bot.Send(rm); err != nil {
		t.Fatalf("send: %v", err)
	}
	if m := u.Next(t); !m.Markup.RemoveKeyboard {
		t.Fatalf("markup = %+v, want remove_keyboard", m.Markup)
	}
}

func TestServer_LongPollReturnsOnNewUpdate(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")

	type result struct {
		updates []tgbotapi.Update
		err     error
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
		done <- result{ups, err}
	}()
	srv.WaitFor(t, srv.Polling)
	sentUpd := u.Send("xin chào")

	r := <-done
	if r.err != nil {
		t.Fatalf("getUpdates: %v", r.err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Fatalf("long poll took %v, want it to end when the update arrived", elapsed)
	}
	if len(r.updates) != 1 || r.updates[0].UpdateID != sentUpd.UpdateID || r.updates[0].Message.Text != "xin chào" {
		t.Fatalf("updates = %+v", r.updates)
	}
	if r.updates[0].Message.From.LanguageCode != "vi" || r.updates[0].Message.Chat.Type != "private" {
		t.Fatalf("message = %+v", r.updates[0].Message)
	}
}

func TestServer_LongPollTimeoutAndClose(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)

	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 1})
	if err != nil || len(ups) != 0 {
		t.Fatalf("getUpdates = %v, %v; want empty after the timeout", ups, err)
	}

	done := make(chan error, 1)
	go func() {
		_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 60})
		done <- err
	}()
	srv.WaitFor(t, srv.Polling)
	srv.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("getUpdates after Close: %v, want an empty result", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("long poll did not return when the server closed")
	}
}

func TestServer_OffsetConfirmation(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	first, second, third := u.Send("1"), u.Send("2"), u.Send("3")
	if !(first.UpdateID < second.UpdateID && second.UpdateID < third.UpdateID) {
		t.Fatalf("update ids not increasing: %d %d %d", first.UpdateID, second.UpdateID, third.UpdateID)
	}

	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Limit: 2})
	if err != nil || len(ups) != 2 || ups[0].UpdateID != first.UpdateID {
		t.Fatalf("limit 2: %+v, %v", ups, err)
	}
	if srv.Offset() != 0 || srv.PendingUpdates() != 3 {
		t.Fatalf("offset %d pending %d before any confirmation", srv.Offset(), srv.PendingUpdates())
	}

	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: second.UpdateID + 1})
	if err != nil || len(ups) != 1 || ups[0].UpdateID != third.UpdateID {
		t.Fatalf("after offset: %+v, %v", ups, err)
	}
	if srv.Offset() != second.UpdateID+1 || srv.PendingUpdates() != 1 {
		t.Fatalf("offset %d pending %d", srv.Offset(), srv.PendingUpdates())
	}
	srv.WaitConfirmed(t, second.UpdateID)

	// Confirmed updates are gone for good, even with a lower offset.
	ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: first.UpdateID})
	if len(ups) != 1 || ups[0].UpdateID != third.UpdateID {
		t.Fatalf("dropped updates came back: %+v", ups)
	}
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: third.UpdateID + 1}); err != nil {
		t.Fatal(err)
	}
	if srv.PendingUpdates() != 0 {
		t.Fatalf("pending = %d", srv.PendingUpdates())
	}
}

func TestServer_EchoBotEndToEnd(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")

	cfg := tgbotapi.NewUpdate(0)
	cfg.Timeout = 30
	updates := bot.GetUpdatesChan(cfg)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case upd := <-updates:
				if upd.Message != nil {
					bot.Send(tgbotapi.NewMessage(upd.Message.Chat.ID, "echo: "+upd.Message.Text))
				}
			case <-stop:
				return
			}
		}
	}()
	t.Cleanup(func() { bot.StopReceivingUpdates(); close(stop); wg.Wait() })

	up := u.Send("báo cáo")
	u.Expect(t, "echo: báo cáo")
	u.Send("lần hai")
	if m := u.Next(t); m.Text != "echo: lần hai" {
		t.Fatalf("next = %q", m.Text)
	}
	srv.WaitConfirmed(t, up.UpdateID)
}

func TestServer_TooManyRequests(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	srv.Throttle(u.ID(), 7, 2)

	for i := 0; i < 2; i++ {
		_, err := bot.Send(tgbotapi.NewMessage(u.ID(), "x"))
		e := mustAPIError(t, err, "Too Many Requests: retry after 7")
		if e.Code != 429 || e.RetryAfter != 7 {
			t.Fatalf("error = %+v", e)
		}
	}
	if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "x")); err != nil {
		t.Fatalf("third send: %v", err)
	}
	if srv.Throttled() != 2 || srv.Calls("sendMessage") != 3 || len(srv.Sent()) != 1 {
		t.Fatalf("throttled %d calls %d sent %d", srv.Throttled(), srv.Calls("sendMessage"), len(srv.Sent()))
	}
	// getUpdates is not hit by faults without a Method.
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{}); err != nil {
		t.Fatal(err)
	}
}

func TestServer_Forbidden(t *testing.T) {
	srv := tgtest.New(t, tgtest.WithRequireStart())
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")

	_, err := bot.Send(tgbotapi.NewMessage(u.ID(), "hi"))
	if e := mustAPIError(t, err, "Forbidden: bot can't initiate conversation with a user"); e.Code != 403 {
		t.Fatalf("code %d", e.Code)
	}
	u.Send("/start")
	if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "hi")); err != nil {
		t.Fatalf("after /start: %v", err)
	}

	blockUpd := u.Block()
	if blockUpd.MyChatMember == nil || blockUpd.MyChatMember.NewChatMember.Status != "kicked" {
		t.Fatalf("block update = %+v", blockUpd)
	}
	_, err = bot.Send(tgbotapi.NewMessage(u.ID(), "hi"))
	if e := mustAPIError(t, err, "Forbidden: bot was blocked by the user"); e.Code != 403 {
		t.Fatalf("code %d", e.Code)
	}
	_, err = bot.Send(tgbotapi.NewMessage(777, "hi"))
	mustAPIError(t, err, "Bad Request: chat not found")
}

func TestServer_MigrateToChatID(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	srv.Group(-1001, "Tổ Toán", false)
	sg := srv.MigrateGroup(-1001, -1001999)

	_, err := bot.Send(tgbotapi.NewMessage(-1001, "hi"))
	e := mustAPIError(t, err, "Bad Request: group chat was upgraded to a supergroup chat")
	if e.MigrateToChatID != sg.ID() || e.ResponseParameters.MigrateToChatID != -1001999 {
		t.Fatalf("error = %+v", e)
	}
	if _, err := bot.Send(tgbotapi.NewMessage(sg.ID(), "hi")); err != nil {
		t.Fatalf("send to supergroup: %v", err)
	}
	if sg.Next(t).Text != "hi" || sg.Chat().Type != "supergroup" {
		t.Fatal("supergroup did not get the message")
	}

	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if len(ups) != 2 || ups[0].Message.MigrateToChatID != -1001999 || ups[1].Message.MigrateFromChatID != -1001 {
		t.Fatalf("migration updates = %+v", ups)
	}

	// The same answer can be injected for any chat.
	srv.FailNext(1, tgtest.GroupUpgraded(-100555))
	_, err = bot.Send(tgbotapi.NewMessage(sg.ID(), "x"))
	if e := mustAPIError(t, err, "Bad Request: group chat was upgraded"); e.MigrateToChatID != -100555 {
		t.Fatalf("injected migrate = %+v", e)
	}
}

func TestServer_TextValidation(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	tests := []struct {
		name, text, mode, wantErr string
	}{
		{"empty", "", "", "Bad Request: message text is empty"},
		{"blank", "  \n ", "", "Bad Request: message text is empty"},
		{"4096 ASCII", strings.Repeat("a", 4096), "", ""},
		{"4097 ASCII", strings.Repeat("a", 4097), "", "Bad Request: message is too long"},
		{"4096 Vietnamese letters", strings.Repeat("ệ", 4096), "", ""},
		{"2048 emoji are 4096 units", strings.Repeat("😀", 2048), "", ""},
		{"2049 emoji are 4098 units", strings.Repeat("😀", 2049), "", "Bad Request: message is too long"},
		{"tags are not counted", "<b>" + strings.Repeat("a", 4096) + "</b>", "HTML", ""},
		{"entities count once", strings.Repeat("&lt;", 4096), "HTML", ""},
		{"entities over", strings.Repeat("&amp;", 4097), "HTML", "Bad Request: message is too long"},
		{"unclosed tag", "<b>bold", "HTML", "Bad Request: can't parse entities: Can't find end tag"},
		{"unknown tag", "a<br>b", "HTML", `Bad Request: can't parse entities: Unsupported start tag "br"`},
		{"bare less-than", "1 < 2", "HTML", "Bad Request: can't parse entities"},
		{"mismatched", "<b><i>x</b></i>", "HTML", "Bad Request: can't parse entities: Unmatched end tag"},
		{"empty after parse", "<b></b>", "HTML", "Bad Request: message text is empty"},
		{"markdownv2 reserved", "Điểm 8.5", "MarkdownV2", "Bad Request: can't parse entities: Character '.' is reserved"},
		{"markdownv2 escaped", "Điểm 8\\.5 *đạt*", "MarkdownV2", ""},
		{"markdownv2 unclosed", "*bold", "MarkdownV2", "Bad Request: can't parse entities: Can't find end of Bold entity"},
		{"markdown unclosed", "_italic", "Markdown", "Bad Request: can't parse entities"},
		{"unknown parse mode", "x", "BBCode", "Bad Request: unsupported parse_mode"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := tgbotapi.NewMessage(u.ID(), tc.text)
			msg.ParseMode = tc.mode
			_, err := bot.Send(msg)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("send: %v", err)
				}
				return
			}
			if e := mustAPIError(t, err, tc.wantErr); e.Code != 400 {
				t.Fatalf("code %d", e.Code)
			}
		})
	}
}

func TestServer_CallbackDataValidation(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	tests := []struct {
		name, data string
		ok         bool
	}{
		{"64 bytes", strings.Repeat("x", 64), true},
		{"65 bytes", strings.Repeat("x", 65), false},
		{"22 Vietnamese letters are 66 bytes", strings.Repeat("ệ", 22), false},
		{"empty", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := tgbotapi.NewMessage(u.ID(), "pick")
			msg.ReplyMarkup = inlineKeyboard("A", tc.data)
			_, err := bot.Send(msg)
			if tc.ok {
				if err != nil {
					t.Fatalf("send: %v", err)
				}
				return
			}
			mustAPIError(t, err, "Bad Request: BUTTON_DATA_INVALID")
		})
	}
}

func TestServer_DocumentUpload(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	data := []byte("PK\x03\x04 fake xlsx bytes")

	doc := tgbotapi.NewDocument(u.ID(), tgbotapi.FileBytes{Name: "bao-cao-thang-6.xlsx", Bytes: data})
	doc.Caption = "Báo cáo <i>tháng 6</i>"
	doc.ParseMode = tgbotapi.ModeHTML
	got, err := bot.Send(doc)
	if err != nil {
		t.Fatalf("send document: %v", err)
	}
	if got.Document == nil || got.Document.FileName != "bao-cao-thang-6.xlsx" || got.Caption != "Báo cáo tháng 6" {
		t.Fatalf("echo = %+v", got)
	}

	m := u.Expect(t, "tháng 6")
	if m.File == nil || m.File.FileName != "bao-cao-thang-6.xlsx" || m.File.Size != len(data) ||
		string(m.File.Data) != string(data) || m.Caption != doc.Caption || m.Method != "sendDocument" {
		t.Fatalf("recorded = %+v", m)
	}
	if !strings.Contains(m.File.MimeType, "spreadsheet") {
		t.Fatalf("mime = %q", m.File.MimeType)
	}

	// Re-sending by file_id works without an upload.
	if _, err := bot.Send(tgbotapi.NewDocument(u.ID(), tgbotapi.FileID(got.Document.FileID))); err != nil {
		t.Fatalf("resend by file_id: %v", err)
	}
	_, err = bot.Send(tgbotapi.NewDocument(u.ID(), tgbotapi.FileBytes{Name: "empty.txt"}))
	mustAPIError(t, err, "Bad Request: file must be non-empty")
	_, err = bot.Send(tgbotapi.NewPhoto(u.ID(), tgbotapi.FileBytes{Name: "x.png", Bytes: []byte("not an image")}))
	mustAPIError(t, err, "Bad Request: IMAGE_PROCESS_FAILED")
}

func TestServer_StopRestartSameAddress(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	addr := srv.Addr()

	polled := make(chan error, 1)
	go func() {
		_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 60})
		polled <- err
	}()
	srv.WaitFor(t, srv.Polling)
	srv.Stop()
	select {
	case err := <-polled:
		if err == nil {
			t.Fatal("long poll cut by Stop returned no error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("long poll did not end on Stop")
	}
	if _, err := bot.GetMe(); err == nil {
		t.Fatal("getMe succeeded while stopped")
	}
	if srv.Running() {
		t.Fatal("Running after Stop")
	}

	u := srv.User(1001, "Lan", "vi")
	up := u.Send("queued while down")
	srv.Restart()
	if srv.Addr() != addr {
		t.Fatalf("address changed: %s -> %s", addr, srv.Addr())
	}
	if _, err := bot.GetMe(); err != nil {
		t.Fatalf("getMe after restart: %v", err)
	}
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 || ups[0].UpdateID != up.UpdateID {
		t.Fatalf("updates after restart = %+v, %v", ups, err)
	}
	srv.Stop()
	srv.Restart()
	if _, err := bot.GetMe(); err != nil {
		t.Fatalf("getMe after second restart: %v", err)
	}
}

func TestServer_FileDownload(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	upd := u.SendDocument("danh-sach.csv", []byte("ten,lop\nAn,6A\n"))
	if upd.Message.Document == nil || upd.Message.Document.FileSize != 14 {
		t.Fatalf("update = %+v", upd.Message)
	}

	f, err := bot.GetFile(tgbotapi.FileConfig{FileID: upd.Message.Document.FileID})
	if err != nil {
		t.Fatalf("getFile: %v", err)
	}
	resp, err := http.Get(srv.FileURL(f.FilePath))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != "ten,lop\nAn,6A\n" {
		t.Fatalf("download = %d %q", resp.StatusCode, body)
	}
	_, err = bot.GetFile(tgbotapi.FileConfig{FileID: "nope"})
	mustAPIError(t, err, "Bad Request: invalid file_id")
}

func TestServer_ExpectSkipsAndEntities(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	for _, text := range []string{"một", "hai", "ba"} {
		if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), text)); err != nil {
			t.Fatal(err)
		}
	}
	if m := u.Expect(t, "hai"); m.Text != "hai" {
		t.Fatalf("expect = %q", m.Text)
	}
	if left := srv.Untaken(u.ID()); len(left) != 1 || left[0].Text != "ba" {
		t.Fatalf("untaken = %+v", left)
	}

	msg := tgbotapi.NewMessage(u.ID(), "Xem <a\nhref=\"https://example.com/?a=1&amp;b=2\">báo cáo</a> <tg-spoiler>bí mật</tg-spoiler>")
	msg.ParseMode = tgbotapi.ModeHTML
	got, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	e := got.Entities
	if got.Text != "Xem báo cáo bí mật" || len(e) != 2 ||
		e[0].Type != "text_link" || e[0].URL != "https://example.com/?a=1&b=2" || e[0].Offset != 4 || e[0].Length != 7 ||
		e[1].Type != "spoiler" || e[1].Offset != 12 || e[1].Length != 6 {
		t.Fatalf("message = %q %+v", got.Text, e)
	}
}
