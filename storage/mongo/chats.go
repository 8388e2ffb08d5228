package mongo

import (
	"context"
	"errors"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colChats = backup.ColChats

// ChatFlow returns the conversation the chat is in, or a zero ChatFlow when none.
func (s *Store) ChatFlow(ctx context.Context, chatID int64) (domain.ChatFlow, error) {
	var d backup.Chat
	err := s.c(colChats).FindOne(ctx, bson.M{"_id": idOf(chatID)}).Decode(&d)
	if err != nil {
		if err = fail(err, "load flow of chat %d", chatID); errors.Is(err, domain.ErrNotFound) {
			return domain.ChatFlow{}, nil
		}
		return domain.ChatFlow{}, err
	}
	if d.Flow == nil {
		return domain.ChatFlow{}, nil
	}
	return *d.Flow, nil
}

// SetChatFlow puts the chat into a conversation, replacing any other; f.Updated becomes
// now.
func (s *Store) SetChatFlow(ctx context.Context, chatID int64, f domain.ChatFlow) error {
	f.Updated = s.now()
	_, err := s.c(colChats).UpdateOne(ctx, bson.M{"_id": idOf(chatID)},
		bson.M{"$set": bson.M{"flow": f}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fail(err, "set flow of chat %d", chatID)
	}
	return nil
}

// ClearChatFlow ends the chat's conversation, if any.
func (s *Store) ClearChatFlow(ctx context.Context, chatID int64) error {
	if _, err := s.c(colChats).UpdateOne(ctx, bson.M{"_id": idOf(chatID)}, bson.M{"$unset": bson.M{"flow": ""}}); err != nil {
		return fail(err, "clear flow of chat %d", chatID)
	}
	return nil
}

// applyFlow writes a FlowChange: the new flow carrying the update id that caused it, or
// the end of the conversation when Flow is nil.
func (s *Store) applyFlow(ctx context.Context, fc domain.FlowChange) error {
	if fc.Flow == nil {
		return s.ClearChatFlow(ctx, fc.ChatID)
	}
	f := *fc.Flow
	f.Update = fc.UpdateID
	return s.SetChatFlow(ctx, fc.ChatID, f)
}
