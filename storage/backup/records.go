package backup

import (
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// Collection names, as MongoDB and backups call them. The SQLite engine keeps one table per
// collection under the same name.
const (
	ColAttempts       = "attempts"       // Attempt
	ColAudit          = "audit"          // domain.AuditEntry
	ColBench          = "bench_counters" // Counter
	ColChats          = "chats"          // Chat
	ColDrafts         = "drafts"         // domain.Draft
	ColGroups         = "groups"         // Group
	ColInvites        = "invites"        // Invite
	ColLeases         = "leases"         // Lease
	ColMeta           = "meta"           // Meta
	ColOutbox         = "outbox"         // domain.OutboxMessage
	ColOutboxTexts    = "outbox_texts"   // OutboxText: only in backups of the FerretDB release
	ColPeriods        = "periods"        // Period
	ColQuestionnaires = "questionnaires" // Questionnaire
	ColReturns        = "returns"        // domain.Return
	ColRevisions      = "revisions"      // domain.Revision
	ColSchools        = "schools"        // domain.School
	ColSettings       = "settings"       // Setting
	ColSubmissions    = "submissions"    // domain.Submission
	ColUpdates        = "updates"        // domain.InboxUpdate
	ColUsers          = "users"          // User
)

// LegacyWebhookSecret is the setting in which the FerretDB release kept the webhook secret;
// Read drops it like any secret.
const LegacyWebhookSecret = "webhook_secret"

// Attempt counts a user's wrong invite codes (_id: the user id as text).
type Attempt struct {
	ID          string      `bson:"_id"`
	Wrong       []time.Time `bson:"wrong"`
	LockedUntil time.Time   `bson:"locked_until"`
}

// Chat is a chat's conversation state (_id: the chat id as text).
type Chat struct {
	ID   string           `bson:"_id"`
	Flow *domain.ChatFlow `bson:"flow,omitempty"`
}

// Group is a bound group chat (_id: the chat id as text).
type Group struct {
	ID           string `bson:"_id"`
	domain.Group `bson:",inline"`
}

// Invite is a one-time code; _id is the code's SHA-256 in hex, never the code.
type Invite struct {
	ID        string    `bson:"_id"`
	School    string    `bson:"school"`
	CreatedBy int64     `bson:"created_by"` // 0 = the command line
	Created   time.Time `bson:"created"`
	Expires   time.Time `bson:"expires"`
	Used      bool      `bson:"used"`
	UsedBy    int64     `bson:"used_by,omitempty"`
	UsedAt    time.Time `bson:"used_at,omitempty"`
}

// Lease is a named lease and who holds it until when.
type Lease struct {
	ID      string    `bson:"_id"`
	Holder  string    `bson:"holder"`
	Expires time.Time `bson:"expires"`
}

// OutboxText is the text of an outbox message, kept apart by the FerretDB release.
type OutboxText struct {
	ID   string `bson:"_id"`
	Text string `bson:"text"`
}

// Period is a period as stored once it opened, with the questionnaire version pinned then
// and the schools an officer reopened (school code -> grant).
type Period struct {
	domain.Period `bson:",inline"`
	Pinned        time.Time              `bson:"pinned"`
	Reopened      map[string]ReopenGrant `bson:"reopened,omitempty"`
}

// ReopenGrant is who reopened a school's report and when.
type ReopenGrant struct {
	By int64     `bson:"by"`
	At time.Time `bson:"at"`
}

// Questionnaire is one questionnaire version's content as JSON (_id: the version).
type Questionnaire struct {
	ID      string    `bson:"_id"`
	Content string    `bson:"content"`
	Saved   time.Time `bson:"saved"`
}

// Setting is a named value (settings and meta).
type Setting struct {
	ID    string `bson:"_id"`
	Value string `bson:"value"`
}

// Meta is the bot's own record (_id "bot"): its username.
type Meta struct {
	ID       string    `bson:"_id"`
	Username string    `bson:"username"`
	Updated  time.Time `bson:"updated"`
}

// User is a Telegram user (_id: the user id as text).
type User struct {
	ID          string `bson:"_id"`
	domain.User `bson:",inline"`
}

// Counter is a benchmark counter.
type Counter struct {
	ID string `bson:"_id"`
	N  int64  `bson:"n"`
}
