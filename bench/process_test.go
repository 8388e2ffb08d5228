package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
	"github.com/camgiang-edu/reportbot/storage/storetest"
)

// buildBinary builds reportbot the way the Dockerfile does and returns its path.
func buildBinary(b *testing.B) string {
	b.Helper()
	out := filepath.Join(b.TempDir(), "reportbot")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "..")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, msg)
	}
	return out
}

// rssKiB reads a process's resident set size from /proc.
func rssKiB(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}

// runBinary starts the bot binary against the fake server on dataDir.
func runBinary(b *testing.B, bin string, tg *tgtest.Server, dataDir string) *exec.Cmd {
	b.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN="+tg.Token(), "TELEGRAM_API_ENDPOINT="+tg.Endpoint(),
		"DATA_DIR="+dataDir, "ADMIN_IDS=1001", "LOG_LEVEL=warn", "LISTEN_ADDR=127.0.0.1:0")
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	return cmd
}

// BenchmarkStartupAndMemory measures the time from starting the process to the answer of an
// update that was waiting, and the resident memory of the idle bot.
func BenchmarkStartupAndMemory(b *testing.B) {
	if b.N > 1 {
		b.Skip("run with -benchtime 1x")
	}
	bin := buildBinary(b)
	tg := tgtest.New(b, tgtest.WithWaitTimeout(30*time.Second))
	u := tg.User(42, "Lan", "vi")
	dir := b.TempDir()
	// First start creates the store; the measured start is a restart on existing data, as in
	// production.
	cmd := runBinary(b, bin, tg, dir)
	u.Send("/start")
	u.Next(b)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	u.Send("/help")
	start := time.Now()
	cmd = runBinary(b, bin, tg, dir)
	u.Expect(b, "/lang") // the /help answer
	startup := time.Since(start)
	time.Sleep(3 * time.Second) // settle: idle
	rss, err := rssKiB(cmd.Process.Pid)
	if err != nil {
		b.Fatal(err)
	}
	busy := draftsInProgress(b, tg, cmd)
	fmt.Printf("\n| measure | value |\n|---|---:|\n| start-up to first handled update (restart on existing data) | %s |\n| idle RSS | %.1f MB |\n| RSS with 1,000 drafts in progress (each principal resumed once) | %.1f MB |\n",
		ms(startup), float64(rss)/1024, float64(busy)/1024)
	b.ReportMetric(startup.Seconds(), "startup-s")
	b.ReportMetric(float64(rss)/1024, "idle-RSS-MB")
	b.ReportMetric(float64(busy)/1024, "drafts-RSS-MB")
}

// draftsInProgress has 1,000 principals of the running bot each start the report, answer
// the first question and leave the draft open; it returns the bot's RSS then.
func draftsInProgress(b *testing.B, tg *tgtest.Server, cmd *exec.Cmd) int64 {
	b.Helper()
	const n = 1000
	var users []*tgtest.User
	for i := 0; i < n; i++ {
		users = append(users, tg.User(int64(500000+i), fmt.Sprint("HT", i), "vi"))
	}
	// Registered as in real life: the officer imports the school list with the principals'
	// phone numbers, and each principal shares their contact.
	var csv strings.Builder
	csv.WriteString("code,name,level,commune,phones\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&csv, "THCS-D%04d,Trường THCS D%04d,THCS,Xã %d,09%08d\n", i, i, i%20, i)
	}
	off := tg.User(1001, "Hoan", "vi")
	off.SendDocument("truong.csv", []byte(csv.String()))
	off.Expect(b, "1000")
	for i, u := range users {
		u.ShareContact(fmt.Sprintf("09%08d", i), u.ID())
	}
	for _, u := range users {
		u.Next(b) // registered
	}
	for _, u := range users {
		u.Send("/report")
	}
	for _, u := range users {
		u.Expect(b, "câu 1/")
	}
	for _, u := range users {
		u.Send("Có") // typed answer to the first (yes/no) question
	}
	for _, u := range users {
		u.Next(b)
	}
	time.Sleep(2 * time.Second)
	rss, err := rssKiB(cmd.Process.Pid)
	if err != nil {
		b.Fatal(err)
	}
	return rss
}

// BenchmarkStartupWith10000Schools measures the start of the real binary on a data folder
// holding 10,000 schools with a principal each: from starting the process to the answer of
// an update that was waiting.
func BenchmarkStartupWith10000Schools(b *testing.B) {
	if b.N > 1 {
		b.Skip("run with -benchtime 1x")
	}
	bin := buildBinary(b)
	dir := b.TempDir()
	ctx := context.Background()
	st := storetest.OpenDir(b, dir, nil)
	schools := make([]domain.School, 10000)
	users := make([]domain.User, 10000)
	levels := []domain.Level{domain.LevelMN, domain.LevelTH, domain.LevelTHCS}
	for i := range schools {
		schools[i] = domain.School{Code: fmt.Sprintf("TH-S%05d", i), Name: fmt.Sprintf("Trường thứ %d", i), Level: levels[i%3], Active: true}
		users[i] = domain.User{ID: int64(700000 + i), Name: fmt.Sprint("HT", i), SchoolCode: schools[i].Code, Started: true}
	}
	if err := st.PutSchools(ctx, schools); err != nil {
		b.Fatal(err)
	}
	if err := st.PutUsers(ctx, users); err != nil {
		b.Fatal(err)
	}
	if err := st.Close(ctx); err != nil {
		b.Fatal(err)
	}
	tg := tgtest.New(b, tgtest.WithWaitTimeout(30*time.Second))
	u := tg.User(42, "Lan", "vi")
	u.Send("/help")
	start := time.Now()
	runBinary(b, bin, tg, dir)
	u.Expect(b, "/lang")
	startup := time.Since(start)
	fmt.Printf("\n| measure | value |\n|---|---:|\n| start-up to first handled update, 10,000 schools | %s |\n", ms(startup))
	b.ReportMetric(startup.Seconds(), "startup-s")
}
