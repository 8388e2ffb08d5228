package handlers_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// TestReport_DefaultQuestionnaireWalk answers the district's whole questionnaire (yes to
// every condition, so every six-month question is asked) and submits it.
func TestReport_DefaultQuestionnaireWalk(t *testing.T) {
	h, u := startReporting(t, apptest.WithEnv("REPORTBOT_CONFIG", writeConfig(t, "invite_days: 7\n")))
	q := domain.DefaultQuestionnaire()
	m := send(t, u, "/report")
	sawNamesHint := false
	for step := 0; !strings.Contains(m.Plain, "Xem lại"); step++ {
		if step > 40 {
			t.Fatalf("no review after 40 answers; last message:\n%s", m.Plain)
		}
		h.Drained() // the flow is stored right after the question is sent
		f, err := h.App.Store.ChatFlow(context.Background(), u.ID())
		if err != nil || f.Step != "ask" {
			t.Fatalf("flow = %+v, %v", f, err)
		}
		qn, ok := q.Question(f.Data["q"])
		if !ok {
			t.Fatalf("asked unknown question %q", f.Data["q"])
		}
		must(t, m, qn.Label.VI)
		sawNamesHint = sawNamesHint || strings.Contains(m.Plain, "Không ghi họ tên trẻ em")
		m = answerDefault(t, u, m, qn)
	}
	if !sawNamesHint {
		t.Error("no incident question carried the hint not to write children's names")
	}
	// The review is longer than one Telegram message: it comes in parts, buttons on the last.
	parts := 1
	for m.Markup.IsZero() {
		if n := tgtest.UTF16Len(m.Plain); n > tgtest.MaxTextLen {
			t.Fatalf("review part of %d UTF-16 units", n)
		}
		m = u.Next(t)
		parts++
	}
	if parts < 2 {
		t.Errorf("review came in %d message, want it split", parts)
	}
	all := q.Questions(domain.KindH1)
	must(t, m, strconv.Itoa(len(all))+". ") // every six-month question is listed, numbered
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "Đã gửi")
	sub := submissionOf(t, h)
	if len(sub.Answers) != len(all) || sub.Questionnaire != q.Version() {
		t.Fatalf("submission has %d answers (want %d), version %s (want %s)", len(sub.Answers), len(all), sub.Questionnaire, q.Version())
	}
	if len(all) < 15 || len(all) > 25 {
		t.Errorf("the default six-month report asks %d questions, want 15 to 25", len(all))
	}
}

// answerDefault gives a valid answer of the question's type and returns the next message.
func answerDefault(t *testing.T, u *tgtest.User, m tgtest.SentMessage, qn *domain.Question) tgtest.SentMessage {
	t.Helper()
	switch qn.Type {
	case domain.TypeYesNo:
		return click(t, u, m, "Có")
	case domain.TypeChoice:
		return click(t, u, m, qn.Options[0].Label.VI)
	case domain.TypeInteger:
		n := int64(2)
		if qn.Max != nil && *qn.Max < n {
			n = *qn.Max
		}
		return send(t, u, strconv.FormatInt(n, 10))
	case domain.TypeMoney:
		return send(t, u, "1.500.000")
	case domain.TypeText:
		return send(t, u, strings.Repeat("Đã xử lý theo quy định. ", 80)) // long: the review needs two messages
	}
	u.SendPhoto(nil, "")
	return u.Next(t)
}
