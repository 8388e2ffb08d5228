package cli_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/cli"
	"github.com/rs/zerolog"
)

// mustServe serves reg on a socket in a fresh 0700 folder and stops it when the test ends.
func mustServe(tb testing.TB, reg *cli.Registry) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "run", "cli.sock")
	mustServeAt(tb, path, reg)
	return path
}

func mustServeAt(tb testing.TB, path string, reg *cli.Registry) func() {
	tb.Helper()
	stop, err := cli.Serve(context.Background(), path, reg, testServices(tb), zerolog.New(zerolog.NewTestWriter(tb)))
	if err != nil {
		tb.Fatalf("Serve: %v", err)
	}
	tb.Cleanup(stop)
	return stop
}

// relay runs args through the socket and returns the exit status, stdout and stderr.
func relay(tb testing.TB, path string, args ...string) (int, string, string) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	exit, err := cli.Relay(context.Background(), path, args, strings.NewReader(""), &stdout, &stderr)
	if err != nil {
		tb.Fatalf("Relay %q: %v", args, err)
	}
	return exit, stdout.String(), stderr.String()
}

func TestServe_RelayRoundtripWithFilesOfTheClient(t *testing.T) {
	reg := testRegistry()
	reg.Add(cli.Command{Name: "split", Usage: "print a rune split across writes", Run: func(_ context.Context, env *cli.Env) error {
		b := []byte("Trường\n")
		for i := range b { // one byte per write: every multi-byte rune is split
			if _, err := env.Stdout.Write(b[i : i+1]); err != nil {
				return err
			}
		}
		return nil
	}})
	sock := mustServe(t, reg)
	work := t.TempDir()
	t.Chdir(work) // the client's cwd; the server never sees it as its own
	var want []byte
	for i := range 3 * 256 {
		want = append(want, byte(i)) // every byte value: the relay must be binary-safe
	}
	if err := os.Mkdir(filepath.Join(work, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(work, "sub", "in.bin"), want)

	exit, stdout, stderr := relay(t, sock, "copy", "sub/in.bin", "out.bin")
	if exit != 0 || stdout != "copied\n" || stderr != "" {
		t.Fatalf("copy: exit %d, stdout %q, stderr %q", exit, stdout, stderr)
	}
	assertFile(t, filepath.Join(work, "out.bin"), want, 0o640)

	mustWrite(t, filepath.Join(work, "empty"), nil)
	if exit, _, stderr := relay(t, sock, "copy", "empty", "empty.out"); exit != 0 {
		t.Fatalf("copy of an empty file: exit %d, stderr %q", exit, stderr)
	}
	assertFile(t, filepath.Join(work, "empty.out"), []byte{}, 0o640)

	if exit, stdout, _ := relay(t, sock, "split"); exit != 0 || stdout != "Trường\n" {
		t.Errorf("split runes: exit %d, stdout %q", exit, stdout)
	}
}

func TestServe_RelayOutcomes(t *testing.T) {
	sock := mustServe(t, testRegistry())
	t.Chdir(t.TempDir())
	tests := []struct {
		name       string
		args       []string
		wantExit   int
		wantStdout string
		wantStderr string
	}{
		{"ok", []string{"hello", "Lan"}, 0, "xin chào Lan\n", ""},
		{"unknown", []string{"nope"}, 2, "", "reportbot: unknown command \"nope\"; run 'reportbot help' for the list\n"},
		{"bad args", []string{"hello"}, 2, "", "reportbot: hello: need exactly one NAME, got 0 (see 'reportbot help')\n"},
		{"failure", []string{"fail"}, 1, "", "reportbot: store unreachable; second line\n"},
		{"panic keeps the bot up", []string{"panic"}, 1, "", "reportbot: panic: internal error: bug\n"},
		{"fs error kind survives", []string{"copy", "missing", "out"}, 1, "", "reportbot: no such source file\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exit, stdout, stderr := relay(t, sock, tt.args...)
			if exit != tt.wantExit || stdout != tt.wantStdout || stderr != tt.wantStderr {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", exit, stdout, stderr, tt.wantExit, tt.wantStdout, tt.wantStderr)
			}
		})
	}
}

// blockingCommand waits for its ctx to end and reports the cause on gone.
func blockingCommand(started chan<- struct{}, gone chan<- error) cli.Command {
	return cli.Command{Name: "block", Usage: "wait until cancelled", Run: func(ctx context.Context, _ *cli.Env) error {
		started <- struct{}{}
		<-ctx.Done()
		gone <- context.Cause(ctx)
		return ctx.Err()
	}}
}

func TestServe_ClientDisconnectCancelsCommand(t *testing.T) {
	started, gone := make(chan struct{}, 1), make(chan error, 1)
	reg := cli.NewRegistry()
	reg.Add(blockingCommand(started, gone))
	sock := mustServe(t, reg)

	ctx, cancel := context.WithCancel(context.Background())
	relayDone := make(chan error, 1)
	go func() {
		_, err := cli.Relay(ctx, sock, []string{"block"}, nil, &bytes.Buffer{}, &bytes.Buffer{})
		relayDone <- err
	}()
	waitFor(t, started, "the command to start")
	cancel() // the operator pressed Ctrl-C
	select {
	case cause := <-gone:
		if cause == nil {
			t.Error("command ctx ended without a cause")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the command was not cancelled after the client went away")
	}
	if err := <-relayDone; !errors.Is(err, context.Canceled) {
		t.Errorf("Relay after cancel: %v, want context.Canceled", err)
	}
}

func TestServe_StopCancelsRunningCommands(t *testing.T) {
	started, gone := make(chan struct{}, 1), make(chan error, 1)
	reg := cli.NewRegistry()
	reg.Add(blockingCommand(started, gone))
	path := filepath.Join(privateDir(t), "cli.sock")
	stop := mustServeAt(t, path, reg)

	type result struct {
		exit int
		err  error
	}
	relayDone := make(chan result, 1)
	go func() {
		exit, err := cli.Relay(context.Background(), path, []string{"block"}, nil, &bytes.Buffer{}, &bytes.Buffer{})
		relayDone <- result{exit, err}
	}()
	waitFor(t, started, "the command to start")
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	waitFor(t, stopped, "stop to return")
	select {
	case <-gone:
	default:
		t.Error("stop returned before the command ended")
	}
	if r := <-relayDone; r.err == nil && r.exit == 0 {
		t.Error("Relay reported success for a command stopped with the bot")
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket file after stop: %v, want it removed", err)
	}
}

func TestServe_ConcurrentCommands(t *testing.T) {
	const n = 3
	var arrived sync.WaitGroup
	arrived.Add(n)
	all := make(chan struct{})
	go func() { arrived.Wait(); close(all) }()
	reg := cli.NewRegistry()
	reg.Add(cli.Command{Name: "meet", Usage: "wait for the others", Run: func(ctx context.Context, env *cli.Env) error {
		arrived.Done()
		select {
		case <-all:
			return nil
		case <-time.After(5 * time.Second):
			return errors.New("the other commands never ran at the same time")
		}
	}})
	sock := mustServe(t, reg)
	t.Chdir(t.TempDir())
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if exit, _, stderr := relay(t, sock, "meet"); exit != 0 {
				t.Errorf("meet: exit %d, %s", exit, stderr)
			}
		})
	}
	wg.Wait()
}

func TestServe_SocketIsPrivate(t *testing.T) {
	sock := mustServe(t, testRegistry())
	fi, err := os.Lstat(sock)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Type() != fs.ModeSocket || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode = %v, want a socket with 0600", fi.Mode())
	}
	di, err := os.Stat(filepath.Dir(sock))
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("socket folder mode = %04o, want 0700", di.Mode().Perm())
	}
}

func TestServe_RefusesAnOpenFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := cli.Serve(context.Background(), filepath.Join(dir, "cli.sock"), testRegistry(), testServices(t), zerolog.Nop())
	if err == nil || !strings.Contains(err.Error(), "0700") {
		t.Errorf("Serve in a 0755 folder: %v, want a refusal", err)
	}
}

func TestServe_RemovesStaleSocket(t *testing.T) {
	path := filepath.Join(privateDir(t), "cli.sock")
	// A bot killed with SIGKILL leaves its socket file behind.
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	if _, err := os.Lstat(path); err != nil {
		t.Fatalf("no stale socket to test with: %v", err)
	}
	mustServeAt(t, path, testRegistry())
	t.Chdir(t.TempDir())
	if exit, stdout, _ := relay(t, path, "hello", "Lan"); exit != 0 || stdout != "xin chào Lan\n" {
		t.Errorf("after replacing a stale socket: exit %d, stdout %q", exit, stdout)
	}
}

func TestServe_RefusesLiveSocketAndOtherFiles(t *testing.T) {
	sock := mustServe(t, testRegistry())
	if _, err := cli.Serve(context.Background(), sock, testRegistry(), testServices(t), zerolog.Nop()); err == nil {
		t.Error("a second Serve on a live socket succeeded")
	}
	file := filepath.Join(privateDir(t), "cli.sock")
	mustWrite(t, file, []byte("not a socket"))
	if _, err := cli.Serve(context.Background(), file, testRegistry(), testServices(t), zerolog.Nop()); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Errorf("Serve on a regular file: %v, want a refusal", err)
	}
}

func TestRelay_NoServer(t *testing.T) {
	for name, path := range map[string]string{
		"no file":      filepath.Join(t.TempDir(), "cli.sock"),
		"stale socket": staleSocket(t),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := cli.Relay(context.Background(), path, []string{"hello", "x"}, nil, &bytes.Buffer{}, &bytes.Buffer{})
			if !errors.Is(err, cli.ErrNoServer) {
				t.Errorf("Relay: %v, want ErrNoServer", err)
			}
		})
	}
}

func staleSocket(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "cli.sock")
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		tb.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	return path
}

// privateDir is a fresh folder with mode 0700, as Serve requires.
func privateDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "run")
	if err := os.Mkdir(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func waitFor(tb testing.TB, ch <-chan struct{}, what string) {
	tb.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		tb.Fatalf("timed out waiting for %s", what)
	}
}
