package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/camgiang-edu/reportbot/storage"
)

// migrations are the schema's steps, NNNN_name.sql, applied in number order. The database's
// PRAGMA user_version is the number of the last one applied. Never edit a released step:
// add the next.
//
//go:embed migrations/*.sql
var migrations embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded steps in order and checks that they are numbered
// 1, 2, 3… without gaps.
func loadMigrations() ([]migration, error) {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, f := range files {
		base := strings.TrimPrefix(f, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", base)
		}
		body, err := migrations.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return out, nil
}

// schemaVersion is the newest schema this binary knows.
func schemaVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// migrate brings the schema up to date in one transaction, so a failed step leaves the
// database as it was. A database from a newer binary is refused.
func (s *Store) migrate(ctx context.Context) error {
	steps, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.openFailure(ctx, err)
	}
	defer tx.Rollback()
	var current int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return s.openFailure(ctx, err)
	}
	if current > len(steps) {
		return fmt.Errorf("open %s: schema version %d, this binary knows up to %d: %w",
			s.path, current, len(steps), storage.ErrNewerSchema)
	}
	if current == len(steps) {
		return nil
	}
	for _, m := range steps[current:] {
		if err := execScript(ctx, tx, m.sql); err != nil {
			return s.fail(ctx, fmt.Sprintf("migrate %s to %s", s.path, m.name), err)
		}
	}
	// PRAGMA takes no parameters; the value is our own integer.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(steps))); err != nil {
		return s.fail(ctx, "set schema version of "+s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return s.fail(ctx, "migrate "+s.path, err)
	}
	s.log.Info().Int("from", current).Int("to", len(steps)).Str("file", s.path).Msg("sqlite schema migrated")
	return nil
}

// execScript runs a migration's statements one by one.
func execScript(ctx context.Context, tx *sql.Tx, script string) error {
	_, err := tx.ExecContext(ctx, script)
	return err
}
