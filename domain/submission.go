package domain

import "time"

// FileRef is a photo or document a reporter sent, kept as Telegram's file_id so it can be
// re-sent without downloading it.
type FileRef struct {
	FileID string `bson:"file_id" json:"file_id"`
	Name   string `bson:"name,omitempty" json:"name,omitempty"`
	Size   int64  `bson:"size,omitempty" json:"size,omitempty"` // bytes
	Photo  bool   `bson:"photo,omitempty" json:"photo,omitempty"`
}

// Answer is one question's answer. Exactly one value field is set, matching the question's
// type: Int for integer and money (đồng), Bool for yes_no, Text for text, Choice (the option
// id) for choice, Files (or, in answers stored before several files were allowed, File) for
// file; read files with AllFiles.
type Answer struct {
	Int    *int64   `bson:"int,omitempty" json:"int,omitempty"`
	Bool   *bool    `bson:"bool,omitempty" json:"bool,omitempty"`
	Text   string   `bson:"text,omitempty" json:"text,omitempty"`
	Choice string   `bson:"choice,omitempty" json:"choice,omitempty"`
	File   *FileRef `bson:"file,omitempty" json:"file,omitempty"` // old data: one file; new answers use Files
	// Files are the photos and documents of a file question in the order sent, at most the
	// question's FileLimit. AddFile appends to them.
	Files []FileRef `bson:"files,omitempty" json:"files,omitempty"`
	// Note is the reporter's explanation of an answer a check warned about (see
	// Questionnaire.Check); the officer sees it beside the answer. A changed answer starts
	// without one.
	Note string `bson:"note,omitempty" json:"note,omitempty"`
	// Skipped marks an optional question the reporter passed with /skip.
	Skipped bool      `bson:"skipped,omitempty" json:"skipped,omitempty"`
	By      int64     `bson:"by" json:"by"` // Telegram user id of who answered
	At      time.Time `bson:"at" json:"at"`
}

// AllFiles returns the answer's files: File (old data) followed by Files. It is nil for an
// answer without files.
func (a Answer) AllFiles() []FileRef {
	if a.File == nil {
		return a.Files
	}
	return append([]FileRef{*a.File}, a.Files...)
}

// SubmissionID is the natural key of a school's draft and submission in a period,
// e.g. "2026-Y:THCS-LAICACH".
func SubmissionID(periodID, schoolCode string) string { return periodID + ":" + schoolCode }

// Submission is a school's sent report for a period: the latest revision. Earlier revisions
// live in their own collection.
type Submission struct {
	ID            string            `bson:"_id" json:"id"`
	Period        string            `bson:"period" json:"period"`
	School        string            `bson:"school" json:"school"`
	Questionnaire string            `bson:"questionnaire" json:"questionnaire"` // version the answers follow
	Answers       map[string]Answer `bson:"answers" json:"answers"`             // question id -> answer
	SubmittedBy   int64             `bson:"submitted_by" json:"submitted_by"`
	SubmitterName string            `bson:"submitter_name" json:"submitter_name"`
	ByOfficer     bool              `bson:"by_officer,omitempty" json:"by_officer,omitempty"` // entered by an officer on the school's behalf
	FirstAt       time.Time         `bson:"first_at" json:"first_at"`                         // first submission
	SubmittedAt   time.Time         `bson:"submitted_at" json:"submitted_at"`                 // latest revision
	Late          bool              `bson:"late" json:"late"`                                 // first submitted at or after the deadline
	Revision      int               `bson:"revision" json:"revision"`                         // 1 for the first submission
	Reopened      bool              `bson:"reopened,omitempty" json:"reopened,omitempty"`     // an officer allowed edits after the deadline
}
