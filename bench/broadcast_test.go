package bench

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
	"github.com/camgiang-edu/reportbot/storage"
)

// BenchmarkBroadcast sends one reminder stage to 1,000 principals (one school each) and 20
// groups through the outbox, against a fake Telegram that enforces Telegram's flood limits
// (30 messages/s overall, 1/s per chat, 20/min per group) and answers 429 beyond them, with
// the bot's default sender limits.
func BenchmarkBroadcast(b *testing.B) {
	if b.N > 1 {
		b.Skip("run with -benchtime 1x")
	}
	const schools, groups = 1000, 20
	tg := tgtest.New(b, tgtest.WithRateLimits(tgtest.DefaultRateLimits()), tgtest.WithWaitTimeout(5*time.Minute))
	now := apptest.VN(2026, 6, 16, 8, 0) // d3 of the six-month report: every school is reminded
	h := apptest.Start(b, apptest.WithServer(tg), apptest.WithTime(now), apptest.WithEnv("LOG_LEVEL", "warn"))
	ctx := context.Background()
	seedDistrict(b, h.App.Store, tg, schools, groups)
	want := schools + groups + 1 // every principal, every group, the officer's digest (chats)
	tg.User(apptest.Officer, "Hoan", "vi")

	start := time.Now()
	if _, err := h.App.Reminders.Scheduler.Check(ctx, now); err != nil {
		b.Fatal(err)
	}
	var last time.Time
	tg.WaitFor(b, func() bool { return len(sentChats(tg)) >= want })
	for _, m := range tg.Sent() {
		if m.Time.After(last) {
			last = m.Time
		}
	}
	time.Sleep(2 * time.Second) // anything more would be a duplicate
	el := last.Sub(start)
	// A long digest comes in several parts; a duplicate is the same text twice in a chat.
	per := map[int64]int{}
	texts := map[string]int{}
	dup := 0
	for _, m := range tg.Sent() {
		per[m.ChatID]++
		key := fmt.Sprint(m.ChatID, "\x00", m.Text)
		if texts[key]++; texts[key] > 1 {
			dup++
		}
	}
	lost := 0
	for chat := range expectedChats(schools, groups) {
		if per[chat] == 0 {
			lost++
		}
	}
	counts, _ := h.App.Store.OutboxByState(ctx, domain.OutboxFailed, 10)
	sent := len(tg.Sent())
	rate := float64(sent) / el.Seconds()
	fmt.Fprintf(os.Stdout, "\n| measure | value |\n|---|---:|\n| messages | %d to %d chats (%d private, %d groups, 1 officer; long digests in parts) |\n| time | %.1f s |\n| rate | %.1f msg/s = %.0f %% of 30/s |\n| 429 answers | %d |\n| lost | %d |\n| duplicated | %d |\n| failed in outbox | %d |\n",
		sent, want, schools, groups, el.Seconds(), rate, rate/30*100, tg.Throttled(), lost, dup, len(counts))
	b.ReportMetric(rate/30, "fraction-of-30/s")
	b.ReportMetric(float64(tg.Throttled()), "429s")
	b.ReportMetric(float64(lost), "lost")
	b.ReportMetric(float64(dup), "duplicated")
}

// seedDistrict registers n schools with one started principal each and g bound groups
// (both in the store and in the fake Telegram).
func seedDistrict(b *testing.B, st storage.Store, tg *tgtest.Server, n, g int) {
	b.Helper()
	ctx := context.Background()
	levels := []domain.Level{domain.LevelMN, domain.LevelTH, domain.LevelTHCS}
	var schools []domain.School
	var users []domain.User
	for i := 0; i < n; i++ {
		code := fmt.Sprintf("S%04d", i)
		schools = append(schools, domain.School{Code: code, Name: "Trường " + code, Level: levels[i%3], Active: true})
		id := int64(300000 + i)
		users = append(users, domain.User{ID: id, Name: fmt.Sprint("HT", i), SchoolCode: code, Started: true, LinkedAt: time.Now()})
		tg.User(id, fmt.Sprint("HT", i), "vi")
	}
	if err := st.PutSchools(ctx, schools); err != nil {
		b.Fatal(err)
	}
	if err := st.PutUsers(ctx, users); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < g; i++ {
		id := int64(-1000000 - i)
		tg.Group(id, fmt.Sprint("Cụm ", i), true)
		if err := st.BindGroup(ctx, domain.Group{ChatID: id, Title: fmt.Sprint("Cụm ", i), Level: levels[i%3], BoundBy: apptest.Officer}); err != nil {
			b.Fatal(err)
		}
	}
}

func expectedChats(n, g int) map[int64]bool {
	out := map[int64]bool{apptest.Officer: true}
	for i := 0; i < n; i++ {
		out[int64(300000+i)] = true
	}
	for i := 0; i < g; i++ {
		out[int64(-1000000-i)] = true
	}
	return out
}

// sentChats is the set of chats that received at least one message.
func sentChats(tg *tgtest.Server) map[int64]bool {
	out := map[int64]bool{}
	for _, m := range tg.Sent() {
		out[m.ChatID] = true
	}
	return out
}
