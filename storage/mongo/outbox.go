package mongo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// The outbox keeps each message's text in a collection of its own: the embedded server
// parses every document of a collection on each update, so the documents the dispatcher
// updates stay small.
const (
	colOutbox     = "outbox"
	colOutboxText = "outbox_texts"
)

type outboxText struct {
	ID   string `bson:"_id"`
	Text string `bson:"text"`
}

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
// restart from sending it twice. Text is Telegram HTML; it is filled in by DueOutbox and
// OutboxMessageByID, the readers that need it. Batch groups the messages of one
// reminder stage or announcement for delivery reports; Kind says who it is for ("school",
// "group", "officer", "announce", "notice").
type OutboxMessage struct {
	ID          string      `bson:"_id"`
	ChatID      int64       `bson:"chat_id"`
	Text        string      `bson:"-"`
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
	// The text first: a crash between the two inserts leaves an unused text, never a
	// message without one. A text already there belongs to the same id, so it is kept.
	if _, err := s.c(colOutboxText).InsertOne(ctx, outboxText{ID: m.ID, Text: m.Text}); err != nil && !isDup(err) {
		return false, fmt.Errorf("enqueue %s: %w", m.ID, err)
	}
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
	ms, err := s.findOutbox(ctx, bson.M{"state": OutboxQueued, "not_before": bson.M{"$lte": s.now().UTC()}},
		options.Find().SetSort(bson.D{{Key: "created", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, err
	}
	return ms, s.fillTexts(ctx, ms)
}

// fillTexts loads the texts of ms with one query.
func (s *Store) fillTexts(ctx context.Context, ms []OutboxMessage) error {
	if len(ms) == 0 {
		return nil
	}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	cur, err := s.c(colOutboxText).Find(ctx, bson.M{"_id": bson.M{"$in": ids}})
	if err != nil {
		return fmt.Errorf("find outbox texts: %w", err)
	}
	var texts []outboxText
	if err := cur.All(ctx, &texts); err != nil {
		return fmt.Errorf("read outbox texts: %w", err)
	}
	byID := make(map[string]string, len(texts))
	for _, t := range texts {
		byID[t.ID] = t.Text
	}
	for i := range ms {
		ms[i].Text = byID[ms[i].ID]
	}
	return nil
}

// ClaimOutbox moves a queued message to sending for holder with one conditional update,
// so of two senders only one gets it. It reports whether this caller got it.
func (s *Store) ClaimOutbox(ctx context.Context, id, holder string) (bool, error) {
	ok, err := s.cas(ctx, id, []OutboxState{OutboxQueued},
		bson.M{"$set": bson.M{"state": OutboxSending, "holder": holder, "updated": s.now().UTC()}, "$inc": bson.M{"tries": 1}})
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", id, err)
	}
	return ok, nil
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
	if _, err := s.cas(ctx, id, []OutboxState{OutboxSending, OutboxUnknown}, bson.M{"$set": set}); err != nil {
		return fmt.Errorf("record outcome of %s: %w", id, err)
	}
	return nil
}

// RequeueOutbox gives a claimed message back, not to be tried before notBefore: Telegram
// was not reached or asked to wait longer than the sender waits.
func (s *Store) RequeueOutbox(ctx context.Context, id string, notBefore time.Time, description string) error {
	_, err := s.cas(ctx, id, []OutboxState{OutboxSending},
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
		ok, err := s.cas(ctx, m.ID, []OutboxState{OutboxSending},
			bson.M{"$set": bson.M{"state": OutboxUnknown, "description": "interrupted while sending", "updated": s.now().UTC()}})
		if err != nil {
			return out, fmt.Errorf("recover %s: %w", m.ID, err)
		}
		if ok {
			m.State = OutboxUnknown
			out = append(out, m)
		}
	}
	return out, nil
}

// cas applies update to message id if its state is one of from, and reports whether it
// did. On MongoDB it is one conditional update, atomic on the server. The embedded server
// answers a filter on _id and state by scanning the whole collection (tens of ms at a
// thousand messages); there only this process writes (the data directory is locked), so
// a process-wide mutex around a read and a write by the lone _id is as safe and faster.
func (s *Store) cas(ctx context.Context, id string, from []OutboxState, update bson.M) (bool, error) {
	if s.embedded == nil {
		res, err := s.c(colOutbox).UpdateOne(ctx, bson.M{"_id": id, "state": bson.M{"$in": from}}, update)
		if err != nil {
			return false, err
		}
		return res.MatchedCount == 1, nil
	}
	s.casMu.Lock()
	defer s.casMu.Unlock()
	var cur struct {
		State OutboxState `bson:"state"`
	}
	err := s.c(colOutbox).FindOne(ctx, bson.M{"_id": id}).Decode(&cur)
	if notFound(err) || (err == nil && !slices.Contains(from, cur.State)) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := s.c(colOutbox).UpdateOne(ctx, bson.M{"_id": id}, update); err != nil {
		return false, err
	}
	return true, nil
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
	return ms[0], s.fillTexts(ctx, ms)
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
	old, err := s.findOutbox(ctx, bson.M{"state": bson.M{"$in": []OutboxState{OutboxSent, OutboxFailed}}, "updated": bson.M{"$lt": cutoff.UTC()}}, nil)
	if err != nil || len(old) == 0 {
		return 0, err
	}
	ids := make([]string, len(old))
	for i, m := range old {
		ids[i] = m.ID
	}
	res, err := s.c(colOutbox).DeleteMany(ctx, bson.M{"_id": bson.M{"$in": ids}})
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	if _, err := s.c(colOutboxText).DeleteMany(ctx, bson.M{"_id": bson.M{"$in": ids}}); err != nil {
		return res.DeletedCount, fmt.Errorf("prune outbox texts: %w", err)
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
