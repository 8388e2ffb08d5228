package app

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/storage/storetest"
)

// testConfig is the configuration of a process on the embedded store in dir.
func testConfig(tb testing.TB, dir string) config.Config {
	tb.Helper()
	env := map[string]string{"DATA_DIR": dir}
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// mustSeed stores n updates in the embedded store in dir and closes it.
func mustSeed(tb testing.TB, dir string, n int64) {
	tb.Helper()
	ctx := context.Background()
	st := storetest.OpenDir(tb, dir, nil)
	for id := int64(1); id <= n; id++ {
		if _, err := st.StoreUpdate(ctx, id, 42, []byte(`{}`)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := st.Close(ctx); err != nil {
		tb.Fatal(err)
	}
}

func runTestCLI(tb testing.TB, cfg config.Config, args ...string) (int, string, string) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	code := CLI(context.Background(), cfg, args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCLI_StatusWithoutBot(t *testing.T) {
	dir := t.TempDir()
	mustSeed(t, dir, 2)
	code, stdout, stderr := runTestCLI(t, testConfig(t, dir), "status")
	if code != 0 {
		t.Fatalf("status: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"bot:    not running on " + dir, "store:  embedded", `(?m)^  updates\s+2$`} {
		if !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("status output lacks %q:\n%s", want, stdout)
		}
	}
	// The CLI released the store: a bot can start on it now.
	storetest.OpenDir(t, dir, nil)
}

// TestCLI_BesideRunningBot is the requirement itself: a bot holds the embedded store, and
// a command still works on the same file; restore refuses to run beside it.
func TestCLI_BesideRunningBot(t *testing.T) {
	dir := t.TempDir()
	mustSeed(t, dir, 3)
	cfg := testConfig(t, dir)
	storetest.OpenDir(t, dir, nil) // the bot: it holds DATA_DIR

	code, stdout, stderr := runTestCLI(t, cfg, "status")
	if code != 0 {
		t.Fatalf("status beside the bot: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"bot:    running on " + dir, `(?m)^  updates\s+3$`} {
		if !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("status output lacks %q:\n%s", want, stdout)
		}
	}
	if code, _, stderr := runTestCLI(t, cfg, "status", "extra"); code != 2 || !strings.Contains(stderr, "status: takes no arguments") {
		t.Errorf("bad arguments: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runTestCLI(t, cfg, "restore", "x.gz"); code != 1 || !strings.Contains(stderr, "a bot is running on this DATA_DIR") {
		t.Errorf("restore beside the bot: exit %d, stderr %q", code, stderr)
	}
}

func TestCLI_UsageMistakes(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"help", []string{"help"}, 0, "status", ""},
		{"unknown", []string{"shcools", "list"}, 2, "", `reportbot: unknown command "shcools"`},
		{"none", nil, 2, "", "reportbot: no command given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runTestCLI(t, cfg, tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout, tt.wantStdout) || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout, stderr, tt.wantCode, tt.wantStdout, tt.wantStderr)
			}
			if tt.wantCode == 2 && !strings.Contains(stderr, "Usage: reportbot") {
				t.Errorf("no usage on stderr: %q", stderr)
			}
		})
	}
}
