package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// ErrNoServer is returned, wrapped, by Relay when nothing answers on the socket: no bot is
// running, or it does not serve commands. Nothing has been sent; the caller may run the
// command itself.
var ErrNoServer = errors.New("no running reportbot answers on the cli socket")

// Relay runs a command inside the bot serving the unix socket path: it sends args and the
// working directory, copies the command's output to stdout, reads and writes the files the
// command asks for on this side, prints the command's error to stderr as one line
// "reportbot: …" and returns the command's exit status with a nil error.
//
// A non-nil error means the outcome is unknown or the command never started: ErrNoServer
// (wrapped) when nothing answers, otherwise a broken connection or ctx ending. Ending ctx
// closes the connection, which cancels the command in the bot. stdin is not used yet:
// commands have no standard input (a command reading "/dev/stdin" gets this process's).
func Relay(ctx context.Context, path string, args []string, stdin io.Reader, stdout, stderr io.Writer) (exit int, err error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return ExitFailure, fmt.Errorf("%w: %w", ErrNoServer, err)
	}
	defer conn.Close()
	defer context.AfterFunc(ctx, func() { conn.Close() })()
	if err := checkSocketDir(filepath.Dir(path)); err != nil {
		return ExitFailure, err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return ExitFailure, fmt.Errorf("working directory: %w", err)
	}
	w := &wire{w: conn}
	if err := w.send(request{Args: args, Cwd: cwd}); err != nil {
		return ExitFailure, fmt.Errorf("send the command to the bot: %w", err)
	}
	br := bufio.NewReader(conn)
	for {
		var m serverMsg
		if err := readMsg(br, &m); err != nil {
			if ctx.Err() != nil {
				return ExitFailure, context.Cause(ctx)
			}
			return ExitFailure, fmt.Errorf("the bot ended the connection before the command finished: %w", err)
		}
		var answer any
		switch {
		case m.Exit != nil:
			if m.Error != "" {
				printError(stderr, m.Error)
			}
			return *m.Exit, nil
		case m.Out != nil:
			if _, err := io.WriteString(stdout, *m.Out); err != nil {
				return ExitFailure, fmt.Errorf("write output: %w", err)
			}
			continue
		case m.Read != "":
			data, err := readLocal(m.Read) // never nil on success: an empty file is "data":""
			answer = dataReply{Data: data}
			if err != nil {
				answer = errorReply(err)
			}
		case m.Write != "":
			answer = reply{OK: true}
			if err := writeLocal(m.Write, m.Data, m.Perm); err != nil {
				answer = errorReply(err)
			}
		default:
			return ExitFailure, errors.New("the bot sent a message this reportbot does not understand; are both the same version?")
		}
		if err := w.send(answer); err != nil {
			return ExitFailure, fmt.Errorf("answer the bot: %w", err)
		}
	}
}

// checkSocketDir refuses a socket whose folder another user could have put there: whoever
// serves the socket reads and writes files with the operator's rights.
func checkSocketDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cli socket folder: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if uid := os.Getuid(); int(st.Uid) != uid && st.Uid != 0 {
		return fmt.Errorf("cli socket folder %s belongs to user id %d, not to you (%d); run the command as the bot's user", dir, st.Uid, uid)
	}
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("cli socket folder %s has mode %04o: other users could replace the socket", dir, perm)
	}
	return nil
}
