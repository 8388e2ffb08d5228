package bench

import (
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// BenchmarkReportAnswer is one principal answering as fast as the bot replies: the cost of
// one update of the report conversation end to end, for profiles (-cpuprofile). The store's
// own share is measured by storage/sqlite's BenchmarkAnswer.
func BenchmarkReportAnswer(b *testing.B) {
	tg := tgtest.New(b, tgtest.WithWaitTimeout(10*time.Second))
	stop := startReportbot(b, tg)
	defer stop()
	tb := &quietTB{TB: b}
	// Each principal fills the questionnaire up to the review, then the next one starts: a
	// principal who submitted and goes on revising mostly presses "send" with nothing
	// changed, which is not the answer this measures.
	ps := reportbotTarget.chatters(b, tg, b.N/15+2, tb)
	cur := 0
	step := func() {
		p := ps[cur].(*principal)
		if p.has && hasButton(p.last, "✅ Gửi báo cáo") {
			cur++
			p = ps[cur].(*principal)
		}
		if _, err := p.Step(); err != nil {
			b.Fatal(err)
		}
	}
	for cur == 0 { // warm up: the first principal up to the review
		step()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step()
	}
}
