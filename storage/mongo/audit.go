package mongo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colAudit = backup.ColAudit

func init() {
	addIndexes(colAudit, idx("at", "_id")) // RecentAudit, PruneAudit
}

// auditSeq orders the entries this process writes within one millisecond.
var auditSeq atomic.Uint64

// auditID is a time-ordered string id: the time in UTC to the millisecond, this process's
// sequence number, then random bytes so that two replicas never collide.
func auditID(at time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%012d-%s", at.UTC().Format("20060102T150405.000"), auditSeq.Add(1), hex.EncodeToString(b[:]))
}

// Audit appends an entry to the audit trail. At is set to now when zero; ID is always set.
func (s *Store) Audit(ctx context.Context, e domain.AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	e.At = e.At.UTC().Truncate(time.Millisecond)
	e.ID = auditID(e.At)
	if _, err := s.c(colAudit).InsertOne(ctx, e); err != nil {
		return fail(err, "record audit entry %s", e.Action)
	}
	return nil
}

// RecentAudit returns the newest n audit entries, newest first (by time, then id: a
// submit's entry has an id derived from its revision).
func (s *Store) RecentAudit(ctx context.Context, n int) ([]domain.AuditEntry, error) {
	return findAll[domain.AuditEntry](ctx, s.c(colAudit), bson.M{}, "audit entries",
		options.Find().SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(n)))
}

// PruneAudit deletes audit entries older than cutoff and returns how many.
func (s *Store) PruneAudit(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.c(colAudit).DeleteMany(ctx, bson.M{"at": bson.M{"$lt": cutoff.UTC()}})
	if err != nil {
		return 0, fail(err, "prune audit entries")
	}
	return res.DeletedCount, nil
}
