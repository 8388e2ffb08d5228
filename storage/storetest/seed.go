package storetest

import (
	"cmp"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
)

// seeded names what seed wrote, so snapshot can read it all back through the contract.
type seeded struct {
	users      []int64
	schools    []string
	phones     []string
	periods    []string
	chats      []int64
	groups     []int64
	outbox     []string
	batch      string
	usedCode   string // spent by seedUser
	unusedCode string
	secret     string // the value of seedSecret
}

const (
	seedOfficer  = 6012345001
	seedReporter = 6012345111
	seedSecret   = storage.SecretPrefix + "webhook"
)

// seed fills the store with records of every collection through the contract, the clock
// moving a second between writes so that every order is defined.
func seed(tb testing.TB, e *env) seeded {
	tb.Helper()
	ctx, s := e.ctx, e.s
	tick := func() { e.clock.Advance(time.Second) }
	k := seeded{batch: "2026-H1:d3", secret: "s3cr3t-q7Vx2LrM9kTfZ0aB4wYcN8dHsE1uJpG6"}

	mustImport(tb, e, importList(), false)
	mustDo(tb, "PutSchool", s.PutSchool(ctx, domain.School{Code: "TH-THCS-CAOAN", Name: "Trường Tiểu học và THCS Cao An", Level: domain.LevelTHTHCS, Commune: "Cao An", Phones: []string{"0977333444"}, Active: true}))
	mustDo(tb, "PutSchool", s.PutSchool(ctx, domain.School{Code: "THCS-DINHSON", Name: "Trường THCS Định Sơn", Level: domain.LevelTHCS, Commune: "Định Sơn"}))
	k.schools = []string{"MN-CAMDIEN", "TH-THCS-CAOAN", "THCS-DINHSON", "THCS-LAICACH", "NOPE"}
	k.phones = []string{"0912345678", "0988776655", "02203785123", "0977333444", "0900000000"}
	tick()

	mustTouch(tb, e, domain.User{ID: seedOfficer, Name: "Nguyễn Văn Khải", Username: "khai_pgd", TgLang: "vi"}, true)
	mustTouch(tb, e, domain.User{ID: seedReporter, Name: "Trịnh Thị Yến", TgLang: "vi"}, true)
	mustTouch(tb, e, domain.User{ID: 6012345113, Name: "Nguyễn Thị Hương 🌸", TgLang: "en"}, false)
	mustTouch(tb, e, domain.User{ID: 6012345114, Name: "Phạm Văn Nam"}, true)
	mustDo(tb, "SetUserLang", s.SetUserLang(ctx, 6012345113, "en"))
	mustDo(tb, "SetUserUnreachable", s.SetUserUnreachable(ctx, 6012345114, true))
	mustDo(tb, "PutUsers", s.PutUsers(ctx, []domain.User{{ID: 6012345120, Name: "Đỗ Thị Hà", Phone: "0912345678", Seen: time.Date(2026, 5, 1, 8, 0, 0, 0, ict)}}))
	tick()
	used := mustInvite(tb, e, "THCS-LAICACH", 14*24*time.Hour)
	try(s.UseInvite(ctx, used.Code, seedReporter)).must(tb)
	try(s.LinkReporter(ctx, seedReporter, "THCS-LAICACH")).must(tb)
	tick()
	try(s.LinkReporter(ctx, 6012345113, "TH-THCS-CAOAN")).must(tb)
	k.usedCode, k.unusedCode = used.Code, mustInvite(tb, e, "MN-CAMDIEN", 14*24*time.Hour).Code
	for range 2 {
		mustWrongCode(tb, e, 6012345200)
	}
	for range maxWrongCodes {
		mustWrongCode(tb, e, 6012345201)
	}
	k.users = []int64{seedOfficer, seedReporter, 6012345113, 6012345114, 6012345120, 6012345200, 6012345201, 42}
	tick()

	mustDo(tb, "BindGroup", s.BindGroup(ctx, domain.Group{ChatID: -1001987654321, Title: "Mầm non Cẩm Giàng", Level: domain.LevelMN, BoundBy: seedOfficer}))
	mustDo(tb, "BindGroup", s.BindGroup(ctx, domain.Group{ChatID: -1001000000002, Title: "Hiệu trưởng", BoundBy: seedOfficer}))
	mustDo(tb, "DisableGroup", s.DisableGroup(ctx, -1001000000002, "left"))
	k.groups = []int64{-1001987654321, -1001000000002, -5}
	tick()

	mustPin(tb, e, "2026-H1", domain.DefaultQuestionnaire())
	mustPin(tb, e, "2026-Y", mustAltQuestionnaire(tb))
	mustDo(tb, "Reopen", s.Reopen(ctx, "2026-H1", "TH-THCS-CAOAN", seedOfficer))
	k.periods = []string{"2026-H1", "2026-Y", "2027-H1"}
	tick()

	mustOpenDraft(tb, e, "2026-H1", "MN-CAMDIEN")
	mustDo(tb, "ChangeAnswers", s.ChangeAnswers(ctx, "2026-H1", "MN-CAMDIEN", everyAnswer(0, time.Time{}), nil, 6012345113, "Nguyễn Thị Hương 🌸"))
	mustOpenDraft(tb, e, "2026-Y", "THCS-LAICACH")
	mustDo(tb, "SaveStep", s.SaveStep(ctx, domain.Step{
		Draft: &domain.DraftChange{Period: "2026-Y", School: "THCS-LAICACH", Set: map[string]domain.Answer{"n": {Int: i64(12)}}, By: seedReporter, ByName: "Trịnh Thị Yến"},
		Flow:  domain.FlowChange{ChatID: seedReporter, Flow: &domain.ChatFlow{Name: "report", Step: "kind", Data: map[string]string{"p": "2026-Y"}}, UpdateID: 3},
	}))
	tick()
	at := e.clock.Now()
	r1 := submitRequest("THCS-LAICACH", seedReporter, at, false, everyAnswer(seedReporter, at.Add(-time.Minute)))
	r1.Flow.ChatID = 6012345114
	mustSubmit(tb, e, r1)
	tick()
	r2 := submitRequest("THCS-LAICACH", seedOfficer, e.clock.Now(), false, map[string]domain.Answer{"money": {Int: i64(1), By: seedOfficer, At: e.clock.Now()}})
	r2.Submission.ByOfficer, r2.Flow.ChatID = true, seedOfficer
	r2.Changed = domain.ChangedAnswers(r1.Submission.Answers, r2.Submission.Answers)
	mustSubmit(tb, e, r2)
	tick()
	ret := returnRequest("THCS-LAICACH", "seed", e.clock.Now())
	ret.Return.Reason = hostileTexts["operator"]
	try(s.ReturnReport(ctx, ret)).must(tb)
	tick()
	r3 := submitRequest("TH-THCS-CAOAN", 6012345113, e.clock.Now(), true, map[string]domain.Answer{"yes": {Bool: boolp(true), By: 6012345113, At: e.clock.Now()}})
	r3.Submission.Reopened, r3.EndReopen, r3.Flow.ChatID = true, false, 6012345113
	mustSubmit(tb, e, r3)
	tick()
	mustDo(tb, "Audit", s.Audit(ctx, domain.AuditEntry{UserID: seedOfficer, Name: "Nguyễn Văn Khải", Action: "/invite", Target: "MN-CAMDIEN", Detail: hostileTexts["operator"], Result: "ok"}))
	tick()

	for i, id := range []string{"u1", "u2", "u3", "u4", "u5"} {
		mustEnqueue(tb, e, domain.OutboxMessage{ID: k.batch + ":" + id, ChatID: int64(6012345110 + i), Kind: "school", Batch: k.batch, Text: hostileTexts["html"]})
		k.outbox = append(k.outbox, k.batch+":"+id)
	}
	mustEnqueue(tb, e, domain.OutboxMessage{ID: "announce-3:g1", ChatID: -1001987654321, Kind: "announce", Batch: "announce-3", Text: hostileTexts["long"], NotBefore: e.clock.Now().Add(time.Hour)})
	k.outbox = append(k.outbox, "announce-3:g1", "nope")
	for _, id := range k.outbox[:4] {
		mustClaim(tb, e, id, "replica-1")
	}
	tick()
	mustDo(tb, "sent", s.MarkOutboxSent(ctx, k.outbox[0], 6012345110, []int{41, 42}))
	mustDo(tb, "failed", s.MarkOutboxFailed(ctx, k.outbox[1], "Forbidden: bot was blocked by the user", nil))
	mustDo(tb, "unknown", s.MarkOutboxUnknown(ctx, k.outbox[2], "timeout"))
	tick()

	for id := int64(1); id <= 4; id++ {
		mustStoreUpdate(tb, e, id, seedReporter, `{"update_id":1,"message":{"text":"Chào 👋"}}`)
	}
	mustDo(tb, "MarkUpdateDone", s.MarkUpdateDone(ctx, 2))
	try(s.MarkUpdateTried(ctx, 3, errors.New("boom"))).must(tb)
	try(s.MarkUpdateTried(ctx, 4, errors.New("boom"))).must(tb)
	mustDo(tb, "MarkUpdateFailed", s.MarkUpdateFailed(ctx, 4, errors.New("gave up")))
	tick()

	mustDo(tb, "SetChatFlow", s.SetChatFlow(ctx, seedOfficer, domain.ChatFlow{Name: "announce", Step: "confirm", Data: map[string]string{"batch": "announce-3"}, Update: 4}))
	mustDo(tb, "SetChatFlow", s.SetChatFlow(ctx, 6012345114, domain.ChatFlow{Name: "report"}))
	mustDo(tb, "ClearChatFlow", s.ClearChatFlow(ctx, 6012345114))
	k.chats = []int64{seedOfficer, seedReporter, 6012345113, 6012345114, -1001987654321}
	try(s.AcquireLease(ctx, "active", "replica-1", time.Hour)).must(tb)
	try(s.SettingOnce(ctx, "bot.started", "2026-06-16")).must(tb)
	try(s.SettingOnce(ctx, seedSecret, k.secret)).must(tb)
	mustDo(tb, "SetBotUsername", s.SetBotUsername(ctx, "camgiang_baocao_bot"))
	for range 2 {
		try(s.BenchTouch(ctx, "42")).must(tb)
	}
	tick()
	return k
}

// snapshot reads everything seed wrote through the contract's readers, as a canonical tree
// that same compares. Secrets are left out: a restored store has none.
func snapshot(tb testing.TB, e *env, k seeded) map[string]any {
	tb.Helper()
	ctx, s := e.ctx, e.s
	out := map[string]any{}
	put := func(key string, v any, err error) {
		tb.Helper()
		if errors.Is(err, domain.ErrNotFound) {
			out[key] = "not found"
			return
		}
		mustDo(tb, "snapshot "+key, err)
		out[key] = canon(reflect.ValueOf(v))
	}
	at := func(key string) func(any, error) {
		return func(v any, err error) { tb.Helper(); put(key, v, err) }
	}
	sorted := func(ms []domain.OutboxMessage) []domain.OutboxMessage {
		return slices.SortedFunc(slices.Values(ms), func(a, b domain.OutboxMessage) int { return cmp.Compare(a.ID, b.ID) })
	}
	byID := func(us []domain.User) []domain.User {
		return slices.SortedFunc(slices.Values(us), func(a, b domain.User) int { return cmp.Compare(a.ID, b.ID) })
	}

	schools, err := s.Schools(ctx)
	put("Schools", schools, err)
	for _, code := range k.schools {
		at("School " + code)(s.School(ctx, code))
		put("Reporters "+code, byID(try(s.Reporters(ctx, code)).must(tb)), nil)
	}
	for _, phone := range k.phones {
		at("SchoolsByPhone " + phone)(s.SchoolsByPhone(ctx, phone))
	}
	for _, id := range k.users {
		at("User " + itoa(id))(s.User(ctx, id))
		at("CodeLock " + itoa(id))(s.CodeLock(ctx, id))
	}
	all := try(s.AllReporters(ctx)).must(tb)
	for code, us := range all {
		all[code] = byID(us)
	}
	put("AllReporters", all, nil)
	groups := try(s.Groups(ctx)).must(tb)
	slices.SortFunc(groups, func(a, b domain.Group) int { return cmp.Compare(a.ChatID, b.ChatID) })
	put("Groups", groups, nil)
	for _, id := range k.groups {
		at("Group " + itoa(id))(s.Group(ctx, id))
	}
	for _, p := range k.periods {
		period, err := s.Period(ctx, p)
		put("Period "+p, period, err)
		if err == nil {
			q, err := s.Questionnaire(ctx, period.Questionnaire)
			put("Questionnaire of "+p, q, err)
		}
		drafts := try(s.Drafts(ctx, p)).must(tb)
		slices.SortFunc(drafts, func(a, b domain.Draft) int { return cmp.Compare(a.School, b.School) })
		put("Drafts "+p, drafts, nil)
		subs := try(s.Submissions(ctx, p)).must(tb)
		slices.SortFunc(subs, func(a, b domain.Submission) int { return cmp.Compare(a.School, b.School) })
		put("Submissions "+p, subs, nil)
		at("SubmittedSchools " + p)(s.SubmittedSchools(ctx, p))
		for _, code := range k.schools {
			at("Draft " + p + " " + code)(s.Draft(ctx, p, code))
			at("Submission " + p + " " + code)(s.Submission(ctx, p, code))
			at("Revisions " + p + " " + code)(s.Revisions(ctx, p, code))
			at("Reopened " + p + " " + code)(s.Reopened(ctx, p, code))
			at("Returns " + p + " " + code)(s.Returns(ctx, p, code))
		}
		at("OpenReturns " + p)(s.OpenReturns(ctx, p))
	}
	at("RecentAudit")(s.RecentAudit(ctx, 1000))
	for _, id := range k.outbox {
		at("Outbox " + id)(s.OutboxMessageByID(ctx, id))
	}
	for _, st := range []domain.OutboxState{domain.OutboxQueued, domain.OutboxSending, domain.OutboxSent, domain.OutboxFailed, domain.OutboxUnknown} {
		put("OutboxByState "+string(st), sorted(try(s.OutboxByState(ctx, st, 1000)).must(tb)), nil)
	}
	put("OutboxBatch", sorted(try(s.OutboxBatch(ctx, k.batch)).must(tb)), nil)
	at("OutboxCounts")(s.OutboxCounts(ctx, k.batch))
	at("DueOutbox")(s.DueOutbox(ctx, 1000))
	at("PendingUpdates")(s.PendingUpdates(ctx, "", 1000))
	for _, id := range k.chats {
		at("ChatFlow " + itoa(id))(s.ChatFlow(ctx, id))
	}
	holder, until, err := s.LeaseHolder(ctx, "active")
	put("LeaseHolder", []any{holder, until}, err)
	at("Setting bot.started")(s.Setting(ctx, "bot.started"))
	at("BotUsername")(s.BotUsername(ctx))
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
