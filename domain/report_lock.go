package domain

import "time"

// EditState says whether a school's report for a period may be entered, sent or revised
// at an instant, and why not.
type EditState int

// Edit states. Open, Late, Revise and Reopened allow entering and sending.
const (
	EditNotYet   EditState = iota // the period has not opened
	EditOpen                      // not sent yet, before the deadline
	EditLate                      // not sent yet, after the deadline: accepted, flagged late
	EditRevise                    // sent, before the deadline: a new revision may be sent
	EditReopened                  // an officer reopened it (/reopen): allowed whatever the dates
	EditLocked                    // sent, and the deadline has passed
	EditClosed                    // not sent, and the period no longer takes reports
)

// editTable is the lock rule as data: by period state, [not sent, sent].
var editTable = map[PeriodState][2]EditState{
	PeriodUpcoming: {EditNotYet, EditNotYet},
	PeriodOpen:     {EditOpen, EditRevise},
	PeriodLate:     {EditLate, EditLocked},
	PeriodClosed:   {EditClosed, EditLocked},
}

// ReportEditState applies the lock rule: until DueAt a report may be sent and revised; from
// DueAt a school that has not sent may still send (late) until Closes; a sent report is
// locked after DueAt, and a report of a closed period too, unless an officer reopened it.
func ReportEditState(p Period, now time.Time, submitted, reopened bool) EditState {
	st := p.State(now)
	if reopened && st != PeriodUpcoming {
		return EditReopened
	}
	row := editTable[st]
	if submitted {
		return row[1]
	}
	return row[0]
}

// Allowed reports whether the state lets a reporter enter answers and send.
func (s EditState) Allowed() bool {
	return s == EditOpen || s == EditLate || s == EditRevise || s == EditReopened
}
