package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colGroups = backup.ColGroups

// BindGroup makes the chat a broadcast target (level "" = every level), re-enabling it if
// it was disabled.
func (s *Store) BindGroup(ctx context.Context, g domain.Group) error {
	g.Active, g.Disabled, g.BoundAt = true, "", s.now()
	_, err := s.c(colGroups).ReplaceOne(ctx, bson.M{"_id": idOf(g.ChatID)}, backup.Group{ID: idOf(g.ChatID), Group: g},
		options.Replace().SetUpsert(true))
	if err != nil {
		return fail(err, "bind group %d", g.ChatID)
	}
	return nil
}

// DisableGroup stops broadcasts to the chat and records why ("unbound", "left", "kicked").
// It returns domain.ErrNotFound when the chat was never bound.
func (s *Store) DisableGroup(ctx context.Context, chatID int64, why string) error {
	res, err := s.c(colGroups).UpdateOne(ctx, bson.M{"_id": idOf(chatID)}, bson.M{"$set": bson.M{"active": false, "disabled": why}})
	if err != nil {
		return fail(err, "disable group %d", chatID)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("disable group %d: %w", chatID, domain.ErrNotFound)
	}
	return nil
}

// MoveGroup records that a group became a supergroup with a new chat id. The document is
// written under the new id first and the old one deleted after, so a failure between the
// two leaves the group bound twice (harmless: one id no longer exists at Telegram) and
// running it again finishes. It returns domain.ErrNotFound when oldID was never bound.
func (s *Store) MoveGroup(ctx context.Context, oldID, newID int64) error {
	g, err := s.Group(ctx, oldID)
	if err != nil {
		return err
	}
	g.ChatID = newID
	_, err = s.c(colGroups).ReplaceOne(ctx, bson.M{"_id": idOf(newID)}, backup.Group{ID: idOf(newID), Group: g},
		options.Replace().SetUpsert(true))
	if err != nil {
		return fail(err, "move group %d to %d", oldID, newID)
	}
	if _, err := s.c(colGroups).DeleteOne(ctx, bson.M{"_id": idOf(oldID)}); err != nil {
		return fail(err, "remove old group %d", oldID)
	}
	return nil
}

// Group returns a bound group, or domain.ErrNotFound.
func (s *Store) Group(ctx context.Context, chatID int64) (domain.Group, error) {
	var d backup.Group
	if err := s.c(colGroups).FindOne(ctx, bson.M{"_id": idOf(chatID)}).Decode(&d); err != nil {
		return domain.Group{}, fail(err, "load group %d", chatID)
	}
	return d.Group, nil
}

// Groups returns every group ever bound, active or not.
func (s *Store) Groups(ctx context.Context) ([]domain.Group, error) {
	docs, err := findAll[backup.Group](ctx, s.c(colGroups), bson.M{}, "groups", options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := make([]domain.Group, len(docs))
	for i, d := range docs {
		out[i] = d.Group
	}
	return out, nil
}
