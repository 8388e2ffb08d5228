package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
)

const submissionCols = "id, period, school, questionnaire, answers, submitted_by, submitter_name, by_officer, first_at, submitted_at, late, revision, reopened, doc"

var submissionKeys = keys("id", "period", "school", "questionnaire", "answers", "submitted_by", "submitter_name", "by_officer",
	"first_at", "submitted_at", "late", "revision", "reopened")

func scanSubmission(sc interface{ Scan(...any) error }) (domain.Submission, error) {
	var s domain.Submission
	err := sc.Scan(&s.ID, &s.Period, &s.School, &s.Questionnaire, jsonOf(&s.Answers), &s.SubmittedBy, &s.SubmitterName,
		&s.ByOfficer, at(&s.FirstAt), at(&s.SubmittedAt), &s.Late, &s.Revision, &s.Reopened, docOf(&s))
	return s, err
}

const putSubmission = `INSERT OR REPLACE INTO submissions (` + submissionCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func submissionArgs(s domain.Submission) ([]any, error) {
	answers, err := answersText(s.Answers)
	if err != nil {
		return nil, err
	}
	rest := s
	rest.Answers = nil
	doc, err := restDoc(rest, submissionKeys)
	return []any{domain.SubmissionID(s.Period, s.School), s.Period, s.School, s.Questionnaire, answers, s.SubmittedBy,
		s.SubmitterName, s.ByOfficer, ms(s.FirstAt), ms(s.SubmittedAt), s.Late, s.Revision, s.Reopened, doc}, err
}

const qSubmission = `SELECT ` + submissionCols + ` FROM submissions WHERE id = ?`

// Submission returns a school's submission for a period, or domain.ErrNotFound.
func (s *Store) Submission(ctx context.Context, period, school string) (domain.Submission, error) {
	sub, err := scanSubmission(s.queryRow(ctx, qSubmission, domain.SubmissionID(period, school)))
	return sub, s.fail(ctx, fmt.Sprintf("load submission %s/%s", period, school), err)
}

const qSubmissions = `SELECT ` + submissionCols + ` FROM submissions WHERE period = ? ORDER BY school`

// Submissions returns every school's latest submission for a period, sorted by school.
func (s *Store) Submissions(ctx context.Context, period string) ([]domain.Submission, error) {
	rows, err := s.query(ctx, qSubmissions, period)
	if err != nil {
		return nil, s.fail(ctx, "submissions of "+period, err)
	}
	out, err := collect(rows, scanSubmission)
	return out, s.fail(ctx, "submissions of "+period, err)
}

const qSubmittedSchools = `SELECT school FROM submissions WHERE period = ?`

// SubmittedSchools returns the set of school codes that submitted for a period.
func (s *Store) SubmittedSchools(ctx context.Context, period string) (map[string]bool, error) {
	rows, err := s.query(ctx, qSubmittedSchools, period)
	if err != nil {
		return nil, s.fail(ctx, "submitted schools of "+period, err)
	}
	codes, err := collect(rows, func(sc interface{ Scan(...any) error }) (string, error) {
		var c string
		return c, sc.Scan(&c)
	})
	out := make(map[string]bool, len(codes))
	for _, c := range codes {
		out[c] = true
	}
	return out, s.fail(ctx, "submitted schools of "+period, err)
}

// Submit writes, in one transaction, the submission (revision 1 with FirstAt =
// SubmittedAt the first time; later the next revision, keeping FirstAt and Late of the
// first), its revision record and audit entry (r.Records), the end of a reopening, the
// resolution of open returns (r.ResolveReturn) and the chat's flow, and returns the stored submission.
func (s *Store) Submit(ctx context.Context, r domain.SubmitRequest) (domain.Submission, error) {
	sub := r.Submission
	sub.ID = domain.SubmissionID(sub.Period, sub.School)
	if sub.SubmittedAt.IsZero() {
		sub.SubmittedAt = s.now()
	}
	sub.SubmittedAt = msTime(sub.SubmittedAt)
	var out domain.Submission
	err := s.tx(ctx, "submit "+sub.ID, func(tx wtx) error {
		var prev domain.Submission // the stored one: its revision and what describes the first
		err := tx.QueryRowContext(ctx, `SELECT revision, first_at, late FROM submissions WHERE id = ?`, sub.ID).
			Scan(&prev.Revision, at(&prev.FirstAt), &prev.Late)
		switch {
		case err == sql.ErrNoRows:
			sub.Revision, sub.FirstAt = 1, sub.SubmittedAt
		case err != nil:
			return err
		default:
			sub.Revision, sub.FirstAt, sub.Late = prev.Revision+1, prev.FirstAt, prev.Late
		}
		args, err := submissionArgs(sub)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, putSubmission, args...); err != nil {
			return err
		}
		out = sub
		out.Answers = normAnswers(sub.Answers)
		rev, entry := r.Records(out)
		if err := putRevision(ctx, tx, rev); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, entry); err != nil {
			return err
		}
		if r.EndReopen {
			if err := endReopen(ctx, tx, sub.Period, sub.School); err != nil {
				return err
			}
		}
		if r.ResolveReturn {
			if err := resolveReturns(ctx, tx, out); err != nil {
				return err
			}
		}
		return s.applyFlow(ctx, tx, r.Flow)
	})
	if err != nil {
		return domain.Submission{}, err
	}
	return out, nil
}

// normAnswers returns answers with their times as stored.
func normAnswers(answers map[string]domain.Answer) map[string]domain.Answer {
	out := make(map[string]domain.Answer, len(answers))
	for id, a := range answers {
		a.At = msTime(a.At)
		out[id] = a
	}
	return out
}

// PutSubmissions stores whole submissions as given, replacing any with the same key, in one
// transaction: seeding for tests, benchmarks and imports.
func (s *Store) PutSubmissions(ctx context.Context, subs []domain.Submission) error {
	return s.tx(ctx, fmt.Sprintf("put %d submissions", len(subs)), func(tx wtx) error {
		stmt, err := tx.PrepareContext(ctx, putSubmission)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, sub := range subs {
			args, err := submissionArgs(sub)
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return err
			}
		}
		return nil
	})
}

const revisionCols = "id, period, school, revision, questionnaire, answers, changed, by_id, by_name, by_officer, at, late, doc"

var revisionKeys = keys("id", "period", "school", "revision", "questionnaire", "answers", "changed", "by", "by_name", "by_officer", "at", "late")

func scanRevision(sc interface{ Scan(...any) error }) (domain.Revision, error) {
	var r domain.Revision
	err := sc.Scan(&r.ID, &r.Period, &r.School, &r.Revision, &r.Questionnaire, jsonOf(&r.Answers), jsonOf(&r.Changed),
		&r.By, &r.ByName, &r.ByOfficer, at(&r.At), &r.Late, docOf(&r))
	return r, err
}

const putRevisionSQL = `INSERT OR REPLACE INTO revisions (` + revisionCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// putRevision stores a revision, replacing one with the same key.
func putRevision(ctx context.Context, tx wtx, r domain.Revision) error {
	args, err := revisionArgs(r)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, putRevisionSQL, args...)
	return err
}

func revisionArgs(r domain.Revision) ([]any, error) {
	answers, err := answersText(r.Answers)
	if err != nil {
		return nil, err
	}
	if r.Changed == nil {
		r.Changed = []string{}
	}
	changed, err := jsonText(r.Changed)
	if err != nil {
		return nil, err
	}
	rest := r
	rest.Answers, rest.Changed = nil, nil
	doc, err := restDoc(rest, revisionKeys)
	return []any{domain.RevisionID(r.Period, r.School, r.Revision), r.Period, r.School, r.Revision, r.Questionnaire, answers, changed,
		r.By, r.ByName, r.ByOfficer, ms(r.At), r.Late, doc}, err
}

const qRevisions = `SELECT r.id, r.period, r.school, r.revision, r.questionnaire, r.answers, r.changed,
		r.by_id, r.by_name, r.by_officer, r.at, r.late, r.doc
	FROM submissions s JOIN revisions r ON r.period = s.period AND r.school = s.school AND r.revision <= s.revision
	WHERE s.id = ? ORDER BY r.revision`

// Revisions returns the school's revisions in order, only those of its stored submission
// (up to its revision number).
func (s *Store) Revisions(ctx context.Context, period, school string) ([]domain.Revision, error) {
	rows, err := s.query(ctx, qRevisions, domain.SubmissionID(period, school))
	if err != nil {
		return nil, s.fail(ctx, fmt.Sprintf("revisions of %s/%s", period, school), err)
	}
	out, err := collect(rows, scanRevision)
	return out, s.fail(ctx, fmt.Sprintf("revisions of %s/%s", period, school), err)
}

// PutRevisions stores revisions as given (their ID set from Period, School and Revision),
// replacing any with the same key, in one transaction.
func (s *Store) PutRevisions(ctx context.Context, revs []domain.Revision) error {
	return s.tx(ctx, fmt.Sprintf("put %d revisions", len(revs)), func(tx wtx) error {
		for _, r := range revs {
			if err := putRevision(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
}
