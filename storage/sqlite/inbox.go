package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

const updateCols = "id, chat, state, tries, error, received, handled, raw"

func scanUpdate(sc interface{ Scan(...any) error }) (domain.InboxUpdate, error) {
	var u domain.InboxUpdate
	err := sc.Scan(&u.UpdateID, &u.Chat, &u.State, &u.Tries, &u.Error, at(&u.Received), at(&u.Handled), &u.Raw)
	u.ID = domain.InboxID(u.UpdateID)
	return u, err
}

// StoreUpdate inserts an update into the inbox; false, nil when it is there already.
func (s *Store) StoreUpdate(ctx context.Context, updateID, chat int64, raw []byte) (bool, error) {
	n, err := s.exec(ctx, fmt.Sprintf("store update %d", updateID),
		`INSERT INTO updates (id, chat, state, tries, error, received, raw) VALUES (?, ?, ?, 0, '', ?, ?)
		 ON CONFLICT (id) DO NOTHING`,
		updateID, chat, domain.UpdateNew, s.now().UnixMilli(), string(raw))
	return n == 1, err
}

const qPendingUpdates = `SELECT ` + updateCols + ` FROM updates WHERE state = 'new' AND id > ? ORDER BY id LIMIT ?`

// PendingUpdates returns up to limit unhandled updates in update order after the inbox id
// after ("" for the start).
func (s *Store) PendingUpdates(ctx context.Context, after string, limit int) ([]domain.InboxUpdate, error) {
	from := int64(math.MinInt64)
	if after != "" {
		n, err := strconv.ParseInt(after, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("pending updates after %q: not an inbox id", after)
		}
		from = n
	}
	rows, err := s.query(ctx, qPendingUpdates, from, limit)
	if err != nil {
		return nil, s.fail(ctx, "pending updates", err)
	}
	out, err := collect(rows, scanUpdate)
	return out, s.fail(ctx, "pending updates", err)
}

// MarkUpdateDone records that the update was handled.
func (s *Store) MarkUpdateDone(ctx context.Context, updateID int64) error {
	_, err := s.exec(ctx, fmt.Sprintf("mark update %d done", updateID),
		`UPDATE updates SET state = ?, handled = ? WHERE id = ?`, domain.UpdateDone, s.now().UnixMilli(), updateID)
	return err
}

// DeleteUpdate removes an update that can never come again (polling confirmed it).
func (s *Store) DeleteUpdate(ctx context.Context, updateID int64) error {
	_, err := s.exec(ctx, fmt.Sprintf("delete update %d", updateID), `DELETE FROM updates WHERE id = ?`, updateID)
	return err
}

const qPruneConfirmed = `DELETE FROM updates WHERE id < ? AND state = 'done'`

// PruneConfirmed deletes handled updates whose id is below below.
func (s *Store) PruneConfirmed(ctx context.Context, below int64) (int64, error) {
	return s.exec(ctx, "prune confirmed updates", qPruneConfirmed, below)
}

// MarkUpdateTried counts a failed attempt, keeps the update pending and returns the tries
// so far; domain.ErrNotFound when the update is not in the inbox.
func (s *Store) MarkUpdateTried(ctx context.Context, updateID int64, cause error) (int, error) {
	var tries int
	err := s.tx(ctx, fmt.Sprintf("count try of update %d", updateID), func(tx wtx) error {
		return tx.QueryRowContext(ctx, `UPDATE updates SET tries = tries + 1, error = ? WHERE id = ? RETURNING tries`,
			errText(cause), updateID).Scan(&tries)
	})
	return tries, err
}

// MarkUpdateFailed gives up on an update, keeping the last error.
func (s *Store) MarkUpdateFailed(ctx context.Context, updateID int64, cause error) error {
	_, err := s.exec(ctx, fmt.Sprintf("mark update %d failed", updateID),
		`UPDATE updates SET state = ?, error = ?, handled = ? WHERE id = ?`,
		domain.UpdateFailed, errText(cause), s.now().UnixMilli(), updateID)
	return err
}

const qPruneUpdates = `DELETE FROM updates WHERE handled < ? AND state IN ('done', 'failed')`

// PruneUpdates deletes handled and failed updates whose handling ended before cutoff.
func (s *Store) PruneUpdates(ctx context.Context, cutoff time.Time) (int64, error) {
	return s.exec(ctx, "prune updates", qPruneUpdates, cutoff.UnixMilli())
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
