package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// errLost is a compare-and-set that another writer won; the use case starts again.
var errLost = fmt.Errorf("another writer changed it first: %w", domain.ErrConflict)

// maxSubmitTries bounds how often Submit starts again when another writer sent the same
// school's report between its read and its compare-and-set.
const maxSubmitTries = 5

// Submit sends a school's report: it stores the submission as revision r+1 (the first one
// with FirstAt = SubmittedAt; a later one keeps FirstAt and Late, which describe the first
// submission), its revision record and audit entry (r.Records), ends the officer's
// reopening when r.EndReopen, resolves the open returns when r.ResolveReturn, and writes
// r.Flow. It returns the stored submission.
//
// On a replica set all of it is one transaction. On a standalone server the writes are
// ordered so that nothing is visible half-done and a replay finishes: the revision and the
// audit entry first (ids derived from the revision, so writing them again is a no-op),
// then the submission by compare-and-set on the revision read (Revisions shows nothing
// beyond the stored submission's revision), then the reopening and the flow. A replay of
// the same update (r.Flow.UpdateID, same sender and answers) after the submission was
// written only finishes the rest. Another writer winning the compare-and-set makes it
// start again on top of theirs; after maxSubmitTries it returns domain.ErrConflict.
func (s *Store) Submit(ctx context.Context, r domain.SubmitRequest) (domain.Submission, error) {
	sub := r.Submission
	sub.ID = domain.SubmissionID(sub.Period, sub.School)
	if sub.SubmittedAt.IsZero() {
		sub.SubmittedAt = s.now()
	}
	sub.SubmittedAt = sub.SubmittedAt.UTC().Truncate(time.Millisecond)
	if sub.Answers == nil {
		sub.Answers = map[string]domain.Answer{}
	}
	var out domain.Submission
	err := s.inTxn(ctx, func(ctx context.Context) error {
		for range maxSubmitTries {
			stored, done, err := s.submitOnce(ctx, sub, r)
			if err != nil || done {
				out = stored
				return err
			}
			if s.replSet {
				return errLost // inTxn runs the transaction again, on fresh reads
			}
		}
		return errLost
	})
	if err != nil {
		return domain.Submission{}, fmt.Errorf("submit %s: %w", sub.ID, err)
	}
	return out, nil
}

// submitOnce tries one Submit on top of the submission stored now. done is false when
// another writer changed the submission after it was read.
func (s *Store) submitOnce(ctx context.Context, sub domain.Submission, r domain.SubmitRequest) (stored domain.Submission, done bool, err error) {
	cur, err := s.submissionDoc(ctx, sub.Period, sub.School)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return domain.Submission{}, false, err
	}
	if replayOf(cur, sub, r) {
		return cur.Submission, true, s.submitRest(ctx, cur.Submission, r)
	}
	stored = sub
	stored.Revision = cur.Revision + 1
	if cur.Revision == 0 {
		stored.FirstAt = sub.SubmittedAt
	} else {
		stored.FirstAt, stored.Late = cur.FirstAt, cur.Late
	}
	rev, audit := r.Records(stored)
	if rev.Changed == nil {
		rev.Changed = []string{}
	}
	audit.ID = "report.submit:" + rev.ID
	audit.At = audit.At.UTC().Truncate(time.Millisecond)

	revThere, err := s.putOnce(ctx, colRevisions, rev.ID, rev)
	if err != nil {
		return domain.Submission{}, false, err
	}
	if _, err := s.putOnce(ctx, colAudit, audit.ID, audit); err != nil {
		return domain.Submission{}, false, err
	}
	doc := submissionDoc{Submission: stored, ByUpdate: r.Flow.UpdateID}
	var won bool
	if cur.Revision == 0 {
		_, err = s.c(colSubmissions).InsertOne(ctx, doc)
		won = err == nil
		if isDup(err) {
			err = nil
		}
	} else {
		var res *mongo.UpdateResult
		res, err = s.c(colSubmissions).ReplaceOne(ctx, bson.M{"_id": sub.ID, "revision": cur.Revision}, doc)
		won = err == nil && res.MatchedCount == 1
	}
	if err != nil {
		return domain.Submission{}, false, fail(err, "store the submission")
	}
	if !won {
		return domain.Submission{}, false, nil
	}
	if revThere {
		// The revision was left by an attempt that never stored its submission, maybe with
		// other answers; now that this revision is ours, it gets our content.
		if _, err := s.c(colRevisions).ReplaceOne(ctx, bson.M{"_id": rev.ID}, rev); err != nil {
			return domain.Submission{}, false, fail(err, "rewrite revision %d", stored.Revision)
		}
	}
	return stored, true, s.submitRest(ctx, stored, r)
}

// replayOf reports whether r is the replay of the update that stored cur: the same update
// id sending the same answers from the same person. A Submit cut off after the
// submission was written is then finished, not sent again as a new revision.
func replayOf(cur submissionDoc, sub domain.Submission, r domain.SubmitRequest) bool {
	return r.Flow.UpdateID != 0 && cur.ByUpdate == r.Flow.UpdateID && cur.SubmittedBy == sub.SubmittedBy &&
		cur.Questionnaire == sub.Questionnaire && len(domain.ChangedAnswers(cur.Answers, sub.Answers)) == 0
}

// submitRest ends the reopening, resolves the open returns and writes the flow of a
// stored submission. Each is idempotent, so a replay finishes what a crash cut off.
func (s *Store) submitRest(ctx context.Context, stored domain.Submission, r domain.SubmitRequest) error {
	if r.ResolveReturn {
		if err := s.resolveReturns(ctx, stored); err != nil {
			return err
		}
	}
	if r.EndReopen {
		if err := s.EndReopen(ctx, stored.Period, stored.School); err != nil {
			return err
		}
	}
	return s.applyFlow(ctx, r.Flow)
}

// putOnce writes a document that a Submit creates. Outside a transaction it is an insert,
// and there reports that a document with that id was there already. In a transaction
// (where a duplicate key would abort it) it is an upsert of the whole document.
func (s *Store) putOnce(ctx context.Context, col, id string, doc any) (there bool, err error) {
	if s.replSet {
		_, err := s.c(col).ReplaceOne(ctx, bson.M{"_id": id}, doc, options.Replace().SetUpsert(true))
		return false, fail(err, "write %s %s", col, id)
	}
	_, err = s.c(col).InsertOne(ctx, doc)
	if isDup(err) {
		return true, nil
	}
	if err != nil {
		return false, fail(err, "write %s %s", col, id)
	}
	return false, nil
}
