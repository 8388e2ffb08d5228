package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
)

// remindDistrict sets up two active schools (THCS and MN) with a started reporter each, a
// reporter who never started the bot, and a THCS group.
func remindDistrict(t *testing.T, h *apptest.Harness) {
	t.Helper()
	ctx := context.Background()
	st := h.App.Store
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(st.PutSchool(ctx, domain.School{Code: "THCS-LAICACH", Name: "Trường THCS Lai Cách", Level: domain.LevelTHCS, Active: true}))
	check(st.PutSchool(ctx, domain.School{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền", Level: domain.LevelMN, Active: true}))
	for _, u := range []struct {
		id     int64
		name   string
		school string
	}{{301, "Lan", "THCS-LAICACH"}, {302, "Mai", "MN-CAMDIEN"}} {
		h.User(u.id, u.name, "vi")
		_, err := st.TouchUser(ctx, domain.User{ID: u.id, Name: u.name}, true)
		check(err)
		_, err = st.LinkReporter(ctx, u.id, u.school)
		check(err)
	}
	_, err := st.LinkReporter(ctx, 303, "MN-CAMDIEN") // never started the bot
	check(err)
	h.TG.Group(-100900, "Hiệu trưởng THCS", true)
	check(st.BindGroup(ctx, domain.Group{ChatID: -100900, Title: "Hiệu trưởng THCS", Level: domain.LevelTHCS}))
}

// waitDelivered waits until nothing is queued or being sent.
func waitDelivered(t *testing.T, h *apptest.Harness) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		q, _ := h.App.Store.OutboxByState(context.Background(), domain.OutboxQueued, 1)
		s, _ := h.App.Store.OutboxByState(context.Background(), domain.OutboxSending, 1)
		if len(q)+len(s) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("outbox not drained")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestHandlers_Periods(t *testing.T) {
	h := apptest.Start(t, apptest.WithTime(apptest.VN(2026, 6, 16, 10, 0)))
	off := h.Officer()
	off.Send("/periods")
	m := off.Next(t).Plain
	for _, want := range []string{"Báo cáo 6 tháng năm 2026", "2026-H1", "thứ Sáu, 19/6", "đang nhận báo cáo", "Báo cáo năm 2026", "thứ Tư, 9/12", "sắp mở", "Báo cáo 6 tháng năm 2027"} {
		if !strings.Contains(m, want) {
			t.Errorf("/periods = %q, want %q in it", m, want)
		}
	}
	u := h.User(999, "Khách", "vi")
	u.Send("/periods")
	if m := u.Next(t).Plain; strings.Contains(m, "2026-H1") {
		t.Errorf("a stranger saw the periods: %q", m)
	}
}

func TestHandlers_Remind(t *testing.T) {
	h := apptest.Start(t, apptest.WithTime(apptest.VN(2026, 6, 10, 10, 0)))
	remindDistrict(t, h)
	off := h.Officer()
	off.Send("/remind 2025-Y")
	off.Expect(t, "không nhận báo cáo")
	off.Send("/remind 2026-Q")
	off.Expect(t, "Không có kỳ báo cáo")
	off.Send("/remind")
	preview := off.Expect(t, "Sẽ nhắc 2 trường")
	if !strings.Contains(preview.Plain, "2 tin nhắn riêng và 1 nhóm") {
		t.Errorf("preview = %q", preview.Plain)
	}
	off.Click(t, preview, "Gửi nhắc")
	off.NextEdit(t)
	again := off.Press(preview, preview.Markup.Buttons()[0].CallbackData) // a second press (an old client) queues nothing new
	h.TG.WaitAnswer(t, again.CallbackQuery.ID)
	waitDelivered(t, h)
	for _, chat := range []int64{301, 302, -100900} {
		if n := len(h.TG.SentTo(chat)); n != 1 {
			t.Errorf("chat %d got %d reminders, want 1", chat, n)
		}
	}
	if m := h.TG.SentTo(301); len(m) == 1 && !strings.Contains(m[0].Plain, "còn 9 ngày") {
		t.Errorf("Lan got %q", m[0].Plain)
	}
	edited, _ := h.TG.Message(apptest.Officer, preview.MessageID)
	off.Click(t, edited.SentMessage, "Xem kết quả gửi")
	if e := off.NextEdit(t); !strings.Contains(e.Plain, "3 đã tới, 0 không gửi được, 0 không rõ, 0 đang chờ") {
		t.Errorf("delivery report = %q", e.Plain)
	}
}

func TestHandlers_RemindCancel(t *testing.T) {
	h := apptest.Start(t, apptest.WithTime(apptest.VN(2026, 6, 10, 10, 0)))
	remindDistrict(t, h)
	off := h.Officer()
	off.Send("/remind 2026-H1")
	preview := off.Expect(t, "Sẽ nhắc")
	off.Click(t, preview, "Hủy")
	if e := off.NextEdit(t); !strings.Contains(e.Plain, "Đã hủy") {
		t.Errorf("after cancel: %q", e.Plain)
	}
	if n := len(h.TG.SentTo(301)); n != 0 {
		t.Errorf("a cancelled reminder was sent")
	}
	lan := h.User(301, "Lan", "vi")
	lan.Send("/remind")
	if m := lan.Next(t).Plain; !strings.Contains(m, "cán bộ Phòng GDĐT") {
		t.Errorf("a reporter's /remind = %q; want the officer-only refusal", m)
	}
}

func TestHandlers_Announce(t *testing.T) {
	h := apptest.Start(t, apptest.WithTime(apptest.VN(2026, 6, 10, 10, 0)))
	remindDistrict(t, h)
	off := h.Officer()
	off.Send("/announce XYZ")
	off.Expect(t, "Không có cấp học")
	off.Send("/announce THCS")
	off.Expect(t, "nội dung thông báo")
	off.Send("Họp hiệu trưởng lúc 8h thứ Hai <phòng 2>")
	preview := off.Expect(t, "gửi tới 1 người (THCS)")
	off.Click(t, preview, "Gửi thông báo")
	if e := off.NextEdit(t); !strings.Contains(e.Plain, "đang gửi 1 tin") {
		t.Errorf("after send: %q", e.Plain)
	}
	waitDelivered(t, h)
	got := h.TG.SentTo(301)
	if len(got) != 1 || !strings.Contains(got[0].Plain, "Họp hiệu trưởng lúc 8h thứ Hai <phòng 2>") || !strings.Contains(got[0].Plain, "Thông báo của Phòng GDĐT") {
		t.Fatalf("Lan got %+v", got)
	}
	if n := len(h.TG.SentTo(302)); n != 0 {
		t.Errorf("a kindergarten got the THCS announcement")
	}
	off.Press(preview, "an:go") // the flow is over: nothing is sent again
	off.Expect(t, "Nút này đã cũ")
	edited, _ := h.TG.Message(apptest.Officer, preview.MessageID)
	off.Click(t, edited.SentMessage, "Xem kết quả gửi")
	if e := off.NextEdit(t); !strings.Contains(e.Plain, "1 đã tới") {
		t.Errorf("delivery report = %q", e.Plain)
	}
	if n := len(h.TG.SentTo(301)); n != 1 {
		t.Errorf("Lan got %d announcements, want 1", n)
	}
}
