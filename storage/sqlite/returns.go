package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
)

const returnCols = "id, period, school, reason, questions, by_id, by_name, at, of_rev, done_at, done_rev"

func scanReturn(sc interface{ Scan(...any) error }) (domain.Return, error) {
	var r domain.Return
	err := sc.Scan(&r.ID, &r.Period, &r.School, &r.Reason, jsonOf(&r.Questions), &r.By, &r.ByName, at(&r.At), &r.Of,
		at(&r.DoneAt), &r.DoneBy)
	return r, err
}

const putReturn = `INSERT OR REPLACE INTO returns (` + returnCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func returnArgs(r domain.Return) ([]any, error) {
	if r.Questions == nil {
		r.Questions = []string{}
	}
	qs, err := jsonText(r.Questions)
	if err != nil {
		return nil, err
	}
	return []any{r.ID, r.Period, r.School, r.Reason, qs, r.By, r.ByName, ms(r.At), r.Of, ms(r.DoneAt), r.DoneBy}, nil
}

// ReturnReport stores the return, reopens the school's report and appends the audit entry
// in one transaction. A return stored already is returned as it is.
func (s *Store) ReturnReport(ctx context.Context, req domain.ReturnRequest) (domain.Return, error) {
	ret := req.Return
	if !safeKey(ret.School) || ret.ID == "" {
		return domain.Return{}, fmt.Errorf("return %s of %q: bad school code or no id", ret.Period, ret.School)
	}
	if ret.At.IsZero() {
		ret.At = s.now()
	}
	ret.At = msTime(ret.At)
	out := ret
	err := s.tx(ctx, fmt.Sprintf("return %s of %s", ret.Period, ret.School), func(tx wtx) error {
		stored, err := scanReturn(tx.QueryRowContext(ctx, `SELECT `+returnCols+` FROM returns WHERE id = ?`, ret.ID))
		if err == nil {
			out = stored
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM periods WHERE id = ?`, ret.Period).Scan(&one); err != nil {
			return err
		}
		args, err := returnArgs(ret)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, putReturn, args...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO period_reopened (period, school, reopened_by, reopened_at)
			VALUES (?, ?, ?, ?)`, ret.Period, ret.School, ret.By, ret.At.UnixMilli()); err != nil {
			return err
		}
		return s.audit(ctx, tx, req.AuditRecord())
	})
	if err != nil {
		return domain.Return{}, s.fail(ctx, "return "+ret.ID, err)
	}
	return out, nil
}

const qReturns = `SELECT ` + returnCols + ` FROM returns WHERE period = ? AND school = ? ORDER BY at, id`

// Returns lists a school's returns for a period, oldest first.
func (s *Store) Returns(ctx context.Context, period, school string) ([]domain.Return, error) {
	rows, err := s.r.QueryContext(ctx, qReturns, period, school)
	if err != nil {
		return nil, s.fail(ctx, fmt.Sprintf("returns of %s/%s", period, school), err)
	}
	out, err := collect(rows, scanReturn)
	return out, s.fail(ctx, fmt.Sprintf("returns of %s/%s", period, school), err)
}

const qOpenReturns = `SELECT ` + returnCols + ` FROM returns WHERE period = ? AND done_at IS NULL ORDER BY at, id`

// OpenReturns returns, per school, the newest open return of the period.
func (s *Store) OpenReturns(ctx context.Context, period string) (map[string]domain.Return, error) {
	rows, err := s.r.QueryContext(ctx, qOpenReturns, period)
	if err != nil {
		return nil, s.fail(ctx, "open returns of "+period, err)
	}
	list, err := collect(rows, scanReturn)
	out := make(map[string]domain.Return, len(list))
	for _, r := range list {
		out[r.School] = r
	}
	return out, s.fail(ctx, "open returns of "+period, err)
}

// resolveReturns marks the school's open returns of the period resolved by a submission.
func resolveReturns(ctx context.Context, tx wtx, sub domain.Submission) error {
	_, err := tx.ExecContext(ctx, `UPDATE returns SET done_at = ?, done_rev = ?
		WHERE period = ? AND school = ? AND done_at IS NULL`, ms(sub.SubmittedAt), sub.Revision, sub.Period, sub.School)
	return err
}
