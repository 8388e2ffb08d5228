package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
	"github.com/camgiang-edu/reportbot/storage/storetest"
)

// The crash torture: principals answer the default questionnaire at once, each with values
// of its own, while the real binary is SIGKILLed at random moments and started again on the
// same data. Afterwards every stored answer must be the value typed for its question, every
// confirmed submission must have its revision and audit entry, and no update may be left
// pending or failed. TORTURE_SEED repeats a run; TORTURE_KILLS sets how many kills.

const torturePeriod = "TT"

// tortureConfig writes a config file with one open one-off period, so the test does not
// depend on today's date.
func tortureConfig(t *testing.T, dir string) string {
	t.Helper()
	last := time.Now().AddDate(0, 0, 20).Format("2006-01-02")
	cfg := fmt.Sprintf(`periods:
  one_off:
    - id: %s
      titles: {vi: "Báo cáo kiểm thử", en: "Test report"}
      last_day: "%s"
  open_days_before: 60
  close_days_after: 30
`, torturePeriod, last)
	path := filepath.Join(dir, "reportbot.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// tortureSeed registers n TH schools, each with one principal (user id 5000+i).
func tortureSeed(t *testing.T, dataDir string, n int) {
	t.Helper()
	ctx := context.Background()
	st := storetest.OpenDir(t, dataDir, nil)
	var schools []domain.School
	for i := range n {
		schools = append(schools, domain.School{Code: fmt.Sprintf("TH-T%02d", i), Name: fmt.Sprintf("Trường Tiểu học Thử %d", i),
			Level: domain.LevelTH, Active: true})
	}
	if err := st.PutSchools(ctx, schools); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := st.LinkReporter(ctx, int64(5000+i), schools[i].Code); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// torturer is one simulated principal. It types every answer (no buttons but the final
// send), so an answer applied to the wrong question shows as a wrong value.
type torturer struct {
	i     int
	u     *tgtest.User
	tg    *tgtest.Server
	q     *domain.Questionnaire
	seen  int                      // messages of the chat already read
	typed map[string]domain.Answer // question id -> the value typed for it
	done  bool
	rng   *rand.Rand
}

// think is how long the principal takes to type an answer.
func (p *torturer) think() time.Duration { return time.Duration(20+p.rng.IntN(100)) * time.Millisecond }

// valueFor is the principal's own answer to a question, distinct across principals and
// questions.
func (p *torturer) valueFor(qn *domain.Question, idx int) (string, domain.Answer) {
	switch qn.Type {
	case domain.TypeInteger:
		// Distinct per question and falling along the questionnaire, so every check that a
		// later count is at most an earlier one ("of which…") holds.
		v := int64(2000 - p.i*60 - idx*20)
		if qn.Max != nil && v > *qn.Max {
			v = *qn.Max - int64(p.i)
		}
		return strconv.FormatInt(v, 10), domain.Answer{Int: &v}
	case domain.TypeMoney:
		v := int64((p.i*37+idx+1)*1000) * 1000
		return strconv.FormatInt(v, 10), domain.Answer{Int: &v}
	case domain.TypeYesNo:
		b := true
		return "có", domain.Answer{Bool: &b}
	case domain.TypeChoice:
		return "1", domain.Answer{Choice: qn.Options[0].ID}
	case domain.TypeText:
		s := fmt.Sprintf("Trường thử %d, câu %s.", p.i, qn.ID)
		return s, domain.Answer{Text: s}
	}
	return "/skip", domain.Answer{Skipped: true}
}

// question finds the question a message asks: the longest label it contains.
func (p *torturer) question(plain string) (*domain.Question, int) {
	var best *domain.Question
	idx := -1
	for i, qn := range p.q.Questions(domain.KindOneOff) {
		l := qn.Label.In("vi")
		if strings.Contains(plain, l) && (best == nil || len(l) > len(best.Label.In("vi"))) {
			best, idx = qn, i
		}
	}
	return best, idx
}

// next waits for a message after the ones read; ok false on time-out.
func (p *torturer) next(wait time.Duration) (tgtest.SentMessage, bool) {
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ms := p.tg.SentTo(p.u.ID()); len(ms) > p.seen {
			p.seen++
			return ms[p.seen-1], true
		}
	}
	return tgtest.SentMessage{}, false
}

// run answers until the report is sent and confirmed, or the time is up.
func (p *torturer) run(deadline time.Time) error {
	p.u.Send("/report")
	var pending *tgtest.SentMessage // a prompt for a question already answered
	for time.Now().Before(deadline) {
		m, ok := p.next(6 * time.Second)
		if !ok {
			// Nothing came: the bot was killed, or a press was stale. Act on the last prompt.
			if pending != nil {
				m, pending = *pending, nil
			} else {
				p.u.Send("/report")
				continue
			}
		}
		switch {
		case strings.Contains(m.Plain, "Đã gửi"):
			p.done = true
			return nil
		case hasButtonText(m, "Gửi báo cáo"):
			b, _ := findButton(m, "Gửi báo cáo")
			p.u.Press(m, b.CallbackData)
			continue
		}
		qn, idx := p.question(m.Plain)
		if qn == nil {
			continue // a section title, a confirmation alone, a review part
		}
		if _, answered := p.typed[qn.ID]; answered && ok {
			// A replayed update shows the current question again; the answer may already be
			// on its way. Answer it only if nothing newer comes.
			mm := m
			pending = &mm
			continue
		}
		text, a := p.valueFor(qn, idx)
		p.typed[qn.ID] = a
		time.Sleep(p.think())
		p.u.Send(text)
	}
	return fmt.Errorf("principal %d: not finished in time (%d answers typed)", p.i, len(p.typed))
}

func hasButtonText(m tgtest.SentMessage, sub string) bool { _, ok := findButton(m, sub); return ok }

func findButton(m tgtest.SentMessage, sub string) (tgtest.InlineButton, bool) {
	for _, b := range m.Markup.Buttons() {
		if strings.Contains(b.Text, sub) {
			return b, true
		}
	}
	return tgtest.InlineButton{}, false
}

func TestBinary_CrashTortureKeepsEveryAnswerOnItsQuestion(t *testing.T) {
	if testing.Short() {
		t.Skip("crash torture: not in -short")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("TORTURE_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	kills := 8
	if s := os.Getenv("TORTURE_KILLS"); s != "" {
		kills, _ = strconv.Atoi(s)
	}
	const principals = 10
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d (TORTURE_SEED=%d repeats this run), %d principals, %d kills", seed, seed, principals, kills)

	tg := tgtest.New(t)
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	tortureSeed(t, dataDir, principals)
	cfgFile := tortureConfig(t, dir)
	start := func() *proc { return startProc(t, tg, dataDir, "REPORTBOT_CONFIG="+cfgFile) }

	var mu sync.Mutex
	p := start()
	q := domain.DefaultQuestionnaire()
	ps := make([]*torturer, principals)
	var wg sync.WaitGroup
	errs := make(chan error, principals)
	deadline := time.Now().Add(3 * time.Minute)
	for i := range ps {
		ps[i] = &torturer{i: i, u: tg.User(int64(5000+i), fmt.Sprintf("Hiệu trưởng %d", i), "vi"), tg: tg, q: q, typed: map[string]domain.Answer{},
			rng: rand.New(rand.NewPCG(seed, uint64(i)+2))}
		wg.Add(1)
		go func(tp *torturer) {
			defer wg.Done()
			if err := tp.run(deadline); err != nil {
				errs <- err
			}
		}(ps[i])
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()

	killed := 0
	for killed < kills {
		select {
		case <-finished:
		case <-time.After(time.Duration(100+rng.IntN(600)) * time.Millisecond):
			mu.Lock()
			_ = p.cmd.Process.Signal(syscall.SIGKILL)
			p.wait(t, 10*time.Second)
			killed++
			p = start()
			mu.Unlock()
			continue
		}
		break
	}
	<-finished
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t, 15*time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM; stderr:\n%s", code, p.stderr)
	}
	t.Logf("%d kills while %d principals answered", killed, principals)

	ctx := context.Background()
	st := storetest.OpenDir(t, dataDir, nil)
	for _, tp := range ps {
		code := fmt.Sprintf("TH-T%02d", tp.i)
		sub, err := st.Submission(ctx, torturePeriod, code)
		if err != nil {
			t.Errorf("%s: no submission (%v) although the bot confirmed it", code, err)
			continue
		}
		for id, want := range tp.typed {
			got, ok := sub.Answers[id]
			switch {
			case !ok:
				t.Errorf("%s: %s typed but not stored", code, id)
			case !got.SameValue(want):
				t.Errorf("%s: %s stored %s, typed %s", code, id, describe(got), describe(want))
			}
		}
		if sub.Revision != 1 {
			t.Errorf("%s: revision %d; the report was sent once", code, sub.Revision)
		}
		revs, err := st.Revisions(ctx, torturePeriod, code)
		if err != nil || len(revs) != sub.Revision {
			t.Errorf("%s: submission revision %d but %d revisions stored (%v)", code, sub.Revision, len(revs), err)
		}
	}
	audit, err := st.RecentAudit(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	submits := map[string]int{}
	for _, e := range audit {
		if e.Action == "report.submit" {
			submits[e.Target]++
		}
	}
	for _, tp := range ps {
		code := fmt.Sprintf("TH-T%02d", tp.i)
		if sub, err := st.Submission(ctx, torturePeriod, code); err == nil && submits[code] != sub.Revision {
			t.Errorf("%s: %d audit entries for %d revisions", code, submits[code], sub.Revision)
		}
	}
	pending, err := st.PendingUpdates(ctx, "", 100)
	if err != nil || len(pending) != 0 {
		t.Errorf("%d updates left pending (%v)", len(pending), err)
	}
}

func describe(a domain.Answer) string {
	switch {
	case a.Int != nil:
		return strconv.FormatInt(*a.Int, 10)
	case a.Bool != nil:
		return strconv.FormatBool(*a.Bool)
	case a.Skipped:
		return "(skipped)"
	case a.Choice != "":
		return "choice " + a.Choice
	}
	return strconv.Quote(a.Text)
}
