package domain

import "time"

// AuditEntry is one line of the audit trail: who did what, when. Officer-only commands are
// recorded automatically by the bot; features record answer changes themselves.
type AuditEntry struct {
	ID     string    `bson:"_id" json:"id"` // time-ordered, set by storage
	At     time.Time `bson:"at" json:"at"`
	UserID int64     `bson:"user_id" json:"user_id"` // Telegram id of who acted; 0 for the system
	Name   string    `bson:"name" json:"name"`       // their name at the time
	Action string    `bson:"action" json:"action"`   // e.g. "/reopen", or a feature's own name for an answer change
	Target string    `bson:"target,omitempty" json:"target,omitempty"`
	Detail string    `bson:"detail,omitempty" json:"detail,omitempty"` // short, never a principal's answer text
	Result string    `bson:"result,omitempty" json:"result,omitempty"` // how it ended: "ok", "user_error", "error"…
}

// FormerReporter replaces the submitter's name on records of a user who asked the bot to
// forget them (/forgetme). It is a marker, not text: views show the locale message
// "forgetme.former_reporter" ("một người báo cáo cũ" / "a former reporter") instead.
const FormerReporter = "~former-reporter"
