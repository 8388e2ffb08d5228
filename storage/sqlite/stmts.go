package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// maxStmts bounds each pool's cache of prepared statements. The engine's statements are a
// fixed set, plus a few shapes of ChangeAnswers; the bound only guards against a bug.
const maxStmts = 256

// stmtCache keeps a pool's prepared statements by their SQL, so a hot statement is parsed
// once per connection instead of at every call (parsing costs as much as running a
// lookup by key).
type stmtCache struct {
	db      *sql.DB
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool // seen in a transaction; prepared once the writer is free
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[q]
}

// prepare returns the statement for q, preparing it if needed; nil when it cannot (the
// caller then runs q unprepared and meets the error there).
func (c *stmtCache) prepare(ctx context.Context, q string) *sql.Stmt {
	if st := c.get(q); st != nil {
		return st
	}
	st, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.m[q]; old != nil || len(c.m) >= maxStmts {
		st.Close()
		return old
	}
	c.m[q] = st
	return st
}

// want records a statement run inside a transaction without a prepared form: the writer's
// only connection is busy then, so it is prepared later by preparePending.
func (c *stmtCache) want(q string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m)+len(c.pending) < maxStmts {
		c.pending[q] = true
	}
}

// preparePending prepares the statements wanted since the last call. The caller must not
// hold a connection of the pool.
func (c *stmtCache) preparePending(ctx context.Context) {
	c.mu.Lock()
	var qs []string
	for q := range c.pending {
		qs = append(qs, q)
	}
	clear(c.pending)
	c.mu.Unlock()
	for _, q := range qs {
		c.prepare(ctx, q)
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}

// wtx is a write transaction whose statements come from the writer's cache.
type wtx struct {
	*sql.Tx
	c *stmtCache
}

// stmt returns q's cached statement bound to the transaction, or nil.
func (t wtx) stmt(ctx context.Context, q string) *sql.Stmt {
	if st := t.c.get(q); st != nil {
		return t.Tx.StmtContext(ctx, st)
	}
	t.c.want(q)
	return nil
}

// ExecContext runs q in the transaction.
func (t wtx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, q, args...)
}

// QueryContext runs q in the transaction.
func (t wtx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, q, args...)
}

// QueryRowContext runs q in the transaction.
func (t wtx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, q, args...)
}

// PrepareContext returns q's statement for the transaction, for a loop of writes.
func (t wtx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st, nil
	}
	return t.Tx.PrepareContext(ctx, q)
}

// query runs a read on the readers with a prepared statement.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := s.rst.prepare(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.r.QueryContext(ctx, q, args...)
}

// queryRow runs a one-row read on the readers with a prepared statement.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := s.rst.prepare(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.r.QueryRowContext(ctx, q, args...)
}
