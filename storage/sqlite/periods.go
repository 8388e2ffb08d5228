package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

const periodCols = "id, kind, titles, last_day, opens, due_at, closes, questionnaire, doc"

var periodKeys = keys("id", "kind", "titles", "last_day", "opens", "due_at", "closes", "questionnaire")

func scanPeriod(sc interface{ Scan(...any) error }) (domain.Period, error) {
	var p domain.Period
	err := sc.Scan(&p.ID, &p.Kind, jsonOf(&p.Titles), &p.LastDay, at(&p.Opens), at(&p.DueAt), at(&p.Closes), &p.Questionnaire, docOf(&p))
	return p, err
}

// PinPeriod stores the period the first time it is used, pinning q's version (and keeping
// q's content under it), in one transaction; later calls return the stored period unchanged.
func (s *Store) PinPeriod(ctx context.Context, p domain.Period, q *domain.Questionnaire) (domain.Period, error) {
	if got, err := s.Period(ctx, p.ID); err == nil {
		return got, nil
	}
	content, err := questionnaireJSON(q)
	if err != nil {
		return domain.Period{}, err
	}
	var out domain.Period
	err = s.tx(ctx, "pin period "+p.ID, func(tx wtx) error {
		if err := s.saveQuestionnaire(ctx, tx, q.Version(), content); err != nil {
			return err
		}
		p.Questionnaire = q.Version()
		args, err := periodArgs(p, s.now())
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, insertPeriod+` ON CONFLICT (id) DO NOTHING`, args...); err != nil {
			return err
		}
		out, err = scanPeriod(tx.QueryRowContext(ctx, `SELECT `+periodCols+` FROM periods WHERE id = ?`, p.ID))
		return err
	})
	return out, err
}

const insertPeriod = `INSERT INTO periods (` + periodCols + `, pinned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func periodArgs(p domain.Period, pinned time.Time) ([]any, error) {
	titles, err := titlesText(p.Titles)
	if err != nil {
		return nil, err
	}
	doc, err := restDoc(p, periodKeys)
	return []any{p.ID, string(p.Kind), titles, p.LastDay, ms(p.Opens), ms(p.DueAt), ms(p.Closes), p.Questionnaire, doc, ms(pinned)}, err
}

func titlesText(titles map[string]string) (any, error) {
	if len(titles) == 0 {
		return nil, nil
	}
	return jsonText(titles)
}

// Period returns a stored period, or domain.ErrNotFound when it has not opened yet.
func (s *Store) Period(ctx context.Context, id string) (domain.Period, error) {
	p, err := scanPeriod(s.queryRow(ctx, `SELECT `+periodCols+` FROM periods WHERE id = ?`, id))
	return p, s.fail(ctx, "load period "+id, err)
}

// SaveQuestionnaire keeps q's content under its version. Create-once: a version already
// kept stays as it is (same version, same content).
func (s *Store) SaveQuestionnaire(ctx context.Context, q *domain.Questionnaire) error {
	content, err := questionnaireJSON(q)
	if err != nil {
		return err
	}
	return s.tx(ctx, "save questionnaire "+q.Version(), func(tx wtx) error {
		return s.saveQuestionnaire(ctx, tx, q.Version(), content)
	})
}

func (s *Store) saveQuestionnaire(ctx context.Context, tx wtx, version, content string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO questionnaires (id, content, saved) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		version, content, s.now().UnixMilli())
	return err
}

// questionnaireJSON is q's content as the store keeps it (JSON, which is also YAML).
func questionnaireJSON(q *domain.Questionnaire) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(q); err != nil {
		return "", fmt.Errorf("encode questionnaire %s: %w", q.Version(), err)
	}
	return buf.String(), nil
}

// Questionnaire returns the questionnaire kept under version, or domain.ErrNotFound. The
// content is validated again and must still hash to version.
func (s *Store) Questionnaire(ctx context.Context, version string) (*domain.Questionnaire, error) {
	var content string
	if err := s.queryRow(ctx, `SELECT content FROM questionnaires WHERE id = ?`, version).Scan(&content); err != nil {
		return nil, s.fail(ctx, "load questionnaire "+version, err)
	}
	return domain.DecodeStoredQuestionnaire(version, content)
}

// Reopen lets a school enter and send its report for a stored period again whatever the
// dates, until EndReopen; domain.ErrNotFound when the period is not stored.
func (s *Store) Reopen(ctx context.Context, periodID, school string, by int64) error {
	if !safeKey(school) {
		return fmt.Errorf("reopen %s: bad school code %q", periodID, school)
	}
	return s.tx(ctx, fmt.Sprintf("reopen %s for %s", periodID, school), func(tx wtx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM periods WHERE id = ?`, periodID).Scan(&one); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO period_reopened (period, school, reopened_by, reopened_at)
			VALUES (?, ?, ?, ?)`, periodID, school, by, s.now().UnixMilli())
		return err
	})
}

// EndReopen withdraws a school's reopening of a period; ending one that does not exist is
// not an error.
func (s *Store) EndReopen(ctx context.Context, periodID, school string) error {
	return s.tx(ctx, fmt.Sprintf("end reopen %s for %s", periodID, school), func(tx wtx) error {
		return endReopen(ctx, tx, periodID, school)
	})
}

func endReopen(ctx context.Context, tx wtx, periodID, school string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM period_reopened WHERE period = ? AND school = ?`, periodID, school)
	return err
}

const qReopened = `SELECT EXISTS (SELECT 1 FROM period_reopened WHERE period = ? AND school = ?)`

// Reopened reports whether an officer reopened the school's report for the period. A
// period not stored yet has no reopened schools.
func (s *Store) Reopened(ctx context.Context, periodID, school string) (bool, error) {
	var ok bool
	err := s.queryRow(ctx, qReopened, periodID, school).Scan(&ok)
	return ok, s.fail(ctx, fmt.Sprintf("is %s reopened for %s", periodID, school), err)
}
