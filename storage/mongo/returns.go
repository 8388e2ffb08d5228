package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colReturns = backup.ColReturns

func init() {
	// Returns and Submit's resolution (period, school); OpenReturns (period, done_rev).
	addIndexes(colReturns, idx("period", "school", "at"), idx("period", "done_rev"))
}

// ReturnReport stores the return, reopens the school's report for the period and
// appends the audit entry. On a replica set it is one transaction. On a standalone
// server the writes are ordered and idempotent: the audit entry (its id derived from the
// return's), then the reopening ($set of the same grant), then the return itself, which
// is what makes the school count as returned; a crash before it leaves at most an
// unlocked report and an audit line, and a replay of the same action (same return id)
// finishes the rest. A return stored already is returned as stored.
func (s *Store) ReturnReport(ctx context.Context, req domain.ReturnRequest) (domain.Return, error) {
	ret := req.Return
	if !safeField(ret.School) || ret.ID == "" {
		return domain.Return{}, fmt.Errorf("return %s of %q: bad school code or no id", ret.Period, ret.School)
	}
	if ret.At.IsZero() {
		ret.At = s.now()
	}
	ret.At = ret.At.UTC().Truncate(time.Millisecond)
	if ret.Questions == nil {
		ret.Questions = []string{}
	}
	req.Return = ret
	out := ret
	err := s.inTxn(ctx, func(ctx context.Context) error {
		var stored domain.Return
		err := s.c(colReturns).FindOne(ctx, bson.M{"_id": ret.ID}).Decode(&stored)
		if err == nil {
			out = stored
			return nil
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return fail(err, "load return %s", ret.ID)
		}
		audit := req.AuditRecord()
		audit.ID = "report.return:" + ret.ID
		audit.At = audit.At.UTC().Truncate(time.Millisecond)
		if _, err := s.putOnce(ctx, colAudit, audit.ID, audit); err != nil {
			return err
		}
		res, err := s.c(colPeriods).UpdateOne(ctx, bson.M{"_id": ret.Period},
			bson.M{"$set": bson.M{"reopened." + ret.School: backup.ReopenGrant{By: ret.By, At: ret.At}}})
		if err != nil {
			return fail(err, "reopen %s for %s", ret.Period, ret.School)
		}
		if res.MatchedCount == 0 {
			return fmt.Errorf("return %s: period %s: %w", ret.ID, ret.Period, domain.ErrNotFound)
		}
		_, err = s.putOnce(ctx, colReturns, ret.ID, ret)
		return err
	})
	if err != nil {
		return domain.Return{}, fmt.Errorf("return %s: %w", ret.ID, err)
	}
	return out, nil
}

// Returns lists a school's returns for a period, oldest first.
func (s *Store) Returns(ctx context.Context, period, school string) ([]domain.Return, error) {
	return findAll[domain.Return](ctx, s.c(colReturns), bson.M{"period": period, "school": school},
		fmt.Sprintf("returns of %s/%s", period, school), options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}))
}

// openFilter matches open returns by their resolving revision, which is left out of the
// document (or 0) while open: an int's omitempty is certain, a time's is not.
var openFilter = bson.M{"$in": bson.A{nil, 0}}

// OpenReturns returns, per school, the newest open return of the period.
func (s *Store) OpenReturns(ctx context.Context, period string) (map[string]domain.Return, error) {
	list, err := findAll[domain.Return](ctx, s.c(colReturns), bson.M{"period": period, "done_rev": openFilter},
		"open returns of "+period, options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]domain.Return, len(list))
	for _, r := range list {
		out[r.School] = r
	}
	return out, nil
}

// resolveReturns marks the school's open returns of the period resolved by a stored
// submission; running it again changes nothing more.
func (s *Store) resolveReturns(ctx context.Context, sub domain.Submission) error {
	_, err := s.c(colReturns).UpdateMany(ctx, bson.M{"period": sub.Period, "school": sub.School, "done_rev": openFilter},
		bson.M{"$set": bson.M{"done_at": sub.SubmittedAt.UTC().Truncate(time.Millisecond), "done_rev": sub.Revision}})
	return fail(err, "resolve returns of %s/%s", sub.Period, sub.School)
}
