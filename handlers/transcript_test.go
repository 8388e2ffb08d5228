package handlers_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
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
	hung := tr.user(604, "Hùng", "vi", "Hiệu trưởng TH Cẩm Vũ (Hùng)")
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

	tr.section("5. Hiệu trưởng THCS nhập báo cáo 6 tháng (bộ câu hỏi mặc định)")
	tr.say(lan, "/report")
	tr.round(lan, "safety", map[string][]string{
		"own_plan": {"[Có]"}, "rights_in_plans": {"có"}, "disabled_children": {"mười hai", "hai em"},
		"disabled_supported": {"5", "2"}, "comm_activities": {"1,5", "khoảng 12", "[✔️ Đúng, ghi 12]"},
		"parents_trained": {"350 lượt", "[✔️ Giữ nguyên]"}, "children_taught": {"/back", "420"},
		"drowning_taught": {"300"}, "swimming_taught": {"40"}, "news_items": {"8"}, "hotline_111": {"[Có]"},
		"action_month": {"[Có]"}, "action_month_children": {"450"}, "gifts_given": {"[Có]"}, "gifts_count": {"10 suất"},
		"gifts_value": {"100k", "Quà là sách vở do phụ huynh ủng hộ"}, "children_forum": {"[Không]"},
	})
	tr.say(lan, "/cancel")

	tr.section("6. Phó hiệu trưởng mở báo cáo khi hiệu trưởng đang nhập dở")
	tr.say(minh, "/start "+tr.invite(off, "THCS-LAICACH"))
	tr.say(minh, "/report")
	tr.press(minh, "Để sau")

	tr.section("7. Hiệu trưởng nhập tiếp, xem lại, sửa, gửi")
	tr.act(lan, "(1 giờ sau) /report", func() { h.Clock.Advance(time.Hour); lan.Send("/report") })
	tr.round(lan, "", map[string][]string{
		"self_inspection": {"[Có]"}, "harm_any": {"[Có]"}, "violence_children": {"0"}, "abuse_children": {"0"},
		"injury_children": {"0", "1"}, "drowning_children": {"0"}, "deaths_children": {"0", "[✏️ Sửa: Số học sinh bị tai nạn, thương tích]", "0"},
		"harm_description":       {"Một học sinh ngã xe đạp trên đường đi học, gãy tay, đã đưa đi viện; nhà trường thăm hỏi."},
		"difficulties_proposals": {"Thiếu kinh phí tổ chức hoạt động hè cho học sinh."},
		"report_scan":            {"[ảnh]", "[ảnh]", "[ảnh]", "[✅ Xong]"},
	})
	tr.press(lan, "✏️ Phần 2")
	tr.press(lan, "✔️ Giữ nguyên")
	tr.say(lan, "15")
	tr.press(lan, "📋 Về bản xem lại")
	tr.press(lan, "✅ Gửi báo cáo")
	tr.say(lan, "/myreport")
	tr.say(lan, "/myreport docx")
	tr.say(lan, "/report")
	tr.say(lan, "/cancel")

	tr.section("7b. Hiệu trưởng mầm non nhập báo cáo 6 tháng")
	tr.say(mai, "/report")
	tr.round(mai, "", map[string][]string{
		"disabled_children": {"0"}, "harm_any": {"[Không]"}, "gifts_given": {"[Không]"}, "action_month": {"[Có]"},
		"underweight_children": {"4"}, "stunted_children": {"2"}, "difficulties_proposals": {"/skip"}, "report_scan": {"[ảnh]", "[✅ Xong]"},
	})
	tr.press(mai, "✅ Gửi báo cáo")

	tr.section("7c. Hiệu trưởng tiểu học đăng ký, nhập báo cáo 6 tháng")
	tr.say(hung, "/start "+tr.invite(off, "TH-CAMVU"))
	tr.say(hung, "/report")
	tr.round(hung, "", map[string][]string{
		"disabled_children": {"1"}, "disabled_supported": {"1"}, "harm_any": {"[Không]"}, "gifts_given": {"[Có]"},
		"gifts_count": {"12"}, "gifts_value": {"3 triệu rưỡi"}, "difficulties_proposals": {"Không có"}, "report_scan": {"/skip"},
	})
	tr.press(hung, "✅ Gửi báo cáo")

	tr.section("8. Nhắc hạn tự động: 08:00 thứ Ba 16/6")
	h.Clock.Set(apptest.VN(2026, 6, 16, 7, 59).Add(30 * time.Second))
	tr.act(nil, "(bộ nhắc hạn chạy)", func() {
		now := h.Clock.Now()
		if _, err := h.App.Reminders.Scheduler.Check(context.Background(), now); err != nil {
			t.Fatal(err)
		}
	})

	tr.section("9. Cán bộ Phòng theo dõi, xem, tổng hợp, xuất")
	for _, c := range []string{"/status", "/missing", "/view THCS-LAICACH", "/view MN-CAMDIEN", "/view TH-CAMVU", "/view XYZ", "/history THCS-LAICACH", "/summary", "/export", "/periods"} {
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

// round answers the report questions u is asked until the review (or, with stopSection,
// until a question of that section is asked), from script: for each question id the
// inputs in order, "[label]" pressing a button, "[ảnh]" sending a photo. A question the
// script has nothing (more) for gets a plain answer of its type; a warning is confirmed,
// a hedged number kept.
func (tr *transcript) round(u *tgtest.User, stopSection string, script map[string][]string) {
	tr.t.Helper()
	q := domain.DefaultQuestionnaire()
	for range 80 {
		f, err := tr.h.App.Store.ChatFlow(context.Background(), u.ID())
		if err != nil || f.Name != "report" || f.Step == "review" {
			return
		}
		id := f.Data["q"]
		qn, _ := q.Question(id)
		if s := q.SectionOf(id); f.Step == "ask" && s != nil && s.ID == stopSection {
			return
		}
		var in string
		if list := script[id]; len(list) > 0 {
			in, script[id] = list[0], list[1:]
		} else {
			switch {
			case f.Step == "warn":
				in = "[✔️ Đúng, giữ nguyên]"
			case f.Step == "approx" || f.Step == "hide":
				tr.t.Fatalf("script ends at step %s of %s", f.Step, id)
			case qn.Type == domain.TypeYesNo:
				in = "[Có]"
			case qn.Type == domain.TypeInteger:
				in = "3"
			case qn.Type == domain.TypeMoney:
				in = "2 triệu"
			case qn.Type == domain.TypeFile:
				in = "/skip"
			default:
				in = "Không có"
			}
		}
		switch {
		case in == "[ảnh]":
			tr.act(u, "(gửi ảnh)", func() { u.SendPhoto(nil, "") })
		case strings.HasPrefix(in, "[") && strings.HasSuffix(in, "]"):
			tr.press(u, strings.Trim(in, "[]"))
		default:
			tr.say(u, in)
		}
	}
	tr.t.Fatal("no review after 80 inputs")
}
