package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestRegister_InviteDeepLink(t *testing.T) {
	h := startBot(t)
	mustImport(t, h, "truong.csv", schoolsCSV)
	code := mustInvite(t, h, "thcs-laicach")

	lan := h.User(601, "Lan", "vi")
	lan.Send("/start " + code)
	if m := lan.Next(t); !strings.Contains(m.Plain, "Đăng ký thành công") || !strings.Contains(m.Plain, "Trường THCS Lai Cách") {
		t.Fatalf("registration answer = %q", m.Plain)
	}
	lan.Send("/whoami")
	lan.Expect(t, "người báo cáo của Trường THCS Lai Cách")
	lan.Send("/start")
	lan.Expect(t, "Bạn đang báo cáo cho Trường THCS Lai Cách")

	t.Run("reused", func(t *testing.T) {
		minh := h.User(602, "Minh", "vi")
		minh.Send("/register " + code)
		minh.Expect(t, "đã được dùng")
		minh.Send("/whoami")
		minh.Expect(t, "chưa đăng ký")
	})
	t.Run("expired", func(t *testing.T) {
		old := mustInvite(t, h, "MN-CAMDIEN")
		h.Clock.Advance(14*24*time.Hour + time.Minute)
		u := h.User(603, "Hà", "vi")
		u.Send("/register " + old)
		u.Expect(t, "đã hết hạn")
	})
	t.Run("wrong", func(t *testing.T) {
		u := h.User(604, "Tú", "en")
		u.Send("/register NOTACODE99")
		u.Expect(t, "not right")
		u.Send("/register")
		u.Expect(t, "/register ABCD2345EFGH")
	})
	if h.Logs.Contains(code) {
		t.Error("an invite code was logged")
	}
	t.Run("survives a restart", func(t *testing.T) {
		h.Restart()
		lan.Send("/whoami")
		lan.Expect(t, "người báo cáo của Trường THCS Lai Cách")
	})
}

func TestRegister_LockOutAfterFiveWrongCodes(t *testing.T) {
	h := startBot(t)
	mustImport(t, h, "truong.csv", schoolsCSV)
	good := mustInvite(t, h, "TH-CAMVU")
	u := h.User(611, "Đoán", "vi")
	for i := 1; i <= 4; i++ {
		u.Send("/register WRONGCODE" + string(rune('A'+i)))
		u.Expect(t, "Mã mời không đúng")
	}
	u.Send("/register WRONGCODEZ")
	if m := u.Next(t); !strings.Contains(m.Plain, "sai mã quá nhiều lần") || !strings.Contains(m.Plain, "09:00 ngày 16/06/2026") {
		t.Fatalf("fifth wrong code = %q; want the lock until 09:00 ngày 16/06/2026 (district time)", m.Plain)
	}
	u.Send("/start " + good) // even the right code waits for the hour
	u.Expect(t, "09:00 ngày 16/06/2026")
	h.Clock.Advance(time.Hour + time.Second)
	u.Send("/register " + good)
	u.Expect(t, "Đăng ký thành công")
}

func TestRegister_SharedContact(t *testing.T) {
	h := startBot(t)
	stranger := h.User(621, "Hoa", "vi")
	stranger.Send("/start")
	if m := stranger.Next(t); len(m.Markup.KeyboardTexts()) != 0 {
		t.Errorf("contact button offered before any phone was imported: %v", m.Markup)
	}
	mustImport(t, h, "truong.csv", schoolsCSV)
	stranger.Send("/start")
	m := stranger.Next(t)
	if kb := m.Markup.Keyboard; len(kb) != 1 || !kb[0][0].RequestContact || !strings.Contains(kb[0][0].Text, "Chia sẻ số điện thoại") {
		t.Fatalf("/start markup = %v; want a request_contact button", m.Markup)
	}

	stranger.ShareContact("+84912345678", 999) // someone else's card
	stranger.Expect(t, "không phải số điện thoại của chính bạn")
	stranger.ShareContact("0900000000", stranger.ID())
	stranger.Expect(t, "chưa có trong danh sách")
	stranger.ShareContact("+84 912 345 678", stranger.ID())
	if m := stranger.Next(t); !strings.Contains(m.Plain, "Trường THCS Lai Cách") || !m.Markup.RemoveKeyboard {
		t.Fatalf("own contact = %q %v; want registered and the keyboard removed", m.Plain, m.Markup)
	}
	u, err := h.App.Store.User(context.Background(), stranger.ID())
	if err != nil || u.SchoolCode != "THCS-LAICACH" {
		t.Fatalf("stored user = %+v, %v", u, err)
	}
}

func TestRegister_MovingSchoolEndsTheOldLink(t *testing.T) {
	h := startBot(t)
	mustImport(t, h, "truong.csv", schoolsCSV)
	u := h.User(631, "Bình", "vi")
	mustRegister(t, h, u, "MN-CAMDIEN")
	u.Send("/register " + mustInvite(t, h, "TH-CAMVU"))
	u.Expect(t, "không còn báo cáo cho Trường Mầm non Cẩm Điền")

	off := h.Officer()
	off.Send("/schools")
	list := off.Expect(t, "Danh sách trường").Plain
	mn := list[strings.Index(list, "Cẩm Điền"):strings.Index(list, "— Tiểu học —")]
	th := list[strings.Index(list, "Cẩm Vũ"):]
	if strings.Contains(mn, "Bình") || !strings.Contains(th, "Bình") {
		t.Errorf("/schools after the move:\n%s", list)
	}
}

func TestRegister_OfficerCanAlsoReport(t *testing.T) {
	h := startBot(t)
	mustImport(t, h, "truong.csv", schoolsCSV)
	off := h.Officer()
	off.Send("/register " + mustInvite(t, h, "TH-CAMVU"))
	off.Expect(t, "Đăng ký thành công")
	off.Send("/whoami")
	off.Expect(t, "cán bộ Phòng GDĐT, đồng thời là người báo cáo của Trường Tiểu học Cẩm Vũ")
}
