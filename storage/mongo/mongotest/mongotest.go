// Package mongotest gives the MongoDB engine's tests a server: an in-process FerretDB on
// SQLite files in a temporary directory, or the real MongoDB named by TEST_MONGODB_URI.
//
// Import it from _test.go files only: FerretDB must never be linked into the reportbot
// binary (its conditional updates are not atomic; see shared/notes/storage.md).
package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"sync"
	"testing"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// EnvURI names the environment variable that points the tests at a real MongoDB.
const EnvURI = "TEST_MONGODB_URI"

// Server is a FerretDB running in this process for one test.
type Server struct {
	URI  string
	stop func()
}

// Stop shuts the server down and waits for it; the test's cleanup does it too.
func (s *Server) Stop() { s.stop() }

// Start starts FerretDB on 127.0.0.1 (a free port) with its SQLite files in tb.TempDir(),
// stops it when the test ends, and returns its URI.
func Start(tb testing.TB) string {
	tb.Helper()
	return New(tb).URI
}

// New is Start, returning the server so a test can stop it early (a server gone away).
func New(tb testing.TB) *Server {
	tb.Helper()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:    slog.New(slog.DiscardHandler), // its debug output holds whole documents
		Handler:   "sqlite",
		SQLiteURL: "file:" + tb.TempDir() + "/",
	})
	if err != nil {
		tb.Fatalf("start FerretDB: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()
	var once sync.Once
	s := &Server{URI: f.MongoDBURI(), stop: func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}}
	tb.Cleanup(s.Stop)
	return s
}

// Real returns the URI of the real MongoDB in TEST_MONGODB_URI, or "" when it is not set.
func Real() string { return os.Getenv(EnvURI) }

// Database returns a database name no other test uses, so tests can share one server.
func Database(tb testing.TB) string {
	tb.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "reportbot_test_" + hex.EncodeToString(b[:])
}
