package mongo

import (
	"context"
	"errors"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"go.mongodb.org/mongo-driver/x/mongo/driver/topology"
)

const colChats = "chats"

// chatDoc is a chat's conversation state, keyed by the chat id as a string.
type chatDoc struct {
	ID   string           `bson:"_id"`
	Flow *domain.ChatFlow `bson:"flow,omitempty"`
}

// ChatFlow returns the conversation the chat is in, or a zero ChatFlow when none.
func (s *Store) ChatFlow(ctx context.Context, chatID int64) (domain.ChatFlow, error) {
	var d chatDoc
	err := s.c(colChats).FindOne(ctx, bson.M{"_id": idOf(chatID)}).Decode(&d)
	if notFound(err) || err == nil && d.Flow == nil {
		return domain.ChatFlow{}, nil
	}
	if err != nil {
		return domain.ChatFlow{}, fmt.Errorf("load flow of chat %d: %w", chatID, err)
	}
	return *d.Flow, nil
}

// SetChatFlow puts the chat into a conversation, replacing any other.
func (s *Store) SetChatFlow(ctx context.Context, chatID int64, f domain.ChatFlow) error {
	f.Updated = s.now().UTC()
	_, err := s.c(colChats).UpdateOne(ctx, bson.M{"_id": idOf(chatID)},
		bson.M{"$set": bson.M{"flow": f}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("set flow of chat %d: %w", chatID, err)
	}
	return nil
}

// ClearChatFlow ends the chat's conversation, if any.
func (s *Store) ClearChatFlow(ctx context.Context, chatID int64) error {
	_, err := s.c(colChats).UpdateOne(ctx, bson.M{"_id": idOf(chatID)}, bson.M{"$unset": bson.M{"flow": ""}})
	if err != nil {
		return fmt.Errorf("clear flow of chat %d: %w", chatID, err)
	}
	return nil
}

// IsUnavailable reports whether err means the database could not be reached or did not
// answer in time: the operation may succeed later, so the update is retried.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var sse topology.ServerSelectionError
	return mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.As(err, &sse) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, mongo.ErrClientDisconnected)
}
