// Package storage is reportbot's storage contract: what the features may ask of a store,
// grouped by feature, and the errors every engine returns. The engines live in
// sub-packages (storage/sqlite, the embedded default; storage/mongo, for production), and
// storage/engine opens the one the configuration names. Nothing outside storage/ knows an
// engine; storage/storetest is the conformance suite every engine passes.
//
// Rules every engine keeps: a missing record is domain.ErrNotFound; times are stored and
// returned in UTC; a use case that writes several records (domain.Step, domain.SubmitRequest,
// registration with an invite) is one unit, so a crash leaves nothing half-written that a
// user can see; create-once writes report "already there" instead of failing.
package storage

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/rs/zerolog"
)

// Errors of the contract, besides domain.ErrNotFound and domain.ErrConflict.
var (
	// ErrLocked is returned by Open when another reportbot process serves the data directory.
	ErrLocked = errors.New("data directory is in use by another reportbot process")
	// ErrNotEmpty is returned by Restore when the store already holds data.
	ErrNotEmpty = errors.New("the store already holds data; restore only into an empty store")
	// ErrUnavailable wraps a failure that may pass: the database is unreachable, busy, out of
	// disk or read-only. The user is asked to try again; the update is retried.
	ErrUnavailable = errors.New("storage unavailable")
	// ErrNewerSchema is returned by Open for a database written by a newer reportbot.
	ErrNewerSchema = errors.New("the database was written by a newer version of reportbot")
	// ErrUnsupportedServer is returned by Open when MONGODB_URI names a server whose
	// semantics the bot cannot rely on (FerretDB: its conditional updates are not atomic).
	ErrUnsupportedServer = errors.New("unsupported MongoDB-compatible server")
)

// IsUnavailable reports whether err means the database could not do the work now but may
// later (unreachable, timed out, busy, disk full, read-only).
func IsUnavailable(err error) bool {
	return errors.Is(err, ErrUnavailable) || errors.Is(err, context.DeadlineExceeded)
}

// Options configures a store. URI empty means the embedded SQLite store in DataDir.
type Options struct {
	URI      string // MongoDB URI; empty = SQLite in DataDir
	Database string // MongoDB database name; default "reportbot"
	DataDir  string // SQLite files live here (DataDir/reportbot.db)
	// Exclusive takes the data directory's lock, so only one bot serves it (the CLI opens
	// the same files beside a running bot without it).
	Exclusive bool
	Logger    zerolog.Logger
	// Now is the clock for stored timestamps; default time.Now.
	Now func() time.Time
	// Timeout bounds how long an operation waits for an unreachable server; default 5 s.
	Timeout time.Duration
}

// Store is everything the bot keeps. Every engine implements all of it.
type Store interface {
	Inbox
	Outbox
	Users
	Schools
	Registration
	Groups
	Periods
	Reports
	Returns
	Audit
	Leases
	Settings
	Maintenance
}

// Inbox is the durable inbox of Telegram updates (bot/, httpapi/).
type Inbox interface {
	// StoreUpdate inserts an update; false, nil when it is there already.
	StoreUpdate(ctx context.Context, updateID, chat int64, raw []byte) (bool, error)
	// PendingUpdates returns up to limit unhandled updates in update order after the inbox
	// id after ("" for the start).
	PendingUpdates(ctx context.Context, after string, limit int) ([]domain.InboxUpdate, error)
	// MarkUpdateDone records that the update was handled.
	MarkUpdateDone(ctx context.Context, updateID int64) error
	// DeleteUpdate removes an update that can never come again (polling confirmed it).
	DeleteUpdate(ctx context.Context, updateID int64) error
	// PruneConfirmed deletes handled updates whose id is below below.
	PruneConfirmed(ctx context.Context, below int64) (int64, error)
	// MarkUpdateTried counts a failed attempt and returns the tries so far.
	MarkUpdateTried(ctx context.Context, updateID int64, cause error) (int, error)
	// MarkUpdateFailed gives up on an update, keeping the last error.
	MarkUpdateFailed(ctx context.Context, updateID int64, cause error) error
	// PruneUpdates deletes handled and failed updates whose handling ended before cutoff.
	PruneUpdates(ctx context.Context, cutoff time.Time) (int64, error)
}

// Outbox is the queue of broadcast messages (scheduler/, bot/).
type Outbox interface {
	// Enqueue inserts a queued message; false, nil when its ID exists in any state.
	Enqueue(ctx context.Context, m domain.OutboxMessage) (bool, error)
	// DueOutbox returns up to limit queued messages whose NotBefore has come, oldest first,
	// texts included. Its cost does not grow with the sent messages kept.
	DueOutbox(ctx context.Context, limit int) ([]domain.OutboxMessage, error)
	// ClaimOutbox moves a queued message to sending for holder; false when it was not queued.
	ClaimOutbox(ctx context.Context, id, holder string) (bool, error)
	MarkOutboxSent(ctx context.Context, id string, chat int64, messageIDs []int) error
	MarkOutboxFailed(ctx context.Context, id, description string, messageIDs []int) error
	MarkOutboxUnknown(ctx context.Context, id, description string) error
	// RequeueOutbox puts a sending message back in the queue, not before notBefore.
	RequeueOutbox(ctx context.Context, id string, notBefore time.Time, description string) error
	// RecoverOutbox turns every message left sending (a crash) into unknown and returns them.
	RecoverOutbox(ctx context.Context) ([]domain.OutboxMessage, error)
	OutboxMessageByID(ctx context.Context, id string) (domain.OutboxMessage, error)
	OutboxBatch(ctx context.Context, batch string) ([]domain.OutboxMessage, error)
	OutboxCounts(ctx context.Context, batch string) (map[domain.OutboxState]int, error)
	OutboxByState(ctx context.Context, state domain.OutboxState, limit int) ([]domain.OutboxMessage, error)
	// PruneOutbox deletes sent, failed and unknown messages last updated before cutoff.
	PruneOutbox(ctx context.Context, cutoff time.Time) (int64, error)
}

// Users are the Telegram users the bot has met.
type Users interface {
	User(ctx context.Context, id int64) (domain.User, error)
	// TouchUser records that the user wrote (private: in a private chat) and returns the
	// stored user; it writes only what changed, or hourly.
	TouchUser(ctx context.Context, u domain.User, private bool) (domain.User, error)
	SetUserLang(ctx context.Context, id int64, lang string) error
	SetUserUnreachable(ctx context.Context, id int64, unreachable bool) error
	// SetUserPhone stores the phone number the user shared with their consent to show it to
	// the district officers ("" forgets it); nothing changes for an unknown user. TouchUser
	// keeps it; ForgetUser removes it with the user.
	SetUserPhone(ctx context.Context, id int64, phone string) error
	// ChatFlow returns the chat's conversation, or a zero ChatFlow.
	ChatFlow(ctx context.Context, chatID int64) (domain.ChatFlow, error)
	SetChatFlow(ctx context.Context, chatID int64, f domain.ChatFlow) error
	ClearChatFlow(ctx context.Context, chatID int64) error
	// ForgetUser removes a user's personal data and keeps official records anonymised.
	ForgetUser(ctx context.Context, id int64) (domain.Forgotten, error)
	// PruneStrangers deletes users with no school and no message since cutoff, except the
	// ids in keep (the officers, whose role comes from the configuration).
	PruneStrangers(ctx context.Context, cutoff time.Time, keep []int64) (int64, error)
}

// Schools is the district's register of schools.
type Schools interface {
	School(ctx context.Context, code string) (domain.School, error)
	// Schools returns every school ordered by code.
	Schools(ctx context.Context) ([]domain.School, error)
	PutSchool(ctx context.Context, sc domain.School) error
	SetSchoolActive(ctx context.Context, code string, active bool) error
	// ImportSchools adds and updates schools from a register file in one unit; its cost is
	// linear in the rows.
	ImportSchools(ctx context.Context, schools []domain.School, keepPhones bool) (domain.ImportResult, error)
	SchoolsByPhone(ctx context.Context, phone string) ([]domain.School, error)
}

// Registration links principals and deputies to schools.
type Registration interface {
	CreateInvite(ctx context.Context, school string, createdBy int64, ttl time.Duration) (domain.Invite, error)
	// UseInvite spends a code for userID: exactly one of racing users wins.
	UseInvite(ctx context.Context, code string, userID int64) (domain.Invite, error)
	DeleteOldInvites(ctx context.Context, t time.Time) (int64, error)
	InviteUnregistered(ctx context.Context, createdBy int64, ttl time.Duration) ([]domain.Invite, error)
	// CodeLock returns until when the user may not try codes (zero when not locked).
	CodeLock(ctx context.Context, userID int64) (time.Time, error)
	// WrongCode counts a wrong code and returns the lock, if one began, and tries left.
	WrongCode(ctx context.Context, userID int64) (lockedUntil time.Time, left int, err error)
	ClearWrongCodes(ctx context.Context, userID int64) error
	// LinkReporter makes the user the school's reporter and returns the previous school.
	LinkReporter(ctx context.Context, userID int64, school string) (previous string, err error)
	UnlinkReporter(ctx context.Context, userID int64) error
	Reporters(ctx context.Context, school string) ([]domain.User, error)
	AllReporters(ctx context.Context) (map[string][]domain.User, error)
}

// Groups are the group chats bound for broadcasts.
type Groups interface {
	BindGroup(ctx context.Context, g domain.Group) error
	DisableGroup(ctx context.Context, chatID int64, why string) error
	MoveGroup(ctx context.Context, oldID, newID int64) error
	Group(ctx context.Context, chatID int64) (domain.Group, error)
	Groups(ctx context.Context) ([]domain.Group, error)
}

// Periods are reporting periods as opened, the questionnaire versions they pinned, and
// officers' reopenings.
type Periods interface {
	// PinPeriod stores the period the first time it is used, pinning q's version; later
	// calls return the stored period unchanged.
	PinPeriod(ctx context.Context, p domain.Period, q *domain.Questionnaire) (domain.Period, error)
	Period(ctx context.Context, id string) (domain.Period, error)
	SaveQuestionnaire(ctx context.Context, q *domain.Questionnaire) error
	Questionnaire(ctx context.Context, version string) (*domain.Questionnaire, error)
	Reopen(ctx context.Context, periodID, school string, by int64) error
	EndReopen(ctx context.Context, periodID, school string) error
	Reopened(ctx context.Context, periodID, school string) (bool, error)
}

// Reports are drafts, submissions and revisions.
type Reports interface {
	Draft(ctx context.Context, period, school string) (domain.Draft, error)
	Drafts(ctx context.Context, period string) ([]domain.Draft, error)
	// OpenDraft creates the draft if missing and returns the stored one.
	OpenDraft(ctx context.Context, d domain.Draft) (domain.Draft, error)
	ChangeAnswers(ctx context.Context, period, school string, set map[string]domain.Answer, drop []string, by int64, byName string) error
	// SaveStep writes a conversation step (draft change and chat flow) as one unit. The
	// flow carries Flow.UpdateID; an engine with transactions also records that update as
	// handled in the same transaction.
	SaveStep(ctx context.Context, s domain.Step) error
	Submission(ctx context.Context, period, school string) (domain.Submission, error)
	Submissions(ctx context.Context, period string) ([]domain.Submission, error)
	SubmittedSchools(ctx context.Context, period string) (map[string]bool, error)
	// Submit writes the submission, its revision, the audit entry, the end of a reopening,
	// the resolution of open returns (ResolveReturn) and the chat flow as one unit, and
	// returns the stored submission.
	Submit(ctx context.Context, r domain.SubmitRequest) (domain.Submission, error)
	// Revisions returns the school's revisions in order, only those of stored submissions.
	Revisions(ctx context.Context, period, school string) ([]domain.Revision, error)
	// PutSubmissions, PutRevisions, PutDraft, PutSchools and PutUsers write records as
	// given, replacing any with the same key: seeding for tests, benchmarks and imports.
	PutSubmissions(ctx context.Context, subs []domain.Submission) error
	PutRevisions(ctx context.Context, revs []domain.Revision) error
	PutDraft(ctx context.Context, d domain.Draft) error
	PutSchools(ctx context.Context, schools []domain.School) error
	PutUsers(ctx context.Context, users []domain.User) error
}

// Returns are officers' returns of a school's report for correction (domain.Return).
type Returns interface {
	// ReturnReport stores the return, reopens the school's report for the period (as
	// Reopen, by the return's officer) and appends the audit entry
	// (domain.ReturnRequest.AuditRecord), as one unit, and returns the stored return. A
	// return whose ID is stored already is returned as stored, nothing written twice.
	// domain.ErrNotFound when the period is not stored (pin it first).
	ReturnReport(ctx context.Context, r domain.ReturnRequest) (domain.Return, error)
	// Returns lists a school's returns for a period, oldest first.
	Returns(ctx context.Context, period, school string) ([]domain.Return, error)
	// OpenReturns returns, per school code, the newest open return of the period.
	OpenReturns(ctx context.Context, period string) (map[string]domain.Return, error)
}

// Audit is the audit trail.
type Audit interface {
	// Audit appends an entry; At defaults to now, ID is set by the store (time-ordered).
	Audit(ctx context.Context, e domain.AuditEntry) error
	// RecentAudit returns the n newest entries, newest first.
	RecentAudit(ctx context.Context, n int) ([]domain.AuditEntry, error)
	PruneAudit(ctx context.Context, cutoff time.Time) (int64, error)
}

// Leases elect the active replica.
type Leases interface {
	// AcquireLease takes or renews the lease for holder when free, expired or already
	// held by holder; exactly one of racing holders wins.
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// TakeLease takes the lease whoever holds it.
	TakeLease(ctx context.Context, name, holder string, ttl time.Duration) error
	ReleaseLease(ctx context.Context, name, holder string) error
	LeaseHolder(ctx context.Context, name string) (string, time.Time, error)
}

// Settings are small named values the bot keeps (bot username, generated secrets).
// A setting whose name starts with SecretPrefix is never written to a backup.
type Settings interface {
	Setting(ctx context.Context, name string) (string, error)
	// SettingOnce stores value unless the setting exists, and returns the stored value.
	SettingOnce(ctx context.Context, name, value string) (string, error)
	SetBotUsername(ctx context.Context, username string) error
	BotUsername(ctx context.Context) (string, error)
}

// SecretPrefix starts the name of a setting that must never leave the database.
const SecretPrefix = "secret."

// Maintenance is what operators and the wiring need.
type Maintenance interface {
	// Engine names the engine: "sqlite" or "mongodb".
	Engine() string
	Ping(ctx context.Context) error
	Close(ctx context.Context) error
	// Counts returns the number of records per collection (backup names).
	Counts(ctx context.Context) (map[string]int64, error)
	// Dump writes a backup (storage/backup's format) and returns the records per collection.
	Dump(ctx context.Context, w io.Writer) (map[string]int, error)
	// Restore loads a backup into an empty store (ErrNotEmpty otherwise), checking the
	// whole file before the first write.
	Restore(ctx context.Context, r io.Reader) (map[string]int, error)
	// BenchTouch increments and returns a counter by id: one read and one write by key,
	// the persistent echo bot's work in the benchmarks.
	BenchTouch(ctx context.Context, id string) (int64, error)
}
