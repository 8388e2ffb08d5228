package handlers

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/export"
	"github.com/camgiang-edu/reportbot/locales"
	"github.com/camgiang-edu/reportbot/storage/storetest"
)

// BenchmarkOfficer measures the officer's queries on a district of 2,000 schools with one
// full submission each (and a reporter each) in the embedded store: /status (load and
// count), /summary (load and add up) and the XLSX export (load and write). Results are in
// BENCHMARKS.md.
func BenchmarkOfficer(b *testing.B) {
	const n = 2000
	ctx := context.Background()
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	now := time.Date(2026, 12, 8, 9, 0, 0, 0, loc)
	st := storetest.Open(b, func() time.Time { return now })
	seedBench(b, ctx, st, n, now)
	cat, err := locales.Load()
	if err != nil {
		b.Fatal(err)
	}
	h := New(Deps{Officer: st, Loc: loc, Now: func() time.Time { return now }})
	p, _ := domain.DefaultPeriodSchedule().Find("2026-Y", loc)

	status := func(b *testing.B, h *Handlers) {
		v, err := h.statusOf(ctx, p, cat.T)
		if err != nil || v.Done != n {
			b.Fatalf("status: %d done, %v", v.Done, err)
		}
	}
	b.Run("store-read-submissions", func(b *testing.B) {
		for b.Loop() {
			if subs, err := st.Submissions(ctx, p.ID); err != nil || len(subs) != n {
				b.Fatal(err)
			}
		}
	})
	b.Run("status-cold", func(b *testing.B) {
		for b.Loop() {
			status(b, New(Deps{Officer: st, Loc: loc, Now: func() time.Time { return now }}))
		}
	})
	status(b, h) // fills the cache
	b.Run("status", func(b *testing.B) {
		for b.Loop() {
			status(b, h)
		}
	})
	b.Run("status-after-a-submission", func(b *testing.B) {
		sub, err := st.Submission(ctx, p.ID, "MN-0000")
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			sub.Revision++
			if err := st.PutSubmissions(ctx, []domain.Submission{sub}); err != nil {
				b.Fatal(err)
			}
			status(b, h)
		}
	})
	b.Run("summary", func(b *testing.B) {
		for b.Loop() {
			round, err := h.loadRound(ctx, p, "vi", cat.T)
			if err != nil {
				b.Fatal(err)
			}
			if s := export.Summarize(round); s.Total.Submitted != n {
				b.Fatalf("summary counted %d", s.Total.Submitted)
			}
		}
	})
	xlsx := func(b *testing.B, h *Handlers) {
		round, err := h.loadRound(ctx, p, "vi", cat.T)
		if err != nil {
			b.Fatal(err)
		}
		data, err := export.XLSX(round, time.Now())
		if err != nil || len(data) == 0 {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(data)), "bytes/file")
	}
	b.Run("xlsx", func(b *testing.B) {
		for b.Loop() {
			xlsx(b, h)
		}
	})
	b.Run("xlsx-cold", func(b *testing.B) {
		for b.Loop() {
			xlsx(b, New(Deps{Officer: st, Loc: loc, Now: func() time.Time { return now }}))
		}
	})
}

// seedBench stores n schools across the levels, each with a reporter and a submission
// answering every question of the annual report.
func seedBench(b *testing.B, ctx context.Context, st interface {
	PutSchools(context.Context, []domain.School) error
	PutSubmissions(context.Context, []domain.Submission) error
	PutUsers(context.Context, []domain.User) error
}, n int, now time.Time) {
	b.Helper()
	q := domain.DefaultQuestionnaire()
	schools := make([]domain.School, n)
	subs := make([]domain.Submission, n)
	for i := range n {
		level := domain.Levels[i%len(domain.Levels)]
		code := fmt.Sprintf("%s-%04d", level, i)
		schools[i] = domain.School{Code: code, Name: "Trường " + code, Level: level, Commune: "Xã " + fmt.Sprint(i%20), Active: true}
		answers := map[string]domain.Answer{}
		for _, qn := range q.Questions(domain.KindYear) {
			v := int64(i % 50)
			t := i%3 == 0
			switch qn.Type {
			case domain.TypeInteger, domain.TypeMoney:
				answers[qn.ID] = domain.Answer{Int: &v, By: int64(i), At: now}
			case domain.TypeYesNo:
				answers[qn.ID] = domain.Answer{Bool: &t, By: int64(i), At: now}
			case domain.TypeChoice:
				answers[qn.ID] = domain.Answer{Choice: qn.Options[i%len(qn.Options)].ID, By: int64(i), At: now}
			case domain.TypeText:
				answers[qn.ID] = domain.Answer{Text: "Khó khăn về kinh phí và cơ sở vật chất của trường " + code, By: int64(i), At: now}
			case domain.TypeFile:
				answers[qn.ID] = domain.Answer{File: &domain.FileRef{FileID: "file-" + code, Name: "bao-cao.pdf"}, By: int64(i), At: now}
			}
		}
		at := now.Add(-time.Duration(i%200) * time.Hour).UTC()
		subs[i] = domain.Submission{Period: "2026-Y", School: code, Questionnaire: q.Version(), Answers: answers,
			SubmittedBy: int64(10000 + i), SubmitterName: "Hiệu trưởng " + code, FirstAt: at, SubmittedAt: at, Revision: 1}
	}
	if err := st.PutSchools(ctx, schools); err != nil {
		b.Fatal(err)
	}
	if err := st.PutSubmissions(ctx, subs); err != nil {
		b.Fatal(err)
	}
	users := make([]domain.User, n)
	for i := range n {
		users[i] = domain.User{ID: int64(10000 + i), Name: "Hiệu trưởng " + schools[i].Code, SchoolCode: schools[i].Code,
			LinkedAt: now.UTC(), Started: i%10 != 0, Unreachable: i%25 == 0, Seen: now.UTC()}
	}
	if err := st.PutUsers(ctx, users); err != nil {
		b.Fatal(err)
	}
}
