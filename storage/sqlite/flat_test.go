package sqlite

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"
)

// TestAnswerFlat compares the store's time of an answer in a district of 60 schools and
// one of 10,000, each with two years of data: at most 1.5 times. The two alternate in
// short rounds and the medians are compared, so a machine busy with other work slows both
// alike. It seeds for half a minute: set REPORTBOT_SQLITE_PERF=1 to run it.
func TestAnswerFlat(t *testing.T) {
	if os.Getenv("REPORTBOT_SQLITE_PERF") == "" {
		t.Skip("set REPORTBOT_SQLITE_PERF=1 to measure")
	}
	ctx := context.Background()
	at := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	sizes := []int{60, 10000}
	stores := map[int]*Store{}
	var update int64
	for _, n := range sizes {
		stores[n] = mustOpen(t, fixedClock(at))
		if err := seedDistrict(ctx, stores[n], n, at); err != nil {
			t.Fatal(err)
		}
		for i := range n { // a running bot: every school answered once
			update++
			if err := benchAnswer(ctx, stores[n], n, i, update); err != nil {
				t.Fatal(err)
			}
		}
	}
	const rounds, perRound = 21, 300
	times := map[int][]time.Duration{}
	for r := range rounds {
		for _, n := range sizes {
			start := time.Now()
			for k := range perRound {
				update++
				if err := benchAnswer(ctx, stores[n], n, r*perRound+k, update); err != nil {
					t.Fatal(err)
				}
			}
			times[n] = append(times[n], time.Since(start)/perRound)
		}
	}
	median := func(d []time.Duration) time.Duration {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	small, large := median(times[60]), median(times[10000])
	ratio := float64(large) / float64(small)
	t.Logf("answer: %v with 60 schools, %v with 10,000: ratio %.2f", small, large, ratio)
	if ratio > 1.5 {
		t.Errorf("an answer costs %.2f times as much in a district of 10,000 schools", ratio)
	}
}
