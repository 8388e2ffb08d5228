package bench

import (
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// BenchmarkReportAnswer is one principal answering as fast as the bot replies: the cost of
// one update of the report conversation, for profiles (-cpuprofile).
func BenchmarkReportAnswer(b *testing.B) {
	tg := tgtest.New(b, tgtest.WithWaitTimeout(10*time.Second))
	stop := reportbotTarget.start(b, tg)
	defer stop()
	tb := &quietTB{TB: b}
	p := reportbotTarget.chatters(b, tg, 1, tb)[0]
	for i := 0; i < 30; i++ { // warm up: into the questionnaire
		if _, err := p.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Step(); err != nil {
			b.Fatal(err)
		}
	}
}
