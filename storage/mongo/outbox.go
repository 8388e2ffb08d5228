package mongo

import (
	"context"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The outbox holds each message whole, text included (the FerretDB release kept texts in a
// collection of their own; Restore joins them back).
const colOutbox = backup.ColOutbox

func init() {
	addIndexes(colOutbox,
		idx("state", "not_before"), // DueOutbox: only queued messages are read
		idx("state", "updated"),    // OutboxByState, PruneOutbox, RecoverOutbox
		idx("batch", "_id"),        // OutboxBatch
		idx("batch", "state"),      // OutboxCounts
	)
}

// Enqueue inserts a queued message. It reports false, with no error, when a message with
// that ID exists already, whatever its state: the message is then not queued again.
func (s *Store) Enqueue(ctx context.Context, m domain.OutboxMessage) (bool, error) {
	now := s.now()
	m.State, m.Created, m.Updated, m.Holder, m.Tries = domain.OutboxQueued, now, now, "", 0
	if m.NotBefore.IsZero() {
		m.NotBefore = now
	}
	m.NotBefore = m.NotBefore.UTC()
	_, err := s.c(colOutbox).InsertOne(ctx, m)
	if isDup(err) {
		return false, nil
	}
	if err != nil {
		return false, fail(err, "enqueue %s", m.ID)
	}
	return true, nil
}

// DueOutbox returns up to limit queued messages whose NotBefore has come, oldest first,
// with their texts. The index on state and not_before keeps sent messages out of the read.
func (s *Store) DueOutbox(ctx context.Context, limit int) ([]domain.OutboxMessage, error) {
	return findAll[domain.OutboxMessage](ctx, s.c(colOutbox),
		bson.M{"state": domain.OutboxQueued, "not_before": bson.M{"$lte": s.now()}}, "due outbox messages",
		options.Find().SetSort(bson.D{{Key: "created", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
}

// ClaimOutbox moves a queued message to sending for holder with one conditional update,
// so of two senders only one gets it. It reports whether this caller got it.
func (s *Store) ClaimOutbox(ctx context.Context, id, holder string) (bool, error) {
	ok, err := s.casOutbox(ctx, id, []domain.OutboxState{domain.OutboxQueued},
		bson.M{"$set": bson.M{"state": domain.OutboxSending, "holder": holder, "updated": s.now()}, "$inc": bson.M{"tries": 1}})
	if err != nil {
		return false, fail(err, "claim %s", id)
	}
	return ok, nil
}

// MarkOutboxSent records a delivered message: the chat it reached and Telegram's message
// ids (one per part). A message marked unknown meanwhile is corrected to sent.
func (s *Store) MarkOutboxSent(ctx context.Context, id string, chat int64, messageIDs []int) error {
	return s.finishOutbox(ctx, id, bson.M{"state": domain.OutboxSent, "sent_chat": chat, "message_ids": messageIDs})
}

// MarkOutboxFailed records a message Telegram refused for good, with its description, and
// the ids of any parts it took before refusing.
func (s *Store) MarkOutboxFailed(ctx context.Context, id, description string, messageIDs []int) error {
	return s.finishOutbox(ctx, id, bson.M{"state": domain.OutboxFailed, "description": description, "message_ids": messageIDs})
}

// MarkOutboxUnknown records a message whose send may or may not have reached Telegram.
func (s *Store) MarkOutboxUnknown(ctx context.Context, id, description string) error {
	return s.finishOutbox(ctx, id, bson.M{"state": domain.OutboxUnknown, "description": description})
}

func (s *Store) finishOutbox(ctx context.Context, id string, set bson.M) error {
	set["updated"] = s.now()
	if _, err := s.casOutbox(ctx, id, []domain.OutboxState{domain.OutboxSending, domain.OutboxUnknown}, bson.M{"$set": set}); err != nil {
		return fail(err, "record outcome of %s", id)
	}
	return nil
}

// RequeueOutbox gives a claimed message back, not to be tried before notBefore: Telegram
// was not reached or asked to wait longer than the sender waits.
func (s *Store) RequeueOutbox(ctx context.Context, id string, notBefore time.Time, description string) error {
	_, err := s.casOutbox(ctx, id, []domain.OutboxState{domain.OutboxSending},
		bson.M{"$set": bson.M{"state": domain.OutboxQueued, "not_before": notBefore.UTC(), "description": description, "updated": s.now()}})
	if err != nil {
		return fail(err, "requeue %s", id)
	}
	return nil
}

// RecoverOutbox turns every message left sending by a process that died (or lost the
// sender lease) into unknown and returns them, for the officers' list. Call it before
// starting a dispatcher, never while another dispatcher runs.
func (s *Store) RecoverOutbox(ctx context.Context) ([]domain.OutboxMessage, error) {
	stuck, err := findAll[domain.OutboxMessage](ctx, s.c(colOutbox), bson.M{"state": domain.OutboxSending}, "messages left sending",
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := []domain.OutboxMessage{}
	for _, m := range stuck {
		now := s.now()
		ok, err := s.casOutbox(ctx, m.ID, []domain.OutboxState{domain.OutboxSending},
			bson.M{"$set": bson.M{"state": domain.OutboxUnknown, "description": "interrupted while sending", "updated": now}})
		if err != nil {
			return out, fail(err, "recover %s", m.ID)
		}
		if ok {
			m.State, m.Description, m.Updated = domain.OutboxUnknown, "interrupted while sending", now
			out = append(out, m)
		}
	}
	return out, nil
}

// casOutbox applies update to message id if its state is one of from, and reports whether
// it did: one conditional update, atomic on the server.
func (s *Store) casOutbox(ctx context.Context, id string, from []domain.OutboxState, update bson.M) (bool, error) {
	res, err := s.c(colOutbox).UpdateOne(ctx, bson.M{"_id": id, "state": bson.M{"$in": from}}, update)
	if err != nil {
		return false, err
	}
	return res.MatchedCount == 1, nil
}

// OutboxMessageByID returns one message, or domain.ErrNotFound.
func (s *Store) OutboxMessageByID(ctx context.Context, id string) (domain.OutboxMessage, error) {
	var m domain.OutboxMessage
	if err := s.c(colOutbox).FindOne(ctx, bson.M{"_id": id}).Decode(&m); err != nil {
		return domain.OutboxMessage{}, fail(err, "load outbox message %s", id)
	}
	return m, nil
}

// OutboxBatch returns the messages of one batch sorted by ID, for delivery reports.
func (s *Store) OutboxBatch(ctx context.Context, batch string) ([]domain.OutboxMessage, error) {
	return findAll[domain.OutboxMessage](ctx, s.c(colOutbox), bson.M{"batch": batch}, "outbox batch "+batch,
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
}

// OutboxCounts counts the messages of one batch by state, on the server.
func (s *Store) OutboxCounts(ctx context.Context, batch string) (map[domain.OutboxState]int, error) {
	cur, err := s.c(colOutbox).Aggregate(ctx, bson.A{
		bson.M{"$match": bson.M{"batch": batch}},
		bson.M{"$group": bson.M{"_id": "$state", "n": bson.M{"$sum": 1}}},
	})
	if err != nil {
		return nil, fail(err, "count outbox batch %s", batch)
	}
	var rows []struct {
		State domain.OutboxState `bson:"_id"`
		N     int                `bson:"n"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fail(err, "read counts of outbox batch %s", batch)
	}
	out := make(map[domain.OutboxState]int, len(rows))
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

// OutboxByState returns up to limit messages in one state, newest first (limit 0: all).
func (s *Store) OutboxByState(ctx context.Context, state domain.OutboxState, limit int) ([]domain.OutboxMessage, error) {
	o := options.Find().SetSort(bson.D{{Key: "updated", Value: -1}, {Key: "_id", Value: 1}})
	if limit > 0 {
		o.SetLimit(int64(limit))
	}
	return findAll[domain.OutboxMessage](ctx, s.c(colOutbox), bson.M{"state": state}, "outbox messages "+string(state), o)
}

// PruneOutbox deletes sent, failed and unknown messages last changed before cutoff; queued
// and sending ones stay. It returns how many were deleted.
func (s *Store) PruneOutbox(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.c(colOutbox).DeleteMany(ctx, bson.M{
		"state":   bson.M{"$in": []domain.OutboxState{domain.OutboxSent, domain.OutboxFailed, domain.OutboxUnknown}},
		"updated": bson.M{"$lt": cutoff.UTC()},
	})
	if err != nil {
		return 0, fail(err, "prune outbox")
	}
	return res.DeletedCount, nil
}
