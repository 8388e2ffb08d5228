package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
)

// LinkReporter makes the user the school's reporter, ending any link to another school, and
// returns the previous school ("" if none). It creates the user if the bot has not met them.
func (s *Store) LinkReporter(ctx context.Context, userID int64, school string) (previous string, err error) {
	err = s.tx(ctx, fmt.Sprintf("link user %d to %s", userID, school), func(tx wtx) error {
		err := tx.QueryRowContext(ctx, `SELECT school FROM users WHERE id = ?`, userID).Scan(&previous)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO users (id, school, linked_at) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET school = excluded.school, linked_at = excluded.linked_at`,
			userID, school, s.now().UnixMilli())
		return err
	})
	return previous, err
}

// UnlinkReporter removes the user's link to their school.
func (s *Store) UnlinkReporter(ctx context.Context, userID int64) error {
	_, err := s.exec(ctx, fmt.Sprintf("unlink user %d", userID), `UPDATE users SET school = '', linked_at = NULL WHERE id = ?`, userID)
	return err
}

const qReporters = `SELECT ` + userCols + ` FROM users WHERE school = ? ORDER BY linked_at, id`

// Reporters returns the users linked to a school, in the order they linked.
func (s *Store) Reporters(ctx context.Context, school string) ([]domain.User, error) {
	return s.queryUsers(ctx, "reporters of "+school, qReporters, school)
}

// AllReporters returns every linked user, keyed by school code.
func (s *Store) AllReporters(ctx context.Context) (map[string][]domain.User, error) {
	users, err := s.queryUsers(ctx, "all reporters", `SELECT `+userCols+` FROM users WHERE school > '' ORDER BY linked_at, id`)
	if err != nil {
		return nil, err
	}
	out := map[string][]domain.User{}
	for _, u := range users {
		out[u.SchoolCode] = append(out[u.SchoolCode], u)
	}
	return out, nil
}

func (s *Store) queryUsers(ctx context.Context, what, query string, args ...any) ([]domain.User, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, s.fail(ctx, what, err)
	}
	out, err := collect(rows, scanUser)
	return out, s.fail(ctx, what, err)
}
