package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
)

// The helper process: the test binary run again with these variables set does one job
// (helperMain) instead of the tests.
const (
	helperEnv    = "REPORTBOT_SQLITE_HELPER"
	helperDirEnv = "REPORTBOT_SQLITE_DIR"
)

// TestHelperProcess is not a test: it is the child process of the tests that need one.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("only run as a child process")
	}
	dir := os.Getenv(helperDirEnv)
	switch mode {
	case "readonly":
		err := openAndWrite(dir, os.Getenv("REPORTBOT_SQLITE_EXCLUSIVE") == "1")
		fmt.Printf("error: %v\nunavailable: %v\n", err, storage.IsUnavailable(err))
	case "crash":
		if err := crashWorkload(dir); err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
	}
	os.Exit(0)
}

const (
	crashSchools = 40
	crashPeriod  = "2026-H1"
)

// crashWorkload writes for ever what the bot writes most: answers (SaveStep), submissions
// (Submit) and now and then a school register (ImportSchools), until it is killed.
func crashWorkload(dir string) error {
	ctx := context.Background()
	s, err := open(dir, true)
	if err != nil {
		return err
	}
	start, err := s.Counts(ctx)
	if err != nil {
		return err
	}
	if _, err := s.OpenDraft(ctx, domain.Draft{Period: crashPeriod, School: "S-00", Questionnaire: "v1"}); err != nil {
		return err
	}
	fmt.Println("ready")
	for i := start["revisions"] + 1; ; i++ {
		if i%25 == 0 {
			var list []domain.School
			for n := range 2000 {
				list = append(list, domain.School{Code: fmt.Sprintf("SCH-%04d", n), Name: fmt.Sprintf("gen %d", i), Level: domain.LevelTH,
					Phones: []string{fmt.Sprintf("09%08d", n)}})
			}
			if _, err := s.ImportSchools(ctx, list, false); err != nil {
				return err
			}
		}
		// The answer and the flow that records its update go together or not at all.
		if err := s.SaveStep(ctx, domain.Step{
			Draft: &domain.DraftChange{Period: crashPeriod, School: "S-00", Set: map[string]domain.Answer{"n": {Int: i64(i)}}, By: 7, ByName: "Lan"},
			Flow:  domain.FlowChange{ChatID: 7, Flow: &domain.ChatFlow{Name: "report", Step: "n"}, UpdateID: i},
		}); err != nil {
			return err
		}
		school := fmt.Sprintf("S-%02d", i%crashSchools)
		if _, err := s.Submit(ctx, domain.SubmitRequest{
			Submission: domain.Submission{Period: crashPeriod, School: school, Questionnaire: "v1", SubmittedBy: 7, SubmitterName: "Lan",
				Answers: map[string]domain.Answer{"n": {Int: i64(i)}}},
			Changed: []string{"n"}, Audit: domain.AuditEntry{UserID: 7, Name: "Lan"}, Flow: domain.FlowChange{ChatID: 8},
		}); err != nil {
			return err
		}
	}
}

// TestCrash kills a writing process with SIGKILL at random moments, several times, and
// checks after each that the database is sound and that every use case was written whole.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes for several seconds")
	}
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for round := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
		cmd.Env = append(os.Environ(), helperEnv+"=crash", helperDirEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || strings.TrimSpace(line) != "ready" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: child said %q, %v", round, line, err)
		}
		time.Sleep(time.Duration(50+rnd.IntN(400)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("round %d: the child ended before it was killed: %v", round, err)
		}
		checkAfterCrash(t, dir, round)
	}
}

func checkAfterCrash(t *testing.T, dir string, round int) {
	t.Helper()
	ctx := context.Background()
	s, err := open(dir, true) // the dead child's lock is gone
	if err != nil {
		t.Fatalf("round %d: reopen: %v", round, err)
	}
	defer s.Close(ctx)
	var check string
	if err := s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("round %d: integrity_check = %q, %v", round, check, err)
	}
	subs, err := s.Submissions(ctx, crashPeriod)
	if err != nil {
		t.Fatal(err)
	}
	audit, err := s.RecentAudit(ctx, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	audited := map[string]bool{}
	for _, e := range audit {
		audited[e.Target+" "+strings.SplitN(e.Detail, ":", 2)[0]] = true
	}
	total := 0
	for _, sub := range subs {
		revs, err := s.Revisions(ctx, crashPeriod, sub.School)
		if err != nil || len(revs) != sub.Revision {
			t.Fatalf("round %d: %s at revision %d has %d revisions, %v", round, sub.School, sub.Revision, len(revs), err)
		}
		for _, r := range revs {
			if !audited[fmt.Sprintf("%s %s #%d", sub.School, crashPeriod, r.Revision)] {
				t.Fatalf("round %d: revision %s has no audit entry", round, r.ID)
			}
		}
		total += sub.Revision
	}
	if counts, _ := s.Counts(ctx); counts["revisions"] != int64(total) || counts["audit"] != int64(total) {
		t.Fatalf("round %d: %d revisions and %d audit entries for %d submissions sent", round, counts["revisions"], counts["audit"], total)
	}
	d, err := s.Draft(ctx, crashPeriod, "S-00")
	flow, _ := s.ChatFlow(ctx, 7)
	if n := d.Answers["n"].Int; err != nil || (n == nil) != (flow.Update == 0) || n != nil && *n != flow.Update {
		t.Fatalf("round %d: answer %v and flow of update %d differ: %v", round, d.Answers["n"], flow.Update, err)
	}
	schools, _ := s.Schools(ctx)
	for _, sc := range schools {
		if sc.Name != schools[0].Name {
			t.Fatalf("round %d: half an import: %s is %q, %s is %q", round, schools[0].Code, schools[0].Name, sc.Code, sc.Name)
		}
	}
	t.Logf("round %d: %d revisions, answer of update %d, %d schools (%s)", round, total, flow.Update, len(schools), firstName(schools))
}

func firstName(schools []domain.School) string {
	if len(schools) == 0 {
		return "none yet"
	}
	return schools[0].Name
}
