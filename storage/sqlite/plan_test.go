package sqlite

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// hotQueries are the statements of the bot's frequent paths and of the periodic prunes,
// with as many arguments as they take. Their cost must not grow with the tables (which
// grow with every answer, message and update kept).
var hotQueries = []struct {
	name  string
	query string
	args  int
	// orderScan allows a full-index scan in index order, for ORDER BY … LIMIT: it stops
	// after LIMIT rows.
	orderScan string
}{
	{"DueOutbox", qDueOutbox, 2, ""},
	{"ClaimOutbox", qClaimOutbox, 3, ""},
	{"RecoverOutbox", qRecoverOutbox, 1, ""},
	{"OutboxMessageByID", qOutboxByID, 1, ""},
	{"OutboxBatch", qOutboxBatch, 1, ""},
	{"OutboxCounts", qOutboxCounts, 1, ""},
	{"OutboxByState", qOutboxByState, 2, ""},
	{"PruneOutbox", qPruneOutbox, 1, ""},
	{"PendingUpdates", qPendingUpdates, 2, ""},
	{"PruneConfirmed", qPruneConfirmed, 1, ""},
	{"PruneUpdates", qPruneUpdates, 1, ""},
	{"Draft", qDraft, 1, ""},
	{"Drafts", qDrafts, 1, ""},
	{"ChangeAnswers", changeDraftSQL(2, 1), 9, ""},
	{"ChatFlow", qChatFlow, 1, ""},
	{"User", qUser, 1, ""},
	{"Reporters", qReporters, 1, ""},
	{"PruneStrangers", qPruneStrangers, 2, ""},
	{"School", qSchool, 1, ""},
	{"SchoolsByPhone", qSchoolsByPhone, 1, ""},
	{"Submission", qSubmission, 1, ""},
	{"Submissions", qSubmissions, 1, ""},
	{"SubmittedSchools", qSubmittedSchools, 1, ""},
	{"Revisions", qRevisions, 1, ""},
	{"RecentAudit", qRecentAudit, 1, "audit USING INDEX sqlite_autoindex_audit_1"},
	{"PruneAudit", qPruneAudit, 1, ""},
	{"UseInvite", qUseInvite, 4, ""},
	{"DeleteOldInvites", qDeleteOldInvites, 1, ""},
	{"Reopened", qReopened, 2, ""},
	{"ForgetUser audit", qForget[0], 1, ""},
	{"ForgetUser invites", qForget[1], 1, ""},
	{"ForgetUser updates", qForget[2], 1, ""},
}

// scanRE matches a full scan of a table in a query plan line ("SCAN outbox", "SCAN outbox
// USING INDEX …"); "SCAN CONSTANT ROW" (a SELECT without FROM) is not one.
var scanRE = regexp.MustCompile(`^SCAN (\w+)( USING (COVERING )?INDEX \w+)?`)

// TestQueryPlans fails when a hot query reads a whole table instead of searching an index,
// on a fresh database (no statistics) and after ANALYZE (which PRAGMA optimize may run).
func TestQueryPlans(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	seedVaried(t, s) // some rows, so the planner sees real tables
	t.Run("fresh", func(t *testing.T) { checkPlans(t, s) })
	if _, err := s.w.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	t.Run("analyzed", func(t *testing.T) { checkPlans(t, s) })
}

func checkPlans(t *testing.T, s *Store) {
	ctx := context.Background()
	for _, q := range hotQueries {
		t.Run(q.name, func(t *testing.T) {
			rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q.query, make([]any, q.args)...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			for _, line := range plan {
				m := scanRE.FindString(line)
				// json_each walks a list given as an argument (the officers kept by
				// PruneStrangers), never a table that grows.
				if m == "" || m == "SCAN CONSTANT" || m == "SCAN json_each" || (q.orderScan != "" && m == "SCAN "+q.orderScan) {
					continue
				}
				t.Errorf("%s scans a table: %q\nplan:\n  %s", q.name, line, strings.Join(plan, "\n  "))
			}
			if testing.Verbose() {
				t.Logf("plan:\n  %s", strings.Join(plan, "\n  "))
			}
		})
	}
}
