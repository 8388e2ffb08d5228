package bot

import (
	"testing"
	"time"
)

func TestDailyOnce_First(t *testing.T) {
	var o dailyOnce
	if !o.first(1, "2026-06-16") || o.first(1, "2026-06-16") {
		t.Fatal("a user must be answered once a day")
	}
	if !o.first(2, "2026-06-16") {
		t.Error("another user is answered too")
	}
	if !o.first(1, "2026-06-17") {
		t.Error("the next day the user is answered again")
	}
	for i := range int64(maxPointedPerDay) {
		o.first(100+i, "2026-06-18")
	}
	if o.first(-1, "2026-06-18") || len(o.seen) > maxPointedPerDay {
		t.Errorf("%d users remembered; the map must stay within %d", len(o.seen), maxPointedPerDay)
	}
}

func TestLimiter_ReserveSpareLeavesTheBroadcastBudget(t *testing.T) {
	now := time.Date(2026, 6, 16, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(DefaultLimits(), func() time.Time { return now })
	const group = -100600
	spared := 0
	for range 50 {
		if l.ReserveSpare(group) {
			spared++
		}
	}
	if spared == 0 || spared >= DefaultLimits().PerChatBurst {
		t.Errorf("%d spare messages out of a burst of %d", spared, DefaultLimits().PerChatBurst)
	}
	if w := l.Reserve(group); w != 0 {
		t.Errorf("a reminder to the group must wait %v after the strangers' pointers", w)
	}
}
