package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app"
	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/bot"
	"github.com/rs/zerolog"
)

func TestBot_StartAndHelpInBothLanguages(t *testing.T) {
	h := apptest.Start(t)
	vi := h.User(501, "Lan", "vi")
	vi.Send("/start")
	if m := vi.Next(t); !strings.Contains(m.Plain, "Xin chào Lan") || !strings.Contains(m.Plain, "/register") {
		t.Errorf("Vietnamese /start = %q", m.Plain)
	}
	en := h.User(502, "John", "en-US")
	en.Send("/start")
	if m := en.Next(t); !strings.Contains(m.Plain, "Hello John") {
		t.Errorf("English /start = %q", m.Plain)
	}
	vi.Send("/help")
	help := vi.Next(t).Plain
	if !strings.Contains(help, "/lang") || strings.Contains(help, "/status") {
		t.Errorf("stranger's /help = %q; want /lang and no officer command", help)
	}
	h.Officer().Send("/start")
	if m := h.Officer().Next(t); !strings.Contains(m.Plain, "cán bộ Phòng GDĐT") {
		t.Errorf("officer /start = %q", m.Plain)
	}
}

func TestBot_LangOverridesTelegramLanguage(t *testing.T) {
	h := apptest.Start(t)
	u := h.User(503, "Minh", "vi")
	u.Send("/lang en")
	u.Expect(t, "Switched to English")
	u.Send("/start")
	u.Expect(t, "Hello Minh")
	u.Send("/lang xx")
	u.Expect(t, "/lang vi")
	h.Restart()
	u.Send("/start")
	u.Expect(t, "Hello Minh") // the choice is stored
}

func TestBot_UnknownInputGetsAClearAnswer(t *testing.T) {
	h := apptest.Start(t)
	u := h.User(504, "Hà", "vi")
	u.Send("/nosuchcommand")
	u.Expect(t, "chưa hiểu lệnh")
	u.Send("xin chào")
	u.Expect(t, "chưa hiểu tin nhắn")
}

func TestBot_CommandForAnotherBotIsIgnoredInGroups(t *testing.T) {
	h := apptest.Start(t)
	g := h.TG.Group(-100200, "Hiệu trưởng cụm 1", true)
	off := h.Officer()
	off.SendIn(g, "/help@OtherBot")
	off.SendIn(g, "/help@"+h.TG.Bot().UserName)
	m := g.Next(t)
	if !strings.Contains(m.Plain, "Các lệnh") {
		t.Errorf("group /help = %q", m.Plain)
	}
	h.Drained()
	if n := len(h.TG.SentTo(g.ID())); n != 1 {
		t.Errorf("group got %d messages, want 1 (the other bot's command ignored)", n)
	}
}

func TestBot_StrangerInGroupIsIgnored(t *testing.T) {
	h := apptest.Start(t)
	g := h.TG.Group(-100201, "Nhóm", true)
	h.User(505, "Lạ", "vi").SendIn(g, "/help")
	h.Drained()
	if n := len(h.TG.SentTo(g.ID())); n != 0 {
		t.Errorf("the bot answered a stranger in a group (%d messages)", n)
	}
}

func TestBot_TokenNeverLogged(t *testing.T) {
	h := apptest.Start(t)
	u := h.User(506, "An", "vi")
	u.Send("/start")
	u.Next(t)
	h.TG.Stop() // polling fails while Telegram is away
	u.Send("/help")
	h.TG.Restart()
	u.Expect(t, "Các lệnh")
	h.Stop()
	secret := h.TG.Token()[strings.Index(h.TG.Token(), ":")+1:]
	if h.Logs.Contains(secret) {
		t.Fatal("a log line contains the bot token")
	}
	_ = context.Background()
}

func TestClient_DownloadsFromTheConfiguredServer(t *testing.T) {
	h := apptest.Start(t)
	u := h.User(507, "Tú", "vi")
	up := u.SendDocument("truong.csv", []byte("code,name\n"))
	data, err := h.App.Client.Download(context.Background(), up.Message.Document.FileID)
	if err != nil || string(data) != "code,name\n" {
		t.Fatalf("Download = %q, %v", data, err)
	}
}

func TestBot_CLIWorksBesideRunningBot(t *testing.T) {
	h := apptest.Start(t)
	var out, errOut strings.Builder
	code := app.CLI(context.Background(), h.Config(), []string{"status"}, nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("CLI status beside a running bot: exit %d, stderr %q", code, errOut.String())
	}
	if !strings.Contains(out.String(), "bot") {
		t.Errorf("status output = %q", out.String())
	}
}

func TestBot_SecondBotOnSameDataDirRefuses(t *testing.T) {
	h := apptest.Start(t)
	_, err := app.Start(context.Background(), h.Config(), zerolog.Nop(), app.Options{})
	if !app.IsLocked(err) {
		t.Fatalf("second bot on the same DATA_DIR: err = %v, want the lock error", err)
	}
}

func TestBot_PublishesCommandMenusFromTheRoutingTable(t *testing.T) {
	h := apptest.Start(t)
	h.TG.WaitFor(t, func() bool { return len(h.TG.CommandScopes()) >= 6 }) // private, groups, officer; vi and en
	var private, officer []string
	for _, sc := range h.TG.CommandScopes() {
		var names []string
		for _, c := range h.TG.Commands(sc) {
			names = append(names, c.Command)
		}
		switch {
		case sc.Type == "all_private_chats" && sc.LanguageCode == "":
			private = names
		case sc.Type == "chat" && sc.ChatID == apptest.Officer && sc.LanguageCode == "":
			officer = names
		}
	}
	if !contains(private, "help") || !contains(officer, "help") {
		t.Fatalf("menus: private %v, officer %v", private, officer)
	}
	for _, rt := range h.App.Bot.Routes() {
		if rt.Command != "" && rt.Help != "" && rt.Access == bot.Officer && contains(private, rt.Command) {
			t.Errorf("officer command /%s is in everyone's menu", rt.Command)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestBot_RegisterInAGroupPointsToAPrivateChat(t *testing.T) {
	h := apptest.Start(t)
	g := h.TG.Group(-100202, "Hiệu trưởng", true)
	h.User(508, "Lan", "vi").SendIn(g, "/register ABCDEFGHJK")
	m := g.Next(t)
	if !strings.Contains(m.Plain, "tin nhắn riêng") || !strings.Contains(m.Plain, "t.me/"+h.TG.Bot().UserName) {
		t.Errorf("group /register answered %q", m.Plain)
	}
}
