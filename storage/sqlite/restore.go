package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/backup"
)

// Restore loads a backup (storage/backup's format, this engine's or any other's, including
// the FerretDB release's with its outbox_texts) into an empty store, in one transaction.
// The whole file is read and decoded before the first write, so a damaged file writes
// nothing; a store holding any record gets storage.ErrNotEmpty. It returns the records
// restored per collection (outbox_texts: the texts joined to their messages).
func (s *Store) Restore(ctx context.Context, r io.Reader) (map[string]int, error) {
	if err := s.checkEmpty(ctx, s.r); err != nil {
		return nil, err
	}
	f, err := backup.Read(r, storage.SecretPrefix)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{backup.ColOutboxTexts: true}
	for _, t := range tables {
		known[t] = true
	}
	for _, c := range f.Collections {
		if !known[c] {
			return nil, fmt.Errorf("read backup: unknown collection %q", c)
		}
	}
	steps, err := restoreSteps(f)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, c := range f.Collections {
		counts[c] = len(f.Docs[c])
	}
	err = s.tx(ctx, "restore", func(tx wtx) error {
		if err := s.checkEmpty(ctx, tx); err != nil {
			return err
		}
		for _, step := range steps {
			if err := step(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// checkEmpty returns storage.ErrNotEmpty when any table holds a record.
func (s *Store) checkEmpty(ctx context.Context, q querier) error {
	for _, t := range tables {
		var any bool
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM "`+t+`")`).Scan(&any); err != nil {
			return s.fail(ctx, "check that the store is empty", err)
		}
		if any {
			return fmt.Errorf("restore: %s holds records: %w", t, storage.ErrNotEmpty)
		}
	}
	return nil
}

type restoreStep func(context.Context, wtx) error

// insertAll decodes every record of col and returns the step that inserts them with
// query, arguments by args. A record listed twice is refused, never replaced.
func insertAll[T any](f *backup.File, col, query string, args func(T) ([]any, error)) (restoreStep, error) {
	query = strings.Replace(query, "INSERT OR REPLACE", "INSERT", 1)
	recs, err := backup.Decode[T](f, col)
	if err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(recs))
	for i, rec := range recs {
		a, err := args(rec)
		if err != nil {
			return nil, fmt.Errorf("read backup: record %d of %s: %w", i+1, col, err)
		}
		rows = append(rows, a)
	}
	return func(ctx context.Context, tx wtx) error {
		if len(rows) == 0 {
			return nil
		}
		stmt, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, a := range rows {
			if _, err := stmt.ExecContext(ctx, a...); err != nil {
				return fmt.Errorf("restore record %d of %s: %w", i+1, col, err)
			}
		}
		return nil
	}, nil
}

// numericID reads a numeric _id (users, chats, groups, attempts); fallback is the id the
// record carries itself, used when it is set.
func numericID(id string, fallback int64) (int64, error) {
	if fallback != 0 {
		return fallback, nil
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("_id %q is not a number", id)
	}
	return n, nil
}

// restoreSteps decodes every collection of f into the inserts that restore it.
func restoreSteps(f *backup.File) ([]restoreStep, error) {
	texts := map[string]string{}
	olds, err := backup.Decode[backup.OutboxText](f, backup.ColOutboxTexts)
	if err != nil {
		return nil, err
	}
	for _, t := range olds {
		texts[t.ID] = t.Text
	}
	var steps []restoreStep
	add := func(step restoreStep, err error) error {
		if err == nil {
			steps = append(steps, step)
		}
		return err
	}
	errs := []error{
		add(insertAll(f, backup.ColAttempts, `INSERT INTO attempts (id, wrong, locked_until) VALUES (?, ?, ?)`,
			func(a backup.Attempt) ([]any, error) {
				id, err := numericID(a.ID, 0)
				wrong := make([]int64, 0, len(a.Wrong))
				for _, t := range a.Wrong {
					wrong = append(wrong, t.UnixMilli())
				}
				text, _ := jsonText(wrong)
				return []any{id, text, ms(a.LockedUntil)}, err
			})),
		add(insertAll(f, backup.ColAudit, putAudit, auditArgs)),
		add(insertAll(f, backup.ColBench, `INSERT INTO bench_counters (id, n) VALUES (?, ?)`,
			func(c backup.Counter) ([]any, error) { return []any{c.ID, c.N}, nil })),
		add(insertAll(f, backup.ColChats, `INSERT INTO chats (id, flow) VALUES (?, ?)`, func(c backup.Chat) ([]any, error) {
			id, err := numericID(c.ID, 0)
			if err != nil || c.Flow == nil {
				return []any{id, nil}, err
			}
			flow := *c.Flow
			flow.Updated = msTime(flow.Updated)
			text, err := jsonText(flow)
			return []any{id, text}, err
		})),
		add(insertAll(f, backup.ColDrafts, putDraft, draftArgs)),
		add(insertAll(f, backup.ColGroups, putGroup, func(g backup.Group) ([]any, error) {
			id, err := numericID(g.ID, g.ChatID)
			if err != nil {
				return nil, err
			}
			g.ChatID = id
			return groupArgs(g.Group)
		})),
		add(insertAll(f, backup.ColInvites, `INSERT INTO invites (id, school, created_by, created, expires, used, used_by, used_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, func(i backup.Invite) ([]any, error) {
			return []any{i.ID, i.School, i.CreatedBy, i.Created.UnixMilli(), i.Expires.UnixMilli(), i.Used, i.UsedBy, ms(i.UsedAt)}, nil
		})),
		add(insertAll(f, backup.ColLeases, `INSERT INTO leases (id, holder, expires) VALUES (?, ?, ?)`,
			func(l backup.Lease) ([]any, error) { return []any{l.ID, l.Holder, l.Expires.UnixMilli()}, nil })),
		add(insertAll(f, backup.ColMeta, `INSERT INTO meta (id, username, updated) VALUES (?, ?, ?)`,
			func(m backup.Meta) ([]any, error) { return []any{m.ID, m.Username, ms(m.Updated)}, nil })),
		add(insertAll(f, backup.ColOutbox, `INSERT INTO outbox (`+outboxCols+`) VALUES (`+placeholders(15)+`)`,
			func(m domain.OutboxMessage) ([]any, error) {
				if m.Text == "" {
					m.Text = texts[m.ID]
				}
				mids, err := messageIDs(m.MessageIDs)
				if err != nil {
					return nil, err
				}
				rest := m
				rest.Text = ""
				doc, err := restDoc(rest, outboxKeys)
				return []any{m.ID, m.ChatID, m.Text, m.Kind, m.Batch, string(m.State), m.Created.UnixMilli(), m.Updated.UnixMilli(),
					m.NotBefore.UnixMilli(), m.Holder, m.Tries, m.SentChat, mids, m.Description, doc}, err
			})),
		add(restorePeriods(f)),
		add(insertAll(f, backup.ColQuestionnaires, `INSERT INTO questionnaires (id, content, saved) VALUES (?, ?, ?)`,
			func(q backup.Questionnaire) ([]any, error) { return []any{q.ID, q.Content, ms(q.Saved)}, nil })),
		add(insertAll(f, backup.ColReturns, putReturn, returnArgs)),
		add(insertAll(f, backup.ColRevisions, putRevisionSQL, revisionArgs)),
		add(restoreSchools(f)),
		add(insertAll(f, backup.ColSettings, `INSERT INTO settings (id, value) VALUES (?, ?)`,
			func(st backup.Setting) ([]any, error) { return []any{st.ID, st.Value}, nil })),
		add(insertAll(f, backup.ColSubmissions, putSubmission, submissionArgs)),
		add(insertAll(f, backup.ColUpdates, `INSERT INTO updates (`+updateCols+`) VALUES (`+placeholders(8)+`)`,
			func(u domain.InboxUpdate) ([]any, error) {
				id, err := numericID(u.ID, u.UpdateID)
				return []any{id, u.Chat, u.State, u.Tries, u.Error, u.Received.UnixMilli(), ms(u.Handled), u.Raw}, err
			})),
		add(insertAll(f, backup.ColUsers, putUser, func(u backup.User) ([]any, error) {
			id, err := numericID(u.ID, 0)
			if err != nil {
				return nil, err
			}
			u.User.ID = id
			return userArgs(u.User)
		})),
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return steps, nil
}

// restorePeriods inserts the periods, then the schools reopened in each.
func restorePeriods(f *backup.File) (restoreStep, error) {
	periods, err := insertAll(f, backup.ColPeriods, insertPeriod,
		func(p backup.Period) ([]any, error) { return periodArgs(p.Period, p.Pinned) })
	if err != nil {
		return nil, err
	}
	recs, err := backup.Decode[backup.Period](f, backup.ColPeriods)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, tx wtx) error {
		if err := periods(ctx, tx); err != nil {
			return err
		}
		for _, p := range recs {
			for school, g := range p.Reopened {
				if _, err := tx.ExecContext(ctx, `INSERT INTO period_reopened (period, school, reopened_by, reopened_at) VALUES (?, ?, ?, ?)`,
					p.ID, school, g.By, ms(g.At)); err != nil {
					return err
				}
			}
		}
		return nil
	}, nil
}

// restoreSchools inserts the schools with their phone rows.
func restoreSchools(f *backup.File) (restoreStep, error) {
	schools, err := backup.Decode[domain.School](f, backup.ColSchools)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, tx wtx) error {
		w, err := newSchoolWriter(ctx, tx, true)
		if err != nil {
			return err
		}
		defer w.close()
		for _, sc := range schools {
			if err := w.write(ctx, sc, true); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
