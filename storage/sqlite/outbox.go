package sqlite

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

const outboxCols = "id, chat_id, text, kind, batch, state, created, updated, not_before, holder, tries, sent_chat, message_ids, description, doc"

var outboxKeys = keys("id", "chat_id", "text", "kind", "batch", "state", "created", "updated", "not_before", "holder", "tries",
	"sent_chat", "message_ids", "description")

func scanOutbox(sc interface{ Scan(...any) error }) (domain.OutboxMessage, error) {
	var m domain.OutboxMessage
	err := sc.Scan(&m.ID, &m.ChatID, &m.Text, &m.Kind, &m.Batch, &m.State, at(&m.Created), at(&m.Updated),
		at(&m.NotBefore), &m.Holder, &m.Tries, &m.SentChat, jsonOf(&m.MessageIDs), &m.Description, docOf(&m))
	return m, err
}

// messageIDs is the column value of Telegram message ids: NULL for none.
func messageIDs(ids []int) (any, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return jsonText(ids)
}

// Enqueue inserts a queued message; false, nil when its ID exists in any state.
func (s *Store) Enqueue(ctx context.Context, m domain.OutboxMessage) (bool, error) {
	now := s.now().UnixMilli()
	notBefore := now
	if !m.NotBefore.IsZero() {
		notBefore = m.NotBefore.UnixMilli()
	}
	rest := m
	rest.Text = ""
	doc, err := restDoc(rest, outboxKeys)
	if err != nil {
		return false, err
	}
	n, err := s.exec(ctx, "enqueue "+m.ID,
		`INSERT INTO outbox (id, chat_id, text, kind, batch, state, created, updated, not_before, doc)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		m.ID, m.ChatID, m.Text, m.Kind, m.Batch, domain.OutboxQueued, now, now, notBefore, doc)
	return n == 1, err
}

const qDueOutbox = `SELECT ` + outboxCols + ` FROM outbox
	WHERE state = 'queued' AND not_before <= ? ORDER BY created, id LIMIT ?`

// DueOutbox returns up to limit queued messages whose NotBefore has come, oldest first,
// texts included. It reads only queued messages: its cost does not grow with the sent ones.
func (s *Store) DueOutbox(ctx context.Context, limit int) ([]domain.OutboxMessage, error) {
	return s.queryOutbox(ctx, "due outbox messages", qDueOutbox, s.now().UnixMilli(), limit)
}

const qClaimOutbox = `UPDATE outbox SET state = 'sending', holder = ?, updated = ?, tries = tries + 1
	WHERE id = ? AND state = 'queued'`

// ClaimOutbox moves a queued message to sending for holder with one conditional update;
// false when it was not queued (another sender has it, or it is gone).
func (s *Store) ClaimOutbox(ctx context.Context, id, holder string) (bool, error) {
	n, err := s.exec(ctx, "claim "+id, qClaimOutbox, holder, s.now().UnixMilli(), id)
	return n == 1, err
}

// MarkOutboxSent records a delivered message: the chat it reached and Telegram's message
// ids. A message marked unknown meanwhile is corrected to sent.
func (s *Store) MarkOutboxSent(ctx context.Context, id string, chat int64, ids []int) error {
	mids, err := messageIDs(ids)
	if err != nil {
		return err
	}
	return s.finishOutbox(ctx, id, `state = 'sent', sent_chat = ?, message_ids = ?`, chat, mids)
}

// MarkOutboxFailed records a message Telegram refused for good, with its description and
// the ids of any parts it took before refusing.
func (s *Store) MarkOutboxFailed(ctx context.Context, id, description string, ids []int) error {
	mids, err := messageIDs(ids)
	if err != nil {
		return err
	}
	return s.finishOutbox(ctx, id, `state = 'failed', description = ?, message_ids = ?`, description, mids)
}

// MarkOutboxUnknown records a message whose send may or may not have reached Telegram.
func (s *Store) MarkOutboxUnknown(ctx context.Context, id, description string) error {
	return s.finishOutbox(ctx, id, `state = 'unknown', description = ?`, description)
}

// finishOutbox records the outcome of a message that is sending (or was marked unknown).
func (s *Store) finishOutbox(ctx context.Context, id, set string, args ...any) error {
	args = append(args, s.now().UnixMilli(), id)
	_, err := s.exec(ctx, "record outcome of "+id,
		`UPDATE outbox SET `+set+`, updated = ? WHERE id = ? AND state IN ('sending', 'unknown')`, args...)
	return err
}

// RequeueOutbox puts a sending message back in the queue, not before notBefore.
func (s *Store) RequeueOutbox(ctx context.Context, id string, notBefore time.Time, description string) error {
	_, err := s.exec(ctx, "requeue "+id,
		`UPDATE outbox SET state = 'queued', not_before = ?, description = ?, updated = ? WHERE id = ? AND state = 'sending'`,
		notBefore.UnixMilli(), description, s.now().UnixMilli(), id)
	return err
}

const qRecoverOutbox = `UPDATE outbox SET state = 'unknown', description = 'interrupted while sending', updated = ?
	WHERE state = 'sending' RETURNING ` + outboxCols

// RecoverOutbox turns every message left sending (a crash) into unknown, in one statement,
// and returns them in id order.
func (s *Store) RecoverOutbox(ctx context.Context) ([]domain.OutboxMessage, error) {
	var out []domain.OutboxMessage
	err := s.tx(ctx, "recover outbox", func(tx wtx) error {
		rows, err := tx.QueryContext(ctx, qRecoverOutbox, s.now().UnixMilli())
		if err != nil {
			return err
		}
		out, err = collect(rows, scanOutbox)
		return err
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

const qOutboxByID = `SELECT ` + outboxCols + ` FROM outbox WHERE id = ?`

// OutboxMessageByID returns one message, or domain.ErrNotFound.
func (s *Store) OutboxMessageByID(ctx context.Context, id string) (domain.OutboxMessage, error) {
	m, err := scanOutbox(s.queryRow(ctx, qOutboxByID, id))
	return m, s.fail(ctx, "load outbox message "+id, err)
}

const qOutboxBatch = `SELECT ` + outboxCols + ` FROM outbox WHERE batch = ? ORDER BY id`

// OutboxBatch returns the messages of one batch sorted by ID, for delivery reports.
func (s *Store) OutboxBatch(ctx context.Context, batch string) ([]domain.OutboxMessage, error) {
	return s.queryOutbox(ctx, "outbox batch "+batch, qOutboxBatch, batch)
}

const qOutboxCounts = `SELECT state, count(*) FROM outbox WHERE batch = ? GROUP BY state`

// OutboxCounts counts the messages of one batch by state.
func (s *Store) OutboxCounts(ctx context.Context, batch string) (map[domain.OutboxState]int, error) {
	rows, err := s.query(ctx, qOutboxCounts, batch)
	if err != nil {
		return nil, s.fail(ctx, "count outbox batch "+batch, err)
	}
	defer rows.Close()
	out := map[domain.OutboxState]int{}
	for rows.Next() {
		var st domain.OutboxState
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, s.fail(ctx, "count outbox batch "+batch, err)
		}
		out[st] = n
	}
	return out, s.fail(ctx, "count outbox batch "+batch, rows.Err())
}

const qOutboxByState = `SELECT ` + outboxCols + ` FROM outbox WHERE state = ? ORDER BY updated DESC, id LIMIT ?`

// OutboxByState returns up to limit messages in one state, newest first (limit 0: all).
func (s *Store) OutboxByState(ctx context.Context, state domain.OutboxState, limit int) ([]domain.OutboxMessage, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	return s.queryOutbox(ctx, fmt.Sprintf("outbox messages %s", state), qOutboxByState, string(state), limit)
}

const qPruneOutbox = `DELETE FROM outbox WHERE state IN ('sent', 'failed', 'unknown') AND updated < ?`

// PruneOutbox deletes sent, failed and unknown messages last updated before cutoff; queued
// and sending ones stay.
func (s *Store) PruneOutbox(ctx context.Context, cutoff time.Time) (int64, error) {
	return s.exec(ctx, "prune outbox", qPruneOutbox, cutoff.UnixMilli())
}

func (s *Store) queryOutbox(ctx context.Context, what, query string, args ...any) ([]domain.OutboxMessage, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, s.fail(ctx, what, err)
	}
	out, err := collect(rows, scanOutbox)
	return out, s.fail(ctx, what, err)
}
