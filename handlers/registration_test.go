package handlers_test

import (
	"context"
	"github.com/camgiang-edu/reportbot/domain"
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
	lan.Expect(t, "Thầy/Cô đang báo cáo cho Trường THCS Lai Cách")

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
	if !strings.Contains(m.Plain, "hiển thị cho cán bộ Phòng GDĐT") {
		t.Errorf("the offer does not say who will see the number: %q", m.Plain)
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
	if err != nil || u.SchoolCode != "THCS-LAICACH" || u.Phone != domain.NormalizePhone("+84 912 345 678") {
		t.Fatalf("stored user = %+v, %v; want linked with the shared phone", u, err)
	}
	off := h.Officer()
	off.Send("/missing")
	if got := off.Next(t).Plain; !strings.Contains(got, "Hoa, "+u.Phone) {
		t.Errorf("/missing does not show the shared phone %s:\n%s", u.Phone, got)
	}
}

func TestRegister_ReporterSharesPhone(t *testing.T) {
	h := startBot(t)
	mustImport(t, h, "truong.csv", schoolsCSV)
	u := h.User(641, "Khánh", "vi")
	u.Send("/start " + mustInvite(t, h, "MN-CAMDIEN"))
	m := u.Expect(t, "Đăng ký thành công")
	if kb := m.Markup.Keyboard; len(kb) != 1 || !kb[0][0].RequestContact || !strings.Contains(m.Plain, "chỉ hiển thị cho cán bộ Phòng GDĐT") {
		t.Fatalf("registered by code = %q %v; want the offer to share the phone, saying who sees it", m.Plain, m.Markup)
	}
	u.ShareContact("0987 654 321", u.ID())
	if m := u.Expect(t, "Đã lưu số điện thoại 0987654321"); !m.Markup.RemoveKeyboard {
		t.Errorf("keyboard not removed: %v", m.Markup)
	}
	off := h.Officer()
	off.Send("/view MN-CAMDIEN")
	if got := off.Next(t).Plain; !strings.Contains(got, "chưa gửi báo cáo") || !strings.Contains(got, "Khánh, 0987654321") {
		t.Errorf("/view of a school that has not sent lacks the reporter's phone:\n%s", got)
	}
	// Registered again by code: the stored phone is not asked for again.
	u.Send("/register " + mustInvite(t, h, "MN-CAMDIEN"))
	if m := u.Expect(t, "đã là người báo cáo"); len(m.Markup.Keyboard) != 0 {
		t.Errorf("phone asked for again: %v", m.Markup)
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
