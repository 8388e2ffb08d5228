package handlers

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/camgiang-edu/reportbot/domain"
)

// ChangeTracker is implemented by a store that knows which documents this process wrote
// (storage.Store with the embedded server). With it the officer's views keep a period's
// decoded submissions and drafts in memory and re-read only what changed; without it
// (all is always true) they read the period every time.
type ChangeTracker interface {
	Changes(collection string, since uint64) (ids []string, all bool, gen uint64)
}

// Cache sizes: periods kept per collection, and the most changed documents refreshed one
// by one before a full reload is cheaper.
const (
	cachedPeriods   = 3
	maxSingleReload = 200
)

// docCache keeps one collection's documents of a few periods, keyed by school code.
type docCache[T any] struct {
	col      string
	loadAll  func(ctx context.Context, period string) ([]T, error)
	loadOne  func(ctx context.Context, period, school string) (T, error)
	schoolOf func(T) string

	mu      sync.Mutex
	periods map[string]*periodDocs[T]
	order   []string // periods, least recently used first
}

type periodDocs[T any] struct {
	gen  uint64
	docs map[string]T
}

// get returns the period's documents sorted by school, refreshed from the changes since
// they were read. The slice is the caller's; the documents are shared and read-only.
func (c *docCache[T]) get(ctx context.Context, tr ChangeTracker, period string) ([]T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pd := c.periods[period]
	since := uint64(0)
	if pd != nil {
		since = pd.gen
	}
	ids, all, gen := tr.Changes(c.col, since)
	if pd == nil || all || len(ids) > maxSingleReload {
		docs, err := c.loadAll(ctx, period)
		if err != nil {
			return nil, err
		}
		pd = &periodDocs[T]{docs: make(map[string]T, len(docs))}
		for _, d := range docs {
			pd.docs[c.schoolOf(d)] = d
		}
	} else {
		for _, id := range ids {
			school, ok := strings.CutPrefix(id, period+":")
			if !ok {
				continue
			}
			d, err := c.loadOne(ctx, period, school)
			switch {
			case errors.Is(err, domain.ErrNotFound):
				delete(pd.docs, school)
			case err != nil:
				return nil, err
			default:
				pd.docs[school] = d
			}
		}
	}
	pd.gen = gen
	c.keep(period, pd)
	out := make([]T, 0, len(pd.docs))
	for _, school := range slices.Sorted(maps.Keys(pd.docs)) {
		out = append(out, pd.docs[school])
	}
	return out, nil
}

// keep stores pd as the most recently used period, forgetting the oldest beyond
// cachedPeriods. The caller holds mu.
func (c *docCache[T]) keep(period string, pd *periodDocs[T]) {
	if c.periods == nil {
		c.periods = map[string]*periodDocs[T]{}
	}
	c.periods[period] = pd
	c.order = append(slices.DeleteFunc(c.order, func(p string) bool { return p == period }), period)
	for len(c.order) > cachedPeriods {
		delete(c.periods, c.order[0])
		c.order = c.order[1:]
	}
}

// officerCache is the officer's views' memory of recent periods.
type officerCache struct {
	once   sync.Once
	subs   docCache[domain.Submission]
	drafts docCache[domain.Draft]
}

// periodSource is the export.Source of the officer's views: schools straight from the
// store, submissions and drafts through the cache when the store tracks its changes.
type periodSource struct {
	OfficerStore
	tr    ChangeTracker
	cache *officerCache
}

func (h *Handlers) source() periodSource {
	tr, _ := h.Officer.(ChangeTracker)
	if h.cache == nil || tr == nil {
		return periodSource{OfficerStore: h.Officer}
	}
	c := h.cache
	c.once.Do(func() {
		c.subs = docCache[domain.Submission]{col: "submissions", loadAll: h.Officer.Submissions, loadOne: h.Officer.Submission,
			schoolOf: func(s domain.Submission) string { return s.School }}
		c.drafts = docCache[domain.Draft]{col: "drafts", loadAll: h.Officer.Drafts, loadOne: h.Officer.Draft,
			schoolOf: func(d domain.Draft) string { return d.School }}
	})
	return periodSource{OfficerStore: h.Officer, tr: tr, cache: c}
}

// Submissions returns the period's submissions, sorted by school.
func (s periodSource) Submissions(ctx context.Context, period string) ([]domain.Submission, error) {
	if s.tr == nil {
		return s.OfficerStore.Submissions(ctx, period)
	}
	return s.cache.subs.get(ctx, s.tr, period)
}

// Drafts returns the period's drafts, sorted by school.
func (s periodSource) Drafts(ctx context.Context, period string) ([]domain.Draft, error) {
	if s.tr == nil {
		return s.OfficerStore.Drafts(ctx, period)
	}
	return s.cache.drafts.get(ctx, s.tr, period)
}

// WarmOfficerCache reads the default period's submissions and drafts into memory, so the
// first /status after a start answers as fast as later ones. The app runs it in the
// background at start; an error only means the first query reads the store itself.
func (h *Handlers) WarmOfficerCache(ctx context.Context) error {
	p, ok := h.Periods.Default(h.Now(), h.Loc)
	if !ok {
		return nil
	}
	src := h.source()
	if _, err := src.Submissions(ctx, p.ID); err != nil {
		return err
	}
	_, err := src.Drafts(ctx, p.ID)
	return err
}
