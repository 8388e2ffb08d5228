package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colGroups = "groups"

// groupDoc is a broadcast group keyed by its chat id as a string.
type groupDoc struct {
	ID           string `bson:"_id"`
	domain.Group `bson:",inline"`
}

// BindGroup makes the chat a broadcast target (level "" = every level), re-enabling it if
// it was disabled.
func (s *Store) BindGroup(ctx context.Context, g domain.Group) error {
	g.Active = true
	g.Disabled = ""
	g.BoundAt = s.now().UTC()
	_, err := s.c(colGroups).ReplaceOne(ctx, bson.M{"_id": idOf(g.ChatID)}, groupDoc{ID: idOf(g.ChatID), Group: g}, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("bind group %d: %w", g.ChatID, err)
	}
	return nil
}

// DisableGroup stops broadcasts to the chat and records why ("unbound", "left", "kicked").
// It returns domain.ErrNotFound when the chat was never bound.
func (s *Store) DisableGroup(ctx context.Context, chatID int64, why string) error {
	res, err := s.c(colGroups).UpdateOne(ctx, bson.M{"_id": idOf(chatID)}, bson.M{"$set": bson.M{"active": false, "disabled": why}})
	if err != nil {
		return fmt.Errorf("disable group %d: %w", chatID, err)
	}
	if res.MatchedCount == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// MoveGroup records that a group became a supergroup with a new chat id. The document is
// re-created under the new id (ids never change in place) and the old one deleted.
func (s *Store) MoveGroup(ctx context.Context, oldID, newID int64) error {
	g, err := s.Group(ctx, oldID)
	if err != nil {
		return err
	}
	g.ChatID = newID
	_, err = s.c(colGroups).ReplaceOne(ctx, bson.M{"_id": idOf(newID)}, groupDoc{ID: idOf(newID), Group: g}, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("move group %d to %d: %w", oldID, newID, err)
	}
	if _, err := s.c(colGroups).DeleteOne(ctx, bson.M{"_id": idOf(oldID)}); err != nil {
		return fmt.Errorf("remove old group %d: %w", oldID, err)
	}
	return nil
}

// Group returns a bound group, or domain.ErrNotFound.
func (s *Store) Group(ctx context.Context, chatID int64) (domain.Group, error) {
	var d groupDoc
	err := s.c(colGroups).FindOne(ctx, bson.M{"_id": idOf(chatID)}).Decode(&d)
	if notFound(err) {
		return domain.Group{}, domain.ErrNotFound
	}
	if err != nil {
		return domain.Group{}, fmt.Errorf("load group %d: %w", chatID, err)
	}
	return d.Group, nil
}

// Groups returns every group ever bound, active or not.
func (s *Store) Groups(ctx context.Context) ([]domain.Group, error) {
	docs, err := findAll[groupDoc](ctx, s.c(colGroups), bson.M{}, "groups", options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := make([]domain.Group, len(docs))
	for i, d := range docs {
		out[i] = d.Group
	}
	return out, nil
}
