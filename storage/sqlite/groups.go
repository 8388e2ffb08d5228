package sqlite

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
)

const groupCols = "id, title, level, active, bound_by, bound_at, disabled, doc"

var groupKeys = keys("chat_id", "title", "level", "active", "bound_by", "bound_at", "disabled")

func scanGroup(sc interface{ Scan(...any) error }) (domain.Group, error) {
	var g domain.Group
	err := sc.Scan(&g.ChatID, &g.Title, &g.Level, &g.Active, &g.BoundBy, at(&g.BoundAt), &g.Disabled, docOf(&g))
	return g, err
}

const putGroup = `INSERT OR REPLACE INTO "groups" (` + groupCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

func groupArgs(g domain.Group) ([]any, error) {
	doc, err := restDoc(g, groupKeys)
	return []any{g.ChatID, g.Title, string(g.Level), g.Active, g.BoundBy, ms(g.BoundAt), g.Disabled, doc}, err
}

// BindGroup makes the chat a broadcast target (level "" = every level), re-enabling it if
// it was disabled.
func (s *Store) BindGroup(ctx context.Context, g domain.Group) error {
	g.Active, g.Disabled, g.BoundAt = true, "", s.now()
	args, err := groupArgs(g)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, fmt.Sprintf("bind group %d", g.ChatID), putGroup, args...)
	return err
}

// DisableGroup stops broadcasts to the chat and records why ("unbound", "left", "kicked");
// domain.ErrNotFound when the chat was never bound.
func (s *Store) DisableGroup(ctx context.Context, chatID int64, why string) error {
	n, err := s.exec(ctx, fmt.Sprintf("disable group %d", chatID), `UPDATE "groups" SET active = 0, disabled = ? WHERE id = ?`, why, chatID)
	if err == nil && n == 0 {
		return fmt.Errorf("disable group %d: %w", chatID, domain.ErrNotFound)
	}
	return err
}

// MoveGroup records that a group became a supergroup with a new chat id, in one
// transaction; domain.ErrNotFound when the old id was never bound.
func (s *Store) MoveGroup(ctx context.Context, oldID, newID int64) error {
	return s.tx(ctx, fmt.Sprintf("move group %d to %d", oldID, newID), func(tx wtx) error {
		g, err := scanGroup(tx.QueryRowContext(ctx, `SELECT `+groupCols+` FROM "groups" WHERE id = ?`, oldID))
		if err != nil {
			return err
		}
		g.ChatID = newID
		args, err := groupArgs(g)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, putGroup, args...); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM "groups" WHERE id = ?`, oldID)
		return err
	})
}

// Group returns a bound group, or domain.ErrNotFound.
func (s *Store) Group(ctx context.Context, chatID int64) (domain.Group, error) {
	g, err := scanGroup(s.queryRow(ctx, `SELECT `+groupCols+` FROM "groups" WHERE id = ?`, chatID))
	return g, s.fail(ctx, fmt.Sprintf("load group %d", chatID), err)
}

// Groups returns every group ever bound, active or not, by chat id.
func (s *Store) Groups(ctx context.Context) ([]domain.Group, error) {
	rows, err := s.query(ctx, `SELECT `+groupCols+` FROM "groups" ORDER BY id`)
	if err != nil {
		return nil, s.fail(ctx, "list groups", err)
	}
	out, err := collect(rows, scanGroup)
	return out, s.fail(ctx, "list groups", err)
}
