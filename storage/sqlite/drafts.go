package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/camgiang-edu/reportbot/domain"
)

const draftCols = "id, period, school, questionnaire, answers, current, edited_by, editor_name, edited_at, created, doc"

var draftKeys = keys("id", "period", "school", "questionnaire", "answers", "current", "edited_by", "editor_name", "edited_at", "created")

func scanDraft(sc interface{ Scan(...any) error }) (domain.Draft, error) {
	var d domain.Draft
	err := sc.Scan(&d.ID, &d.Period, &d.School, &d.Questionnaire, jsonOf(&d.Answers), &d.Current, &d.EditedBy,
		&d.EditorName, at(&d.EditedAt), at(&d.Created), docOf(&d))
	return d, err
}

const putDraft = `INSERT OR REPLACE INTO drafts (` + draftCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func draftArgs(d domain.Draft) ([]any, error) {
	answers, err := answersText(d.Answers)
	if err != nil {
		return nil, err
	}
	rest := d
	rest.Answers = nil
	doc, err := restDoc(rest, draftKeys)
	return []any{domain.SubmissionID(d.Period, d.School), d.Period, d.School, d.Questionnaire, answers, d.Current,
		d.EditedBy, d.EditorName, ms(d.EditedAt), ms(d.Created), doc}, err
}

const qDraft = `SELECT ` + draftCols + ` FROM drafts WHERE id = ?`

// Draft returns a school's draft for a period, or domain.ErrNotFound.
func (s *Store) Draft(ctx context.Context, period, school string) (domain.Draft, error) {
	d, err := scanDraft(s.queryRow(ctx, qDraft, domain.SubmissionID(period, school)))
	return d, s.fail(ctx, fmt.Sprintf("load draft %s/%s", period, school), err)
}

const qDrafts = `SELECT ` + draftCols + ` FROM drafts WHERE period = ? ORDER BY school`

// Drafts returns every draft of a period, sorted by school.
func (s *Store) Drafts(ctx context.Context, period string) ([]domain.Draft, error) {
	rows, err := s.query(ctx, qDrafts, period)
	if err != nil {
		return nil, s.fail(ctx, "drafts of "+period, err)
	}
	out, err := collect(rows, scanDraft)
	return out, s.fail(ctx, "drafts of "+period, err)
}

// OpenDraft creates the draft d (its ID set from Period and School) unless the school has
// one for the period, and returns the stored draft: the first caller's questionnaire
// version and answers win.
func (s *Store) OpenDraft(ctx context.Context, d domain.Draft) (domain.Draft, error) {
	d.ID = domain.SubmissionID(d.Period, d.School)
	if d.Created.IsZero() {
		d.Created = s.now()
	}
	for id := range d.Answers {
		if !safeKey(id) {
			return domain.Draft{}, fmt.Errorf("open draft %s: bad question id %q", d.ID, id)
		}
	}
	args, err := draftArgs(d)
	if err != nil {
		return domain.Draft{}, err
	}
	var out domain.Draft
	err = s.tx(ctx, "open draft "+d.ID, func(tx wtx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO drafts (`+draftCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`, args...); err != nil {
			return err
		}
		out, err = scanDraft(tx.QueryRowContext(ctx, `SELECT `+draftCols+` FROM drafts WHERE id = ?`, d.ID))
		return err
	})
	return out, err
}

// ChangeAnswers sets some answers and drops others of a school's draft in one update; each
// set answer's At becomes now and its By the editor. domain.ErrNotFound when the draft does
// not exist.
func (s *Store) ChangeAnswers(ctx context.Context, period, school string, set map[string]domain.Answer, drop []string, by int64, byName string) error {
	c := domain.DraftChange{Period: period, School: school, Set: set, Drop: drop, By: by, ByName: byName}
	return s.tx(ctx, "change draft "+domain.SubmissionID(period, school), func(tx wtx) error {
		return s.changeDraft(ctx, tx, c)
	})
}

// SaveStep writes a conversation step, the draft change and the chat's flow with the
// update that caused it, in one transaction.
func (s *Store) SaveStep(ctx context.Context, st domain.Step) error {
	return s.tx(ctx, fmt.Sprintf("save step of chat %d", st.Flow.ChatID), func(tx wtx) error {
		if st.Draft != nil {
			if err := s.changeDraft(ctx, tx, *st.Draft); err != nil {
				return err
			}
		}
		return s.applyFlow(ctx, tx, st.Flow)
	})
}

// changeDraft applies c with one UPDATE that edits the answers' JSON in place (json_set,
// json_remove): the draft is not read into Go, so its cost does not depend on its size.
func (s *Store) changeDraft(ctx context.Context, tx wtx, c domain.DraftChange) error {
	id := domain.SubmissionID(c.Period, c.School)
	now := msTime(s.now())
	var args []any
	for qid, a := range c.Set {
		if !safeKey(qid) {
			return fmt.Errorf("bad question id %q", qid)
		}
		a.At, a.By = now, c.By
		text, err := jsonText(a)
		if err != nil {
			return err
		}
		args = append(args, `$."`+qid+`"`, text)
	}
	for _, qid := range c.Drop {
		if !safeKey(qid) {
			return fmt.Errorf("bad question id %q", qid)
		}
		args = append(args, `$."`+qid+`"`)
	}
	args = append(args, c.By, c.ByName, now.UnixMilli(), id)
	res, err := tx.ExecContext(ctx, changeDraftSQL(len(c.Set), len(c.Drop)), args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("change draft %s: %w", id, cmpErr(err, domain.ErrNotFound))
	}
	return nil
}

// changeDraftSQL is the UPDATE of a draft that sets nSet answers (a JSON path and the
// answer's JSON each) and drops nDrop (a JSON path each), then records the editor.
func changeDraftSQL(nSet, nDrop int) string {
	expr := "answers"
	if nSet > 0 {
		expr = "json_set(" + expr + strings.Repeat(", ?, json(?)", nSet) + ")"
	}
	if nDrop > 0 {
		expr = "json_remove(" + expr + strings.Repeat(", ?", nDrop) + ")"
	}
	return `UPDATE drafts SET answers = ` + expr + `, edited_by = ?, editor_name = ?, edited_at = ? WHERE id = ?`
}

// cmpErr returns err, or fallback when err is nil.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// PutDraft stores a whole draft as given, replacing any with the same key.
func (s *Store) PutDraft(ctx context.Context, d domain.Draft) error {
	args, err := draftArgs(d)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, "put draft "+domain.SubmissionID(d.Period, d.School), putDraft, args...)
	return err
}
