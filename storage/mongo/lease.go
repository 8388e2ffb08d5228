package mongo

import (
	"context"
	"errors"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colLeases = backup.ColLeases

// AcquireLease takes or renews the lease name for holder for ttl and reports whether
// holder has it now. It succeeds when nobody holds it, when holder already does (a
// renewal), or when the previous holder let it expire. Each attempt is one insert or one
// conditional single-document update, so of processes racing for a free lease exactly one
// wins. Holders must be unique per process.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := s.now()
	expires := now.Add(ttl)
	_, err := s.c(colLeases).InsertOne(ctx, backup.Lease{ID: name, Holder: holder, Expires: expires})
	if err == nil {
		return true, nil
	}
	if !isDup(err) {
		return false, fail(err, "acquire lease %s", name)
	}
	res, err := s.c(colLeases).UpdateOne(ctx,
		bson.M{"_id": name, "$or": bson.A{bson.M{"holder": holder}, bson.M{"expires": bson.M{"$lte": now}}}},
		bson.M{"$set": bson.M{"holder": holder, "expires": expires}})
	if err != nil {
		return false, fail(err, "acquire lease %s", name)
	}
	return res.MatchedCount == 1, nil
}

// TakeLease gives the lease name to holder for ttl whoever holds it now: one upsert of one
// document. Only a process that knows no other can be running may call it.
func (s *Store) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) error {
	_, err := s.c(colLeases).UpdateOne(ctx, bson.M{"_id": name},
		bson.M{"$set": bson.M{"holder": holder, "expires": s.now().Add(ttl)}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fail(err, "take lease %s", name)
	}
	return nil
}

// ReleaseLease gives the lease up if holder has it, so another process can take it at
// once instead of waiting for it to expire.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.c(colLeases).DeleteOne(ctx, bson.M{"_id": name, "holder": holder}); err != nil {
		return fail(err, "release lease %s", name)
	}
	return nil
}

// LeaseHolder returns who holds the lease and until when; "" when nobody does or it
// expired (with the expiry, if any).
func (s *Store) LeaseHolder(ctx context.Context, name string) (string, time.Time, error) {
	var d backup.Lease
	err := s.c(colLeases).FindOne(ctx, bson.M{"_id": name}).Decode(&d)
	if err != nil {
		if err = fail(err, "read lease %s", name); errors.Is(err, domain.ErrNotFound) {
			return "", time.Time{}, nil
		}
		return "", time.Time{}, err
	}
	if !d.Expires.After(s.now()) {
		return "", d.Expires, nil
	}
	return d.Holder, d.Expires, nil
}
