package bench

import (
	"os"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

// BenchmarkReportAnswer is one principal answering as fast as the bot replies: the cost of
// one update of the report conversation, for profiles (-cpuprofile). It reports the store
// commands per update (cmds/op, store-ms/op); with -v it prints them by command and
// collection.
func BenchmarkReportAnswer(b *testing.B) {
	tg := tgtest.New(b, tgtest.WithWaitTimeout(10*time.Second))
	var cmds storagetest.Commands
	stop := startReportbot(b, tg, apptest.WithStoreMonitor(cmds.Monitor()))
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
	cmds.Reset()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step()
	}
	b.StopTimer()
	var n int
	var total time.Duration
	for _, c := range cmds.Counts() {
		n += c.N
		total += c.Total
	}
	b.ReportMetric(float64(n)/float64(b.N), "cmds/op")
	b.ReportMetric(total.Seconds()*1000/float64(b.N), "store-ms/op")
	if testing.Verbose() {
		cmds.Print(os.Stdout, b.N)
	}
}
