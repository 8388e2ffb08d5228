package domain

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Return is an officer's sending back of a school's report for correction: the reason,
// told to the school verbatim, the questions it names, and whether the school has sent a
// correction since. While a return is open the school counts as "returned, awaiting
// correction", apart from submitted and missing, and its report is unlocked for it
// whatever the dates. The school's next submission resolves it.
type Return struct {
	// ID is the natural key, ReturnID(period, school, key): the same officer action
	// replayed writes the same return once.
	ID     string `bson:"_id" json:"id"`
	Period string `bson:"period" json:"period"`
	School string `bson:"school" json:"school"`
	Reason string `bson:"reason" json:"reason"` // as the officer wrote it
	// Questions are the ids of the questions the reason names ("câu 3, 5": the third and
	// fifth answers as /view and the review number them), in that order.
	Questions []string  `bson:"questions,omitempty" json:"questions,omitempty"`
	By        int64     `bson:"by" json:"by"`                                 // the officer's Telegram id
	ByName    string    `bson:"by_name" json:"by_name"`                       // their name at the time
	At        time.Time `bson:"at" json:"at"`                                 // when it was returned
	Of        int       `bson:"of,omitempty" json:"of,omitempty"`             // the revision returned; 0 when none was stored
	DoneAt    time.Time `bson:"done_at,omitempty" json:"done_at,omitempty"`   // when the correction came; zero while open
	DoneBy    int       `bson:"done_rev,omitempty" json:"done_rev,omitempty"` // the revision that resolved it
}

// Open reports whether the school has not sent a correction yet.
func (r Return) Open() bool { return r.DoneAt.IsZero() }

// ReturnID is the natural key of a return: the period, the school and a key unique to the
// officer's action (the Telegram update that carried it), e.g. "2026-Y:TH-CAMVU:81234".
func ReturnID(periodID, schoolCode, key string) string {
	return SubmissionID(periodID, schoolCode) + ":" + key
}

// ReturnRequest is the "return for correction" use case: the return record, the
// reopening that unlocks the report for the school, and the audit entry, written as one
// unit. The store completes the audit entry's Action, Target and Detail.
type ReturnRequest struct {
	Return Return
	Audit  AuditEntry
}

// AuditRecord returns the audit entry that goes with the return, so every engine writes
// the same one.
func (r ReturnRequest) AuditRecord() AuditEntry {
	a := r.Audit
	a.Action, a.Target = AuditReturn, r.Return.School
	a.Detail = r.Return.Period
	if len(r.Return.Questions) > 0 {
		a.Detail += ": " + strings.Join(r.Return.Questions, ", ")
	}
	if a.At.IsZero() {
		a.At = r.Return.At
	}
	if a.Result == "" {
		a.Result = "ok"
	}
	return a
}

// Audit actions the use cases write themselves.
const (
	AuditSubmit = "report.submit"
	AuditReturn = "report.return"
)

// itemsRE matches the questions a reason starts by naming: "câu 3, 5: …", "Câu 3 và 5 -",
// "q 2,4: …".
var itemsRE = regexp.MustCompile(`(?i)^\s*(?:câu|cau|q|question|questions)\s*((?:\d+\s*(?:,|;|và|and|\s)\s*)*\d+)\s*[:.\-–—]?\s*`)

// ParseReturnReason reads an officer's reason for returning a report. It returns the
// question numbers it names first ("câu 3, 5: số liệu chưa khớp" → [3 5]), sorted and
// without repeats, and the reason as written, trimmed. ok is false for an empty reason.
func ParseReturnReason(s string) (items []int, reason string, ok bool) {
	reason = strings.TrimSpace(s)
	if m := itemsRE.FindStringSubmatch(reason); m != nil {
		for _, f := range regexp.MustCompile(`\d+`).FindAllString(m[1], -1) {
			if n, err := strconv.Atoi(f); err == nil && n > 0 && n < 1000 {
				items = append(items, n)
			}
		}
		slices.Sort(items)
		items = slices.Compact(items)
	}
	return items, reason, reason != ""
}
