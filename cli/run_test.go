package cli_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/cli"
	"github.com/rs/zerolog"
)

// testRegistry holds commands that exercise every outcome.
func testRegistry() *cli.Registry {
	reg := cli.NewRegistry()
	reg.Add(
		cli.Command{Name: "hello", Usage: "NAME  greet", Run: func(_ context.Context, env *cli.Env) error {
			if len(env.Args) != 1 {
				return cli.Usagef("need exactly one NAME, got %d", len(env.Args))
			}
			_, err := env.Stdout.Write([]byte("xin chào " + env.Args[0] + "\n"))
			return err
		}},
		cli.Command{Name: "fail", Usage: "always fails", Run: func(context.Context, *cli.Env) error {
			return errors.New("store unreachable\nsecond line")
		}},
		cli.Command{Name: "panic", Usage: "always panics", Run: func(context.Context, *cli.Env) error {
			panic("bug")
		}},
		cli.Command{Name: "copy", Usage: "SRC DST  copy a file", Run: copyCommand},
	)
	return reg
}

// copyCommand copies Args[0] to Args[1] with mode 0640 and reports a missing source as
// such, so tests see that fs errors survive the relay.
func copyCommand(_ context.Context, env *cli.Env) error {
	if len(env.Args) != 2 {
		return cli.Usagef("need SRC and DST")
	}
	data, err := env.ReadFile(env.Args[0])
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("no such source file")
	}
	if err != nil {
		return err
	}
	if err := env.WriteFile(env.Args[1], data, 0o640); err != nil {
		return err
	}
	_, err = env.Stdout.Write([]byte("copied\n"))
	return err
}

func testServices(tb testing.TB) *cli.Services {
	tb.Helper()
	return &cli.Services{
		Log: zerolog.New(zerolog.NewTestWriter(tb)),
		Now: func() time.Time { return time.Date(2026, 6, 19, 8, 0, 0, 0, time.UTC) },
	}
}

func TestRunLocal(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantExit   int
		wantStdout string
		wantStderr string // a substring; "" means stderr must be empty
	}{
		{"ok", []string{"hello", "Lan"}, 0, "xin chào Lan\n", ""},
		{"no command", nil, 2, "", "reportbot: no command given"},
		{"unknown", []string{"helo", "Lan"}, 2, "", `reportbot: unknown command "helo"`},
		{"bad args", []string{"hello"}, 2, "", "reportbot: hello: need exactly one NAME, got 0 (see 'reportbot help')"},
		{"failure on one line", []string{"fail"}, 1, "", "reportbot: store unreachable; second line\n"},
		{"panic", []string{"panic"}, 1, "", "reportbot: panic: internal error: bug"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := cli.RunLocal(context.Background(), testRegistry(), testServices(t), tt.args, &stdout, &stderr)
			if got != tt.wantExit {
				t.Errorf("exit = %d, want %d (stderr %q)", got, tt.wantExit, stderr.String())
			}
			if stdout.String() != tt.wantStdout {
				t.Errorf("stdout = %q, want %q", stdout.String(), tt.wantStdout)
			}
			if tt.wantStderr == "" && stderr.Len() > 0 || !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.wantStderr)
			}
			if strings.Count(stderr.String(), "\n") > 1 {
				t.Errorf("stderr has more than one line: %q", stderr.String())
			}
		})
	}
}

func TestRunLocal_FilesRelativeToWorkingDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	want := []byte("mã trường,tên\nTHCS-LAICACH,THCS Lai Cách\n")
	mustWrite(t, filepath.Join(dir, "in.csv"), want)

	var stdout, stderr bytes.Buffer
	if got := cli.RunLocal(context.Background(), testRegistry(), testServices(t), []string{"copy", "in.csv", "out.csv"}, &stdout, &stderr); got != 0 {
		t.Fatalf("exit = %d, stderr %q", got, stderr.String())
	}
	assertFile(t, filepath.Join(dir, "out.csv"), want, 0o640)

	stderr.Reset()
	if got := cli.RunLocal(context.Background(), testRegistry(), testServices(t), []string{"copy", "missing.csv", "out.csv"}, &stdout, &stderr); got != 1 || !strings.Contains(stderr.String(), "no such source file") {
		t.Errorf("missing source: exit %d, stderr %q; want 1 and the command's own message", got, stderr.String())
	}
}

func TestRunLocal_FileLargerThanLimit(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	f, err := os.Create(filepath.Join(dir, "big"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(cli.MaxFileSize + 1); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	var stdout, stderr bytes.Buffer
	got := cli.RunLocal(context.Background(), testRegistry(), testServices(t), []string{"copy", "big", "out"}, &stdout, &stderr)
	if got != 1 || !strings.Contains(stderr.String(), "larger than 64 MiB") {
		t.Errorf("exit %d, stderr %q; want 1 and the size limit", got, stderr.String())
	}
}

func mustWrite(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
}

func assertFile(tb testing.TB, path string, want []byte, perm os.FileMode) {
	tb.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s = %q, want %q", path, got, want)
	}
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	// The umask may clear bits, never add them.
	if got := fi.Mode().Perm(); got|perm != perm || got&0o600 != 0o600 {
		tb.Errorf("%s mode = %04o, want %04o less the umask", path, got, perm)
	}
}
