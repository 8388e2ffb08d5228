package domain

import (
	"testing"
	"time"
)

func TestWrongCodeAt(t *testing.T) {
	now := time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	tests := []struct {
		name     string
		earlier  []time.Time
		keep     int
		locked   bool
		wantLeft int
	}{
		{"first", nil, 1, false, 4},
		{"old ones forgotten", []time.Time{ago(time.Hour), ago(11 * time.Minute)}, 1, false, 4},
		{"fourth in the window", []time.Time{ago(time.Minute), ago(2 * time.Minute), ago(3 * time.Minute)}, 4, false, 1},
		{"fifth locks", []time.Time{ago(time.Minute), ago(2 * time.Minute), ago(3 * time.Minute), ago(9 * time.Minute)}, 0, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keep, until, left := WrongCodeAt(tt.earlier, now)
			if len(keep) != tt.keep || until.IsZero() == tt.locked || left != tt.wantLeft {
				t.Errorf("keep %d, until %v, left %d", len(keep), until, left)
			}
			if tt.locked && !until.Equal(now.Add(WrongCodeLock)) {
				t.Errorf("locked until %v", until)
			}
		})
	}
}
