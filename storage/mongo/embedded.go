package mongo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/rs/zerolog"
)

// ErrLocked is returned by Open when another process holds the data directory.
var ErrLocked = errors.New("data directory is in use by another reportbot process")

// maxUnixPath is the longest socket path Linux accepts (sun_path is 108 bytes with the NUL).
const maxUnixPath = 107

// embedded is a FerretDB server running inside this process on SQLite files in dir.
type embedded struct {
	lock   *os.File
	cancel context.CancelFunc
	done   chan error
	uri    string
	sock   string // the unix socket path, "" when listening on loopback TCP
}

// lockDir takes an exclusive, non-blocking flock on dir/reportbot.lock. The kernel drops the
// lock when the process dies, so a crash never leaves the folder locked.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "reportbot.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return f, nil
}

// startEmbedded locks dataDir and starts FerretDB on a unix socket in dataDir/run (mode 0700),
// or on a loopback port when that path would be too long for a socket.
func startEmbedded(dataDir string, log zerolog.Logger) (*embedded, error) {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	dbDir := filepath.Join(abs, "db")
	runDir := filepath.Join(abs, "run")
	for _, d := range []string{abs, dbDir, runDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("create %s: %w", d, err)
		}
	}
	if err := os.Chmod(runDir, 0o700); err != nil {
		return nil, fmt.Errorf("chmod %s: %w", runDir, err)
	}
	lock, err := lockDir(abs)
	if err != nil {
		return nil, err
	}
	listener := ferretdb.ListenerConfig{TCP: "127.0.0.1:0"}
	sock := filepath.Join(runDir, "mongo.sock")
	if len(sock) <= maxUnixPath {
		// We hold the lock, so a socket file left here is from a dead process.
		_ = os.Remove(sock)
		listener = ferretdb.ListenerConfig{Unix: sock}
	} else {
		sock = ""
	}
	// WAL with synchronous=NORMAL: a commit survives the process being killed (kill -9, a
	// crash), which is what the inbox relies on; only an operating-system crash or power loss
	// may lose the last commits. FULL would sync the disk on every answer and halve throughput.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  listener,
		Logger:    slog.New(slogToZerolog{log: log.With().Str("component", "ferretdb").Logger()}),
		Handler:   "sqlite",
		SQLiteURL: "file:" + dbDir + "/?_pragma=synchronous(normal)",
	})
	if err != nil {
		// FerretDB leaks its backend when New fails; the caller must exit (see the storage notes).
		lock.Close()
		return nil, fmt.Errorf("start embedded store: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &embedded{lock: lock, cancel: cancel, done: make(chan error, 1), sock: sock}
	go func() { e.done <- f.Run(ctx) }()
	e.uri = f.MongoDBURI()
	return e, nil
}

// stop shuts the server down and releases the lock. Disconnect clients first, or FerretDB
// waits for them for seconds.
func (e *embedded) stop() error {
	e.cancel()
	err := <-e.done
	e.lock.Close()
	return err
}

// slogToZerolog routes FerretDB's slog output into zerolog at ERROR level only: its debug
// output dumps whole documents (personal data) and it warns on every disconnect.
type slogToZerolog struct {
	log   zerolog.Logger
	attrs []slog.Attr
}

func (h slogToZerolog) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }

func (h slogToZerolog) Handle(_ context.Context, r slog.Record) error {
	ev := h.log.Error()
	for _, a := range h.attrs {
		ev = ev.Str(a.Key, a.Value.String())
	}
	r.Attrs(func(a slog.Attr) bool {
		ev = ev.Str(a.Key, a.Value.String())
		return true
	})
	ev.Msg(r.Message)
	return nil
}

func (h slogToZerolog) WithAttrs(as []slog.Attr) slog.Handler {
	h.attrs = append(append([]slog.Attr(nil), h.attrs...), as...)
	return h
}

func (h slogToZerolog) WithGroup(string) slog.Handler { return h }
