package domain

import "errors"

// Sentinel errors of the domain. Handlers turn them into locale messages with
// errors.Is; storage returns ErrNotFound for a missing document.
var (
	ErrNotFound      = errors.New("not found")
	ErrUnknownLevel  = errors.New("unknown level")
	ErrBadSchoolCode = errors.New("bad school code")
	ErrConflict      = errors.New("conflict")
)

// UserError is an error whose text a user should read: MsgID names a locale message and
// Data fills its template. Handlers return it; the bot's error edge translates it.
type UserError struct {
	MsgID string
	Data  map[string]any
}

// Error returns the message id, so a log line names what the user was told.
func (e *UserError) Error() string { return "user error: " + e.MsgID }

// Tell returns a UserError for the locale message id with optional template data.
func Tell(msgID string, data map[string]any) error { return &UserError{MsgID: msgID, Data: data} }
