package sqlite

import (
	"context"
	"database/sql"
	"time"
)

// AcquireLease takes or renews the lease for holder for ttl when it is free, expired or
// already held by holder, in one conditional upsert; of racing holders exactly one wins.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := s.now()
	var got string
	err := s.tx(ctx, "acquire lease "+name, func(tx wtx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO leases (id, holder, expires) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
				WHERE leases.holder = excluded.holder OR leases.expires <= ?
			RETURNING holder`, name, holder, now.Add(ttl).UnixMilli(), now.UnixMilli()).Scan(&got)
		if err == sql.ErrNoRows {
			return nil
		}
		return err
	})
	return err == nil && got == holder, err
}

// TakeLease gives the lease to holder for ttl whoever holds it.
func (s *Store) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) error {
	_, err := s.exec(ctx, "take lease "+name, `INSERT INTO leases (id, holder, expires) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires = excluded.expires`,
		name, holder, s.now().Add(ttl).UnixMilli())
	return err
}

// ReleaseLease gives the lease up if holder has it.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	_, err := s.exec(ctx, "release lease "+name, `DELETE FROM leases WHERE id = ? AND holder = ?`, name, holder)
	return err
}

// LeaseHolder returns who holds the lease and until when; "" when nobody does or it expired.
func (s *Store) LeaseHolder(ctx context.Context, name string) (string, time.Time, error) {
	var holder string
	var expires time.Time
	err := s.queryRow(ctx, `SELECT holder, expires FROM leases WHERE id = ?`, name).Scan(&holder, at(&expires))
	if err == sql.ErrNoRows {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, s.fail(ctx, "read lease "+name, err)
	}
	if !expires.After(s.now()) {
		return "", expires, nil
	}
	return holder, expires, nil
}
