package handlers_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestReport_FullReportWithEveryQuestionType(t *testing.T) {
	h, u := startReporting(t)
	m := send(t, u, "/report")
	must(t, m, "báo cáo 6 tháng năm 2026", "Trường THCS X", "Hạn nộp: hết ngày thứ Sáu, 19/6", "Phần A", "Phần 1/2 · câu 1/3", "Trường có kế hoạch không?")
	if b := m.Markup.Buttons(); len(b) == 0 || len(b[0].CallbackData) > 64 {
		t.Fatalf("buttons = %+v", b)
	}
	m = click(t, u, m, "Có")
	must(t, m, "Phần 1/2 · câu 2/3", "Số hoạt động")
	mustNot(t, m, "Phần A") // the section is shown when it changes

	// Invalid answers: what is expected, and the same question again.
	m = send(t, u, "mười hai")
	must(t, m, "chỉ cần nhập con số", "Phần 1/2 · câu 2/3", "Số hoạt động")
	m = send(t, u, "101")
	must(t, m, "không được lớn hơn 100", "Phần 1/2 · câu 2/3")
	m = send(t, u, "1,5")
	must(t, m, "Phần 1/2 · câu 2/3")
	m = send(t, u, "12")
	must(t, m, "Đã ghi: 12", "Phần 1/2 · câu 3/3", "Có tặng quà không?")

	m = click(t, u, m, "Có") // reveals two questions
	must(t, m, "Phần 1/2 · câu 4/5", "Số suất quà")
	m = send(t, u, "0")
	must(t, m, "từ 1 trở lên", "Phần 1/2 · câu 4/5")
	m = send(t, u, "3")
	must(t, m, "Phần 1/2 · câu 5/5", "Giá trị quà")
	m = send(t, u, "2,5tr")
	must(t, m, "Đã ghi: 2.500.000 đ", "Phần B", "Phần 2/2 · câu 1/3")
	mustButtons(t, m, "Trực tiếp", "Trực tuyến")
	m = send(t, u, "/skip")
	must(t, m, "bắt buộc")
	m = send(t, u, "3")
	must(t, m, "1 đến 2", "Phần 2/2 · câu 1/3")
	m = click(t, u, m, "Trực tuyến")
	must(t, m, "Phần 2/2 · câu 2/3", "Ghi chú", "Không ghi họ tên trẻ em", "không bắt buộc")
	m = send(t, u, strings.Repeat("dài ", 20))
	must(t, m, "vượt quá", "Phần 2/2 · câu 2/3")
	decomposed := norm.NFD.String("  Tốt lắm 👍 ")
	m = send(t, u, decomposed)
	must(t, m, "Phần 2/2 · câu 3/3", "Bản scan")
	m = send(t, u, "đây là bản scan")
	must(t, m, "ảnh", "Phần 2/2 · câu 3/3")
	u.SendDocument("baocao.pdf", []byte("%PDF-1.4"))
	m = u.Next(t)
	must(t, m, "Đã nhận", "baocao.pdf", "1/10")
	m = click(t, u, m, "✅ Xong")
	must(t, m, "Xem lại", "Trường có kế hoạch không? Có", "Số hoạt động: 12", "2.500.000", "Trực tuyến", "Tốt lắm 👍", "baocao.pdf")
	mustNot(t, m, "Trung thu") // annual report only
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "Đã gửi báo cáo 6 tháng năm 2026", "08:00 ngày 16/06/2026", "/myreport")
	mustNot(t, m, "sau hạn")

	sub := submissionOf(t, h)
	if sub.Revision != 1 || sub.Late || sub.SubmittedBy != principal || sub.ByOfficer || len(sub.Answers) != 8 ||
		*sub.Answers["gifts_value"].Int != 2_500_000 || sub.Answers["form"].Choice != "online" ||
		sub.Answers["note"].Text != "Tốt lắm 👍" || len(sub.Answers["scan"].Files) != 1 || sub.Answers["scan"].Files[0].Name != "baocao.pdf" ||
		sub.Questionnaire == "" {
		t.Fatalf("submission = %+v", sub)
	}
	revs, err := h.App.Store.Revisions(context.Background(), period, school)
	if err != nil || len(revs) != 1 || len(revs[0].Changed) != 8 {
		t.Fatalf("revisions = %+v, %v", revs, err)
	}
	// The conversation is over: typing now is not an answer.
	m = send(t, u, "12")
	must(t, m, "chưa hiểu")
	h.Stop()
	if h.Logs.Contains("Tốt lắm") || h.Logs.Contains("baocao.pdf") {
		t.Error("an answer was logged")
	}
}

func TestReport_BackSkipCancelResume(t *testing.T) {
	h, u := startReporting(t)
	m := send(t, u, "/back")
	must(t, m, "chưa mở báo cáo nào")
	q1 := send(t, u, "/report")
	m = send(t, u, "/back")
	must(t, m, "câu hỏi đầu tiên")
	m = click(t, u, q1, "Có") // the question is still open
	must(t, m, "Phần 1/2 · câu 2/3")
	m = send(t, u, "7")
	must(t, m, "Phần 1/2 · câu 3/3")
	m = send(t, u, "/back")
	must(t, m, "Phần 1/2 · câu 2/3", "Trả lời hiện tại: 7")
	m = send(t, u, "8") // a changed answer; back at the first unanswered question
	must(t, m, "Phần 1/2 · câu 3/3")
	m = send(t, u, "/cancel")
	must(t, m, "gõ /report để nhập tiếp")
	m = send(t, u, "9")
	must(t, m, "chưa hiểu") // out of the conversation
	m = send(t, u, "/report")
	must(t, m, "Tiếp tục từ câu chưa trả lời", "Phần 1/2 · câu 3/3", "Có tặng quà không?")
	m = click(t, u, m, "Không")
	must(t, m, "Phần 2/2 · câu 1/3", "Phần B")
	m = click(t, u, m, "Trực tiếp")
	m = click(t, u, m, "⏭ Bỏ qua")
	must(t, m, "Phần 2/2 · câu 3/3", "Bản scan")
	u.SendPhoto(nil, "")
	m = click(t, u, u.Next(t), "✅ Xong")
	must(t, m, "Xem lại", "Ghi chú: (bỏ qua)", "Ảnh")
	m = send(t, u, "/back")
	must(t, m, "Phần 2/2 · câu 3/3", "Trả lời hiện tại")
	m = click(t, u, m, "✔️ Giữ nguyên")
	must(t, m, "Xem lại")
	d := draftOf(t, h)
	if *d.Answers["count"].Int != 8 || !d.Answers["note"].Skipped || len(d.Answers["scan"].Files) != 1 || !d.Answers["scan"].Files[0].Photo {
		t.Fatalf("draft answers = %+v", d.Answers)
	}
	if _, err := h.App.Store.Submission(context.Background(), period, school); err == nil {
		t.Fatal("a draft was submitted without pressing submit")
	}
}

func TestReport_RestartResumesWithAnswersIntact(t *testing.T) {
	h, u := startReporting(t)
	m := send(t, u, "/report")
	m = click(t, u, m, "Có")
	m = send(t, u, "42")
	must(t, m, "Phần 1/2 · câu 3/3")
	h.Restart()
	m = click(t, u, m, "Có") // the question asked before the restart still takes its answer
	must(t, m, "Phần 1/2 · câu 4/5", "Số suất quà")
	h.Restart()
	m = send(t, u, "/report")
	must(t, m, "Tiếp tục", "Phần 1/2 · câu 4/5", "Số suất quà")
	d := draftOf(t, h)
	if !*d.Answers["plan"].Bool || *d.Answers["count"].Int != 42 || !*d.Answers["gifts"].Bool || len(d.Answers) != 3 {
		t.Fatalf("answers after restarts = %+v", d.Answers)
	}
}

func TestReport_StaleAndDoublePresses(t *testing.T) {
	h, u := startReporting(t)
	q1 := send(t, u, "/report")
	yes := q1.Markup.Buttons()[0].CallbackData
	no := q1.Markup.Buttons()[1].CallbackData
	u.Press(q1, yes)
	u.Press(q1, no) // a second quick press on the same message
	q2 := u.Next(t)
	must(t, q2, "Phần 1/2 · câu 2/3")
	h.Drained()
	if n := len(h.TG.SentTo(u.ID())); n != 2 {
		t.Fatalf("two presses sent %d messages, want 2 (one transition)", n)
	}
	if d := draftOf(t, h); !*d.Answers["plan"].Bool {
		t.Fatalf("the second press changed the answer: %+v", d.Answers["plan"])
	}
	stale := 0
	for _, a := range h.TG.CallbackAnswers() {
		if a.Text == "Câu hỏi này đã được trả lời. Hãy dùng tin nhắn mới nhất." {
			stale++
		}
	}
	if stale != 1 {
		t.Fatalf("stale answers = %d, want 1: %+v", stale, h.TG.CallbackAnswers())
	}
	// A press on the old question after moving on changes nothing either.
	u.Press(q1, no)
	h.Drained()
	if d := draftOf(t, h); !*d.Answers["plan"].Bool {
		t.Fatal("an old button changed the answer")
	}
	if n := len(h.TG.CallbackAnswers()); n != 3 {
		t.Errorf("callback answers = %d, want every press answered (3)", n)
	}
	m := send(t, u, "5")
	must(t, m, "Phần 1/2 · câu 3/3")
}
