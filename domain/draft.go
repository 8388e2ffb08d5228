package domain

import "time"

// Draft is a school's report in progress for a period: one document per (period, school),
// shared by the school's principal and deputy. Each answer is written on its own the moment
// it is given, so a restart loses nothing.
type Draft struct {
	ID            string            `bson:"_id" json:"id"` // SubmissionID(period, school)
	Period        string            `bson:"period" json:"period"`
	School        string            `bson:"school" json:"school"`
	Questionnaire string            `bson:"questionnaire" json:"questionnaire"` // version pinned by the period
	Answers       map[string]Answer `bson:"answers" json:"answers"`
	Current       string            `bson:"current,omitempty" json:"current,omitempty"` // question being asked; "" = review
	EditedBy      int64             `bson:"edited_by" json:"edited_by"`
	EditorName    string            `bson:"editor_name" json:"editor_name"`
	EditedAt      time.Time         `bson:"edited_at" json:"edited_at"`
	Created       time.Time         `bson:"created" json:"created"`
}
