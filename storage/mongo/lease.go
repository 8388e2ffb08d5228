package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colLeases = "leases"

// leaseDoc is a named lease: who holds it and until when.
type leaseDoc struct {
	ID      string    `bson:"_id"`
	Holder  string    `bson:"holder"`
	Expires time.Time `bson:"expires"`
}

// AcquireLease takes or renews the lease name for holder for ttl and reports whether
// holder has it now. It succeeds when nobody holds it, when holder already does (a
// renewal), or when the previous holder let it expire. Each attempt is one insert or one
// conditional single-document update, so of two processes racing for a free lease at
// most one wins. Holders must be unique per process.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := s.now().UTC()
	expires := now.Add(ttl)
	_, err := s.c(colLeases).InsertOne(ctx, leaseDoc{ID: name, Holder: holder, Expires: expires})
	if err == nil {
		return true, nil
	}
	if !isDup(err) {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	res, err := s.c(colLeases).UpdateOne(ctx,
		bson.M{"_id": name, "$or": bson.A{bson.M{"holder": holder}, bson.M{"expires": bson.M{"$lte": now}}}},
		bson.M{"$set": bson.M{"holder": holder, "expires": expires}})
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	return res.MatchedCount == 1, nil
}

// TakeLease gives the lease name to holder for ttl whoever holds it now. Only a process
// that knows no other can be running may call it: the embedded store's bot, whose data
// directory is locked, takes over at once the lease a crashed predecessor left behind
// instead of waiting for it to expire. It is one upsert of one document.
func (s *Store) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) error {
	_, err := s.c(colLeases).UpdateOne(ctx, bson.M{"_id": name},
		bson.M{"$set": bson.M{"holder": holder, "expires": s.now().UTC().Add(ttl)}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("take lease %s: %w", name, err)
	}
	return nil
}

// ReleaseLease gives the lease up if holder has it, so another process can take it at
// once instead of waiting for it to expire.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.c(colLeases).DeleteOne(ctx, bson.M{"_id": name, "holder": holder}); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}

// LeaseHolder returns who holds the lease and until when; "" when nobody does or it expired.
func (s *Store) LeaseHolder(ctx context.Context, name string) (string, time.Time, error) {
	var d leaseDoc
	err := s.c(colLeases).FindOne(ctx, bson.M{"_id": name}).Decode(&d)
	if notFound(err) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("read lease %s: %w", name, err)
	}
	if !d.Expires.After(s.now()) {
		return "", d.Expires, nil
	}
	return d.Holder, d.Expires, nil
}
