package mongo

import (
	"context"
	"errors"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// LinkReporter makes the user a reporter of the school, ending any link to another school
// (a user reports for at most one). It creates the user if the bot has not met them yet.
// It returns the school the user was linked to before ("" if none).
func (s *Store) LinkReporter(ctx context.Context, userID int64, school string) (previous string, err error) {
	var before backup.User
	err = s.c(colUsers).FindOneAndUpdate(ctx, bson.M{"_id": idOf(userID)},
		bson.M{"$set": bson.M{"school": school, "linked_at": s.now()}, "$setOnInsert": bson.M{"tg_id": userID}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.Before)).Decode(&before)
	if err != nil {
		if err = fail(err, "link user %d to %s", userID, school); !errors.Is(err, domain.ErrNotFound) {
			return "", err
		}
	}
	return before.SchoolCode, nil
}

// UnlinkReporter removes the user's link to their school.
func (s *Store) UnlinkReporter(ctx context.Context, userID int64) error {
	_, err := s.c(colUsers).UpdateOne(ctx, bson.M{"_id": idOf(userID)}, bson.M{"$unset": bson.M{"school": "", "linked_at": ""}})
	if err != nil {
		return fail(err, "unlink user %d", userID)
	}
	return nil
}

// Reporters returns the users linked to a school, in the order they linked.
func (s *Store) Reporters(ctx context.Context, school string) ([]domain.User, error) {
	return s.findUsers(ctx, bson.M{"school": school})
}

// AllReporters returns every linked user, keyed by school code.
func (s *Store) AllReporters(ctx context.Context) (map[string][]domain.User, error) {
	users, err := s.findUsers(ctx, bson.M{"school": bson.M{"$gt": ""}})
	if err != nil {
		return nil, err
	}
	out := map[string][]domain.User{}
	for _, u := range users {
		out[u.SchoolCode] = append(out[u.SchoolCode], u)
	}
	return out, nil
}

func (s *Store) findUsers(ctx context.Context, filter bson.M) ([]domain.User, error) {
	docs, err := findAll[backup.User](ctx, s.c(colUsers), filter, "users",
		options.Find().SetSort(bson.D{{Key: "linked_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := make([]domain.User, len(docs))
	for i, d := range docs {
		out[i] = d.User
	}
	return out, nil
}
