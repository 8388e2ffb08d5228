package cli

// The socket protocol: JSON values, one per line, over a unix socket; one command per
// connection.
//
//	client → {"args":["schools","import","a.xlsx"],"cwd":"/home/op"}
//	server → {"out":"text"}                          stdout, any number of times
//	server → {"read":"/home/op/a.xlsx"}              client ← {"data":"<base64>"} or {"error":"…"}
//	server → {"write":"/home/op/b.csv","data":"<base64>","perm":420}
//	                                                 client ← {"ok":true} or {"error":"…"}
//	server → {"exit":0,"error":"…"}                  last message; error only when exit ≠ 0
//
// The server makes paths absolute against cwd before sending them. An error reply may carry
// "kind" ("notexist", "permission", "exist") so that errors.Is works on the server side.
// Closing the connection before "exit" cancels the command.

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"
	"unicode/utf8"
)

// maxLine bounds one protocol line: the base64 of the largest file plus room for the path.
var maxLine = base64.StdEncoding.EncodedLen(MaxFileSize) + 64<<10

// request is the client's first and only message.
type request struct {
	Args []string `json:"args"`
	Cwd  string   `json:"cwd"`
}

// serverMsg is a message from the server: exactly one of Out, Read, Write and Exit is set.
type serverMsg struct {
	Out   *string     `json:"out,omitempty"`
	Read  string      `json:"read,omitempty"`
	Write string      `json:"write,omitempty"`
	Data  []byte      `json:"data,omitempty"`
	Perm  fs.FileMode `json:"perm,omitempty"`
	Exit  *int        `json:"exit,omitempty"`
	Error string      `json:"error,omitempty"`
}

// reply is the client's answer to a read or a write.
type reply struct {
	Data  []byte `json:"data,omitempty"`
	OK    bool   `json:"ok,omitempty"`
	Error string `json:"error,omitempty"`
	Kind  string `json:"kind,omitempty"`
}

// dataReply is the answer to a read; data is always present, "" for an empty file.
type dataReply struct {
	Data []byte `json:"data"`
}

// errorReply is the answer to a failed read or write.
func errorReply(err error) reply {
	r := reply{Error: err.Error()}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		r.Kind = "notexist"
	case errors.Is(err, fs.ErrPermission):
		r.Kind = "permission"
	case errors.Is(err, fs.ErrExist):
		r.Kind = "exist"
	}
	return r
}

// err is the error a failed reply stands for, nil for a successful one.
func (r reply) err() error {
	if r.Error == "" {
		return nil
	}
	e := &relayedError{msg: r.Error}
	switch r.Kind {
	case "notexist":
		e.kind = fs.ErrNotExist
	case "permission":
		e.kind = fs.ErrPermission
	case "exist":
		e.kind = fs.ErrExist
	}
	return e
}

// relayedError is a file error that happened on the CLI side.
type relayedError struct {
	msg  string
	kind error
}

func (e *relayedError) Error() string { return e.msg }
func (e *relayedError) Unwrap() error { return e.kind }

// wire writes protocol messages; it is safe for concurrent use.
type wire struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *wire) send(v any) error {
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, err = w.w.Write(append(line, '\n'))
	return err
}

// readMsg reads one line of at most maxLine bytes and decodes it into v.
func readMsg(br *bufio.Reader, v any) error {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > maxLine {
			return fmt.Errorf("protocol message longer than %d bytes", maxLine)
		}
		line = append(line, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			if err == io.EOF && len(line) > 0 {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		if err := json.Unmarshal(line, v); err != nil {
			return fmt.Errorf("bad protocol message: %w", err)
		}
		return nil
	}
}

// outWriter is a command's stdout over the socket. It sends whole UTF-8 sequences only,
// holding back a sequence split between two writes, so that JSON does not garble it. It is
// safe for concurrent use.
type outWriter struct {
	wire    *wire
	mu      sync.Mutex
	pending []byte
}

func (o *outWriter) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	buf := append(o.pending, p...)
	cut := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	o.pending = append([]byte(nil), buf[cut:]...)
	if cut == 0 {
		return len(p), nil
	}
	s := string(buf[:cut])
	if err := o.wire.send(serverMsg{Out: &s}); err != nil {
		return 0, err
	}
	return len(p), nil
}

// flush sends what Write held back.
func (o *outWriter) flush() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.pending) == 0 {
		return nil
	}
	s := string(o.pending)
	o.pending = nil
	return o.wire.send(serverMsg{Out: &s})
}
