package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PeriodKind tells the recurring six-month report from the annual one and from one-off
// rounds added in the config file.
type PeriodKind string

// Period kinds.
const (
	KindH1     PeriodKind = "H1" // báo cáo 6 tháng, due before 20 June
	KindYear   PeriodKind = "Y"  // báo cáo năm, due before 10 December
	KindOneOff PeriodKind = "X"  // a one-off round from the config file
)

// Period is one reporting round. ID is "<deadline year>-H1", "<deadline year>-Y" or the
// config's id for a one-off round. All instants are UTC; LastDay is the last on-time day
// as a civil date in the district's time zone, for display.
type Period struct {
	ID      string            `bson:"_id" json:"id"`
	Kind    PeriodKind        `bson:"kind" json:"kind"`
	Titles  map[string]string `bson:"titles,omitempty" json:"titles,omitempty"` // lang -> title; empty for H1/Y (locales name them)
	LastDay string            `bson:"last_day" json:"last_day"`                 // "2026-06-19"
	Opens   time.Time         `bson:"opens" json:"opens"`                       // first moment reports are accepted
	DueAt   time.Time         `bson:"due_at" json:"due_at"`                     // end of LastDay: at or after it a submission is late
	Closes  time.Time         `bson:"closes" json:"closes"`                     // from then on nothing is accepted
	// CoverFrom and CoverTo are the first and last days the period's numbers cover,
	// "YYYY-MM-DD"; CoverTo is "" for "to the day of reporting". Read them with Coverage,
	// which also serves periods stored before they existed.
	CoverFrom string `bson:"cover_from,omitempty" json:"cover_from,omitempty"`
	CoverTo   string `bson:"cover_to,omitempty" json:"cover_to,omitempty"`
	// Questionnaire is the version (hash) of the questionnaire pinned when the period opened;
	// "" until then.
	Questionnaire string `bson:"questionnaire,omitempty" json:"questionnaire,omitempty"`
}

// PeriodState is where a period stands at an instant.
type PeriodState int

// Period states in time order.
const (
	PeriodUpcoming PeriodState = iota // before Opens
	PeriodOpen                        // Opens <= now < DueAt: on-time submissions
	PeriodLate                        // DueAt <= now < Closes: accepted, flagged late
	PeriodClosed                      // Closes <= now
)

// State returns the period's state at now.
func (p Period) State(now time.Time) PeriodState {
	switch {
	case now.Before(p.Opens):
		return PeriodUpcoming
	case now.Before(p.DueAt):
		return PeriodOpen
	case now.Before(p.Closes):
		return PeriodLate
	}
	return PeriodClosed
}

// Accepting reports whether reports may be entered at now (on time or late).
func (p Period) Accepting(now time.Time) bool {
	s := p.State(now)
	return s == PeriodOpen || s == PeriodLate
}

// PreviousID returns the id of the same recurring round a year earlier ("2025-H1" for
// "2026-H1"), whose answers a change check compares with; false for a one-off round.
func (p Period) PreviousID() (string, bool) {
	m := findIDRE.FindStringSubmatch(p.ID)
	if m == nil || PeriodKind(m[2]) != p.Kind {
		return "", false
	}
	year, _ := strconv.Atoi(m[1])
	return fmt.Sprintf("%04d-%s", year-1, p.Kind), true
}

// FirstHalfID returns, for an annual report, the id of the six-month report of the same
// year ("2026-H1" for "2026-Y"), whose answers the annual report shows beside its
// questions; false for other kinds.
func (p Period) FirstHalfID() (string, bool) {
	year, ok := strings.CutSuffix(p.ID, "-"+string(KindYear))
	if !ok || p.Kind != KindYear {
		return "", false
	}
	return year + "-" + string(KindH1), true
}
