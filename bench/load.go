package bench

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// Chatter is one simulated person: Step sends their next message and waits for the bot's
// answer, returning how long that took.
type Chatter interface {
	Step() (time.Duration, error)
}

// StepResult is the outcome of one load level.
type StepResult struct {
	Chats      int           // simulated people, each writing about once a second
	Duration   time.Duration // how long the step ran
	Handled    int           // answers received
	Errors     int
	PerSecond  float64 // answers received per second
	P50, P99   time.Duration
	MaxLatency time.Duration
}

// RunStep drives n chatters for d, each sending at most once a second (Telegram lets a
// person's chat carry about one message a second), and collects the latencies.
func RunStep(n int, d time.Duration, chatters []Chatter) StepResult {
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	start := time.Now()
	end := start.Add(d)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(c Chatter, offset time.Duration) {
			defer wg.Done()
			time.Sleep(offset) // spread the chats over the first second
			for next := time.Now(); time.Now().Before(end); {
				l, err := c.Step()
				mu.Lock()
				if err != nil {
					errs++
				} else {
					lat = append(lat, l)
				}
				mu.Unlock()
				next = next.Add(time.Second)
				if wait := time.Until(next); wait > 0 {
					time.Sleep(wait)
				}
			}
		}(chatters[i], time.Duration(i)*time.Second/time.Duration(n))
	}
	wg.Wait()
	el := time.Since(start)
	r := StepResult{Chats: n, Duration: el, Handled: len(lat), Errors: errs, PerSecond: float64(len(lat)) / el.Seconds()}
	if len(lat) > 0 {
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		r.P50 = lat[len(lat)/2]
		r.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
		r.MaxLatency = lat[len(lat)-1]
	}
	return r
}

// Capacity is the highest load (answers per second) whose p99 latency stayed under limit.
func Capacity(steps []StepResult, limit time.Duration) float64 {
	best := 0.0
	for _, s := range steps {
		if s.P99 < limit && s.Errors == 0 && s.PerSecond > best {
			best = s.PerSecond
		}
	}
	return best
}

// PrintSteps writes a Markdown table of the steps of one target.
func PrintSteps(w io.Writer, name string, steps []StepResult) {
	fmt.Fprintf(w, "\n%s\n\n| chats | updates/s | p50 | p99 | max | errors |\n|---:|---:|---:|---:|---:|---:|\n", name)
	for _, s := range steps {
		fmt.Fprintf(w, "| %d | %.1f | %s | %s | %s | %d |\n", s.Chats, s.PerSecond, ms(s.P50), ms(s.P99), ms(s.MaxLatency), s.Errors)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// quietTB lets simulated people wait with tgtest's helpers from their own goroutines: a
// failure is recorded instead of stopping the benchmark's goroutine.
type quietTB struct {
	testing.TB
	mu  sync.Mutex
	err error
}

func (q *quietTB) Helper() {}

func (q *quietTB) Fatalf(format string, args ...any) {
	q.mu.Lock()
	q.err = fmt.Errorf(format, args...)
	q.mu.Unlock()
	panic(errStepFailed)
}

func (q *quietTB) Errorf(format string, args ...any) { q.Fatalf(format, args...) }

var errStepFailed = fmt.Errorf("step failed")

// waitNext waits for the bot's next message to u, turning a time-out into an error.
func waitNext(tb *quietTB, u *tgtest.User) (m tgtest.SentMessage, err error) {
	defer func() {
		if p := recover(); p != nil {
			if p != errStepFailed {
				panic(p)
			}
			tb.mu.Lock()
			err = tb.err
			tb.mu.Unlock()
		}
	}()
	return u.Next(tb), nil
}
