package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// testQuestionnaire has one question of every type, skip logic and a question asked only
// in the annual report. In a six-month period it asks 6 questions, 8 with gifts = yes.
const testQuestionnaire = `
questionnaire:
  sections:
    - id: part_a
      title: {vi: "Phần A", en: "Part A"}
      questions:
        - id: plan
          type: yes_no
          required: true
          label: {vi: "Trường có kế hoạch không?", en: "Does the school have a plan?"}
        - id: count
          type: integer
          required: true
          min: 0
          max: 100
          label: {vi: "Số hoạt động", en: "Number of activities"}
        - id: gifts
          type: yes_no
          required: true
          label: {vi: "Có tặng quà không?", en: "Were gifts given?"}
        - id: gifts_n
          type: integer
          required: true
          min: 1
          when: {question: gifts, equals: "yes"}
          label: {vi: "Số suất quà", en: "Number of gifts"}
        - id: gifts_value
          type: money
          required: true
          when: {question: gifts, equals: "yes"}
          label: {vi: "Giá trị quà", en: "Value of the gifts"}
    - id: part_b
      title: {vi: "Phần B", en: "Part B"}
      questions:
        - id: form
          type: choice
          required: true
          label: {vi: "Hình thức", en: "Form"}
          options:
            - {id: in_person, label: {vi: "Trực tiếp", en: "In person"}}
            - {id: online, label: {vi: "Trực tuyến", en: "Online"}}
        - id: note
          type: text
          max_len: 50
          label: {vi: "Ghi chú", en: "Notes"}
          hint: {vi: "Không ghi họ tên trẻ em.", en: "Do not write children's names."}
        - id: mid_autumn
          type: yes_no
          required: true
          periods: [Y]
          label: {vi: "Có tổ chức Trung thu không?", en: "Mid-Autumn festival?"}
        - id: scan
          type: file
          label: {vi: "Bản scan báo cáo", en: "Scan of the report"}
`

const (
	school    = "THCS-X"
	principal = int64(601)
	deputy    = int64(602)
	period    = "2026-H1"
)

// writeConfig writes a config file and returns its path.
func writeConfig(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "reportbot.yaml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// startReporting starts a bot on 16 June 2026 (the six-month report open, due 19 June)
// with the test questionnaire, one school and its principal; opts may override both.
func startReporting(t *testing.T, opts ...apptest.Option) (*apptest.Harness, *tgtest.User) {
	t.Helper()
	base := []apptest.Option{apptest.WithTime(apptest.VN(2026, 6, 16, 8, 0)),
		apptest.WithEnv("REPORTBOT_CONFIG", writeConfig(t, testQuestionnaire))}
	h := apptest.Start(t, append(base, opts...)...)
	ctx := context.Background()
	if err := h.App.Store.PutSchool(ctx, domain.School{Code: school, Name: "Trường THCS X", Level: domain.LevelTHCS, Active: true}); err != nil {
		t.Fatal(err)
	}
	link(t, h, principal)
	return h, h.User(principal, "Lan", "vi")
}

func link(t *testing.T, h *apptest.Harness, id int64) {
	t.Helper()
	if _, err := h.App.Store.LinkReporter(context.Background(), id, school); err != nil {
		t.Fatal(err)
	}
}

// send writes text and returns the bot's next message.
func send(t *testing.T, u *tgtest.User, text string) tgtest.SentMessage {
	t.Helper()
	u.Send(text)
	return u.Next(t)
}

// click presses a button of msg and returns the bot's next message.
func click(t *testing.T, u *tgtest.User, msg tgtest.SentMessage, button string) tgtest.SentMessage {
	t.Helper()
	u.Click(t, msg, button)
	return u.Next(t)
}

// must fails the test unless msg shows every substring.
func must(t *testing.T, msg tgtest.SentMessage, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(msg.Plain, s) {
			t.Fatalf("message lacks %q:\n%s", s, msg.Plain)
		}
	}
}

// mustNot fails the test if msg shows any substring.
func mustNot(t *testing.T, msg tgtest.SentMessage, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(msg.Plain, s) {
			t.Fatalf("message shows %q:\n%s", s, msg.Plain)
		}
	}
}

// toReview answers the test questionnaire from the start (gifts = yes) and returns the
// review message.
func toReview(t *testing.T, u *tgtest.User) tgtest.SentMessage {
	t.Helper()
	m := send(t, u, "/report")
	m = click(t, u, m, "Có")
	m = send(t, u, "12")
	m = click(t, u, m, "Có")
	m = send(t, u, "3")
	m = send(t, u, "5 triệu")
	m = click(t, u, m, "Trực tiếp")
	m = send(t, u, "Tốt")
	m = send(t, u, "/skip")
	must(t, m, "Xem lại")
	return m
}

func draftOf(t *testing.T, h *apptest.Harness) domain.Draft {
	t.Helper()
	d, err := h.App.Store.Draft(context.Background(), period, school)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func submissionOf(t *testing.T, h *apptest.Harness) domain.Submission {
	t.Helper()
	s, err := h.App.Store.Submission(context.Background(), period, school)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustButtons fails the test unless msg has buttons with every label.
func mustButtons(t *testing.T, msg tgtest.SentMessage, labels ...string) {
	t.Helper()
	for _, l := range labels {
		if _, ok := msg.Markup.Button(l); !ok {
			t.Fatalf("no button %q under:\n%s\nbuttons: %s", l, msg.Plain, msg.Markup)
		}
	}
}
