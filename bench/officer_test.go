package bench

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
	"github.com/camgiang-edu/reportbot/storage"
)

// BenchmarkOfficerQueries measures what the officer waits for on a district of 2,000
// schools with one full annual report each: from sending /status, /summary or /export to
// the bot's answer arriving, through the real bot, the fake Telegram and the embedded store.
func BenchmarkOfficerQueries(b *testing.B) {
	if b.N > 1 {
		b.Skip("run with -benchtime 1x")
	}
	const n = 2000
	now := apptest.VN(2026, 12, 8, 9, 0)
	tg := tgtest.New(b, tgtest.WithWaitTimeout(2*time.Minute))
	h := apptest.New(b, apptest.WithServer(tg), apptest.WithTime(now), apptest.WithEnv("LOG_LEVEL", "warn"))
	h.StartBot()
	seedReports(b, h.App.Store, n, now)
	h.Restart() // as after a deploy: nothing of the district in memory yet
	off := h.Officer()
	// ask times a command until the bot has handled it, the last part of a long answer
	// delivered (Telegram lets a chat take about one message a second after a burst of 3).
	var firstPart time.Duration
	ask := func(cmd, expect string) time.Duration {
		start := time.Now()
		off.Send(cmd)
		off.Expect(b, expect)
		firstPart = time.Since(start)
		h.Drained()
		return time.Since(start)
	}
	first := ask("/status", "2000/2000")
	status := ask("/status", "2000/2000")
	summary := ask("/summary", "Tổng hợp")
	summaryFirst := firstPart
	start := time.Now()
	off.Send("/export")
	doc := waitDocument(b, tg, apptest.Officer)
	export := time.Since(start)
	fmt.Fprintf(os.Stdout, "\n| query (2,000 schools) | time to answer |\n|---|---:|\n| /status, first after a restart | %s |\n| /status | %s |\n| /summary, first part (totals) | %s |\n| /summary, all parts (lists every school's difficulties; Telegram's 1 message/s per chat) | %s |\n| /export (XLSX, %d KB) | %s |\n",
		ms(first), ms(status), ms(summaryFirst), ms(summary), len(doc.File.Data)/1024, ms(export))
	b.ReportMetric(status.Seconds(), "status-s")
	b.ReportMetric(summary.Seconds(), "summary-s")
	b.ReportMetric(export.Seconds(), "export-s")
}

// waitDocument waits for a document in the chat.
func waitDocument(b *testing.B, tg *tgtest.Server, chat int64) tgtest.SentMessage {
	var doc tgtest.SentMessage
	tg.WaitFor(b, func() bool {
		for _, m := range tg.SentTo(chat) {
			if m.Method == "sendDocument" {
				doc = m
				return true
			}
		}
		return false
	})
	return doc
}

// seedReports registers n schools, each with a principal and a full annual report.
func seedReports(b *testing.B, st storage.Store, n int, now time.Time) {
	b.Helper()
	ctx := context.Background()
	q := domain.DefaultQuestionnaire()
	levels := []domain.Level{domain.LevelMN, domain.LevelTH, domain.LevelTHCS, domain.LevelTHTHCS}
	var schools []domain.School
	var users []domain.User
	var subs []domain.Submission
	for i := 0; i < n; i++ {
		code := fmt.Sprintf("%s-%04d", levels[i%4], i)
		schools = append(schools, domain.School{Code: code, Name: "Trường " + code, Level: levels[i%4], Commune: "Xã " + fmt.Sprint(i%20), Active: true})
		users = append(users, domain.User{ID: int64(400000 + i), Name: fmt.Sprint("HT", i), SchoolCode: code, Started: true})
		answers := map[string]domain.Answer{}
		for _, qn := range q.Questions(domain.KindYear) {
			answers[qn.ID] = answerFor(qn, i, now)
		}
		subs = append(subs, domain.Submission{Period: "2026-Y", School: code, Questionnaire: q.Version(), Answers: answers,
			SubmittedBy: int64(400000 + i), SubmitterName: fmt.Sprint("HT", i), FirstAt: now, SubmittedAt: now, Revision: 1})
	}
	for _, err := range []error{st.PutSchools(ctx, schools), st.PutUsers(ctx, users), st.PutSubmissions(ctx, subs)} {
		if err != nil {
			b.Fatal(err)
		}
	}
	p, _ := domain.DefaultPeriodSchedule().Find("2026-Y", now.Location())
	if _, err := st.PinPeriod(ctx, p, q); err != nil {
		b.Fatal(err)
	}
}

func answerFor(qn *domain.Question, i int, at time.Time) domain.Answer {
	a := domain.Answer{At: at}
	switch qn.Type {
	case domain.TypeInteger, domain.TypeMoney:
		v := int64(i%7 + 1)
		if qn.Type == domain.TypeMoney {
			v *= 1_000_000
		}
		a.Int = &v
	case domain.TypeYesNo:
		v := i%3 != 0
		a.Bool = &v
	case domain.TypeChoice:
		a.Choice = qn.Options[i%len(qn.Options)].ID
	case domain.TypeText:
		a.Text = strings.Repeat("Nhà trường gặp khó khăn về kinh phí. ", 3)
	case domain.TypeFile:
		a.Skipped = true
	}
	return a
}
