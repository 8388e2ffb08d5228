package domain

import "time"

// OutboxState is where an outgoing broadcast message stands.
type OutboxState string

// Outbox states: queued → sending → sent | failed | unknown. A message left "sending" by a
// crash becomes "unknown": Telegram has no idempotency key, so it is never sent again.
const (
	OutboxQueued  OutboxState = "queued"
	OutboxSending OutboxState = "sending"
	OutboxSent    OutboxState = "sent"
	OutboxFailed  OutboxState = "failed"
	OutboxUnknown OutboxState = "unknown"
)

// OutboxMessage is one broadcast message. ID is its identity ("2026-H1:d7:u123" for a
// reminder): creating it twice is impossible, which is what keeps two schedulers or a
// restart from sending it twice. Text is Telegram HTML. Batch groups the messages of one
// reminder stage or announcement for delivery reports; Kind says who it is for ("school",
// "group", "officer", "announce", "notice").
type OutboxMessage struct {
	ID          string      `bson:"_id" json:"id"`
	ChatID      int64       `bson:"chat_id" json:"chat_id"`
	Text        string      `bson:"text" json:"text"`
	Kind        string      `bson:"kind" json:"kind"`
	Batch       string      `bson:"batch" json:"batch"`
	State       OutboxState `bson:"state" json:"state"`
	Created     time.Time   `bson:"created" json:"created"`
	Updated     time.Time   `bson:"updated" json:"updated"`
	NotBefore   time.Time   `bson:"not_before" json:"not_before"` // not sent before this instant
	Holder      string      `bson:"holder,omitempty" json:"holder,omitempty"`
	Tries       int         `bson:"tries" json:"tries"`
	SentChat    int64       `bson:"sent_chat,omitempty" json:"sent_chat,omitempty"` // the chat it went to, after a group migration
	MessageIDs  []int       `bson:"message_ids,omitempty" json:"message_ids,omitempty"`
	Description string      `bson:"description,omitempty" json:"description,omitempty"` // Telegram's answer when not sent
}

// Forgotten counts what forgetting a user (/forgetme) changed.
type Forgotten struct {
	Submissions int // submissions now attributed to a former reporter
	Drafts      int // drafts likewise
	Revisions   int // kept revisions of submissions likewise
}
