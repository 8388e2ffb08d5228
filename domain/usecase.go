package domain

import (
	"fmt"
	"strings"
)

// The use cases below each write several records. A store applies each as one unit: in one
// transaction where the engine has them, otherwise in an order that a crash between the
// writes leaves nothing a user can see half-done, and that a replay finishes.

// DraftChange sets and drops answers of a school's draft for a period.
type DraftChange struct {
	Period string
	School string
	Set    map[string]Answer // question id -> answer
	Drop   []string          // question ids whose answers are removed
	By     int64             // Telegram id of who changed it
	ByName string
}

// FlowChange is a chat's next conversation state and the update that caused it. A nil
// Flow ends the chat's conversation. UpdateID, when not 0, is stored with the flow
// (ChatFlow.Update), so a replay of that update is recognised and not applied twice.
type FlowChange struct {
	ChatID   int64
	Flow     *ChatFlow
	UpdateID int64
}

// Step is one step of a conversation: the draft change it made, if any, and the chat's new
// flow, written as one unit.
type Step struct {
	Draft *DraftChange // nil when the step changes no answer
	Flow  FlowChange
}

// SubmitRequest sends a school's report: the submission (the store sets its ID, Revision
// and FirstAt), the revision record with the ids of the changed answers, the audit entry,
// the end of an officer's reopening, the resolution of a return for correction, and the end of the submitter's conversation.
type SubmitRequest struct {
	Submission Submission
	Changed    []string   // question ids added, changed or dropped since the last revision
	Audit      AuditEntry // who did it; the store completes Action, Target and Detail
	EndReopen  bool       // the report had been reopened after the deadline
	// ResolveReturn marks the school's open returns for the period (Return.Open) resolved
	// by this submission: DoneAt its time, DoneBy its revision.
	ResolveReturn bool
	Flow          FlowChange // usually Flow nil: the conversation ends
}

// Records returns the revision and the audit entry that go with stored, the submission as
// the store wrote it (its Revision set), so every engine writes the same records.
func (r SubmitRequest) Records(stored Submission) (Revision, AuditEntry) {
	rev := Revision{
		ID: RevisionID(stored.Period, stored.School, stored.Revision), Period: stored.Period, School: stored.School,
		Revision: stored.Revision, Questionnaire: stored.Questionnaire, Answers: stored.Answers, Changed: r.Changed,
		By: stored.SubmittedBy, ByName: stored.SubmitterName, ByOfficer: stored.ByOfficer, At: stored.SubmittedAt,
		Late: r.Submission.Late,
	}
	a := r.Audit
	a.Action, a.Target = AuditSubmit, stored.School
	a.Detail = fmt.Sprintf("%s #%d: %s", stored.Period, stored.Revision, strings.Join(r.Changed, ", "))
	if a.At.IsZero() {
		a.At = stored.SubmittedAt
	}
	if a.Result == "" {
		a.Result = "ok"
	}
	return rev, a
}
