package domain

import (
	"sort"
	"strconv"
	"time"
)

// Revision is one sent version of a school's report: who sent it, when, and which answers
// differ from the version before. Revisions are kept forever, one document each, with _id
// RevisionID(period, school, n).
type Revision struct {
	ID            string            `bson:"_id" json:"id"`
	Period        string            `bson:"period" json:"period"`
	School        string            `bson:"school" json:"school"`
	Revision      int               `bson:"revision" json:"revision"` // 1 for the first submission
	Questionnaire string            `bson:"questionnaire" json:"questionnaire"`
	Answers       map[string]Answer `bson:"answers" json:"answers"`
	Changed       []string          `bson:"changed" json:"changed"` // question ids added, changed or dropped, sorted
	By            int64             `bson:"by" json:"by"`
	ByName        string            `bson:"by_name" json:"by_name"`
	ByOfficer     bool              `bson:"by_officer,omitempty" json:"by_officer,omitempty"`
	At            time.Time         `bson:"at" json:"at"`
	Late          bool              `bson:"late,omitempty" json:"late,omitempty"` // sent at or after the deadline
}

// RevisionID is the natural key of a revision, e.g. "2026-Y:THCS-LAICACH:3".
func RevisionID(periodID, schoolCode string, n int) string {
	return SubmissionID(periodID, schoolCode) + ":" + strconv.Itoa(n)
}

// SameValue reports whether two answers hold the same value, whoever gave them and when.
// Files compare by Telegram file_id, in order, old single-file answers included.
func (a Answer) SameValue(b Answer) bool {
	switch {
	case a.Skipped != b.Skipped, a.Text != b.Text, a.Choice != b.Choice:
		return false
	case (a.Int == nil) != (b.Int == nil), a.Int != nil && *a.Int != *b.Int:
		return false
	case (a.Bool == nil) != (b.Bool == nil), a.Bool != nil && *a.Bool != *b.Bool:
		return false
	}
	fa, fb := a.AllFiles(), b.AllFiles()
	if len(fa) != len(fb) {
		return false
	}
	for i := range fa {
		if fa[i].FileID != fb[i].FileID {
			return false
		}
	}
	return true
}

// ChangedAnswers returns the ids whose answer was added, dropped or changed between old and
// new, sorted.
func ChangedAnswers(old, new map[string]Answer) []string {
	var out []string
	for id, a := range new {
		if b, ok := old[id]; !ok || !a.SameValue(b) {
			out = append(out, id)
		}
	}
	for id := range old {
		if _, ok := new[id]; !ok {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
