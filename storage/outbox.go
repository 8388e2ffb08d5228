package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colOutbox = "outbox"

func init() {
	addIndexes(colOutbox, idx(false, "state", "not_before"), idx(false, "batch", "state"))
}

// OutboxState is where an outgoing broadcast message stands.
type OutboxState string

// Outbox states: queued → sending → sent | failed | unknown. A message left "sending" by a
// crash becomes "unknown": Telegram has no idempotency key, so it is never sent again.
const (
	OutboxQueued  OutboxState = "queued"
	OutboxSending OutboxState = "sending"
	OutboxSent    OutboxState = "sent"
	OutboxFailed  OutboxState = "failed"
	OutboxUnknown OutboxState = "unknown"
)

// OutboxMessage is one broadcast message. ID is its identity ("2026-H1:d7:u123" for a
// reminder): creating it twice is impossible, which is what keeps two schedulers or a
// restart from sending it twice. Text is Telegram HTML. Batch groups the messages of one
// reminder stage or announcement for delivery reports; Kind says who it is for ("school",
// "group", "officer", "announce", "notice").
type OutboxMessage struct {
	ID          string      `bson:"_id"`
	ChatID      int64       `bson:"chat_id"`
	Text        string      `bson:"text"`
	Kind        string      `bson:"kind"`
	Batch       string      `bson:"batch"`
	State       OutboxState `bson:"state"`
	Created     time.Time   `bson:"created"`
	Updated     time.Time   `bson:"updated"`
	NotBefore   time.Time   `bson:"not_before"` // not sent before this instant
	Holder      string      `bson:"holder,omitempty"`
	Tries       int         `bson:"tries"`
	SentChat    int64       `bson:"sent_chat,omitempty"` // the chat it went to, after a group migration
	MessageIDs  []int       `bson:"message_ids,omitempty"`
	Description string      `bson:"description,omitempty"` // Telegram's answer when not sent
}

// Enqueue inserts a queued message. It reports false, with no error, when a message with
// that ID exists already, whatever its state: the message is then not queued again.
func (s *Store) Enqueue(ctx context.Context, m OutboxMessage) (bool, error) {
	now := s.now().UTC()
	m.State, m.Created, m.Updated = OutboxQueued, now, now
	if m.NotBefore.IsZero() {
		m.NotBefore = now
	}
	m.NotBefore = m.NotBefore.UTC()
	_, err := s.c(colOutbox).InsertOne(ctx, m)
	if isDup(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", m.ID, err)
	}
	return true, nil
}

// DueOutbox returns up to limit queued messages whose NotBefore has come, oldest first.
func (s *Store) DueOutbox(ctx context.Context, limit int) ([]OutboxMessage, error) {
	return s.findOutbox(ctx, bson.M{"state": OutboxQueued, "not_before": bson.M{"$lte": s.now().UTC()}},
		options.Find().SetSort(bson.D{{Key: "created", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
}

// ClaimOutbox moves a queued message to sending for holder with one conditional update,
// so of two senders only one gets it. It reports whether this caller got it.
func (s *Store) ClaimOutbox(ctx context.Context, id, holder string) (bool, error) {
	res, err := s.c(colOutbox).UpdateOne(ctx, bson.M{"_id": id, "state": OutboxQueued},
		bson.M{"$set": bson.M{"state": OutboxSending, "holder": holder, "updated": s.now().UTC()}, "$inc": bson.M{"tries": 1}})
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", id, err)
	}
	return res.MatchedCount == 1, nil
}

// MarkOutboxSent records a delivered message: the chat it reached and Telegram's message
// ids (one per part). A message marked unknown meanwhile is corrected to sent.
func (s *Store) MarkOutboxSent(ctx context.Context, id string, chat int64, messageIDs []int) error {
	return s.finishOutbox(ctx, id, bson.M{"state": OutboxSent, "sent_chat": chat, "message_ids": messageIDs})
}

// MarkOutboxFailed records a message Telegram refused for good, with its description, and
// the ids of any parts it took before refusing.
func (s *Store) MarkOutboxFailed(ctx context.Context, id, description string, messageIDs []int) error {
	return s.finishOutbox(ctx, id, bson.M{"state": OutboxFailed, "description": description, "message_ids": messageIDs})
}

// MarkOutboxUnknown records a message whose send may or may not have reached Telegram.
func (s *Store) MarkOutboxUnknown(ctx context.Context, id, description string) error {
	return s.finishOutbox(ctx, id, bson.M{"state": OutboxUnknown, "description": description})
}

func (s *Store) finishOutbox(ctx context.Context, id string, set bson.M) error {
	set["updated"] = s.now().UTC()
	_, err := s.c(colOutbox).UpdateOne(ctx, bson.M{"_id": id, "state": bson.M{"$in": []OutboxState{OutboxSending, OutboxUnknown}}}, bson.M{"$set": set})
	if err != nil {
		return fmt.Errorf("record outcome of %s: %w", id, err)
	}
	return nil
}

// RequeueOutbox gives a claimed message back, not to be tried before notBefore: Telegram
// was not reached or asked to wait longer than the sender waits.
func (s *Store) RequeueOutbox(ctx context.Context, id string, notBefore time.Time, description string) error {
	_, err := s.c(colOutbox).UpdateOne(ctx, bson.M{"_id": id, "state": OutboxSending},
		bson.M{"$set": bson.M{"state": OutboxQueued, "not_before": notBefore.UTC(), "description": description, "updated": s.now().UTC()}})
	if err != nil {
		return fmt.Errorf("requeue %s: %w", id, err)
	}
	return nil
}

// RecoverOutbox turns every message left sending by a process that died (or lost the
// sender lease) into unknown and returns them, for the officers' list. Call it before
// starting a dispatcher, never while another dispatcher runs.
func (s *Store) RecoverOutbox(ctx context.Context) ([]OutboxMessage, error) {
	stuck, err := s.findOutbox(ctx, bson.M{"state": OutboxSending}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var out []OutboxMessage
	for _, m := range stuck {
		res, err := s.c(colOutbox).UpdateOne(ctx, bson.M{"_id": m.ID, "state": OutboxSending},
			bson.M{"$set": bson.M{"state": OutboxUnknown, "description": "interrupted while sending", "updated": s.now().UTC()}})
		if err != nil {
			return out, fmt.Errorf("recover %s: %w", m.ID, err)
		}
		if res.MatchedCount == 1 {
			m.State = OutboxUnknown
			out = append(out, m)
		}
	}
	return out, nil
}

// OutboxMessageByID returns one message, or ErrNotFound from the domain.
func (s *Store) OutboxMessageByID(ctx context.Context, id string) (OutboxMessage, error) {
	ms, err := s.findOutbox(ctx, bson.M{"_id": id}, nil)
	if err != nil {
		return OutboxMessage{}, err
	}
	if len(ms) == 0 {
		return OutboxMessage{}, domain.ErrNotFound
	}
	return ms[0], nil
}

// OutboxBatch returns the messages of one batch sorted by ID, for delivery reports.
func (s *Store) OutboxBatch(ctx context.Context, batch string) ([]OutboxMessage, error) {
	return s.findOutbox(ctx, bson.M{"batch": batch}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
}

// OutboxCounts counts the messages of one batch by state.
func (s *Store) OutboxCounts(ctx context.Context, batch string) (map[OutboxState]int, error) {
	ms, err := s.OutboxBatch(ctx, batch)
	if err != nil {
		return nil, err
	}
	out := map[OutboxState]int{}
	for _, m := range ms {
		out[m.State]++
	}
	return out, nil
}

// OutboxByState returns up to limit messages in one state, newest first (limit 0: all).
func (s *Store) OutboxByState(ctx context.Context, state OutboxState, limit int) ([]OutboxMessage, error) {
	o := options.Find().SetSort(bson.D{{Key: "updated", Value: -1}, {Key: "_id", Value: 1}})
	if limit > 0 {
		o.SetLimit(int64(limit))
	}
	return s.findOutbox(ctx, bson.M{"state": state}, o)
}

// PruneOutbox deletes sent and failed messages last changed before cutoff; queued and
// unknown ones stay until someone has seen them.
func (s *Store) PruneOutbox(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.c(colOutbox).DeleteMany(ctx, bson.M{"state": bson.M{"$in": []OutboxState{OutboxSent, OutboxFailed}}, "updated": bson.M{"$lt": cutoff.UTC()}})
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	return res.DeletedCount, nil
}

func (s *Store) findOutbox(ctx context.Context, filter bson.M, o *options.FindOptions) ([]OutboxMessage, error) {
	if o == nil {
		o = options.Find()
	}
	cur, err := s.c(colOutbox).Find(ctx, filter, o)
	if err != nil {
		return nil, fmt.Errorf("find outbox messages: %w", err)
	}
	var out []OutboxMessage
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read outbox messages: %w", err)
	}
	return out, nil
}
