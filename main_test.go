package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// binary is the reportbot executable built once for the process tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "reportbot-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "reportbot")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build reportbot: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestRun_BadConfigExits2WithOneClearLine(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"bad admin ids", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "ADMIN_IDS": "12,abc"}, "ADMIN_IDS"},
		{"no token", map[string]string{}, "TELEGRAM_BOT_TOKEN"},
		{"bad time zone", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "TIMEZONE": "Hanoi"}, "TIMEZONE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["DATA_DIR"] = dataDir
			var stderr bytes.Buffer
			code := run(nil, func(k string) string { return tt.env[k] }, io.Discard, &stderr)
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and one line naming %s", code, stderr.String(), tt.want)
			}
			if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
				t.Errorf("a bad configuration wrote %s", dataDir)
			}
		})
	}
}

func TestRun_BadQuestionnaireNamesTheQuestion(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "reportbot.yaml")
	q := "questionnaire:\n  sections:\n    - id: a\n      title: {vi: \"A\"}\n      questions:\n" +
		"        - {id: so_buoi, type: integer, label: {vi: \"Số buổi\"}}\n" +
		"        - {id: so_buoi, type: text, label: {vi: \"Lặp\"}}\n"
	if err := os.WriteFile(cfg, []byte(q), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "REPORTBOT_CONFIG": cfg, "DATA_DIR": filepath.Join(dir, "data"),
		"TELEGRAM_API_ENDPOINT": "http://127.0.0.1:1/bot%s/%s"}
	var stderr bytes.Buffer
	code := run(nil, func(k string) string { return env[k] }, io.Discard, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "so_buoi") {
		t.Fatalf("exit %d, stderr %q; want 2 naming the question so_buoi", code, stderr.String())
	}
}

func TestRun_HelpPrintsTheFlagsAndExits0(t *testing.T) {
	var stderr bytes.Buffer
	code := run([]string{"-help"}, func(string) string { return "" }, io.Discard, &stderr)
	if code != 0 || !strings.Contains(stderr.String(), "ADMIN_IDS") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

// proc is the real binary running against a fake Telegram server.
type proc struct {
	cmd    *exec.Cmd
	stderr *apptest.SyncBuffer
	done   chan error
}

// startProc starts the binary on dataDir; env adds or overrides variables ("NAME=value").
func startProc(t *testing.T, tg *tgtest.Server, dataDir string, env ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary)
	cmd.Env = append(append(os.Environ(),
		"TELEGRAM_BOT_TOKEN="+tg.Token(), "TELEGRAM_API_ENDPOINT="+tg.Endpoint(),
		"DATA_DIR="+dataDir, "ADMIN_IDS=1001", "TELEGRAM_POLL_TIMEOUT=20", "LISTEN_ADDR=127.0.0.1:0"), env...)
	p := &proc{cmd: cmd, stderr: &apptest.SyncBuffer{}, done: make(chan error, 1)}
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	go func() {
		s := bufio.NewScanner(pr)
		for s.Scan() {
			p.stderr.Write([]byte(s.Text() + "\n"))
		}
	}()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait(); pw.Close() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return p
}

func (p *proc) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		t.Fatalf("process still running after %v", limit)
		return -1
	}
}

func TestBinary_AnswersAndStopsOnSIGTERMDuringLongPoll(t *testing.T) {
	tg := tgtest.New(t)
	p := startProc(t, tg, t.TempDir())
	u := tg.User(42, "Lan", "vi")
	u.Send("/start")
	u.Expect(t, "Xin chào Lan")
	tg.WaitFor(t, tg.Polling) // a 20 s long poll is open
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, 10*time.Second); code != 0 {
		t.Fatalf("exit %d after SIGTERM; stderr:\n%s", code, p.stderr)
	}
	t.Logf("stopped %v after SIGTERM", time.Since(start))
}

func TestBinary_SurvivesTelegramDownAtStartUp(t *testing.T) {
	tg := tgtest.New(t)
	tg.Stop()
	p := startProc(t, tg, t.TempDir())
	for deadline := time.Now().Add(10 * time.Second); !p.stderr.Contains("getMe failed"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no getMe retry logged; stderr:\n%s", p.stderr)
		}
	}
	tg.Restart()
	u := tg.User(43, "Minh", "vi")
	u.Send("/start")
	u.Expect(t, "Xin chào Minh")
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.wait(t, 10*time.Second)
	if strings.Contains(p.stderr.String(), "TEST-token-SECRET") {
		t.Error("the token appears on stderr")
	}
}

func TestBinary_KillAfterStoreBeforeHandleHandlesOnceAfterRestart(t *testing.T) {
	tg := tgtest.New(t)
	dir := t.TempDir()
	hold := make(chan struct{})
	reached := make(chan struct{}, 1)
	tg.SetDelay(func(method string, chat int64) time.Duration {
		if method == "sendMessage" && chat == 44 {
			select {
			case <-hold:
				return 0
			default:
				reached <- struct{}{}
				return time.Hour // the handler is stuck before its reply is delivered
			}
		}
		return 0
	})
	p := startProc(t, tg, dir)
	u := tg.User(44, "Hà", "vi")
	up := u.Send("/start")
	tg.WaitConfirmed(t, up.UpdateID) // stored in the inbox: Telegram will not deliver it again
	<-reached
	p.cmd.Process.Kill() // kill -9 while the update is being handled
	p.wait(t, 5*time.Second)
	close(hold)
	p = startProc(t, tg, dir)
	u.Expect(t, "Xin chào Hà")
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.wait(t, 10*time.Second)
	n := 0
	for _, m := range tg.SentTo(44) {
		if strings.Contains(m.Plain, "Xin chào Hà") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("welcome delivered %d times, want exactly 1", n)
	}
}

func TestBinary_SecondBotOnSameDataDirRefuses(t *testing.T) {
	tg := tgtest.New(t)
	dir := t.TempDir()
	p := startProc(t, tg, dir)
	u := tg.User(45, "An", "vi")
	u.Send("/start")
	u.Next(t)
	second := startProc(t, tg, dir)
	if code := second.wait(t, 15*time.Second); code != 1 || !strings.Contains(second.stderr.String(), "another running reportbot") {
		t.Fatalf("second bot: exit %d, stderr %q", code, second.stderr)
	}
	var out bytes.Buffer
	cli := exec.Command(binary, "status")
	cli.Env = append(os.Environ(), "DATA_DIR="+dir)
	cli.Stdout = &out
	if err := cli.Run(); err != nil {
		t.Fatalf("CLI beside the running bot: %v", err)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.wait(t, 10*time.Second)
}
