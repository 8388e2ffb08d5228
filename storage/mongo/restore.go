package mongo

import (
	"context"
	"fmt"
	"io"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// recordTypes checks that a backup's document has the shape of its collection's record
// type before anything is written.
var recordTypes = map[string]func(bson.Raw) error{
	backup.ColAttempts:       check[backup.Attempt],
	backup.ColAudit:          check[domain.AuditEntry],
	backup.ColBench:          check[backup.Counter],
	backup.ColChats:          check[backup.Chat],
	backup.ColDrafts:         check[domain.Draft],
	backup.ColGroups:         check[backup.Group],
	backup.ColInvites:        check[backup.Invite],
	backup.ColLeases:         check[backup.Lease],
	backup.ColMeta:           check[backup.Meta],
	backup.ColOutbox:         check[domain.OutboxMessage],
	backup.ColOutboxTexts:    check[backup.OutboxText],
	backup.ColPeriods:        check[backup.Period],
	backup.ColQuestionnaires: check[backup.Questionnaire],
	backup.ColReturns:        check[domain.Return],
	backup.ColRevisions:      check[domain.Revision],
	backup.ColSchools:        check[domain.School],
	backup.ColSettings:       check[backup.Setting],
	backup.ColSubmissions:    check[domain.Submission],
	backup.ColUpdates:        check[domain.InboxUpdate],
	backup.ColUsers:          check[backup.User],
}

func check[T any](raw bson.Raw) error {
	var v T
	return bson.Unmarshal(raw, &v)
}

// Restore loads a backup in storage/backup's format into this store, which must hold no
// documents (storage.ErrNotEmpty otherwise), and returns the documents restored per
// collection. The whole file is read and every document checked against its record type
// before the first write, so a damaged file writes nothing. Settings named as secrets are
// dropped (backup.Read), and the FerretDB release's outbox_texts are joined into the
// outbox documents' text, so its count is not returned.
func (s *Store) Restore(ctx context.Context, r io.Reader) (map[string]int, error) {
	counts, err := s.Counts(ctx)
	if err != nil {
		return nil, err
	}
	for col, n := range counts {
		if n > 0 {
			return nil, fmt.Errorf("restore: %s holds %d documents: %w", col, n, storage.ErrNotEmpty)
		}
	}
	f, err := backup.Read(r, storage.SecretPrefix)
	if err != nil {
		return nil, err
	}
	docs := map[string][]any{}
	for _, col := range f.Collections {
		chk, ok := recordTypes[col]
		if !ok {
			return nil, fmt.Errorf("restore: unknown collection %q in the backup", col)
		}
		for i, raw := range f.Docs[col] {
			if err := chk(raw); err != nil {
				return nil, fmt.Errorf("restore: record %d of %s: %w", i+1, col, err)
			}
			docs[col] = append(docs[col], raw)
		}
	}
	if _, old := docs[backup.ColOutboxTexts]; old {
		joined, err := joinOutboxTexts(f)
		if err != nil {
			return nil, err
		}
		docs[backup.ColOutbox] = joined
		delete(docs, backup.ColOutboxTexts)
	}
	out := map[string]int{}
	for _, col := range f.Collections {
		batch := docs[col]
		for len(batch) > 0 {
			n := min(len(batch), bulkBatch)
			if _, err := s.c(col).InsertMany(ctx, batch[:n]); err != nil {
				return out, fail(err, "restore %s (after %d documents)", col, out[col])
			}
			out[col] += n
			batch = batch[n:]
		}
	}
	return out, nil
}

// joinOutboxTexts returns the outbox documents of a FerretDB release's backup with the
// texts it kept apart put back. A text whose message is not there (the old Enqueue wrote
// the text first) is dropped.
func joinOutboxTexts(f *backup.File) ([]any, error) {
	texts, err := backup.Decode[backup.OutboxText](f, backup.ColOutboxTexts)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]string, len(texts))
	for _, t := range texts {
		byID[t.ID] = t.Text
	}
	msgs, err := backup.Decode[domain.OutboxMessage](f, backup.ColOutbox)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(msgs))
	for i, m := range msgs {
		if t, ok := byID[m.ID]; ok && m.Text == "" {
			m.Text = t
		}
		out[i] = m
	}
	return out, nil
}
