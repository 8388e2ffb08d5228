package storetest

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/backup"
)

// testV1Records restores the v1 backup and reads every record of it back through the
// contract: what the old release wrote is what the engine answers. The engine's own backup
// of it restores into a fresh store with the same answers.
func testV1Records(t *testing.T, e *env) {
	data, _, _ := mustV1(t, e)
	try(e.s.Restore(e.ctx, bytes.NewReader(data))).must(t)
	f := try(backup.Read(bytes.NewReader(data), storage.SecretPrefix)).must(t)
	checkRecords(t, e, f)
	out, _ := mustDump(t, e)
	again := e.on(e.fresh(t))
	try(again.s.Restore(e.ctx, bytes.NewReader(out))).must(t)
	checkRecords(t, again, f)
}

// checkRecords reads every record of the backup f (in the shapes of storage/backup) back
// through the store's readers, so a backup one engine writes is what another restores.
func checkRecords(t *testing.T, e *env, f *backup.File) {
	t.Helper()
	ctx, s := e.ctx, e.s
	defer e.clock.Set(e.clock.Now())
	for _, w := range try(backup.Decode[domain.School](f, backup.ColSchools)).must(t) {
		same(t, "school "+w.Code, try(s.School(ctx, w.Code)).must(t), w)
	}
	for _, w := range try(backup.Decode[backup.User](f, backup.ColUsers)).must(t) {
		same(t, "user "+w.ID, try(s.User(ctx, w.User.ID)).must(t), w.User)
	}
	subs := map[string]domain.Submission{}
	for _, w := range try(backup.Decode[domain.Submission](f, backup.ColSubmissions)).must(t) {
		subs[w.ID] = w
		same(t, "submission "+w.ID, try(s.Submission(ctx, w.Period, w.School)).must(t), w)
	}
	for _, w := range try(backup.Decode[domain.Draft](f, backup.ColDrafts)).must(t) {
		same(t, "draft "+w.ID, try(s.Draft(ctx, w.Period, w.School)).must(t), w)
	}
	revs := map[string][]domain.Revision{}
	for _, w := range try(backup.Decode[domain.Revision](f, backup.ColRevisions)).must(t) {
		if sub, ok := subs[domain.SubmissionID(w.Period, w.School)]; ok && w.Revision <= sub.Revision {
			revs[domain.SubmissionID(w.Period, w.School)] = append(revs[domain.SubmissionID(w.Period, w.School)], w)
		}
	}
	for id, want := range revs {
		slices.SortFunc(want, func(a, b domain.Revision) int { return a.Revision - b.Revision })
		same(t, "revisions of "+id, try(s.Revisions(ctx, want[0].Period, want[0].School)).must(t), want)
	}
	for _, w := range try(backup.Decode[backup.Period](f, backup.ColPeriods)).must(t) {
		same(t, "period "+w.ID, try(s.Period(ctx, w.ID)).must(t), w.Period)
		for school := range w.Reopened {
			if !try(s.Reopened(ctx, w.ID, school)).must(t) {
				t.Errorf("%s of %s is not reopened", school, w.ID)
			}
		}
	}
	for _, w := range try(backup.Decode[backup.Questionnaire](f, backup.ColQuestionnaires)).must(t) {
		if q := try(s.Questionnaire(ctx, w.ID)).must(t); q.Version() != w.ID {
			t.Errorf("questionnaire %s reads back as %s", w.ID, q.Version())
		}
	}
	for _, w := range try(backup.Decode[backup.Group](f, backup.ColGroups)).must(t) {
		same(t, "group "+w.ID, try(s.Group(ctx, w.ChatID)).must(t), w.Group)
	}
	for _, w := range try(backup.Decode[backup.Chat](f, backup.ColChats)).must(t) {
		var want domain.ChatFlow
		if w.Flow != nil {
			want = *w.Flow
		}
		same(t, "chat "+w.ID, try(s.ChatFlow(ctx, parseID(t, w.ID))).must(t), want)
	}
	audit := try(backup.Decode[domain.AuditEntry](f, backup.ColAudit)).must(t)
	slices.SortFunc(audit, func(a, b domain.AuditEntry) int { return cmpString(b.ID, a.ID) })
	gotAudit := try(s.RecentAudit(ctx, 1000)).must(t)
	slices.SortFunc(gotAudit, func(a, b domain.AuditEntry) int { return cmpString(b.ID, a.ID) })
	same(t, "audit", gotAudit, audit)
	texts := map[string]string{}
	for _, w := range try(backup.Decode[backup.OutboxText](f, backup.ColOutboxTexts)).must(t) {
		texts[w.ID] = w.Text
	}
	for _, w := range try(backup.Decode[domain.OutboxMessage](f, backup.ColOutbox)).must(t) {
		if text, ok := texts[w.ID]; ok {
			w.Text = text
		}
		same(t, "outbox "+w.ID, try(s.OutboxMessageByID(ctx, w.ID)).must(t), w)
	}
	var pending []domain.InboxUpdate
	for _, w := range try(backup.Decode[domain.InboxUpdate](f, backup.ColUpdates)).must(t) {
		if w.State == domain.UpdateNew {
			pending = append(pending, w)
		}
	}
	same(t, "pending updates", try(s.PendingUpdates(ctx, "", 100)).must(t), pending)
	for _, w := range try(backup.Decode[backup.Attempt](f, backup.ColAttempts)).must(t) {
		if w.LockedUntil.IsZero() || w.LockedUntil.Unix() <= 0 {
			continue
		}
		e.clock.Set(w.LockedUntil.Add(-time.Minute))
		if got := try(s.CodeLock(ctx, parseID(t, w.ID))).must(t); !got.Equal(w.LockedUntil) {
			t.Errorf("CodeLock(%s) = %v, want %v", w.ID, got, w.LockedUntil)
		}
	}
	for _, w := range try(backup.Decode[backup.Lease](f, backup.ColLeases)).must(t) {
		e.clock.Set(w.Expires.Add(-time.Second))
		if h, until, err := s.LeaseHolder(ctx, w.ID); err != nil || h != w.Holder || !until.Equal(w.Expires) {
			t.Errorf("LeaseHolder(%s) = %q until %v, %v; want %q until %v", w.ID, h, until, err, w.Holder, w.Expires)
		}
	}
	for _, w := range try(backup.Decode[backup.Setting](f, backup.ColSettings)).must(t) {
		if v, err := s.Setting(ctx, w.ID); err != nil || v != w.Value {
			t.Errorf("Setting(%s) = %q, %v; want %q", w.ID, v, err, w.Value)
		}
	}
	for _, w := range try(backup.Decode[backup.Meta](f, backup.ColMeta)).must(t) {
		if name := try(s.BotUsername(ctx)).must(t); w.ID == "bot" && name != w.Username {
			t.Errorf("BotUsername = %q, want %q", name, w.Username)
		}
	}
	for _, w := range try(backup.Decode[backup.Invite](f, backup.ColInvites)).must(t) {
		if len(w.ID) != 64 || strings.Trim(w.ID, "0123456789abcdef") != "" {
			t.Errorf("invite record id %q is not a SHA-256 in hex", w.ID)
		}
	}
	for _, w := range try(backup.Decode[domain.InboxUpdate](f, backup.ColUpdates)).must(t) {
		if created := try(s.StoreUpdate(ctx, w.UpdateID, w.Chat, []byte(w.Raw))).must(t); created {
			t.Errorf("restored update %d was stored again", w.UpdateID)
		}
	}
}

func parseID(tb testing.TB, s string) int64 {
	tb.Helper()
	return try(strconv.ParseInt(s, 10, 64)).must(tb)
}

func cmpString(a, b string) int { return strings.Compare(a, b) }
