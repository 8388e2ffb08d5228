package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// fail wraps an error of the operation what: sql.ErrNoRows becomes domain.ErrNotFound, a
// failure that may pass (busy, full, read-only, I/O, a deadline) wraps
// storage.ErrUnavailable, and anything else keeps its cause. SQLite's messages never hold
// the values of a statement, so no answer text reaches an error.
func (s *Store) fail(ctx context.Context, what string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
	case errors.Is(err, storage.ErrUnavailable):
		return fmt.Errorf("%s: %w", what, err)
	case ctx.Err() != nil:
		return fmt.Errorf("%s: %w: %w", what, storage.ErrUnavailable, ctx.Err())
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled), transient(err):
		return fmt.Errorf("%s: %w: %w", what, storage.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// transientCodes are SQLite's primary result codes for work that may succeed later.
var transientCodes = []int{
	sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY,
	sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_NOMEM,
	sqlite3.SQLITE_INTERRUPT, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOLFS,
}

func transient(err error) bool {
	if code, ok := resultCode(err); ok {
		return slices.Contains(transientCodes, code)
	}
	return osTransient(err)
}

// resultCode is the primary SQLite result code of err (extended codes carry it in the low byte).
func resultCode(err error) (int, bool) {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff, true
	}
	return 0, false
}

// osTransient reports file-system errors an operator can fix: no space, no permission, a
// read-only file system.
func osTransient(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EACCES) ||
		errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EIO)
}

// osFailure wraps a file-system error of Open, as unavailable when an operator can fix it.
func osFailure(what string, err error) error {
	if osTransient(err) {
		return fmt.Errorf("%s: %w: %w", what, storage.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// corrupt reports an error saying the file is not a sound SQLite database.
func corrupt(err error) bool {
	if code, ok := resultCode(err); ok && (code == sqlite3.SQLITE_NOTADB || code == sqlite3.SQLITE_CORRUPT) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "file is not a database") || strings.Contains(msg, "database disk image is malformed")
}

// openFailure explains an error met while opening the file. A damaged file gets the way
// out: the newest backup in DATA_DIR/backups and the command that restores it.
func (s *Store) openFailure(ctx context.Context, err error) error {
	if !corrupt(err) {
		return s.fail(ctx, "open "+s.path, err)
	}
	dir := filepath.Join(filepath.Dir(s.path), "backups")
	hint := fmt.Sprintf("no backup was found in %s; restore one with `reportbot restore <file>` into an empty data directory", dir)
	if b := newestBackup(dir); b != "" {
		hint = fmt.Sprintf("the newest backup is %s: move the damaged file away and restore it with `reportbot restore %s`", b, b)
	}
	return fmt.Errorf("open %s: the file is damaged or is not a reportbot database (%v); %s", s.path, err, hint)
}

// newestBackup returns the path of the newest backup in dir: backups are named with their
// time (reportbot-YYYYMMDD-HHMMSS.jsonl.gz), so the last regular file by name.
func newestBackup(dir string) string {
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return ""
	}
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Type().IsRegular() && !strings.HasPrefix(entries[i].Name(), ".") {
			return filepath.Join(dir, entries[i].Name())
		}
	}
	return ""
}
