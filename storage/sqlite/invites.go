package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// CreateInvite issues a new one-time code for the school, valid for ttl (0: the default),
// and returns it with its expiry. Only the code's hash is stored. It does not check that
// the school exists.
func (s *Store) CreateInvite(ctx context.Context, school string, createdBy int64, ttl time.Duration) (domain.Invite, error) {
	var inv domain.Invite
	err := s.tx(ctx, "create invite for "+school, func(tx wtx) error {
		var err error
		inv, err = s.insertInvite(ctx, tx, school, createdBy, ttl)
		return err
	})
	return inv, err
}

// insertInvite stores a fresh code; a collision of 59 random bits will not happen, but a
// stored code is never overwritten.
func (s *Store) insertInvite(ctx context.Context, tx wtx, school string, createdBy int64, ttl time.Duration) (domain.Invite, error) {
	if ttl <= 0 {
		ttl = domain.DefaultInviteTTL
	}
	now := msTime(s.now())
	expires := now.Add(ttl)
	for range 3 {
		code, err := domain.NewInviteCode()
		if err != nil {
			return domain.Invite{}, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO invites (id, school, created_by, created, expires) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`, domain.InviteHash(code), school, createdBy, now.UnixMilli(), expires.UnixMilli())
		if err != nil {
			return domain.Invite{}, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return domain.Invite{Code: code, School: school, Expires: expires}, err
		}
	}
	return domain.Invite{}, errors.New("repeated invite code collisions")
}

const qUseInvite = `UPDATE invites SET used = 1, used_by = ?, used_at = ?
	WHERE id = ? AND used = 0 AND expires > ? RETURNING school, expires, used, used_by`

// UseInvite spends the code for userID and returns the invite (without its code). One
// conditional update in a write transaction marks it used, so of racing users exactly one
// wins. It returns domain.ErrInviteUnknown, ErrInviteExpired, or ErrInviteUsed when someone
// else used it; the same user using it again succeeds, so a retried registration works.
func (s *Store) UseInvite(ctx context.Context, code string, userID int64) (domain.Invite, error) {
	id := domain.InviteHash(code)
	now := s.now().UnixMilli()
	var inv domain.Invite
	var used bool
	var usedBy int64
	err := s.tx(ctx, "use invite", func(tx wtx) error {
		err := tx.QueryRowContext(ctx, qUseInvite, userID, now, id, now).Scan(&inv.School, at(&inv.Expires), &used, &usedBy)
		if err != sql.ErrNoRows {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT school, expires, used, used_by FROM invites WHERE id = ?`, id).
			Scan(&inv.School, at(&inv.Expires), &used, &usedBy)
		if err == sql.ErrNoRows {
			return domain.ErrInviteUnknown
		}
		return err
	})
	switch {
	case err != nil:
		return domain.Invite{}, err
	case used && usedBy == userID:
		return inv, nil
	case used:
		return domain.Invite{}, fmt.Errorf("use invite: %w", domain.ErrInviteUsed)
	}
	return domain.Invite{}, fmt.Errorf("use invite: %w", domain.ErrInviteExpired)
}

const qDeleteOldInvites = `DELETE FROM invites WHERE expires < ?`

// DeleteOldInvites removes invites that expired before t, used or not, and returns how many.
func (s *Store) DeleteOldInvites(ctx context.Context, t time.Time) (int64, error) {
	return s.exec(ctx, "delete old invites", qDeleteOldInvites, t.UnixMilli())
}

// InviteUnregistered issues, in one transaction, a fresh code for every active school
// without a reporter, in code order, for the printable list.
func (s *Store) InviteUnregistered(ctx context.Context, createdBy int64, ttl time.Duration) ([]domain.Invite, error) {
	var out []domain.Invite
	err := s.tx(ctx, "invite unregistered schools", func(tx wtx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT id FROM schools
			WHERE active = 1 AND NOT EXISTS (SELECT 1 FROM users WHERE users.school = schools.id) ORDER BY id`)
		if err != nil {
			return err
		}
		codes, err := collect(rows, func(sc interface{ Scan(...any) error }) (string, error) {
			var c string
			return c, sc.Scan(&c)
		})
		if err != nil {
			return err
		}
		for _, school := range codes {
			inv, err := s.insertInvite(ctx, tx, school, createdBy, ttl)
			if err != nil {
				return err
			}
			out = append(out, inv)
		}
		return nil
	})
	return out, err
}

// CodeLock returns until when the user may not try a code, or the zero time when they may.
func (s *Store) CodeLock(ctx context.Context, userID int64) (time.Time, error) {
	var until time.Time
	err := s.queryRow(ctx, `SELECT locked_until FROM attempts WHERE id = ?`, userID).Scan(at(&until))
	if err == sql.ErrNoRows {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, s.fail(ctx, fmt.Sprintf("load code attempts of %d", userID), err)
	}
	if until.After(s.now()) {
		return until, nil
	}
	return time.Time{}, nil
}

// WrongCode records a wrong code from the user by domain.WrongCodeAt: the end of the lock
// when this one starts it, otherwise the zero time and how many tries are left.
func (s *Store) WrongCode(ctx context.Context, userID int64) (lockedUntil time.Time, left int, err error) {
	now := msTime(s.now())
	err = s.tx(ctx, fmt.Sprintf("record wrong code of %d", userID), func(tx wtx) error {
		var wrong []int64
		var until time.Time
		err := tx.QueryRowContext(ctx, `SELECT wrong, locked_until FROM attempts WHERE id = ?`, userID).Scan(jsonOf(&wrong), at(&until))
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		earlier := make([]time.Time, len(wrong))
		for i, t := range wrong {
			earlier[i] = time.UnixMilli(t).UTC()
		}
		var keep []time.Time
		keep, lockedUntil, left = domain.WrongCodeAt(earlier, now)
		if !lockedUntil.IsZero() {
			until = lockedUntil
		}
		recent := make([]int64, len(keep))
		for i, t := range keep {
			recent[i] = t.UnixMilli()
		}
		text, err := jsonText(recent)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO attempts (id, wrong, locked_until) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET wrong = excluded.wrong, locked_until = excluded.locked_until`,
			userID, text, ms(until))
		return err
	})
	if err != nil {
		return time.Time{}, 0, err
	}
	return lockedUntil, left, nil
}

// ClearWrongCodes forgets the user's wrong codes after a successful registration.
func (s *Store) ClearWrongCodes(ctx context.Context, userID int64) error {
	_, err := s.exec(ctx, fmt.Sprintf("clear wrong codes of %d", userID), `DELETE FROM attempts WHERE id = ?`, userID)
	return err
}
