package handlers_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// walk is one principal's round through the default questionnaire: what the bot said,
// and how many times the principal typed or tapped.
type walk struct {
	msgs        []tgtest.SentMessage
	taps        int
	reviewParts int
}

// walkDefault starts the default questionnaire for a school of level, answers every
// question (yes to the yes/no questions for which yes says, a photo for the signed report)
// and submits. It checks on the way that only the level's questions are asked, in its
// wording, each counting question's hint stating the dates.
func walkDefault(t *testing.T, level domain.Level, yes func(id string) bool) (*apptest.Harness, walk) {
	t.Helper()
	h, u := startReporting(t, apptest.WithEnv("REPORTBOT_CONFIG", writeConfig(t, "invite_days: 7\n")))
	ctx := context.Background()
	if err := h.App.Store.PutSchool(ctx, domain.School{Code: school, Name: "Trường Thử", Level: level, Commune: "Cẩm Điền", Active: true}); err != nil {
		t.Fatal(err)
	}
	q := domain.DefaultQuestionnaire()
	p, _ := domain.DefaultPeriodSchedule().Find(period, apptest.VN(2026, 1, 1, 0, 0).Location())
	v := q.ViewFor(level, p)
	var w walk
	m := send(t, u, "/report")
	w.taps++
	must(t, m, "Số liệu của báo cáo này: từ 01/01/2026 đến nay.")
	asked := map[string]bool{}
	for step := 0; !strings.Contains(m.Plain, "Xem lại"); step++ {
		if step > 60 {
			t.Fatalf("no review after 60 answers; last message:\n%s", m.Plain)
		}
		w.msgs = append(w.msgs, m)
		h.Drained()
		f, err := h.App.Store.ChatFlow(ctx, u.ID())
		if err != nil {
			t.Fatal(err)
		}
		qn, ok := q.Question(f.Data["q"])
		if !ok || !qn.AskedAt(level) || !qn.AskedIn(domain.KindH1) {
			t.Fatalf("%s school asked %q", level, f.Data["q"])
		}
		asked[qn.ID] = true
		must(t, m, v.Label(qn, "vi"))
		if qn.ShowsCoverage() {
			must(t, m, "📅 Số liệu từ 01/01/2026 đến nay.")
		}
		var n int
		m, n = answerDefault(t, u, m, qn, yes(qn.ID))
		w.taps += n
	}
	for { // a long review comes in parts cut between sections, each with its sections' buttons
		if n := tgtest.UTF16Len(m.Plain); n > tgtest.MaxTextLen {
			t.Fatalf("review part of %d UTF-16 units", n)
		}
		if _, ok := m.Markup.Button("✅ Gửi báo cáo"); ok {
			break
		}
		w.msgs = append(w.msgs, m)
		w.reviewParts++
		m = u.Next(t)
	}
	w.reviewParts++
	w.msgs = append(w.msgs, m)
	for _, qn := range v.Asked(draftOf(t, h).Answers) {
		if !asked[qn.ID] {
			t.Errorf("%s school was not asked %s", level, qn.ID)
		}
	}
	m = click(t, u, m, "✅ Gửi báo cáo")
	w.taps++
	must(t, m, "Đã gửi", "/myreport docx")
	w.msgs = append(w.msgs, m)
	if sub := submissionOf(t, h); sub.Questionnaire != q.Version() {
		t.Fatalf("submission follows version %s, want %s", sub.Questionnaire, q.Version())
	}
	return h, w
}

// answerDefault gives a valid answer of the question's type and returns the next message
// and the taps it took.
func answerDefault(t *testing.T, u *tgtest.User, m tgtest.SentMessage, qn *domain.Question, yes bool) (tgtest.SentMessage, int) {
	t.Helper()
	switch qn.Type {
	case domain.TypeYesNo:
		if yes {
			return click(t, u, m, "Có"), 1
		}
		return click(t, u, m, "Không"), 1
	case domain.TypeChoice:
		return click(t, u, m, qn.Options[0].Label.VI), 1
	case domain.TypeInteger:
		n := int64(2)
		if qn.Max != nil && *qn.Max < n {
			n = *qn.Max
		}
		return send(t, u, strconv.FormatInt(n, 10)), 1
	case domain.TypeMoney:
		return send(t, u, "1,5 triệu"), 1
	case domain.TypeText:
		return send(t, u, strings.Repeat("Đã xử lý theo quy định. ", 40)), 1
	}
	u.SendPhoto(nil, "")
	return click(t, u, u.Next(t), "✅ Xong"), 2
}

var oldCounter = regexp.MustCompile(`Câu \d+/\d+`)

func TestReport_DefaultQuestionnaireByLevel(t *testing.T) {
	all := func(string) bool { return true }
	typical := func(id string) bool { return id != "harm_any" } // most schools: no child harmed
	for _, tc := range []struct {
		level      domain.Level
		say, never []string
	}{
		{domain.LevelMN, []string{"Số trẻ khuyết tật đang học tại trường", "Số trẻ suy dinh dưỡng thể thấp còi", "Số trẻ bị bạo lực"},
			[]string{"học sinh", "Học sinh", "Số học sinh được học kỹ năng phòng, chống đuối nước", "Trường có tổ chức diễn đàn trẻ em không?"}},
		{domain.LevelTH, []string{"Số học sinh khuyết tật đang học tại trường", "Số học sinh được học kỹ năng phòng, chống đuối nước", "diễn đàn trẻ em"},
			[]string{"suy dinh dưỡng"}},
		{domain.LevelTHTHCS, []string{"Số học sinh khuyết tật", "Trong đó, số học sinh được học bơi an toàn", "diễn đàn trẻ em"},
			[]string{"suy dinh dưỡng", "Số trẻ bị bạo lực"}},
	} {
		t.Run(string(tc.level), func(t *testing.T) {
			_, w := walkDefault(t, tc.level, all)
			var text strings.Builder
			for _, m := range w.msgs {
				text.WriteString(m.Plain + "\n")
			}
			for _, s := range tc.say {
				if !strings.Contains(text.String(), s) {
					t.Errorf("%s round never says %q", tc.level, s)
				}
			}
			for _, s := range tc.never {
				if strings.Contains(text.String(), s) {
					t.Errorf("%s round says %q", tc.level, s)
				}
			}
			for _, m := range w.msgs {
				if oldCounter.MatchString(m.Plain) || strings.Contains(m.Plain, "Bạn ") {
					t.Errorf("old counter or form of address in:\n%s", m.Plain)
				}
			}
			if w.reviewParts < 2 {
				t.Errorf("a review with long texts came in %d message, want it split", w.reviewParts)
			}
			_, typ := walkDefault(t, tc.level, typical)
			t.Logf("%s: %d taps with every condition met, %d for a typical school", tc.level, w.taps, typ.taps)
			if typ.taps > 30 {
				t.Errorf("a typical %s school needs %d taps, want at most 30", tc.level, typ.taps)
			}
		})
	}
}
