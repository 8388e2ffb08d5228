package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Inbox states of a stored update.
const (
	UpdateNew    = "new"    // stored, not yet handled
	UpdateDone   = "done"   // handled
	UpdateFailed = "failed" // given up after too many tries
)

// InboxUpdate is a Telegram update kept in the durable inbox until it has been handled.
// Raw is the update's JSON as Telegram sent it.
type InboxUpdate struct {
	ID       string    `bson:"_id"` // the update_id zero-padded to 12 digits, so _id order is update order
	UpdateID int64     `bson:"uid"`
	Chat     int64     `bson:"chat"` // the chat whose updates are handled one at a time
	Raw      string    `bson:"raw"`
	State    string    `bson:"state"`
	Tries    int       `bson:"tries"`
	Error    string    `bson:"error,omitempty"`
	Received time.Time `bson:"received"`
	Handled  time.Time `bson:"handled,omitempty"`
}

func init() {
	addIndexes(colUpdates, idx(false, "state", "uid"), idx(false, "state", "handled"))
}

func inboxID(updateID int64) string { return fmt.Sprintf("%012d", updateID) }

// NewInboxUpdate is the inbox entry StoreUpdate writes for an update, so a caller that just
// stored one can hand it to the consumer without reading it back.
func NewInboxUpdate(updateID, chat int64, raw []byte, received time.Time) InboxUpdate {
	return InboxUpdate{ID: inboxID(updateID), UpdateID: updateID, Chat: chat, Raw: string(raw), State: UpdateNew, Received: received.UTC()}
}

// StoreUpdate inserts an update into the inbox. It reports false, with no error, when the
// update is already there (Telegram delivered it twice), so callers handle it once.
func (s *Store) StoreUpdate(ctx context.Context, updateID, chat int64, raw []byte) (bool, error) {
	_, err := s.c(colUpdates).InsertOne(ctx, NewInboxUpdate(updateID, chat, raw, s.now()))
	if isDup(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store update %d: %w", updateID, err)
	}
	return true, nil
}

// PendingUpdates returns up to limit unhandled updates in update order, starting after the
// inbox id after ("" for the start).
func (s *Store) PendingUpdates(ctx context.Context, after string, limit int) ([]InboxUpdate, error) {
	filter := bson.M{"state": UpdateNew}
	if after != "" {
		filter["_id"] = bson.M{"$gt": after}
	}
	return findAll[InboxUpdate](ctx, s.c(colUpdates), filter, "pending updates", options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)))
}

// MarkUpdateDone records that the update was handled; it is not handled again.
func (s *Store) MarkUpdateDone(ctx context.Context, updateID int64) error {
	return s.setUpdate(ctx, updateID, bson.M{"state": UpdateDone, "handled": s.now().UTC()})
}

// DeleteUpdate removes a handled update from the inbox. Use it instead of MarkUpdateDone
// when the update can never be delivered again (polling confirmed it): the embedded store
// reads the whole collection for each lookup, so the inbox must stay small.
func (s *Store) DeleteUpdate(ctx context.Context, updateID int64) error {
	if _, err := s.c(colUpdates).DeleteOne(ctx, bson.M{"_id": inboxID(updateID)}); err != nil {
		return fmt.Errorf("delete inbox entry %d: %w", updateID, err)
	}
	return nil
}

// PruneConfirmed deletes handled updates whose id is below the polling offset Telegram has
// confirmed: they cannot come again, so they need not be remembered.
func (s *Store) PruneConfirmed(ctx context.Context, below int64) (int64, error) {
	res, err := s.c(colUpdates).DeleteMany(ctx, bson.M{"state": UpdateDone, "uid": bson.M{"$lt": below}})
	if err != nil {
		return 0, fmt.Errorf("prune confirmed updates: %w", err)
	}
	return res.DeletedCount, nil
}

// MarkUpdateTried counts a failed attempt and keeps the update pending. It returns the
// number of tries so far.
func (s *Store) MarkUpdateTried(ctx context.Context, updateID int64, cause error) (int, error) {
	var doc InboxUpdate
	err := s.c(colUpdates).FindOneAndUpdate(ctx, bson.M{"_id": inboxID(updateID)},
		bson.M{"$inc": bson.M{"tries": 1}, "$set": bson.M{"error": cause.Error()}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&doc)
	if err != nil {
		return 0, fmt.Errorf("count try of update %d: %w", updateID, err)
	}
	return doc.Tries, nil
}

// MarkUpdateFailed gives up on an update after too many tries, keeping the last error.
func (s *Store) MarkUpdateFailed(ctx context.Context, updateID int64, cause error) error {
	return s.setUpdate(ctx, updateID, bson.M{"state": UpdateFailed, "error": cause.Error(), "handled": s.now().UTC()})
}

func (s *Store) setUpdate(ctx context.Context, updateID int64, set bson.M) error {
	_, err := s.c(colUpdates).UpdateOne(ctx, bson.M{"_id": inboxID(updateID)}, bson.M{"$set": set})
	if err != nil {
		return fmt.Errorf("update inbox entry %d: %w", updateID, err)
	}
	return nil
}

// PruneUpdates deletes handled and failed updates whose handling ended before cutoff.
// It returns how many were deleted.
func (s *Store) PruneUpdates(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.c(colUpdates).DeleteMany(ctx, bson.M{
		"state": bson.M{"$in": []string{UpdateDone, UpdateFailed}}, "handled": bson.M{"$lt": cutoff.UTC()},
	})
	if err != nil {
		return 0, fmt.Errorf("prune updates: %w", err)
	}
	return res.DeletedCount, nil
}
