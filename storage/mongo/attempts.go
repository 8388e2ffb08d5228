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

const colAttempts = backup.ColAttempts

// CodeLock returns until when the user may not try a code, or the zero time when they may.
func (s *Store) CodeLock(ctx context.Context, userID int64) (time.Time, error) {
	var d backup.Attempt
	err := s.c(colAttempts).FindOne(ctx, bson.M{"_id": idOf(userID)}).Decode(&d)
	if err != nil {
		if err = fail(err, "load code attempts of %d", userID); errors.Is(err, domain.ErrNotFound) {
			return time.Time{}, nil
		}
		return time.Time{}, err
	}
	if d.LockedUntil.After(s.now()) {
		return d.LockedUntil, nil
	}
	return time.Time{}, nil
}

// WrongCode records a wrong code from the user by domain.WrongCodeAt: the end of the lock
// when this one starts it, otherwise the zero time and how many tries are left.
func (s *Store) WrongCode(ctx context.Context, userID int64) (lockedUntil time.Time, left int, err error) {
	now := s.now()
	var d backup.Attempt
	err = s.c(colAttempts).FindOneAndUpdate(ctx, bson.M{"_id": idOf(userID)},
		bson.M{"$push": bson.M{"wrong": now}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return time.Time{}, 0, fail(err, "record wrong code of %d", userID)
	}
	recent, lockedUntil, left := domain.WrongCodeAt(d.Wrong[:max(len(d.Wrong)-1, 0)], now)
	set := bson.M{"wrong": recent}
	if !lockedUntil.IsZero() {
		set = bson.M{"wrong": recent, "locked_until": lockedUntil}
	}
	// Forget old wrong codes; the user's updates are handled one at a time, so nothing
	// was pushed in between.
	if _, err := s.c(colAttempts).UpdateOne(ctx, bson.M{"_id": idOf(userID)}, bson.M{"$set": set}); err != nil {
		return time.Time{}, 0, fail(err, "trim wrong codes of %d", userID)
	}
	return lockedUntil, left, nil
}

// ClearWrongCodes forgets the user's wrong codes after a successful registration.
func (s *Store) ClearWrongCodes(ctx context.Context, userID int64) error {
	if _, err := s.c(colAttempts).DeleteOne(ctx, bson.M{"_id": idOf(userID)}); err != nil {
		return fail(err, "clear wrong codes of %d", userID)
	}
	return nil
}
