package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

func init() { extraTargets = append(extraTargets, reportbotTarget) }

// reportbotTarget is the real bot (the code main runs) with the district's default
// questionnaire: every simulated principal answers the six-month report as a person would.
var reportbotTarget = target{
	name:  "reportbot (report conversation, embedded store)",
	start: func(b *testing.B, tg *tgtest.Server) func() { return startReportbot(b, tg) },
	chatters: func(b *testing.B, tg *tgtest.Server, n int, tb *quietTB) []Chatter {
		ctx := context.Background()
		out := make([]Chatter, n)
		for i := range out {
			code := fmt.Sprintf("THCS-B%04d", i)
			id := int64(200000 + i)
			if err := current.App.Store.PutSchool(ctx, domain.School{Code: code, Name: "Trường THCS " + code, Level: domain.LevelTHCS, Active: true}); err != nil {
				b.Fatal(err)
			}
			if _, err := current.App.Store.LinkReporter(ctx, id, code); err != nil {
				b.Fatal(err)
			}
			out[i] = &principal{u: tg.User(id, fmt.Sprint("HT", i), "vi"), tb: tb}
		}
		return out
	},
}

// startReportbot starts the real bot on tg for a benchmark and makes it current.
func startReportbot(b *testing.B, tg *tgtest.Server, opts ...apptest.Option) func() {
	// The sender's flood limits are lifted: this measures the bot's own work per update,
	// like the echo bots, which have none; BenchmarkBroadcast measures the limits.
	cfg := filepath.Join(b.TempDir(), "reportbot.yaml")
	if err := os.WriteFile(cfg, []byte("sender:\n  global_per_second: 10000\n  per_chat_burst: 100\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	opts = append([]apptest.Option{apptest.WithServer(tg), apptest.WithTime(apptest.VN(2026, 6, 16, 8, 0)),
		apptest.WithEnv("LOG_LEVEL", "warn"), apptest.WithEnv("REPORTBOT_CONFIG", cfg)}, opts...)
	h := apptest.Start(b, opts...)
	current = h
	return h.Stop
}

// current is the harness of the step being measured.
var current *apptest.Harness

// principal answers the report the way a person does: reads the question, types a number or
// a sentence, or taps a button; after sending the report, starts revising it.
type principal struct {
	u    *tgtest.User
	tb   *quietTB
	last tgtest.SentMessage
	has  bool
}

func (p *principal) Step() (time.Duration, error) {
	start := time.Now()
	p.act()
	m, err := waitNext(p.tb, p.u)
	if err != nil {
		return 0, err
	}
	lat := time.Since(start)
	// A long review comes in several messages: the buttons are under the last.
	for strings.Contains(m.Plain, "Xem lại") && m.Markup.IsZero() {
		if m, err = waitNext(p.tb, p.u); err != nil {
			return 0, err
		}
	}
	p.last, p.has = m, true
	return lat, nil
}

// act sends the answer the last message asks for.
func (p *principal) act() {
	m := p.last
	switch {
	case !p.has || strings.Contains(m.Plain, "Đã gửi"):
		p.u.Send("/report")
	case hasButton(m, "✅ Gửi báo cáo"):
		p.press(m, "✅ Gửi báo cáo")
	case hasButton(m, "Có"):
		p.press(m, "Có")
	case !m.Markup.IsZero() && strings.Contains(m.Plain, "Bấm một lựa chọn"):
		p.u.Press(m, m.Markup.Buttons()[0].CallbackData)
	case strings.Contains(m.Plain, "Nhập số tiền"):
		p.u.Send("2,5 triệu")
	case strings.Contains(m.Plain, "Nhập một số"):
		p.u.Send("3")
	case strings.Contains(m.Plain, "Nhập câu trả lời"):
		p.u.Send("Nhà trường đã triển khai đầy đủ theo kế hoạch.")
	case strings.Contains(m.Plain, "Gửi ảnh"):
		p.u.Send("/skip")
	default:
		p.u.Send("/report")
	}
}

func (p *principal) press(m tgtest.SentMessage, label string) {
	b, _ := m.Markup.Button(label)
	p.u.Press(m, b.CallbackData)
}

func hasButton(m tgtest.SentMessage, label string) bool {
	_, ok := m.Markup.Button(label)
	return ok
}
