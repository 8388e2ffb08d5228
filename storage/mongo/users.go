package mongo

import (
	"context"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colUsers = backup.ColUsers

func init() {
	addIndexes(colUsers,
		idx("school", "linked_at", "_id"), // Reporters, AllReporters
		idx("school", "seen"),             // PruneStrangers
	)
}

// User returns the user with Telegram id id, or domain.ErrNotFound.
func (s *Store) User(ctx context.Context, id int64) (domain.User, error) {
	var d backup.User
	if err := s.c(colUsers).FindOne(ctx, bson.M{"_id": idOf(id)}).Decode(&d); err != nil {
		return domain.User{}, fail(err, "load user %d", id)
	}
	return d.User, nil
}

// seenEvery is how stale User.Seen may get before TouchUser writes it again: people write
// to the bot in bursts, and a read is cheaper than a write.
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
	set := bson.M{"name": u.Name, "username": u.Username, "tg_lang": u.TgLang, "seen": s.now()}
	if private {
		set["started"] = true
		set["unreachable"] = false
	}
	var d backup.User
	err := s.c(colUsers).FindOneAndUpdate(ctx, bson.M{"_id": idOf(u.ID)},
		bson.M{"$set": set, "$setOnInsert": bson.M{"tg_id": u.ID}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return domain.User{}, fail(err, "touch user %d", u.ID)
	}
	return d.User, nil
}

// SetUserLang stores the language a user chose with /lang ("vi" or "en").
func (s *Store) SetUserLang(ctx context.Context, id int64, lang string) error {
	if _, err := s.c(colUsers).UpdateOne(ctx, bson.M{"_id": idOf(id)}, bson.M{"$set": bson.M{"lang": lang}}); err != nil {
		return fail(err, "set language of user %d", id)
	}
	return nil
}

// SetUserUnreachable records whether private messages to the user fail with 403.
func (s *Store) SetUserUnreachable(ctx context.Context, id int64, unreachable bool) error {
	if _, err := s.c(colUsers).UpdateOne(ctx, bson.M{"_id": idOf(id)}, bson.M{"$set": bson.M{"unreachable": unreachable}}); err != nil {
		return fail(err, "mark user %d unreachable", id)
	}
	return nil
}

// SetUserPhone stores the phone number the user shared ("" forgets it).
func (s *Store) SetUserPhone(ctx context.Context, id int64, phone string) error {
	if _, err := s.c(colUsers).UpdateOne(ctx, bson.M{"_id": idOf(id)}, bson.M{"$set": bson.M{"phone": phone}}); err != nil {
		return fail(err, "set phone of user %d", id)
	}
	return nil
}

// PruneStrangers deletes the users linked to no school who have not written since cutoff,
// except those in keep (officers are known by configuration, not by a stored role), and
// returns how many.
func (s *Store) PruneStrangers(ctx context.Context, cutoff time.Time, keep []int64) (int64, error) {
	kept := bson.A{}
	for _, id := range keep {
		kept = append(kept, idOf(id))
	}
	res, err := s.c(colUsers).DeleteMany(ctx, bson.M{"school": bson.M{"$in": bson.A{nil, ""}}, "seen": bson.M{"$lt": cutoff.UTC()},
		"_id": bson.M{"$nin": kept}})
	if err != nil {
		return 0, fail(err, "prune strangers")
	}
	return res.DeletedCount, nil
}
