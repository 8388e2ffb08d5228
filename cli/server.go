package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// requestTimeout bounds the wait for a client's request after it connects.
const requestTimeout = 10 * time.Second

// errClientGone is the cancellation cause of a command whose CLI went away.
var errClientGone = errors.New("the CLI client disconnected")

// Serve listens on the unix socket path and runs the commands that Relay sends, through the
// same code as RunLocal, with svc shared by all of them. Connections are served
// concurrently, one command each. The folder of path is created with mode 0700 if missing
// and must not be open to other users; the socket gets mode 0600. A socket file left by a
// dead process is removed; Serve fails if a live server answers on path or if path is too
// long for a unix socket (about 107 bytes).
//
// The server runs until ctx ends or stop is called. stop closes the socket and every
// connection, cancels the running commands and waits for them to return; it may be called
// more than once.
func Serve(ctx context.Context, path string, reg *Registry, svc *Services, log zerolog.Logger) (stop func(), err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create cli socket folder: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("cli socket folder: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("cli socket folder %s has mode %04o; it must be 0700 so that only this user can run commands", dir, perm)
	}
	if err := removeStale(path); err != nil {
		return nil, err
	}
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listen on cli socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		l.Close()
		return nil, fmt.Errorf("cli socket: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &server{reg: reg, svc: svc, log: log}
	s.wg.Add(1)
	go s.accept(ctx, l)
	context.AfterFunc(ctx, func() { l.Close() })
	log.Debug().Str("socket", path).Msg("serving cli commands")
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			s.wg.Wait()
		})
	}, nil
}

// removeStale removes a socket file at path that no server answers on.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cli socket: %w", err)
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("cli socket %s exists and is not a socket; remove it", path)
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("cli socket %s is served by another process", path)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("remove stale cli socket: %w", err)
	}
	return nil
}

// server runs the commands of its connections.
type server struct {
	reg *Registry
	svc *Services
	log zerolog.Logger
	wg  sync.WaitGroup
}

func (s *server) accept(ctx context.Context, l *net.UnixListener) {
	defer s.wg.Done()
	defer l.Close() // also removes the socket file
	for {
		conn, err := l.Accept()
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error().Err(err).Msg("cli socket stopped accepting")
			}
			return
		}
		s.wg.Add(1)
		go s.handle(ctx, conn)
	}
}

// handle runs the one command of a connection.
func (s *server) handle(ctx context.Context, conn net.Conn) {
	defer s.wg.Done()
	defer conn.Close()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// Stopping the server closes the connection, which ends a file request in flight.
	defer context.AfterFunc(ctx, func() { conn.Close() })()
	br := bufio.NewReader(conn)
	var req request
	_ = conn.SetReadDeadline(time.Now().Add(requestTimeout))
	if err := readMsg(br, &req); err != nil {
		if !errors.Is(err, io.EOF) { // a probe such as removeStale's connects and closes
			s.log.Warn().Err(err).Msg("cli request unreadable")
		}
		return
	}
	_ = conn.SetReadDeadline(time.Time{})

	w := &wire{w: conn}
	if !filepath.IsAbs(req.Cwd) {
		code := ExitFailure
		_ = w.send(serverMsg{Exit: &code, Error: "the request has no absolute working directory"})
		return
	}
	p := &peer{wire: w, cwd: req.Cwd, replies: make(chan reply)}
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		p.readReplies(ctx, br, cancel)
	}()
	out := &outWriter{wire: w}
	env := Env{Stdout: out, Services: s.svc,
		ReadFile:  func(path string) ([]byte, error) { return p.readFile(ctx, path) },
		WriteFile: func(path string, data []byte, perm os.FileMode) error { return p.writeFile(ctx, path, data, perm) },
	}
	start := time.Now()
	name, err := execute(ctx, s.reg, env, req.Args)
	if ferr := out.flush(); err == nil && ferr != nil {
		err = fmt.Errorf("send output: %w", ferr)
	}
	code := exitCode(err)
	msg := serverMsg{Exit: &code}
	if err != nil {
		msg.Error = errorLine(err)
	}
	// Checked before the exit message, after which the client hangs up.
	gone := errors.Is(context.Cause(ctx), errClientGone)
	if err := w.send(msg); err != nil {
		gone = true
	}
	ev := s.log.Info()
	if code == ExitFailure {
		ev = s.log.Warn().Str("error", msg.Error)
	}
	if gone {
		ev = ev.Bool("client_gone", true)
	}
	ev.Str("command", name).Int("exit", code).Dur("took", time.Since(start)).Msg("cli command")
	conn.Close()
	<-readerDone
}

// peer is the CLI side of a connection, as the command sees it: reads and writes of the
// operator's files, one request at a time.
type peer struct {
	wire    *wire
	cwd     string
	mu      sync.Mutex // one file request in flight
	replies chan reply
}

// readReplies passes the client's replies on until the connection ends, then cancels the
// command: a client that closes the connection wants the command stopped.
func (p *peer) readReplies(ctx context.Context, br *bufio.Reader, cancel context.CancelCauseFunc) {
	for {
		var r reply
		if err := readMsg(br, &r); err != nil {
			cancel(errClientGone)
			return
		}
		select {
		case p.replies <- r:
		case <-ctx.Done():
			return
		}
	}
}

// call sends a file request and waits for its reply.
func (p *peer) call(ctx context.Context, msg serverMsg) (reply, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.wire.send(msg); err != nil {
		return reply{}, fmt.Errorf("cli connection: %w", err)
	}
	select {
	case r := <-p.replies:
		return r, nil
	case <-ctx.Done():
		return reply{}, context.Cause(ctx)
	}
}

// abs resolves path against the client's working directory.
func (p *peer) abs(path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(p.cwd, path)
}

func (p *peer) readFile(ctx context.Context, path string) ([]byte, error) {
	r, err := p.call(ctx, serverMsg{Read: p.abs(path)})
	if err != nil {
		return nil, err
	}
	if err := r.err(); err != nil {
		return nil, err
	}
	if len(r.Data) > MaxFileSize {
		return nil, fmt.Errorf("read %s: %w", path, errTooLarge)
	}
	if r.Data == nil {
		r.Data = []byte{}
	}
	return r.Data, nil
}

func (p *peer) writeFile(ctx context.Context, path string, data []byte, perm os.FileMode) error {
	if len(data) > MaxFileSize {
		return fmt.Errorf("write %s: %w", path, errTooLarge)
	}
	r, err := p.call(ctx, serverMsg{Write: p.abs(path), Data: data, Perm: perm.Perm()})
	if err != nil {
		return err
	}
	if err := r.err(); err != nil {
		return err
	}
	if !r.OK {
		return fmt.Errorf("write %s: the CLI gave no answer", path)
	}
	return nil
}
