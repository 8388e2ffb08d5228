package domain

import (
	"fmt"
	"time"
)

// Inbox states of a stored update.
const (
	UpdateNew    = "new"    // stored, not yet handled
	UpdateDone   = "done"   // handled
	UpdateFailed = "failed" // given up after too many tries
)

// InboxUpdate is a Telegram update kept in the durable inbox until it has been handled.
// Raw is the update's JSON as Telegram sent it.
type InboxUpdate struct {
	ID       string    `bson:"_id" json:"id"` // InboxID(UpdateID): zero-padded, so id order is update order
	UpdateID int64     `bson:"uid" json:"uid"`
	Chat     int64     `bson:"chat" json:"chat"` // the chat whose updates are handled one at a time
	Raw      string    `bson:"raw" json:"raw"`
	State    string    `bson:"state" json:"state"`
	Tries    int       `bson:"tries" json:"tries"`
	Error    string    `bson:"error,omitempty" json:"error,omitempty"`
	Received time.Time `bson:"received" json:"received"`
	Handled  time.Time `bson:"handled,omitempty" json:"handled,omitempty"`
}

// InboxID is the inbox key of an update id: zero-padded to 12 digits, so the string order
// of keys is the order of update ids.
func InboxID(updateID int64) string { return fmt.Sprintf("%012d", updateID) }

// NewInboxUpdate is the inbox entry a store writes for an update, so a caller that just
// stored one can hand it to the consumer without reading it back.
func NewInboxUpdate(updateID, chat int64, raw []byte, received time.Time) InboxUpdate {
	return InboxUpdate{ID: InboxID(updateID), UpdateID: updateID, Chat: chat, Raw: string(raw), State: UpdateNew, Received: received.UTC()}
}
