package sqlite

import (
	"context"
	"database/sql"

	"github.com/camgiang-edu/reportbot/storage"
)

// Setting returns a stored setting, or domain.ErrNotFound.
func (s *Store) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := s.queryRow(ctx, `SELECT value FROM settings WHERE id = ?`, name).Scan(&v)
	return v, s.fail(ctx, "load setting "+name, err)
}

// SettingOnce stores value under name unless a value is stored already, and returns the
// stored one: the first process to generate a value wins and the others adopt it.
func (s *Store) SettingOnce(ctx context.Context, name, value string) (string, error) {
	var stored string
	err := s.tx(ctx, "store setting "+name, func(tx wtx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (id, value) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, name, value); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE id = ?`, name).Scan(&stored)
	})
	return stored, err
}

// metaBot is the meta record of the bot's Telegram account.
const metaBot = "bot"

// SetBotUsername records the bot's Telegram username (without "@").
func (s *Store) SetBotUsername(ctx context.Context, username string) error {
	_, err := s.exec(ctx, "save bot username", `INSERT INTO meta (id, username, updated) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET username = excluded.username, updated = excluded.updated`,
		metaBot, username, s.now().UnixMilli())
	return err
}

// BotUsername returns the username the bot last recorded, or "" if it never ran.
func (s *Store) BotUsername(ctx context.Context) (string, error) {
	var name string
	err := s.queryRow(ctx, `SELECT username FROM meta WHERE id = ?`, metaBot).Scan(&name)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return name, s.fail(ctx, "load bot username", err)
}

// BenchTouch increments and returns a counter by id in one statement (an upsert returning
// the count): the persistent echo bot's work in the benchmarks.
func (s *Store) BenchTouch(ctx context.Context, id string) (int64, error) {
	var n int64
	err := s.tx(ctx, "bench touch "+id, func(tx wtx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO bench_counters (id, n) VALUES (?, 1)
			ON CONFLICT (id) DO UPDATE SET n = n + 1 RETURNING n`, id).Scan(&n)
	})
	return n, err
}

// isSecret reports a setting that never leaves the database.
func isSecret(name string) bool {
	return len(name) >= len(storage.SecretPrefix) && name[:len(storage.SecretPrefix)] == storage.SecretPrefix
}
