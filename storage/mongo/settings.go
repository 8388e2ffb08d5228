package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
)

const colSettings = "settings"

// settingDoc is one process-wide setting that the bot generated itself and every replica
// must share (e.g. the webhook secret), keyed by its name.
type settingDoc struct {
	ID    string `bson:"_id"`
	Value string `bson:"value"`
}

// Setting returns a stored setting, or domain.ErrNotFound.
func (s *Store) Setting(ctx context.Context, name string) (string, error) {
	var d settingDoc
	err := s.c(colSettings).FindOne(ctx, bson.M{"_id": name}).Decode(&d)
	if notFound(err) {
		return "", domain.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("load setting %s: %w", name, err)
	}
	return d.Value, nil
}

// SettingOnce stores value under name unless a value is stored already, and returns the
// stored one: the first replica to generate a value wins and the others adopt it.
func (s *Store) SettingOnce(ctx context.Context, name, value string) (string, error) {
	_, err := s.c(colSettings).InsertOne(ctx, settingDoc{ID: name, Value: value})
	if err == nil {
		return value, nil
	}
	if !isDup(err) {
		return "", fmt.Errorf("store setting %s: %w", name, err)
	}
	return s.Setting(ctx, name)
}
