package domain

import "time"

// Role is what a Telegram user may do. An officer may also be a school's reporter.
type Role int

// Roles, from least to most trusted.
const (
	RoleStranger Role = iota // nobody we know
	RoleReporter             // principal or deputy linked to one school
	RoleOfficer              // district officer, listed in ADMIN_IDS
)

// String names the role for logs.
func (r Role) String() string {
	switch r {
	case RoleReporter:
		return "reporter"
	case RoleOfficer:
		return "officer"
	}
	return "stranger"
}

// User is a Telegram user the bot has met. ID is the Telegram user id; in a private chat
// it is also the chat id. A user reports for at most one school.
type User struct {
	ID          int64     `bson:"tg_id" json:"id"`
	Name        string    `bson:"name" json:"name"` // first and last name as Telegram gives them
	Username    string    `bson:"username,omitempty" json:"username,omitempty"`
	Lang        string    `bson:"lang,omitempty" json:"lang,omitempty"` // "vi" or "en" chosen with /lang; empty = from Telegram
	TgLang      string    `bson:"tg_lang,omitempty" json:"tg_lang,omitempty"`
	Phone       string    `bson:"phone,omitempty" json:"phone,omitempty"`
	SchoolCode  string    `bson:"school,omitempty" json:"school,omitempty"` // "" when not a reporter
	LinkedAt    time.Time `bson:"linked_at,omitempty" json:"linked_at,omitempty"`
	Started     bool      `bson:"started" json:"started"`         // wrote to the bot in private, so it can be messaged
	Unreachable bool      `bson:"unreachable" json:"unreachable"` // last private message failed with 403
	Seen        time.Time `bson:"seen" json:"seen"`
}

// Actor is who an update comes from, resolved once per update by the access middleware.
type Actor struct {
	UserID int64
	Name   string
	Role   Role
	School string // the reporter's school code; "" otherwise
	Lang   string // "vi" or "en"
}

// IsOfficer reports whether the actor is a district officer.
func (a Actor) IsOfficer() bool { return a.Role == RoleOfficer }

// Group is a group chat bound by an officer to receive broadcasts.
type Group struct {
	ChatID   int64     `bson:"chat_id" json:"chat_id"`
	Title    string    `bson:"title" json:"title"`
	Level    Level     `bson:"level,omitempty" json:"level,omitempty"` // "" = every level
	Active   bool      `bson:"active" json:"active"`
	BoundBy  int64     `bson:"bound_by" json:"bound_by"`
	BoundAt  time.Time `bson:"bound_at" json:"bound_at"`
	Disabled string    `bson:"disabled,omitempty" json:"disabled,omitempty"` // why it stopped: "left", "kicked", "unbound"
}
