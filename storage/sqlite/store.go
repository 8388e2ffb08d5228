// Package sqlite is reportbot's embedded storage engine: one SQLite file in the data
// directory (DATA_DIR/reportbot.db) through modernc.org/sqlite, pure Go, so static builds
// keep working.
//
// It follows the SQLite rules of shared/notes/storage.md: WAL with synchronous=NORMAL (a
// kill -9 loses nothing committed; an OS crash or power cut may lose the last commits), one
// writer connection whose every write is a short BEGIN IMMEDIATE transaction, a separate
// pool of readers, and every use case that writes several records (an answer, a
// submission, an import, a restore) in one transaction. Each collection of storage/backup
// is the table of that name: real columns and indexes for everything looked up, filtered
// or sorted, JSON text for maps and lists, and a doc column (JSON) for any other field of
// the domain type, so a field added later is kept before it needs a column. Times are Unix
// milliseconds, UTC. The schema is a list of numbered migrations embedded in the binary
// (migrations/); plan_test.go checks that the hot queries search indexes.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

var _ storage.Store = (*Store)(nil)

// File names inside the data directory.
const (
	dbFile   = "reportbot.db"
	lockFile = "reportbot.lock"
)

// Store is the SQLite engine of storage.Store. It is safe for concurrent use, and several
// processes may open the same file (the CLI beside the bot).
type Store struct {
	path string
	w    *sql.DB // the writer: one connection, BEGIN IMMEDIATE
	r    *sql.DB // readers
	wst  *stmtCache
	rst  *stmtCache
	lock *os.File
	now  func() time.Time
	log  zerolog.Logger
}

// Open opens (creating if needed) DataDir/reportbot.db and brings its schema up to date.
// With o.Exclusive it first takes DataDir/reportbot.lock, returning storage.ErrLocked when
// another process holds it; the lock lasts until Close (or the process's death). It
// returns storage.ErrNewerSchema for a database of a newer reportbot, an error naming the
// newest backup for a damaged file, and an error wrapping storage.ErrUnavailable when the
// directory cannot be written. The caller must Close the store.
func Open(ctx context.Context, o storage.Options) (*Store, error) {
	if o.DataDir == "" {
		return nil, errors.New("open sqlite store: no data directory given")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return nil, osFailure("create data directory "+o.DataDir, err)
	}
	s := &Store{path: filepath.Join(o.DataDir, dbFile), now: o.Now, log: o.Logger}
	if o.Exclusive {
		lock, err := lockDir(filepath.Join(o.DataDir, lockFile))
		if err != nil {
			return nil, err
		}
		s.lock = lock
	}
	if err := s.openPools(ctx, o.Timeout); err != nil {
		s.closeAll()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.closeAll()
		return nil, err
	}
	return s, nil
}

// openPools creates the file with mode 0600 if it is missing and opens the writer and the
// readers. Opening a connection runs the pragmas, so a damaged file is caught here.
func (s *Store) openPools(ctx context.Context, timeout time.Duration) error {
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if _, statErr := os.Stat(s.path); statErr != nil {
			return osFailure("create "+s.path, err)
		}
		// An existing file we may not write: SQLite reports it below as read-only.
	} else {
		f.Close()
	}
	busy := fmt.Sprint(timeout.Milliseconds())
	if s.w, err = sql.Open("sqlite", dsn(s.path, busy, "immediate", false)); err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	if s.r, err = sql.Open("sqlite", dsn(s.path, busy, "deferred", true)); err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	s.r.SetMaxOpenConns(readers)
	s.r.SetMaxIdleConns(readers)
	s.r.SetConnMaxIdleTime(0)
	s.wst, s.rst = newStmtCache(s.w), newStmtCache(s.r)
	if err := s.w.PingContext(ctx); err != nil {
		return s.openFailure(ctx, err)
	}
	return nil
}

// dsn is the driver's name for the file with the engine's pragmas. Readers are query_only,
// so a bug cannot write outside the writer's transactions.
func dsn(path, busyMS, txlock string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+busyMS+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	// 64 MiB per connection, taken only as pages are read: the drafts of a period in a
	// district of 10,000 schools stay in memory, so an answer costs the same as in a small
	// one (the default 2 MiB would read most drafts from the file again).
	q.Add("_pragma", "cache_size(-65536)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	q.Set("_txlock", txlock)
	return (&url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: q.Encode()}).String()
}

// Engine returns "sqlite".
func (s *Store) Engine() string { return "sqlite" }

// Ping checks that the file can be read.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.queryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return s.fail(ctx, "ping "+s.path, err)
	}
	return nil
}

// Close lets SQLite refresh its statistics, closes the file and releases the data
// directory's lock.
func (s *Store) Close(ctx context.Context) error {
	if s.w != nil {
		if _, err := s.w.ExecContext(ctx, "PRAGMA optimize"); err != nil {
			s.log.Debug().Err(err).Msg("sqlite: optimize on close")
		}
	}
	return s.closeAll()
}

func (s *Store) closeAll() error {
	var errs []error
	for _, c := range []*stmtCache{s.wst, s.rst} {
		if c != nil {
			c.close()
		}
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
		s.r = nil
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
		s.w = nil
	}
	if s.lock != nil {
		errs = append(errs, s.lock.Close()) // closing the descriptor drops the flock
		s.lock = nil
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close %s: %w", s.path, err)
	}
	return nil
}

// tx runs f in one BEGIN IMMEDIATE transaction of the writer and commits it, or rolls it
// back when f fails. f must do nothing slow: every other writer waits for it.
func (s *Store) tx(ctx context.Context, what string, f func(tx wtx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(ctx, what, err)
	}
	err = f(wtx{Tx: tx, c: s.wst})
	if err != nil {
		_ = tx.Rollback()
	} else {
		err = tx.Commit()
	}
	s.wst.preparePending(ctx) // the writer is free again
	return s.fail(ctx, what, err)
}

// exec runs one write statement in its own transaction and returns the rows it changed.
func (s *Store) exec(ctx context.Context, what, query string, args ...any) (int64, error) {
	var n int64
	err := s.tx(ctx, what, func(tx wtx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
