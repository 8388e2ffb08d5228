package handlers_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// TestTranscript drives the real bot through a whole reporting cycle as its people would
// (a stranger, the district officer, two principals and a deputy, a group of principals)
// and writes what everyone said and saw to a readable transcript, for reading the bot's
// wording as its users meet it. It only runs with REPORTBOT_TRANSCRIPT=1; the file goes to
// REPORTBOT_TRANSCRIPT_OUT (default /tmp/transcript.txt).
func TestTranscript(t *testing.T) {
	if os.Getenv("REPORTBOT_TRANSCRIPT") != "1" {
		t.Skip("set REPORTBOT_TRANSCRIPT=1 to write the transcript")
	}
	out := os.Getenv("REPORTBOT_TRANSCRIPT_OUT")
	if out == "" {
		out = "/tmp/transcript.txt"
	}
	// The transcript types faster than people: no per-chat flood control, or broadcasts to
	// a chat that just had a long conversation would wait in real time.
	cfg := writeConfig(t, "sender:\n  per_chat_per_second: 0\n  group_per_minute: 0\n")
	h := apptest.Start(t, apptest.WithTime(apptest.VN(2026, 6, 15, 9, 0)), apptest.WithEnv("REPORTBOT_CONFIG", cfg))
	tr := newTranscript(t, h)
	defer func() {
		if err := os.WriteFile(out, []byte(tr.b.String()), 0o644); err != nil {
			t.Error(err)
		}
		t.Logf("transcript written to %s", out)
	}()

	off := tr.user(apptest.Officer, "Hoan", "vi", "Cán bộ Phòng (Hoan)")
	guest := tr.user(900, "Khách", "vi", "Người lạ (Khách)")
	lan := tr.user(601, "Lan", "vi", "Hiệu trưởng THCS Lai Cách (Lan)")
	minh := tr.user(602, "Minh", "vi", "Phó hiệu trưởng THCS Lai Cách (Minh)")
	mai := tr.user(603, "Mai", "vi", "Hiệu trưởng MN Cẩm Điền (Mai)")
	g := h.TG.Group(-100500, "Hiệu trưởng các trường", true)
	tr.names[g.ID()] = "Nhóm «Hiệu trưởng các trường»"

	tr.section("1. Một người lạ mở bot")
	tr.say(guest, "/start")
	tr.say(guest, "/help")
	tr.say(guest, "xin chào")
	tr.say(guest, "/report")
	tr.say(guest, "/register ABC")

	tr.section("2. Cán bộ Phòng nhập danh sách trường, tạo mã mời")
	tr.say(off, "/start")
	tr.say(off, "/help")
	tr.say(off, "/schools")
	tr.upload(off, "truong.csv", "code,name,level,commune,phones\nTHCS-LAICACH,Trường THCS Lai Cách,THCS,Lai Cách,\nMN-CAMDIEN,Trường Mầm non Cẩm Điền,Mầm non,Cẩm Điền,\n")
	tr.upload(off, "truong.csv", transcriptSchools)
	tr.say(off, "/schools")
	tr.say(off, "/invite")
	invite := tr.invite(off, "THCS-LAICACH")

	tr.section("3. Nhóm hiệu trưởng")
	tr.act(off, "(thêm bot vào nhóm «Hiệu trưởng các trường»)", func() { h.TG.BotAddedTo(g, off) })
	tr.act(off, "[trong nhóm] /bindgroup", func() { off.SendIn(g, "/bindgroup") })

	tr.section("4. Hiệu trưởng đăng ký bằng đường dẫn mời")
	tr.say(lan, "/start "+invite)
	tr.say(lan, "/whoami")
	tr.say(lan, "/start")
	tr.say(mai, "/start")
	tr.act(mai, "(bấm «Chia sẻ số điện thoại»)", func() { mai.ShareContact("0987000111", mai.ID()) })
	tr.say(mai, "/whoami")

	tr.section("5. Hiệu trưởng nhập báo cáo 6 tháng (bộ câu hỏi mặc định)")
	tr.say(lan, "/report")
	tr.press(lan, "Có")
	tr.say(lan, "có")
	tr.say(lan, "mười hai")
	tr.say(lan, "12 buổi")
	tr.say(lan, "12")
	tr.say(lan, "1,5")
	tr.say(lan, "350")
	tr.say(lan, "/back")
	tr.press(lan, "✔️ Giữ nguyên")
	tr.say(lan, "8")
	tr.press(lan, "Có")
	tr.press(lan, "Có")
	tr.press(lan, "Kết hợp")
	tr.press(lan, "Không")
	tr.press(lan, "Có")
	tr.say(lan, "/skip")
	tr.say(lan, "0")
	tr.say(lan, "15")
	tr.say(lan, "/cancel")

	tr.section("6. Phó hiệu trưởng mở báo cáo khi hiệu trưởng đang nhập dở")
	tr.say(minh, "/start "+tr.invite(off, "THCS-LAICACH"))
	tr.say(minh, "/report")
	tr.press(minh, "Để sau")

	tr.section("7. Hiệu trưởng nhập tiếp, xem lại, sửa, gửi")
	tr.act(lan, "(1 giờ sau) /report", func() { h.Clock.Advance(time.Hour); lan.Send("/report") })
	tr.say(lan, "2,5tr")
	tr.say(lan, "3")
	tr.press(lan, "Không")
	tr.say(lan, "4")
	tr.say(lan, "2")
	tr.say(lan, "Thiếu kinh phí tổ chức hoạt động hè cho học sinh.")
	tr.say(lan, "chưa có")
	tr.say(lan, "/skip")
	tr.press(lan, "✏️ 3")
	tr.say(lan, "10")
	tr.press(lan, "✅ Gửi báo cáo")
	tr.say(lan, "/myreport")
	tr.say(lan, "/report")
	tr.say(lan, "/cancel")

	tr.section("8. Nhắc hạn tự động: 08:00 thứ Ba 16/6")
	h.Clock.Set(apptest.VN(2026, 6, 16, 7, 59).Add(30 * time.Second))
	tr.act(nil, "(bộ nhắc hạn chạy)", func() {
		now := h.Clock.Now()
		if _, err := h.App.Reminders.Scheduler.Check(context.Background(), now); err != nil {
			t.Fatal(err)
		}
	})

	tr.section("9. Cán bộ Phòng theo dõi, xem, tổng hợp, xuất")
	for _, c := range []string{"/status", "/missing", "/view THCS-LAICACH", "/view MN-CAMDIEN", "/view XYZ", "/history THCS-LAICACH", "/summary", "/export", "/periods"} {
		tr.say(off, c)
	}
	tr.say(off, "/remind")
	tr.press(off, "Gửi nhắc")
	tr.press(off, "Xem kết quả gửi")
	tr.say(off, "/announce")
	tr.say(off, "Đề nghị các trường hoàn thành báo cáo 6 tháng trước ngày 19/6.")
	tr.press(off, "Gửi thông báo")
	tr.say(off, "/audit 10")

	tr.section("10. Phó hiệu trưởng xóa dữ liệu cá nhân")
	tr.say(minh, "/forgetme")
	tr.press(minh, "Xóa dữ liệu của tôi")
	tr.say(minh, "/whoami")

	tr.section("11. In English")
	tr.say(lan, "/lang en")
	for _, c := range []string{"/help", "/whoami", "/periods", "/myreport", "/report"} {
		tr.say(lan, c)
	}
	tr.say(lan, "twelve")
	tr.say(lan, "/cancel")
	tr.say(off, "/lang en")
	for _, c := range []string{"/status", "/missing", "/view THCS-LAICACH", "/summary"} {
		tr.say(off, c)
	}
	tr.say(off, "/lang vi")
}

// transcriptSchools is a district list: names as schools write them, one without "Trường".
const transcriptSchools = "code,name,level,commune,phones\n" +
	"THCS-LAICACH,Trường THCS Lai Cách,THCS,Lai Cách,0912 345 678\n" +
	"MN-CAMDIEN,Trường Mầm non Cẩm Điền,MN,Cẩm Điền,0987 000 111\n" +
	"TH-CAMVU,Trường Tiểu học Cẩm Vũ,TH,Cẩm Vũ,\n" +
	"THCS-CAMVAN,THCS Cẩm Văn,THCS,Cẩm Văn,\n"

// transcript records what people do and everything the bot sends, edits and answers.
type transcript struct {
	t     *testing.T
	h     *apptest.Harness
	b     strings.Builder
	names map[int64]string
	users map[int64]*tgtest.User

	sent, edits, answers int
}

func newTranscript(t *testing.T, h *apptest.Harness) *transcript {
	return &transcript{t: t, h: h, names: map[int64]string{}, users: map[int64]*tgtest.User{}}
}

func (tr *transcript) user(id int64, name, lang, who string) *tgtest.User {
	u := tr.h.User(id, name, lang)
	tr.names[id], tr.users[id] = who, u
	return u
}

func (tr *transcript) section(title string) {
	fmt.Fprintf(&tr.b, "\n\n════════ %s ════════\n", title)
}

// act records what a person does, does it, waits until the bot is done and records its answers.
func (tr *transcript) act(u *tgtest.User, what string, do func()) {
	tr.t.Helper()
	tr.h.Clock.Advance(30 * time.Second) // people take a while to type; Telegram's per-chat budgets refill
	who := "⚙️ Hệ thống"
	if u != nil {
		who = "👤 " + tr.names[u.ID()]
	}
	fmt.Fprintf(&tr.b, "\n[%s] %s: %s\n", tr.h.Clock.Now().Format("02/01 15:04"), who, what)
	do()
	tr.settle()
}

func (tr *transcript) say(u *tgtest.User, text string) {
	tr.t.Helper()
	tr.act(u, text, func() { u.Send(text) })
}

func (tr *transcript) upload(u *tgtest.User, name, data string) {
	tr.t.Helper()
	tr.act(u, fmt.Sprintf("(gửi tệp %s)\n%s", name, indent(strings.TrimSpace(data), "      │ ")), func() { u.SendDocument(name, []byte(data)) })
}

// press clicks the button labelled label on the newest message of u's chat that has it.
func (tr *transcript) press(u *tgtest.User, label string) {
	tr.t.Helper()
	msgs := u.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if _, ok := msgs[i].Markup.Button(label); ok {
			m := msgs[i].SentMessage
			tr.act(u, "[bấm nút «"+label+"»]", func() { u.Click(tr.t, m, label) })
			return
		}
	}
	tr.t.Fatalf("no button %q in %s's chat", label, tr.names[u.ID()])
}

// invite has the officer create an invite for school and returns its code.
func (tr *transcript) invite(off *tgtest.User, school string) string {
	tr.t.Helper()
	tr.say(off, "/invite "+school)
	msgs := tr.h.TG.SentTo(off.ID())
	got := inviteLinkRE.FindStringSubmatch(msgs[len(msgs)-1].Plain)
	if got == nil {
		tr.t.Fatalf("no invite link in %q", msgs[len(msgs)-1].Plain)
	}
	return got[2]
}

// settle waits until every update was handled and every queued message sent, then records
// what the bot did since the last action.
func (tr *transcript) settle() {
	tr.t.Helper()
	tr.h.Drained()
	waitDelivered(tr.t, tr.h)
	tr.h.Drained()
	for _, m := range tr.h.TG.Sent()[tr.sent:] {
		tr.sent++
		fmt.Fprintf(&tr.b, "   🤖 → %s  #%d\n", tr.name(m.ChatID), m.MessageID)
		if m.File != nil {
			fmt.Fprintf(&tr.b, "      [tệp %s, %d byte]\n", m.File.FileName, m.File.Size)
		}
		tr.body(m.Plain, m.Markup)
	}
	for _, e := range tr.h.TG.Edits()[tr.edits:] {
		tr.edits++
		fmt.Fprintf(&tr.b, "   🤖 ✎ sửa tin #%d của %s thành:\n", e.MessageID, tr.name(e.ChatID))
		tr.body(e.Plain, e.Markup)
	}
	for _, a := range tr.h.TG.CallbackAnswers()[tr.answers:] {
		tr.answers++
		if a.Text != "" {
			fmt.Fprintf(&tr.b, "   🤖 (thông báo nổi%s) %s\n", map[bool]string{true: ", hộp thoại"}[a.ShowAlert], a.Text)
		}
	}
}

func (tr *transcript) name(chat int64) string {
	if n, ok := tr.names[chat]; ok {
		return n
	}
	return fmt.Sprintf("chat %d", chat)
}

func (tr *transcript) body(plain string, mk tgtest.Markup) {
	fmt.Fprintf(&tr.b, "%s\n", indent(plain, "      │ "))
	for _, row := range mk.Inline {
		var labels []string
		for _, b := range row {
			labels = append(labels, "[ "+b.Text+" ]")
		}
		fmt.Fprintf(&tr.b, "      %s\n", strings.Join(labels, " "))
	}
	for _, row := range mk.Keyboard {
		var labels []string
		for _, b := range row {
			labels = append(labels, "⌨ "+b.Text)
		}
		fmt.Fprintf(&tr.b, "      %s\n", strings.Join(labels, "  "))
	}
	if mk.RemoveKeyboard {
		fmt.Fprintf(&tr.b, "      (ẩn bàn phím)\n")
	}
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
