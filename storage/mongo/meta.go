package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colMeta = "meta"

// metaBot is the document that remembers the bot's Telegram account, so command-line
// tools can build deep links without asking Telegram.
const metaBot = "bot"

// SetBotUsername records the bot's Telegram username (without "@"); the bot does it at
// every start.
func (s *Store) SetBotUsername(ctx context.Context, username string) error {
	_, err := s.c(colMeta).UpdateOne(ctx, bson.M{"_id": metaBot},
		bson.M{"$set": bson.M{"username": username, "updated": s.now().UTC()}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save bot username: %w", err)
	}
	return nil
}

// BotUsername returns the username the bot last recorded, or "" if it never ran.
func (s *Store) BotUsername(ctx context.Context) (string, error) {
	var d struct {
		Username string `bson:"username"`
	}
	err := s.c(colMeta).FindOne(ctx, bson.M{"_id": metaBot}).Decode(&d)
	if notFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load bot username: %w", err)
	}
	return d.Username, nil
}
