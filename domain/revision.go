package domain

import "time"

// Revision records one sent version of a school's report for a period: the first one
// (Revision 1) and every later correction. ID is SubmissionID(period, school) + ":" + n,
// e.g. "2026-Y:THCS-X:3". Changed lists the ids of the answers that differ from the
// version before.
//
// The report conversation (issue 4) keeps revisions with a superset of these fields under
// the same names; when it lands, its definition replaces this one.
type Revision struct {
	ID       string    `bson:"_id" json:"id"`
	Period   string    `bson:"period" json:"period"`
	School   string    `bson:"school" json:"school"`
	Revision int       `bson:"revision" json:"revision"` // 1 for the first submission
	Changed  []string  `bson:"changed" json:"changed"`   // question ids added, changed or dropped
	By       int64     `bson:"by" json:"by"`             // Telegram user id of who sent it
	ByName   string    `bson:"by_name" json:"by_name"`   // their name then
	At       time.Time `bson:"at" json:"at"`
}
