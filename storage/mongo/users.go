package mongo

import (
	"context"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func init() {
	addIndexes(colUsers, idx(false, "school"))
}

// userDoc is a domain.User with its string _id.
type userDoc struct {
	ID          string `bson:"_id"`
	domain.User `bson:",inline"`
}

// User returns the user with Telegram id id, or domain.ErrNotFound.
func (s *Store) User(ctx context.Context, id int64) (domain.User, error) {
	var d userDoc
	err := s.c(colUsers).FindOne(ctx, bson.M{"_id": idOf(id)}).Decode(&d)
	if notFound(err) {
		return domain.User{}, domain.ErrNotFound
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("load user %d: %w", id, err)
	}
	return d.User, nil
}

// seenEvery is how stale User.Seen may get before TouchUser writes it again: a write costs
// several times a read on the embedded store, and people write to the bot in bursts.
const seenEvery = time.Hour

// TouchUser records that a user wrote to the bot: their name, username and Telegram
// language, the time (to the hour), and, for a private chat, that they can now be messaged.
// It creates the user on first contact and returns the stored user. When nothing changed it
// only reads.
func (s *Store) TouchUser(ctx context.Context, u domain.User, private bool) (domain.User, error) {
	if cur, err := s.User(ctx, u.ID); err == nil && cur.Name == u.Name && cur.Username == u.Username &&
		cur.TgLang == u.TgLang && (!private || cur.Started && !cur.Unreachable) && s.now().Sub(cur.Seen) < seenEvery {
		return cur, nil
	}
	set := bson.M{"name": u.Name, "username": u.Username, "tg_lang": u.TgLang, "seen": s.now().UTC()}
	if private {
		set["started"] = true
		set["unreachable"] = false
	}
	var d userDoc
	err := s.c(colUsers).FindOneAndUpdate(ctx, bson.M{"_id": idOf(u.ID)},
		bson.M{"$set": set, "$setOnInsert": bson.M{"tg_id": u.ID}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return domain.User{}, fmt.Errorf("touch user %d: %w", u.ID, err)
	}
	return d.User, nil
}

// SetUserLang stores the language a user chose with /lang ("vi" or "en").
func (s *Store) SetUserLang(ctx context.Context, id int64, lang string) error {
	_, err := s.c(colUsers).UpdateOne(ctx, bson.M{"_id": idOf(id)}, bson.M{"$set": bson.M{"lang": lang}})
	if err != nil {
		return fmt.Errorf("set language of user %d: %w", id, err)
	}
	return nil
}

// SetUserUnreachable records whether private messages to the user fail with 403.
func (s *Store) SetUserUnreachable(ctx context.Context, id int64, unreachable bool) error {
	_, err := s.c(colUsers).UpdateOne(ctx, bson.M{"_id": idOf(id)}, bson.M{"$set": bson.M{"unreachable": unreachable}})
	if err != nil {
		return fmt.Errorf("mark user %d unreachable: %w", id, err)
	}
	return nil
}
