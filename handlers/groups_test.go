package handlers_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
)

func TestGroups_BindMigrateUnbind(t *testing.T) {
	h := startBot(t)
	ctx := context.Background()
	bot := "@" + h.TG.Bot().UserName
	off := h.Officer()
	g := h.TG.Group(-300, "Hiệu trưởng mầm non", false)

	h.User(701, "Lạ", "vi").SendIn(g, "/bindgroup"+bot)
	off.SendIn(g, "/bindgroup"+bot+" ĐH")
	g.Expect(t, "không hợp lệ")
	off.SendIn(g, "/bindgroup"+bot+" mn")
	g.Expect(t, "của cấp MN")
	if gr, err := h.App.Store.Group(ctx, -300); err != nil || !gr.Active || gr.Level != domain.LevelMN || gr.BoundBy != off.ID() {
		t.Fatalf("bound group = %+v, %v", gr, err)
	}

	super := h.TG.MigrateGroup(-300, -100300)
	h.Drained()
	if _, err := h.App.Store.Group(ctx, -300); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("old group id still stored: %v", err)
	}
	if gr, err := h.App.Store.Group(ctx, -100300); err != nil || !gr.Active || gr.Level != domain.LevelMN {
		t.Fatalf("migrated group = %+v, %v", gr, err)
	}

	off.SendIn(super, "/unbindgroup"+bot)
	super.Expect(t, "Đã ngừng gửi thông báo")
	if gr, _ := h.App.Store.Group(ctx, -100300); gr.Active || gr.Disabled != "unbound" {
		t.Errorf("unbound group = %+v", gr)
	}
	off.SendIn(super, "/unbindgroup"+bot)
	super.Expect(t, "chưa nhận thông báo")

	off.Send("/bindgroup")
	off.Expect(t, "dùng trong nhóm chat")
}

func TestGroups_BotRemovedDisablesTheGroup(t *testing.T) {
	h := startBot(t)
	ctx := context.Background()
	off := h.Officer()
	g := h.TG.Group(-100400, "Cụm 2", true)
	off.SendIn(g, "/bindgroup")
	g.Expect(t, "mọi cấp học")
	h.TG.BotRemovedFrom(g)
	h.Drained()
	if gr, err := h.App.Store.Group(ctx, -100400); err != nil || gr.Active || gr.Disabled != "kicked" {
		t.Fatalf("group after the bot was removed = %+v, %v", gr, err)
	}
}

func TestGroups_AddedByStrangerStaysSilent(t *testing.T) {
	h := startBot(t)
	quiet := h.TG.Group(-100500, "Nhóm lạ", true)
	h.TG.BotRemovedFrom(quiet)
	h.TG.BotAddedTo(quiet, h.User(702, "Lạ", "vi"))
	h.Drained()
	if n := len(h.TG.SentTo(quiet.ID())); n != 0 {
		t.Errorf("the bot spoke %d times in a group a stranger added it to", n)
	}
	byOfficer := h.TG.Group(-100501, "Cụm 3", true)
	h.TG.BotRemovedFrom(byOfficer)
	h.TG.BotAddedTo(byOfficer, h.Officer())
	byOfficer.Expect(t, "/bindgroup@"+h.TG.Bot().UserName)
}

func TestMember_BlockedUserIsMarkedUnreachable(t *testing.T) {
	h := startBot(t)
	u := h.User(703, "Lan", "vi")
	u.Send("/start")
	u.Next(t)
	u.Block()
	h.Drained()
	if got, err := h.App.Store.User(context.Background(), 703); err != nil || !got.Unreachable {
		t.Fatalf("blocked user = %+v, %v", got, err)
	}
}

func TestGroups_StrangersArePointedOncePerDay(t *testing.T) {
	h := startBot(t)
	bot := "@" + h.TG.Bot().UserName
	g := h.TG.Group(-100600, "Cụm trường 4", true)
	lan := h.User(801, "Lan", "vi")
	for range 50 {
		lan.SendIn(g, "/start"+bot)
	}
	h.Drained()
	if sent := h.TG.SentTo(g.ID()); len(sent) != 1 || !strings.Contains(sent[0].Plain, "tin nhắn riêng") {
		t.Fatalf("50 × /start by one stranger gave %d posts in the group, want 1 pointer", len(sent))
	}
	for i := range 50 {
		h.User(int64(900+i), "Khách", "vi").SendIn(g, "/register"+bot)
	}
	h.Drained()
	// Only the group's spare budget is used: the limiter (on real time) lets a couple more
	// through, never one per stranger.
	if n := len(h.TG.SentTo(g.ID())); n > 4 {
		t.Errorf("50 strangers gave %d posts in the group; pointers must come from spare budget only", n)
	}
}
