package sqlite

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// auditSeq orders the entries this process writes within one millisecond.
var auditSeq atomic.Uint64

// auditID is a time-ordered id, the same as the MongoDB engine's: the time in UTC to the
// millisecond, this process's sequence number, then random bytes so that two processes
// never collide.
func auditID(at time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%012d-%s", at.UTC().Format("20060102T150405.000"), auditSeq.Add(1), hex.EncodeToString(b[:]))
}

const auditCols = "id, at, user_id, name, action, target, detail, result, doc"

var auditKeys = keys("id", "at", "user_id", "name", "action", "target", "detail", "result")

func scanAudit(sc interface{ Scan(...any) error }) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	err := sc.Scan(&e.ID, at(&e.At), &e.UserID, &e.Name, &e.Action, &e.Target, &e.Detail, &e.Result, docOf(&e))
	return e, err
}

const putAudit = `INSERT OR REPLACE INTO audit (` + auditCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

func auditArgs(e domain.AuditEntry) ([]any, error) {
	doc, err := restDoc(e, auditKeys)
	return []any{e.ID, e.At.UnixMilli(), e.UserID, e.Name, e.Action, e.Target, e.Detail, e.Result, doc}, err
}

// Audit appends an entry; At defaults to now, and the ID is set by the store (time-ordered).
func (s *Store) Audit(ctx context.Context, e domain.AuditEntry) error {
	return s.tx(ctx, "record audit entry "+e.Action, func(tx wtx) error { return s.audit(ctx, tx, e) })
}

func (s *Store) audit(ctx context.Context, tx wtx, e domain.AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	e.ID = auditID(e.At)
	args, err := auditArgs(e)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, putAudit, args...)
	return err
}

const qRecentAudit = `SELECT ` + auditCols + ` FROM audit ORDER BY id DESC LIMIT ?`

// RecentAudit returns the n newest entries, newest first.
func (s *Store) RecentAudit(ctx context.Context, n int) ([]domain.AuditEntry, error) {
	rows, err := s.query(ctx, qRecentAudit, n)
	if err != nil {
		return nil, s.fail(ctx, "recent audit entries", err)
	}
	out, err := collect(rows, scanAudit)
	return out, s.fail(ctx, "recent audit entries", err)
}

const qPruneAudit = `DELETE FROM audit WHERE at < ?`

// PruneAudit deletes audit entries older than cutoff and returns how many.
func (s *Store) PruneAudit(ctx context.Context, cutoff time.Time) (int64, error) {
	return s.exec(ctx, "prune audit entries", qPruneAudit, cutoff.UnixMilli())
}
