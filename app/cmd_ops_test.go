package app_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app"
	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/domain"
)

func runCLI(t *testing.T, cfg config.Config, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := app.CLI(context.Background(), cfg, args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// backupBody is a backup's documents without its header line (which has the time).
func backupBody(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(string(b), "\n")
	return body
}

func TestCLI_BackupBesideBotThenRestoreIntoEmptyStore(t *testing.T) {
	h := apptest.Start(t)
	u := h.User(801, "Nguyễn Thị Lan", "vi")
	u.Send("/lang en")
	u.Expect(t, "Switched to English")
	n := int64(412)
	if err := h.App.Store.PutSubmissions(context.Background(), []domain.Submission{{Period: "2026-H1", School: "THCS-A",
		SubmitterName: "Nguyễn Thị Lan", Answers: map[string]domain.Answer{"count": {Int: &n, By: 801}}}}); err != nil {
		t.Fatal(err)
	}
	h.Drained()
	file := filepath.Join(t.TempDir(), "reportbot.jsonl.gz")
	code, out, errOut := runCLI(t, h.Config(), "backup", "--out", file)
	if code != 0 || !strings.Contains(out, "backup written to "+file) || !strings.Contains(out, "submissions 1") {
		t.Fatalf("backup beside the bot: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, h.Config(), "restore", file); code != 1 || !strings.Contains(errOut, "stop it first") {
		t.Errorf("restore beside a running bot: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, h.Config(), "backup"); code != 2 || !strings.Contains(errOut, "backup --out FILE") {
		t.Errorf("backup without --out: exit %d, stderr %q", code, errOut)
	}

	empty := h.Config()
	empty.DataDir = t.TempDir()
	if code, out, errOut := runCLI(t, empty, "restore", file); code != 0 || !strings.Contains(out, "restored from") {
		t.Fatalf("restore into an empty store: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, empty, "restore", file); code != 1 || !strings.Contains(errOut, "already holds data") {
		t.Errorf("second restore: exit %d, stderr %q", code, errOut)
	}
	again := filepath.Join(t.TempDir(), "again.jsonl.gz")
	if code, _, errOut := runCLI(t, empty, "backup", "--out", again); code != 0 {
		t.Fatalf("backup of the restored store: exit %d, stderr %q", code, errOut)
	}
	if a, b := backupBody(t, file), backupBody(t, again); a != b {
		t.Errorf("the restored store differs from the backup:\n%s\n---\n%s", a, b)
	}
}

func TestCLI_Healthcheck(t *testing.T) {
	h := apptest.Start(t)
	cfg := h.Config()
	cfg.ListenAddr = h.App.HTTPAddr()
	if code, out, errOut := runCLI(t, cfg, "healthcheck"); code != 0 || out != "ok\n" {
		t.Errorf("healthcheck of a running bot: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.ListenAddr = ln.Addr().String()
	ln.Close() // nothing listens there now
	cfg.DataDir = filepath.Join(t.TempDir(), "never-created")
	if code, _, errOut := runCLI(t, cfg, "healthcheck"); code != 1 || !strings.Contains(errOut, "does not answer") {
		t.Errorf("healthcheck with no bot: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(cfg.DataDir); !os.IsNotExist(err) {
		t.Errorf("healthcheck touched DATA_DIR: %v", err)
	}
}

func TestBot_WritesNightlyBackup(t *testing.T) {
	h := apptest.Start(t, apptest.WithTime(apptest.VN(2026, 6, 16, 2, 30)))
	dir := filepath.Join(h.Dir, "backups")
	eventually(t, func() bool {
		files, _ := filepath.Glob(filepath.Join(dir, "reportbot-20260616-0230.jsonl.gz"))
		return len(files) == 1
	})
}
