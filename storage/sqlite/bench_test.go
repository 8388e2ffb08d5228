package sqlite

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
)

// benchDirs are the seeded stores of the benchmarks, kept for the whole run (seeding
// 10,000 schools takes seconds) and removed by TestMain.
var (
	benchMu     sync.Mutex
	benchStores = map[string]*Store{}
	benchDirs   []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, s := range benchStores {
		s.Close(context.Background())
	}
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// benchStore returns the store seeded by seed under key, seeding it the first time.
func benchStore(b testing.TB, key string, now func() time.Time, seed func(*Store) error) *Store {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if s, ok := benchStores[key]; ok {
		return s
	}
	dir, err := os.MkdirTemp("", "reportbot-bench-")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, dir)
	s, err := Open(context.Background(), storage.Options{DataDir: dir, Now: now, Logger: zerolog.Nop()})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := seed(s); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %s in %v", key, time.Since(start).Round(time.Millisecond))
	benchStores[key] = s
	return s
}

// The benchmarks' district: every school reports in four periods (two years), one
// question set of 25 answers.
var benchPeriods = []string{"2025-H1", "2025-Y", "2026-H1", "2026-Y"}

const benchAnswers = 25

func benchSchool(i int) string { return fmt.Sprintf("TH-%05d", i) }

func benchAnswerSet(by int64, at time.Time, salt int) map[string]domain.Answer {
	out := make(map[string]domain.Answer, benchAnswers)
	for q := range benchAnswers {
		id := fmt.Sprintf("q%02d", q)
		switch q % 3 {
		case 0:
			out[id] = domain.Answer{Int: i64(int64(q * salt)), By: by, At: at}
		case 1:
			out[id] = domain.Answer{Bool: yes(), By: by, At: at}
		default:
			out[id] = domain.Answer{Text: "Trường đã tổ chức các hoạt động theo kế hoạch, không có vướng mắc.", By: by, At: at}
		}
	}
	return out
}

// seedDistrict stores n schools with two reporters each and two years of reports:
// per period a submission (a third of them revised once) with its revisions, a draft, an
// audit entry, and reminders sent to the schools that were late.
func seedDistrict(ctx context.Context, s *Store, n int, at time.Time) error {
	var schools []domain.School
	var users []domain.User
	for i := range n {
		code := benchSchool(i)
		schools = append(schools, domain.School{Code: code, Name: "Trường Tiểu học " + code, Level: domain.LevelTH, Commune: "Cẩm Giàng",
			Phones: []string{fmt.Sprintf("09%08d", i)}, Active: true})
		for r := range 2 {
			users = append(users, domain.User{ID: int64(1_000_000 + 2*i + r), Name: "Hiệu trưởng " + code, SchoolCode: code,
				LinkedAt: at, Started: true, Seen: at})
		}
	}
	if err := s.PutSchools(ctx, schools); err != nil {
		return err
	}
	if err := s.PutUsers(ctx, users); err != nil {
		return err
	}
	for pi, period := range benchPeriods {
		var subs []domain.Submission
		var revs []domain.Revision
		for i := range n {
			by := int64(1_000_000 + 2*i)
			answers := benchAnswerSet(by, at, pi+i)
			rev := 1 + i%3/2
			subs = append(subs, domain.Submission{Period: period, School: benchSchool(i), Questionnaire: "v1", Answers: answers,
				SubmittedBy: by, SubmitterName: "Hiệu trưởng", FirstAt: at, SubmittedAt: at, Revision: rev})
			for r := 1; r <= rev; r++ {
				revs = append(revs, domain.Revision{Period: period, School: benchSchool(i), Revision: r, Questionnaire: "v1",
					Answers: answers, Changed: []string{"q01"}, By: by, ByName: "Hiệu trưởng", At: at})
			}
			if err := s.PutDraft(ctx, domain.Draft{Period: period, School: benchSchool(i), Questionnaire: "v1", Answers: answers,
				EditedBy: by, EditorName: "Hiệu trưởng", EditedAt: at, Created: at}); err != nil {
				return err
			}
		}
		if err := s.PutSubmissions(ctx, subs); err != nil {
			return err
		}
		if err := s.PutRevisions(ctx, revs); err != nil {
			return err
		}
		for i := range n {
			if err := s.Audit(ctx, domain.AuditEntry{At: at, UserID: int64(1_000_000 + 2*i), Name: "Hiệu trưởng", Action: "report.submit",
				Target: benchSchool(i), Detail: period + " #1: q01", Result: "ok"}); err != nil {
				return err
			}
			if i%3 != 0 {
				continue
			}
			for stage := range 3 { // a third of the schools got three reminders
				id := fmt.Sprintf("%s:d%d:u%d", period, stage, i)
				if _, err := s.Enqueue(ctx, domain.OutboxMessage{ID: id, ChatID: int64(1_000_000 + 2*i), Kind: "school",
					Batch: fmt.Sprintf("%s:d%d", period, stage), Text: "⏰ Nhắc: Trường chưa gửi <b>báo cáo</b>."}); err != nil {
					return err
				}
				if _, err := s.ClaimOutbox(ctx, id, "bench"); err != nil {
					return err
				}
				if err := s.MarkOutboxSent(ctx, id, int64(1_000_000+2*i), []int{i}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// BenchmarkAnswer is the store's part of one report answer: the reads of the update
// (user, chat flow, draft, school) and the step that saves the answer with the flow. Its
// time must not depend on the district's size or on the years of data kept. It measures a
// running bot: the store has seen one answer from every school before the clock starts,
// so what is timed is the steady cost, not the first read of each page from the disk.
func BenchmarkAnswer(b *testing.B) {
	ctx := context.Background()
	at := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	for _, n := range []int{60, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var update int64
			s := benchStore(b, fmt.Sprint("answer-", n), fixedClock(at), func(s *Store) error {
				if err := seedDistrict(ctx, s, n, at); err != nil {
					return err
				}
				for i := range n {
					update++
					if err := benchAnswer(ctx, s, n, i, update); err != nil {
						return err
					}
				}
				return nil
			})
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				update++
				if err := benchAnswer(ctx, s, n, i, update); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchAnswer is the store's work for answer i of a district of n schools, from a school
// spread over the district.
func benchAnswer(ctx context.Context, s *Store, n, i int, update int64) error {
	const period = "2026-Y"
	k := i * 7919 % n
	school, user := benchSchool(k), int64(1_000_000+2*k)
	if _, err := s.User(ctx, user); err != nil {
		return err
	}
	if _, err := s.ChatFlow(ctx, user); err != nil {
		return err
	}
	if _, err := s.Draft(ctx, period, school); err != nil {
		return err
	}
	if _, err := s.School(ctx, school); err != nil {
		return err
	}
	q := fmt.Sprintf("q%02d", i%benchAnswers)
	return s.SaveStep(ctx, domain.Step{
		Draft: &domain.DraftChange{Period: period, School: school, Set: map[string]domain.Answer{q: {Int: i64(int64(i))}}, By: user, ByName: "Hiệu trưởng"},
		Flow:  domain.FlowChange{ChatID: user, Flow: &domain.ChatFlow{Name: "report", Step: q, Data: map[string]string{"period": period}}, UpdateID: update},
	})
}

// BenchmarkDueOutbox reads the due messages beside n sent ones kept.
func BenchmarkDueOutbox(b *testing.B) {
	ctx := context.Background()
	c := newClock()
	for _, n := range []int{100, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := benchStore(b, fmt.Sprint("outbox-", n), c.Now, func(s *Store) error { return seedOutbox(ctx, s, n) })
			b.ResetTimer()
			for b.Loop() {
				due, err := s.DueOutbox(ctx, 30)
				if err != nil || len(due) != 30 {
					b.Fatalf("DueOutbox = %d, %v", len(due), err)
				}
			}
		})
	}
}

// seedOutbox keeps n sent messages, 50 queued and due, and 50 queued for later.
func seedOutbox(ctx context.Context, s *Store, n int) error {
	for i := range n {
		id := fmt.Sprintf("sent-%06d", i)
		if _, err := s.Enqueue(ctx, domain.OutboxMessage{ID: id, ChatID: int64(i), Batch: fmt.Sprintf("b%d", i/500), Text: "⏰ Nhắc: Trường chưa gửi báo cáo."}); err != nil {
			return err
		}
		if _, err := s.ClaimOutbox(ctx, id, "bench"); err != nil {
			return err
		}
		if err := s.MarkOutboxSent(ctx, id, int64(i), []int{i}); err != nil {
			return err
		}
	}
	for i := range 100 {
		m := domain.OutboxMessage{ID: fmt.Sprintf("queued-%03d", i), ChatID: int64(i), Batch: "now", Text: "📋 Thông báo"}
		if i >= 50 {
			m.NotBefore = s.now().Add(time.Hour)
		}
		if _, err := s.Enqueue(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkInbox stores and marks done one update beside n handled ones kept.
func BenchmarkInbox(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{100, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := benchStore(b, fmt.Sprint("inbox-", n), time.Now, func(s *Store) error {
				for i := range n {
					if _, err := s.StoreUpdate(ctx, int64(i), int64(i%500), []byte(`{"update_id":1,"message":{"text":"/report"}}`)); err != nil {
						return err
					}
					if err := s.MarkUpdateDone(ctx, int64(i)); err != nil {
						return err
					}
				}
				return nil
			})
			id := int64(10_000_000)
			b.ResetTimer()
			for b.Loop() {
				id++
				if _, err := s.StoreUpdate(ctx, id, 42, []byte(`{"update_id":1,"message":{"text":"12"}}`)); err != nil {
					b.Fatal(err)
				}
				if _, err := s.PendingUpdates(ctx, "", 10); err != nil {
					b.Fatal(err)
				}
				if err := s.MarkUpdateDone(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkImportSchools10000 imports a register of 10,000 schools into an empty store.
func BenchmarkImportSchools10000(b *testing.B) {
	ctx := context.Background()
	var list []domain.School
	for i := range 10000 {
		list = append(list, domain.School{Code: benchSchool(i), Name: "Trường Tiểu học " + benchSchool(i), Level: domain.LevelTH,
			Commune: "Cẩm Giàng", Phones: []string{fmt.Sprintf("09%08d", i), fmt.Sprintf("02%08d", i)}})
	}
	for b.Loop() {
		b.StopTimer()
		s := mustOpen(b, nil)
		b.StartTimer()
		res, err := s.ImportSchools(ctx, list, false)
		if err != nil || len(res.Added) != 10000 {
			b.Fatalf("ImportSchools = %d added, %v", len(res.Added), err)
		}
		b.StopTimer()
		s.Close(ctx)
		b.StartTimer()
	}
}

// BenchmarkSchools lists 10,000 schools.
func BenchmarkSchools(b *testing.B) {
	ctx := context.Background()
	at := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	s := benchStore(b, "answer-10000", fixedClock(at), func(s *Store) error { return seedDistrict(ctx, s, 10000, at) })
	for b.Loop() {
		if got, err := s.Schools(ctx); err != nil || len(got) != 10000 {
			b.Fatalf("Schools = %d, %v", len(got), err)
		}
	}
}

// BenchmarkOpen opens and closes the store of a district of 10,000 schools: the start-up.
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	at := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	s := benchStore(b, "answer-10000", fixedClock(at), func(s *Store) error { return seedDistrict(ctx, s, 10000, at) })
	for b.Loop() {
		o, err := Open(ctx, storage.Options{DataDir: dirOf(s), Logger: zerolog.Nop()})
		if err != nil {
			b.Fatal(err)
		}
		if err := o.Ping(ctx); err != nil {
			b.Fatal(err)
		}
		o.Close(ctx)
	}
}
