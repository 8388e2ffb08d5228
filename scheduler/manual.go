package scheduler

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// ErrNotAccepting is returned for a manual reminder of a period that does not take
// reports now.
var ErrNotAccepting = domain.Tell("remind.not_open", nil)

// Manual returns the reminders an officer's /remind of period p sends at now, under stage
// (such as "manual-1750000000"): every started reporter of every active school that has
// not submitted, and one digest to each bound group with missing schools of its level. It
// leaves out the officers' digest; in is the snapshot to render them with (see Queue).
// Quiet hours do not apply: an officer chose to send now, and the dispatcher still waits
// until they end.
func (s *Scheduler) Manual(ctx context.Context, p domain.Period, stage string, now time.Time) (Input, []Reminder, error) {
	if !p.Accepting(now) {
		return Input{}, nil, ErrNotAccepting
	}
	in, err := s.Snapshot(ctx, now)
	if err != nil {
		return in, nil, fmt.Errorf("load reminder data: %w", err)
	}
	if !slices.ContainsFunc(in.Periods, func(q domain.Period) bool { return q.ID == p.ID }) {
		in.Periods = append(in.Periods, p)
		if err := s.loadDone(ctx, &in, p.ID); err != nil {
			return in, nil, err
		}
	}
	var active []domain.School
	for _, sc := range in.Schools {
		if sc.Active {
			active = append(active, sc)
		}
	}
	slices.SortFunc(active, func(a, b domain.School) int { return strings.Compare(a.Code, b.Code) })
	rs := periodReminders(in, p, stage, domain.CivilDateOf(now, s.Loc), active)
	return in, slices.DeleteFunc(rs, func(r Reminder) bool { return r.Kind == KindOfficer }), nil
}

// Wake asks the dispatcher to look at the outbox now; handlers call it after queueing.
func (s *Scheduler) Wake() {
	if s.OnQueued != nil {
		s.OnQueued()
	}
}
