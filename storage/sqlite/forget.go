package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/camgiang-edu/reportbot/domain"
)

// attributed names a table whose records keep who made them: the person's id and name
// columns, beside the answers, each with its own "by".
type attributed struct {
	table, byCol, nameCol string
}

var (
	submissionsBy = attributed{"submissions", "submitted_by", "submitter_name"}
	draftsBy      = attributed{"drafts", "edited_by", "editor_name"}
	revisionsBy   = attributed{"revisions", "by_id", "by_name"}
)

// ForgetUser removes a user's personal data (/forgetme) in one transaction: the user, their
// chat's conversation and their handled inbox entries. Submissions, drafts and revisions
// stay as the school's official records, with the user's id 0 and name
// domain.FormerReporter wherever they submitted, edited or answered; audit entries and
// used invites forget who acted likewise. Wrong invite codes stay until they expire, so
// /forgetme cannot reset the lock-out. Running it again changes nothing.
func (s *Store) ForgetUser(ctx context.Context, id int64) (domain.Forgotten, error) {
	// Finding the answers a user gave means reading every record's answers: do it on a
	// reader, outside the write lock, and re-check each candidate inside the transaction.
	// The user's own updates are handled one at a time, so none of theirs lands between.
	cand := map[attributed][]string{}
	for _, t := range []attributed{submissionsBy, draftsBy, revisionsBy} {
		ids, err := s.candidates(ctx, t, id)
		if err != nil {
			return domain.Forgotten{}, err
		}
		cand[t] = ids
	}
	var out domain.Forgotten
	err := s.tx(ctx, fmt.Sprintf("forget user %d", id), func(tx wtx) error {
		var err error
		if out.Submissions, err = anonymize(ctx, tx, submissionsBy, cand[submissionsBy], id); err != nil {
			return err
		}
		if out.Drafts, err = anonymize(ctx, tx, draftsBy, cand[draftsBy], id); err != nil {
			return err
		}
		if out.Revisions, err = anonymize(ctx, tx, revisionsBy, cand[revisionsBy], id); err != nil {
			return err
		}
		for _, q := range qForget {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// qForget are the rest of ForgetUser's writes, each taking the user id.
var qForget = []string{
	`UPDATE audit SET user_id = 0, name = '` + domain.FormerReporter + `' WHERE user_id = ?1`,
	`UPDATE invites SET used_by = 0 WHERE used_by = ?1`,
	`DELETE FROM updates WHERE chat = ?1 AND state != 'new'`,
	`DELETE FROM chats WHERE id = ?1`,
	`DELETE FROM users WHERE id = ?1`,
}

// candidates returns the ids of t's records that name user id as their author or may hold
// an answer by them (a quick text search of the answers' JSON; anonymize decides).
func (s *Store) candidates(ctx context.Context, t attributed, id int64) ([]string, error) {
	rows, err := s.query(ctx, `SELECT id FROM `+t.table+` WHERE `+t.byCol+` = ? OR instr(answers, ?) > 0`,
		id, `"by":`+strconv.FormatInt(id, 10))
	if err != nil {
		return nil, s.fail(ctx, "find records of a user in "+t.table, err)
	}
	ids, err := collect(rows, func(sc interface{ Scan(...any) error }) (string, error) {
		var id string
		return id, sc.Scan(&id)
	})
	return ids, s.fail(ctx, "find records of a user in "+t.table, err)
}

// anonymize replaces user id as author and as the "by" of every answer in the records ids
// of t, and returns how many records changed.
func anonymize(ctx context.Context, tx wtx, t attributed, ids []string, user int64) (int, error) {
	n := 0
	for _, recID := range ids {
		var by int64
		var answers map[string]domain.Answer
		err := tx.QueryRowContext(ctx, `SELECT `+t.byCol+`, answers FROM `+t.table+` WHERE id = ?`, recID).Scan(&by, jsonOf(&answers))
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return n, err
		}
		changed := by == user
		for qid, a := range answers {
			if a.By == user {
				a.By = 0
				answers[qid] = a
				changed = true
			}
		}
		if !changed {
			continue
		}
		text, err := answersText(answers)
		if err != nil {
			return n, err
		}
		set := `answers = ?1`
		if by == user {
			set += `, ` + t.byCol + ` = 0, ` + t.nameCol + ` = '` + domain.FormerReporter + `'`
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+t.table+` SET `+set+` WHERE id = ?2`, text, recID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
