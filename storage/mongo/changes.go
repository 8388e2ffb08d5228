package mongo

import (
	"context"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/event"
)

// maxChanges bounds the change log; older entries are forgotten and a reader that needs
// them is told to reload everything.
const maxChanges = 20000

// changeLog records which documents this process writes, seen by a command monitor on the
// driver, so readers can keep decoded documents in memory and refresh only what changed.
// The embedded server makes that exact: it is reached only through this process (the data
// directory is locked and CLI commands run inside the bot). It is not used with MongoDB,
// where other processes may write.
type changeLog struct {
	mu      sync.Mutex
	gen     uint64
	forgot  uint64 // every change up to this generation is forgotten
	entries []change
	pending map[int64][]change // by request id: logged again when the write ends
}

// change is one written document (id), or a write whose documents are unknown (all).
type change struct {
	gen     uint64
	col, id string
	all     bool
}

func newChangeLog() *changeLog { return &changeLog{pending: map[int64][]change{}} }

// monitor returns the driver hooks, or nil for a nil log (not embedded). A write is logged when it starts and again when it
// ends, so a reader that looked between the two sees it the next time too.
func (l *changeLog) monitor() *event.CommandMonitor {
	if l == nil {
		return nil
	}
	return &event.CommandMonitor{
		Started: func(_ context.Context, e *event.CommandStartedEvent) {
			cs := writtenDocs(e.CommandName, e.Command)
			if cs == nil {
				return
			}
			l.mu.Lock()
			defer l.mu.Unlock()
			l.pending[e.RequestID] = cs
			l.add(cs)
		},
		Succeeded: func(_ context.Context, e *event.CommandSucceededEvent) { l.end(e.RequestID) },
		Failed:    func(_ context.Context, e *event.CommandFailedEvent) { l.end(e.RequestID) },
	}
}

func (l *changeLog) end(req int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if cs, ok := l.pending[req]; ok {
		delete(l.pending, req)
		l.add(cs)
	}
}

// add logs changes under a new generation. The caller holds mu.
func (l *changeLog) add(cs []change) {
	l.gen++
	for _, c := range cs {
		c.gen = l.gen
		l.entries = append(l.entries, c)
	}
	if len(l.entries) > maxChanges {
		drop := len(l.entries) / 2
		l.forgot = l.entries[drop-1].gen
		l.entries = append([]change(nil), l.entries[drop:]...)
	}
}

// writtenDocs lists what a write command touches: the _id of each inserted document and
// of each update, delete or findAndModify whose filter is exactly {_id: "<string>"};
// anything else touches the whole collection. Other commands return nil.
func writtenDocs(name string, cmd bson.Raw) []change {
	col, ok := cmd.Lookup(name).StringValueOK()
	if !ok {
		return nil
	}
	var out []change
	filterID := func(q bson.Raw) {
		elems, err := q.Elements()
		if id, ok := q.Lookup("_id").StringValueOK(); err == nil && ok && len(elems) == 1 {
			out = append(out, change{col: col, id: id})
			return
		}
		out = append(out, change{col: col, all: true})
	}
	each := func(array, field string) {
		vals, err := cmd.Lookup(array).Array().Values()
		if err != nil {
			out = append(out, change{col: col, all: true})
			return
		}
		for _, v := range vals {
			doc, ok := v.DocumentOK()
			if !ok {
				out = append(out, change{col: col, all: true})
				continue
			}
			if field == "" {
				if id, ok := doc.Lookup("_id").StringValueOK(); ok {
					out = append(out, change{col: col, id: id})
				} else {
					out = append(out, change{col: col, all: true})
				}
				continue
			}
			q, _ := doc.Lookup(field).DocumentOK()
			filterID(q)
		}
	}
	switch name {
	case "insert":
		each("documents", "")
	case "update", "delete":
		each(name+"s", "q")
	case "findAndModify":
		q, _ := cmd.Lookup("query").DocumentOK()
		filterID(q)
	default:
		return nil
	}
	// The driver sends a bulk write's documents as a separate payload (OP_MSG section 1),
	// which the monitor shows inside the command; an empty list means we saw none of them.
	if len(out) == 0 {
		out = append(out, change{col: col, all: true})
	}
	return out
}

// Changes reports which documents of collection this process wrote after generation since:
// their _ids, or all = true when that is unknown (a write without an _id filter, a log too
// old, or a store this process does not write alone, such as MongoDB). gen is the current
// generation, to pass as since next time; read it before reading the documents.
func (s *Store) Changes(collection string, since uint64) (ids []string, all bool, gen uint64) {
	l := s.changes
	if l == nil {
		return nil, true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if since < l.forgot {
		return nil, true, l.gen
	}
	seen := map[string]bool{}
	for i := len(l.entries) - 1; i >= 0 && l.entries[i].gen > since; i-- {
		c := l.entries[i]
		switch {
		case c.col != collection:
		case c.all:
			return nil, true, l.gen
		case !seen[c.id]:
			seen[c.id] = true
			ids = append(ids, c.id)
		}
	}
	return ids, false, l.gen
}

// chainMonitors runs a's hooks, then b's; either may be nil.
func chainMonitors(a, b *event.CommandMonitor) *event.CommandMonitor {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	return &event.CommandMonitor{
		Started: func(ctx context.Context, e *event.CommandStartedEvent) {
			if a.Started != nil {
				a.Started(ctx, e)
			}
			if b.Started != nil {
				b.Started(ctx, e)
			}
		},
		Succeeded: func(ctx context.Context, e *event.CommandSucceededEvent) {
			if a.Succeeded != nil {
				a.Succeeded(ctx, e)
			}
			if b.Succeeded != nil {
				b.Succeeded(ctx, e)
			}
		},
		Failed: func(ctx context.Context, e *event.CommandFailedEvent) {
			if a.Failed != nil {
				a.Failed(ctx, e)
			}
			if b.Failed != nil {
				b.Failed(ctx, e)
			}
		},
	}
}
