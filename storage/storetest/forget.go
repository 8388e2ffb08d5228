package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// testForgetUserBackup has a principal register, answer, submit and chat, then forget
// themselves: no backup of the store may name them any more.
func testForgetUserBackup(t *testing.T, e *env) {
	const id, name, username, phone = 6012345111, "Trịnh Thị Yến", "yen_thcs", "0915246810"
	mustTouch(t, e, domain.User{ID: id, Name: name, Username: username, TgLang: "vi"}, true)
	mustDo(t, "PutUsers", e.s.PutUsers(e.ctx, []domain.User{{ID: id, Name: name, Username: username, Phone: phone, Started: true, Seen: Start}}))
	inv := mustInvite(t, e, "THCS-LAICACH", time.Hour)
	try(e.s.UseInvite(e.ctx, inv.Code, id)).must(t)
	try(e.s.LinkReporter(e.ctx, id, "THCS-LAICACH")).must(t)
	mustStoreUpdate(t, e, 900, id, `{"update_id":900,"message":{"from":{"id":6012345111,"first_name":"Trịnh Thị Yến","username":"yen_thcs"},"text":"/report"}}`)
	mustDo(t, "MarkUpdateDone", e.s.MarkUpdateDone(e.ctx, 900))
	mustOpenDraft(t, e, "2026-Y", "THCS-LAICACH")
	mustDo(t, "SaveStep", e.s.SaveStep(e.ctx, domain.Step{
		Draft: &domain.DraftChange{Period: "2026-Y", School: "THCS-LAICACH", Set: map[string]domain.Answer{"q": {Int: i64(3)}}, By: id, ByName: name},
		Flow:  domain.FlowChange{ChatID: id, Flow: &domain.ChatFlow{Name: "report", Data: map[string]string{"p": "2026-Y"}}, UpdateID: 901},
	}))
	mustSubmit(t, e, submitRequest("THCS-LAICACH", id, Start, false, map[string]domain.Answer{"q": {Int: i64(3), By: id, At: Start}}))
	e.clock.Advance(time.Hour)
	mustSubmit(t, e, submitRequest("THCS-LAICACH", id, e.clock.Now(), false, map[string]domain.Answer{"q": {Int: i64(4), By: id, At: e.clock.Now()}}))
	mustDo(t, "Audit", e.s.Audit(e.ctx, domain.AuditEntry{UserID: id, Name: name, Action: "register", Target: "THCS-LAICACH"}))

	got := try(e.s.ForgetUser(e.ctx, id)).must(t)
	if got != (domain.Forgotten{Submissions: 1, Drafts: 1, Revisions: 2}) {
		t.Errorf("ForgetUser = %+v; want 1 submission, 1 draft, 2 revisions", got)
	}
	data, _ := mustDump(t, e)
	text := gunzip(t, data)
	for what, s := range map[string]string{"Telegram id": "6012345111", "name": name, "username": username, "phone": phone} {
		if strings.Contains(text, s) {
			line := text[strings.LastIndex(text[:strings.Index(text, s)], "\n")+1:]
			line, _, _ = strings.Cut(line, "\n")
			t.Errorf("a backup after ForgetUser still holds the user's %s %q: %.300s", what, s, line)
		}
	}
}
