package storagetest

import (
	"context"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/event"
)

// Commands counts the commands a store sends to its server, by command name and collection,
// with their total duration: give Monitor() to storage.Options (or app.Options) and read
// Counts after the work.
type Commands struct {
	mu      sync.Mutex
	counts  map[string]*CommandCount
	started map[int64]string
}

// CommandCount is how many commands of one kind ran and how long they took together.
type CommandCount struct {
	Key   string // "name collection", e.g. "find users"
	N     int
	Total time.Duration
}

// Monitor returns the driver hooks that count.
func (c *Commands) Monitor() *event.CommandMonitor {
	return &event.CommandMonitor{
		Started: func(_ context.Context, e *event.CommandStartedEvent) {
			key := e.CommandName
			if col, ok := e.Command.Lookup(e.CommandName).StringValueOK(); ok {
				key += " " + col
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.started == nil {
				c.started = map[int64]string{}
			}
			c.started[e.RequestID] = key
		},
		Succeeded: func(_ context.Context, e *event.CommandSucceededEvent) { c.end(e.RequestID, e.Duration) },
		Failed:    func(_ context.Context, e *event.CommandFailedEvent) { c.end(e.RequestID, e.Duration) },
	}
}

func (c *Commands) end(req int64, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key, ok := c.started[req]
	if !ok {
		return
	}
	delete(c.started, req)
	if c.counts == nil {
		c.counts = map[string]*CommandCount{}
	}
	n := c.counts[key]
	if n == nil {
		n = &CommandCount{Key: key}
		c.counts[key] = n
	}
	n.N++
	n.Total += d
}

// Reset forgets what was counted.
func (c *Commands) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counts = nil
}

// Counts returns the finished commands counted since the last Reset, most frequent first.
func (c *Commands) Counts() []CommandCount {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]CommandCount, 0, len(c.counts))
	for _, n := range c.counts {
		out = append(out, *n)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// Print writes the counts as a Markdown table, per unit of work (divide by per, e.g. the
// number of updates handled).
func (c *Commands) Print(w io.Writer, per int) {
	if per <= 0 {
		per = 1
	}
	var n int
	var total time.Duration
	fmt.Fprintf(w, "\n| command | per update | ms per update |\n|---|---:|---:|\n")
	for _, k := range c.Counts() {
		n += k.N
		total += k.Total
		fmt.Fprintf(w, "| %s | %.2f | %.3f |\n", k.Key, float64(k.N)/float64(per), msOf(k.Total)/float64(per))
	}
	fmt.Fprintf(w, "| **all** | %.2f | %.3f |\n", float64(n)/float64(per), msOf(total)/float64(per))
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
