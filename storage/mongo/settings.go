package mongo

import (
	"context"
	"errors"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const (
	colSettings = backup.ColSettings
	colMeta     = backup.ColMeta
)

// metaBot is the meta document that remembers the bot's Telegram account, so command-line
// tools can build deep links without asking Telegram.
const metaBot = "bot"

// Setting returns a stored setting, or domain.ErrNotFound.
func (s *Store) Setting(ctx context.Context, name string) (string, error) {
	var d backup.Setting
	if err := s.c(colSettings).FindOne(ctx, bson.M{"_id": name}).Decode(&d); err != nil {
		return "", fail(err, "load setting %s", name)
	}
	return d.Value, nil
}

// SettingOnce stores value under name unless a value is stored already, and returns the
// stored one: the first replica to generate a value wins and the others adopt it.
func (s *Store) SettingOnce(ctx context.Context, name, value string) (string, error) {
	_, err := s.c(colSettings).InsertOne(ctx, backup.Setting{ID: name, Value: value})
	if err == nil {
		return value, nil
	}
	if !isDup(err) {
		return "", fail(err, "store setting %s", name)
	}
	return s.Setting(ctx, name)
}

// SetBotUsername records the bot's Telegram username (without "@"); the bot does it at
// every start.
func (s *Store) SetBotUsername(ctx context.Context, username string) error {
	_, err := s.c(colMeta).UpdateOne(ctx, bson.M{"_id": metaBot},
		bson.M{"$set": bson.M{"username": username, "updated": s.now()}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fail(err, "save bot username")
	}
	return nil
}

// BotUsername returns the username the bot last recorded, or "" if it never ran.
func (s *Store) BotUsername(ctx context.Context) (string, error) {
	var d backup.Meta
	err := s.c(colMeta).FindOne(ctx, bson.M{"_id": metaBot}).Decode(&d)
	if err != nil {
		if err = fail(err, "load bot username"); errors.Is(err, domain.ErrNotFound) {
			return "", nil
		}
		return "", err
	}
	return d.Username, nil
}
