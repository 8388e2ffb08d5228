package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colAttempts = "attempts"

// The lock-out against guessing invite codes: MaxWrongCodes wrong codes within
// WrongCodeWindow lock the user out of registering by code for WrongCodeLock.
const (
	MaxWrongCodes   = 5
	WrongCodeWindow = 10 * time.Minute
	WrongCodeLock   = time.Hour
)

// attemptDoc holds one user's recent wrong codes, keyed by the user id as a string.
type attemptDoc struct {
	ID          string      `bson:"_id"`
	Wrong       []time.Time `bson:"wrong"`
	LockedUntil time.Time   `bson:"locked_until"`
}

// CodeLock returns until when the user may not try a code, or the zero time when they may.
func (s *Store) CodeLock(ctx context.Context, userID int64) (time.Time, error) {
	var d attemptDoc
	err := s.c(colAttempts).FindOne(ctx, bson.M{"_id": idOf(userID)}).Decode(&d)
	if notFound(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("load code attempts of %d: %w", userID, err)
	}
	if d.LockedUntil.After(s.now()) {
		return d.LockedUntil, nil
	}
	return time.Time{}, nil
}

// WrongCode records a wrong code from the user. When it is the MaxWrongCodes-th within
// WrongCodeWindow it locks the user out and returns the end of the lock; otherwise it
// returns the zero time and how many tries are left.
func (s *Store) WrongCode(ctx context.Context, userID int64) (lockedUntil time.Time, left int, err error) {
	now := s.now().UTC()
	var d attemptDoc
	err = s.c(colAttempts).FindOneAndUpdate(ctx, bson.M{"_id": idOf(userID)},
		bson.M{"$push": bson.M{"wrong": now}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("record wrong code of %d: %w", userID, err)
	}
	var recent []time.Time
	for _, t := range d.Wrong {
		if now.Sub(t) < WrongCodeWindow {
			recent = append(recent, t)
		}
	}
	set := bson.M{"wrong": recent}
	if len(recent) >= MaxWrongCodes {
		lockedUntil = now.Add(WrongCodeLock)
		set = bson.M{"wrong": []time.Time{}, "locked_until": lockedUntil}
	}
	// Forget old wrong codes; the user's updates are handled one at a time, so nothing
	// was pushed in between.
	if _, err := s.c(colAttempts).UpdateOne(ctx, bson.M{"_id": idOf(userID)}, bson.M{"$set": set}); err != nil {
		return time.Time{}, 0, fmt.Errorf("trim wrong codes of %d: %w", userID, err)
	}
	return lockedUntil, MaxWrongCodes - len(recent), nil
}

// ClearWrongCodes forgets the user's wrong codes after a successful registration.
func (s *Store) ClearWrongCodes(ctx context.Context, userID int64) error {
	if _, err := s.c(colAttempts).DeleteOne(ctx, bson.M{"_id": idOf(userID)}); err != nil {
		return fmt.Errorf("clear wrong codes of %d: %w", userID, err)
	}
	return nil
}
