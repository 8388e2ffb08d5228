package mongo

import (
	"context"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colUpdates = backup.ColUpdates

func init() {
	addIndexes(colUpdates,
		idx("state", "_id"),     // PendingUpdates
		idx("state", "uid"),     // PruneConfirmed
		idx("state", "handled"), // PruneUpdates
		idx("chat", "state"),    // ForgetUser
	)
}

// StoreUpdate inserts an update into the inbox. It reports false, with no error, when the
// update is already there (Telegram delivered it twice), so callers handle it once.
func (s *Store) StoreUpdate(ctx context.Context, updateID, chat int64, raw []byte) (bool, error) {
	_, err := s.c(colUpdates).InsertOne(ctx, domain.NewInboxUpdate(updateID, chat, raw, s.now()))
	if isDup(err) {
		return false, nil
	}
	if err != nil {
		return false, fail(err, "store update %d", updateID)
	}
	return true, nil
}

// PendingUpdates returns up to limit unhandled updates in update order, starting after the
// inbox id after ("" for the start).
func (s *Store) PendingUpdates(ctx context.Context, after string, limit int) ([]domain.InboxUpdate, error) {
	filter := bson.M{"state": domain.UpdateNew}
	if after != "" {
		filter["_id"] = bson.M{"$gt": after}
	}
	return findAll[domain.InboxUpdate](ctx, s.c(colUpdates), filter, "pending updates",
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)))
}

// MarkUpdateDone records that the update was handled; it is not handled again.
func (s *Store) MarkUpdateDone(ctx context.Context, updateID int64) error {
	return s.setUpdate(ctx, updateID, bson.M{"state": domain.UpdateDone, "handled": s.now()})
}

// DeleteUpdate removes an update that can never be delivered again (polling confirmed it).
func (s *Store) DeleteUpdate(ctx context.Context, updateID int64) error {
	if _, err := s.c(colUpdates).DeleteOne(ctx, bson.M{"_id": domain.InboxID(updateID)}); err != nil {
		return fail(err, "delete inbox entry %d", updateID)
	}
	return nil
}

// PruneConfirmed deletes handled updates whose id is below the polling offset Telegram has
// confirmed: they cannot come again, so they need not be remembered.
func (s *Store) PruneConfirmed(ctx context.Context, below int64) (int64, error) {
	res, err := s.c(colUpdates).DeleteMany(ctx, bson.M{"state": domain.UpdateDone, "uid": bson.M{"$lt": below}})
	if err != nil {
		return 0, fail(err, "prune confirmed updates")
	}
	return res.DeletedCount, nil
}

// MarkUpdateTried counts a failed attempt and keeps the update pending. It returns the
// number of tries so far, or domain.ErrNotFound for an update not in the inbox.
func (s *Store) MarkUpdateTried(ctx context.Context, updateID int64, cause error) (int, error) {
	var doc domain.InboxUpdate
	err := s.c(colUpdates).FindOneAndUpdate(ctx, bson.M{"_id": domain.InboxID(updateID)},
		bson.M{"$inc": bson.M{"tries": 1}, "$set": bson.M{"error": cause.Error()}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&doc)
	if err != nil {
		return 0, fail(err, "count try of update %d", updateID)
	}
	return doc.Tries, nil
}

// MarkUpdateFailed gives up on an update after too many tries, keeping the last error.
func (s *Store) MarkUpdateFailed(ctx context.Context, updateID int64, cause error) error {
	return s.setUpdate(ctx, updateID, bson.M{"state": domain.UpdateFailed, "error": cause.Error(), "handled": s.now()})
}

func (s *Store) setUpdate(ctx context.Context, updateID int64, set bson.M) error {
	if _, err := s.c(colUpdates).UpdateOne(ctx, bson.M{"_id": domain.InboxID(updateID)}, bson.M{"$set": set}); err != nil {
		return fail(err, "update inbox entry %d", updateID)
	}
	return nil
}

// PruneUpdates deletes handled and failed updates whose handling ended before cutoff.
// It returns how many were deleted.
func (s *Store) PruneUpdates(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.c(colUpdates).DeleteMany(ctx, bson.M{
		"state": bson.M{"$in": []string{domain.UpdateDone, domain.UpdateFailed}}, "handled": bson.M{"$lt": cutoff.UTC()},
	})
	if err != nil {
		return 0, fail(err, "prune updates")
	}
	return res.DeletedCount, nil
}
