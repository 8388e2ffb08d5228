package tgtest_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

func TestServer_EditMessage(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	kb := inlineKeyboard("Gửi", "submit")
	msg := tgbotapi.NewMessage(u.ID(), "Bản nháp")
	msg.ReplyMarkup = kb
	sent, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}

	_, err = bot.Send(tgbotapi.NewEditMessageTextAndMarkup(u.ID(), sent.MessageID, "Bản nháp", kb))
	mustAPIError(t, err, "Bad Request: message is not modified")
	_, err = bot.Send(tgbotapi.NewEditMessageText(u.ID(), 999, "x"))
	mustAPIError(t, err, "Bad Request: message to edit not found")
	_, err = bot.Send(tgbotapi.NewEditMessageText(u.ID(), sent.MessageID, ""))
	mustAPIError(t, err, "Bad Request: message text is empty")

	// Same text without reply_markup is a change: Telegram drops the keyboard.
	if _, err := bot.Send(tgbotapi.NewEditMessageText(u.ID(), sent.MessageID, "Bản nháp")); err != nil {
		t.Fatalf("edit removing keyboard: %v", err)
	}
	if e := u.NextEdit(t); !e.Markup.IsZero() || e.Plain != "Bản nháp" || e.Method != "editMessageText" {
		t.Fatalf("edit = %+v", e)
	}
	edited, err := bot.Send(tgbotapi.NewEditMessageTextAndMarkup(u.ID(), sent.MessageID, "Đã gửi ✅", inlineKeyboard("Xem", "view")))
	if err != nil || edited.Text != "Đã gửi ✅" || edited.EditDate == 0 {
		t.Fatalf("edit = %+v, %v", edited, err)
	}
	_, err = bot.Send(tgbotapi.NewEditMessageReplyMarkup(u.ID(), sent.MessageID, inlineKeyboard("Xem", "view")))
	mustAPIError(t, err, "Bad Request: message is not modified")
	if _, err := bot.Send(tgbotapi.NewEditMessageReplyMarkup(u.ID(), sent.MessageID, inlineKeyboard("Sửa", "edit"))); err != nil {
		t.Fatalf("edit markup: %v", err)
	}

	msgs := u.Messages()
	if len(msgs) != 1 || msgs[0].Plain != "Đã gửi ✅" || msgs[0].Edits != 3 || msgs[0].Markup.Buttons()[0].CallbackData != "edit" {
		t.Fatalf("messages = %+v", msgs)
	}
	if len(srv.Edits()) != 3 || u.Next(t).Text != "Bản nháp" {
		t.Fatal("the original message record must not change with edits")
	}

	if _, err := bot.Request(tgbotapi.NewDeleteMessage(u.ID(), sent.MessageID)); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = bot.Request(tgbotapi.NewDeleteMessage(u.ID(), sent.MessageID))
	mustAPIError(t, err, "Bad Request: message to delete not found")
	_, err = bot.Send(tgbotapi.NewEditMessageText(u.ID(), sent.MessageID, "late"))
	mustAPIError(t, err, "Bad Request: message to edit not found")
	if len(u.Messages()) != 0 || len(srv.Deleted(u.ID())) != 1 {
		t.Fatalf("after delete: %+v %v", u.Messages(), srv.Deleted(u.ID()))
	}
}

func TestUser_PressAndAnswer(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	msg := tgbotapi.NewMessage(u.ID(), "Chọn")
	msg.ReplyMarkup = inlineKeyboard("Tháng 6", "p:6", "Huỷ", "cancel")
	if _, err := bot.Send(msg); err != nil {
		t.Fatal(err)
	}
	sent := u.Next(t)

	press := u.Press(sent, "p:6")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 {
		t.Fatalf("updates = %+v, %v", ups, err)
	}
	q := ups[0].CallbackQuery
	if q == nil || q.ID != press.CallbackQuery.ID || q.Data != "p:6" || q.From.ID != u.ID() ||
		q.Message.MessageID != sent.MessageID || q.Message.Text != "Chọn" || q.Message.ReplyMarkup == nil {
		t.Fatalf("callback query = %+v", q)
	}

	if _, err := bot.Request(tgbotapi.NewCallback(q.ID, "Đã chọn tháng 6")); err != nil {
		t.Fatalf("answer: %v", err)
	}
	if a := srv.WaitAnswer(t, q.ID); a.Text != "Đã chọn tháng 6" || a.Data != "p:6" || a.MessageID != sent.MessageID {
		t.Fatalf("answer = %+v", a)
	}
	_, err = bot.Request(tgbotapi.NewCallback(q.ID, "again"))
	mustAPIError(t, err, "Bad Request: query is too old")

	click := u.Click(t, sent, "Huỷ")
	if click.CallbackQuery.Data != "cancel" {
		t.Fatalf("click = %+v", click.CallbackQuery)
	}
	reply := u.Reply(sent, "trả lời")
	if r := reply.Message.ReplyToMessage; r == nil || r.MessageID != sent.MessageID || reply.UpdateID <= click.UpdateID {
		t.Fatalf("reply = %+v", reply.Message)
	}
}

func TestUser_CallbackTTL(t *testing.T) {
	clock := newFakeClock()
	srv := tgtest.New(t, tgtest.WithClock(clock.Now), tgtest.WithCallbackTTL(15*time.Second))
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "x")); err != nil {
		t.Fatal(err)
	}
	up := u.Press(u.Next(t), "late")
	clock.Advance(16 * time.Second)
	_, err := bot.Request(tgbotapi.NewCallback(up.CallbackQuery.ID, ""))
	mustAPIError(t, err, "Bad Request: query is too old and response timeout expired or query ID is invalid")
}

func TestUser_CommandsAndMessages(t *testing.T) {
	clock := newFakeClock()
	srv := tgtest.New(t, tgtest.WithClock(clock.Now))
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi").SetUsername("lan_gv")

	u.Send("/start@reportbot_test_bot abc")
	u.Send("Xin chào 😀 /help")
	u.ShareContact("+84901234567", u.ID())
	u.SendPhoto([]byte("raw"), "ảnh")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 4 {
		t.Fatalf("updates = %d, %v", len(ups), err)
	}
	m := ups[0].Message
	if !m.IsCommand() || m.Command() != "start" || m.CommandArguments() != "abc" || m.From.UserName != "lan_gv" {
		t.Fatalf("command message = %+v", m)
	}
	if int64(m.Date) != clock.Now().Unix() {
		t.Fatalf("date = %d, want the injected clock", m.Date)
	}
	e := ups[1].Message.Entities
	if len(e) != 1 || e[0].Type != "bot_command" || e[0].Offset != tgtest.UTF16Len("Xin chào 😀 ") || e[0].Length != 5 {
		t.Fatalf("entities = %+v", e)
	}
	if c := ups[2].Message.Contact; c == nil || c.PhoneNumber != "+84901234567" || c.UserID != u.ID() {
		t.Fatalf("contact = %+v", c)
	}
	if p := ups[3].Message.Photo; len(p) != 1 || ups[3].Message.Caption != "ảnh" {
		t.Fatalf("photo = %+v", ups[3].Message)
	}
}

func TestServer_Groups(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	g := srv.Group(-1002003004, "Tổ Văn", true)

	removed := srv.BotRemovedFrom(g)
	if removed.MyChatMember == nil || removed.MyChatMember.NewChatMember.Status != "kicked" {
		t.Fatalf("removed = %+v", removed)
	}
	_, err := bot.Send(tgbotapi.NewMessage(g.ID(), "x"))
	mustAPIError(t, err, "Forbidden: bot was kicked from the supergroup chat")
	if up := u.SendIn(g, "ai đó không?"); up.UpdateID != 0 {
		t.Fatal("a group message was delivered while the bot was not a member")
	}

	added := srv.BotAddedTo(g, u)
	if cm := added.MyChatMember; cm == nil || cm.NewChatMember.Status != "member" || cm.From.ID != u.ID() || cm.Chat.ID != g.ID() {
		t.Fatalf("added = %+v", added)
	}
	u.SendIn(g, "/report")
	if _, err := bot.Send(tgbotapi.NewMessage(g.ID(), "Đã nhận")); err != nil {
		t.Fatal(err)
	}
	g.Expect(t, "Đã nhận")

	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
	var kinds []string
	for _, up := range ups {
		switch {
		case up.MyChatMember != nil:
			kinds = append(kinds, "member:"+up.MyChatMember.NewChatMember.Status)
		case len(up.Message.NewChatMembers) > 0:
			kinds = append(kinds, "joined")
		default:
			kinds = append(kinds, up.Message.Text)
		}
	}
	if got := strings.Join(kinds, ","); got != "member:kicked,member:member,joined,/report" {
		t.Fatalf("updates = %s", got)
	}
	chat, err := bot.GetChat(tgbotapi.ChatInfoConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: g.ID()}})
	if err != nil || chat.Title != "Tổ Văn" || chat.Type != "supergroup" {
		t.Fatalf("getChat = %+v, %v", chat, err)
	}
}

func TestServer_CommandsAndWebhook(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")

	if _, err := bot.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "start", Description: "Bắt đầu"})); err != nil {
		t.Fatal(err)
	}
	admin := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(u.ID()),
		tgbotapi.BotCommand{Command: "start", Description: "Bắt đầu"}, tgbotapi.BotCommand{Command: "export", Description: "Xuất Excel"})
	if _, err := bot.Request(admin); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands(tgtest.CommandScope{}); len(got) != 1 || got[0].Command != "start" {
		t.Fatalf("default commands = %+v", got)
	}
	if got := srv.Commands(tgtest.CommandScope{Type: "chat", ChatID: u.ID()}); len(got) != 2 {
		t.Fatalf("chat commands = %+v", got)
	}
	if got, err := bot.GetMyCommands(); err != nil || len(got) != 1 {
		t.Fatalf("getMyCommands = %+v, %v", got, err)
	}
	_, err := bot.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "Xuất", Description: "x"}))
	mustAPIError(t, err, "Bad Request: BOT_COMMAND_INVALID")

	u.Send("old")
	if _, err := bot.Request(tgbotapi.DeleteWebhookConfig{DropPendingUpdates: true}); err != nil {
		t.Fatal(err)
	}
	if srv.PendingUpdates() != 0 || srv.Webhook().DeleteCalls != 1 {
		t.Fatalf("pending %d, webhook %+v", srv.PendingUpdates(), srv.Webhook())
	}
	wh, _ := tgbotapi.NewWebhook("https://example.com/tg")
	if _, err := bot.Request(wh); err != nil {
		t.Fatal(err)
	}
	_, err = bot.GetUpdates(tgbotapi.UpdateConfig{})
	if e := mustAPIError(t, err, "Conflict: can't use getUpdates method while webhook is active"); e.Code != 409 {
		t.Fatalf("code %d", e.Code)
	}
	if info, err := bot.GetWebhookInfo(); err != nil || info.URL != "https://example.com/tg" {
		t.Fatalf("webhook info = %+v, %v", info, err)
	}
}

func TestServer_SecondPollerConflict(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	first := make(chan error, 1)
	go func() {
		_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
		first <- err
	}()
	srv.WaitFor(t, srv.Polling)
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{}); err != nil {
		t.Fatalf("second poll: %v", err)
	}
	err := <-first
	if e := mustAPIError(t, err, "Conflict: terminated by other getUpdates request"); e.Code != 409 {
		t.Fatalf("code %d", e.Code)
	}
}

func TestServer_ConcurrentSends(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	const users, each = 20, 5
	var us []*tgtest.User
	for i := range users {
		us = append(us, srv.User(int64(2000+i), fmt.Sprint("U", i), "vi"))
	}
	var wg sync.WaitGroup
	for _, u := range us {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range each {
				if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), fmt.Sprint("msg ", k))); err != nil {
					t.Errorf("send: %v", err)
				}
			}
		}()
	}
	for _, u := range us {
		for k := range each {
			if m := u.Next(t); m.Text != fmt.Sprint("msg ", k) || m.MessageID != k+1 {
				t.Fatalf("user %d message %d = %+v", u.ID(), k, m)
			}
		}
	}
	wg.Wait()
	if len(srv.Sent()) != users*each {
		t.Fatalf("sent %d", len(srv.Sent()))
	}
}

// fatalRecorder captures Fatalf instead of failing the real test.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Helper() {}

func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestUser_NextTimeoutDumpsState(t *testing.T) {
	srv := tgtest.New(t, tgtest.WithWaitTimeout(50*time.Millisecond))
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "đầu tiên")); err != nil {
		t.Fatal(err)
	}
	bot.Send(tgbotapi.NewMessage(u.ID(), strings.Repeat("x", 5000)))
	u.Next(t)

	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		u.Next(rec)
	}()
	<-done
	for _, want := range []string{"timed out", "✓ #1", "đầu tiên", "sendMessage chat=1001 -> 400 Bad Request: message is too long"} {
		if !strings.Contains(rec.msg, want) {
			t.Errorf("dump lacks %q:\n%s", want, rec.msg)
		}
	}
}

func TestServer_ChatActionAndAllowedUpdates(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	if _, err := bot.Request(tgbotapi.NewChatAction(u.ID(), tgbotapi.ChatUploadDocument)); err != nil {
		t.Fatal(err)
	}
	_, err := bot.Request(tgbotapi.NewChatAction(u.ID(), "dancing"))
	mustAPIError(t, err, "Bad Request: wrong parameter action in request")
	if a := srv.ChatActions(u.ID()); len(a) != 1 || a[0].Action != "upload_document" {
		t.Fatalf("actions = %+v", a)
	}

	if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "x")); err != nil {
		t.Fatal(err)
	}
	u.Press(u.Next(t), "cb")
	u.Send("text")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"message"}})
	if err != nil || len(ups) != 1 || ups[0].Message == nil {
		t.Fatalf("allowed_updates: %+v, %v", ups, err)
	}
}
