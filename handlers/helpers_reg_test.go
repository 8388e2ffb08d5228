package handlers_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// schoolsCSV is the district's list as an officer keeps it, with phone numbers.
const schoolsCSV = "code,name,level,commune,phones\n" +
	"THCS-LAICACH,Trường THCS Lai Cách,THCS,Lai Cách,0912 345 678\n" +
	"MN-CAMDIEN,Trường Mầm non Cẩm Điền,MN,Cẩm Điền,\n" +
	"TH-CAMVU,Trường Tiểu học Cẩm Vũ,TH,Cẩm Vũ,0987 000 111; 0987 000 222\n"

// startBot starts the bot on 16 June 2026, 08:00 in Vietnam.
func startBot(t *testing.T) *apptest.Harness {
	t.Helper()
	return apptest.Start(t, apptest.WithTime(apptest.VN(2026, 6, 16, 8, 0)))
}

// mustImport has the officer send the school list as a document and waits for the result.
func mustImport(t *testing.T, h *apptest.Harness, name, data string) tgtest.SentMessage {
	t.Helper()
	off := h.Officer()
	off.SendDocument(name, []byte(data))
	return off.Expect(t, "Đã nhập")
}

var inviteLinkRE = regexp.MustCompile(`https://t\.me/(\w+)\?start=([A-Z0-9]+)`)

// mustInvite has the officer create an invite for a school and returns its code.
func mustInvite(t *testing.T, h *apptest.Harness, school string) string {
	t.Helper()
	off := h.Officer()
	off.Send("/invite " + school)
	m := off.Expect(t, "Mã mời cho")
	got := inviteLinkRE.FindStringSubmatch(m.Plain)
	if got == nil || got[1] != h.TG.Bot().UserName || !strings.Contains(m.Plain, got[2]) {
		t.Fatalf("invite message without a deep link to the bot: %q", m.Plain)
	}
	return got[2]
}

// mustRegister registers u at the school of a fresh invite through the deep link.
func mustRegister(t *testing.T, h *apptest.Harness, u *tgtest.User, school string) {
	t.Helper()
	u.Send("/start " + mustInvite(t, h, school))
	u.Expect(t, school)
}
