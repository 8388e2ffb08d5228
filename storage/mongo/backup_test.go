package mongo

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/backup"
)

// seed writes a little of everything through the contract.
func seed(t *testing.T, s *Store) {
	t.Helper()
	ctx := ctxT(t)
	p := mustPeriod(t, s)
	if _, err := s.ImportSchools(ctx, []domain.School{
		{Code: "TH-CAMPHUC", Name: "Trường Tiểu học Cẩm Phúc", Level: "TH", Commune: "Cẩm Phúc", Phones: []string{"0912345678"}},
		{Code: "MN-LAICACH", Name: "Trường Mầm non Lai Cách", Level: "MN", Commune: "Lai Cách"},
	}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TouchUser(ctx, domain.User{ID: 6012345106, Name: "Trần Văn Dũng"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkReporter(ctx, 6012345106, "TH-CAMPHUC"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(ctx, submitRequest(p, "TH-CAMPHUC", 6012345106, map[string]domain.Answer{"news_items": intAnswer(8)}, []string{"news_items"})); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenDraft(ctx, domain.Draft{Period: p.ID, School: "MN-LAICACH", Questionnaire: p.Questionnaire}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enqueue(ctx, domain.OutboxMessage{ID: "announce-1:u6012345106", ChatID: 6012345106, Text: "📢 <b>Thông báo</b>", Kind: "announce", Batch: "announce-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SettingOnce(ctx, storage.SecretPrefix+"webhook", "s3cr3t"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SettingOnce(ctx, "district", "Cẩm Giàng"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetBotUsername(ctx, "camgiang_baocao_bot"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StoreUpdate(ctx, 1001, 6012345106, []byte(`{"update_id":1001}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateInvite(ctx, "MN-LAICACH", 0, 0); err != nil {
		t.Fatal(err)
	}
}

func TestStore_DumpRestore(t *testing.T) {
	uri, _ := server(t)
	src := mustOpen(t, uri, nil)
	seed(t, src)
	ctx := ctxT(t)
	var buf bytes.Buffer
	dumped, err := src.Dump(ctx, &buf)
	if err != nil {
		t.Fatalf("Dump: %v", err)
	}
	if dumped[backup.ColSettings] != 1 {
		t.Errorf("Dump wrote %d settings, want 1 (the secret left out)", dumped[backup.ColSettings])
	}
	f, err := backup.Read(bytes.NewReader(buf.Bytes()), "")
	if err != nil {
		t.Fatalf("the dump is not a backup: %v", err)
	}
	for _, raw := range f.Docs[backup.ColSettings] {
		if secret(raw) {
			t.Errorf("the dump holds a secret setting: %s", raw)
		}
	}

	dst := mustOpen(t, uri, nil)
	restored, err := dst.Restore(ctx, bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if !maps.Equal(restored, dumped) {
		t.Errorf("Restore = %v, Dump = %v", restored, dumped)
	}
	counts, err := dst.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for col, n := range dumped {
		if counts[col] != int64(n) {
			t.Errorf("Counts[%s] = %d after restore, want %d", col, counts[col], n)
		}
	}
	m, err := dst.OutboxMessageByID(ctx, "announce-1:u6012345106")
	if err != nil || m.Text != "📢 <b>Thông báo</b>" || m.State != domain.OutboxQueued {
		t.Errorf("restored outbox message = %+v, %v", m, err)
	}
	if revs, err := dst.Revisions(ctx, "2026-H1", "TH-CAMPHUC"); err != nil || len(revs) != 1 {
		t.Errorf("restored revisions = %d, %v", len(revs), err)
	}
	if _, err := dst.Setting(ctx, storage.SecretPrefix+"webhook"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a secret came back with the restore: %v", err)
	}

	t.Run("not empty", func(t *testing.T) {
		if _, err := dst.Restore(ctx, bytes.NewReader(buf.Bytes())); !errors.Is(err, storage.ErrNotEmpty) {
			t.Errorf("Restore into a full store = %v, want ErrNotEmpty", err)
		}
	})
	t.Run("damaged file writes nothing", func(t *testing.T) {
		var bad bytes.Buffer
		zw := gzip.NewWriter(&bad)
		zr, _ := gzip.NewReader(bytes.NewReader(buf.Bytes()))
		var plain bytes.Buffer
		_, _ = plain.ReadFrom(zr)
		zw.Write(plain.Bytes())
		zw.Write([]byte(`{"c":"users","d":{"_id":"1","tg_id":"not a number"}}` + "\n"))
		zw.Close()
		empty := mustOpen(t, uri, nil)
		if _, err := empty.Restore(ctx, &bad); err == nil {
			t.Fatal("Restore of a damaged file succeeded")
		}
		counts, _ := empty.Counts(ctx)
		for col, n := range counts {
			if n != 0 {
				t.Errorf("a failed restore wrote %d documents to %s", n, col)
			}
		}
	})
}

// fixture is storage/testdata/backup-v1-ferretdb.*: a backup the FerretDB release wrote.
const fixture = "../testdata/backup-v1-ferretdb"

// expectFile is the part of backup-v1-ferretdb.expect.json this test checks; see
// backup-v1-ferretdb.md for what each key means.
type expectFile struct {
	BotUsername string `json:"bot_username"`
	Version     string `json:"questionnaire_version"`
	Periods     []struct {
		ID, Questionnaire string
		DueAt             time.Time `json:"due_at"`
		Submitted         []string  `json:"submitted_schools"`
	}
	Reopened []struct {
		Period, School string
		Reopened       bool
	}
	Submissions []struct {
		Period, School string
		Revision       int
		Late           bool
		Reopened       bool
		ByOfficer      bool  `json:"by_officer"`
		SubmittedBy    int64 `json:"submitted_by"`
		Answers        map[string]string
	}
	Drafts []struct {
		Period, School string
		EditedBy       int64  `json:"edited_by"`
		EditorName     string `json:"editor_name"`
		Answers        map[string]string
	}
	Revisions []struct {
		Period, School string
		Count          int
		LastChanged    []string `json:"last_changed"`
	}
	Schools []struct {
		Code, Name, Level, Commune string
		Active                     bool
		Phones                     []string
	}
	Users []struct {
		ID                       int64
		Name, School, Role, Lang string
	}
	Outbox []struct {
		ID, State, Text string
		ChatID          int64 `json:"chat_id"`
	}
	Settings map[string]string
}

// answerString writes an answer as expect.json does.
func answerString(a domain.Answer) string {
	switch {
	case a.Skipped:
		return "skipped"
	case a.Int != nil:
		return strconv.FormatInt(*a.Int, 10)
	case a.Bool != nil && *a.Bool:
		return "yes"
	case a.Bool != nil:
		return "no"
	case a.File != nil:
		return a.File.FileID
	case a.Choice != "":
		return a.Choice
	}
	return a.Text
}

func answerStrings(as map[string]domain.Answer) map[string]string {
	out := make(map[string]string, len(as))
	for id, a := range as {
		out[id] = answerString(a)
	}
	return out
}

func mustFixture(t *testing.T) ([]byte, map[string]int, expectFile) {
	t.Helper()
	raw, err := os.ReadFile(fixture + ".jsonl.gz")
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("no old-release backup at %s yet: it is test data the FerretDB release wrote (see storage/testdata)", filepath.Clean(fixture+".jsonl.gz"))
	}
	if err != nil {
		t.Fatal(err)
	}
	var counts map[string]int
	var expect expectFile
	for name, v := range map[string]any{".counts.json": &counts, ".expect.json": &expect} {
		b, err := os.ReadFile(fixture + name)
		if err != nil {
			t.Fatalf("the fixture's %s: %v", name, err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("the fixture's %s: %v", name, err)
		}
	}
	return raw, counts, expect
}

// TestStore_Restore_ferretDBRelease restores the backup the FerretDB release wrote and
// reads back, through the contract, the facts that release read just after the dump.
func TestStore_Restore_ferretDBRelease(t *testing.T) {
	raw, dumped, want := mustFixture(t)
	s, _ := mustStore(t, nil)
	ctx := ctxT(t)
	got, err := s.Restore(ctx, bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	// The old release kept outbox texts apart (joined now) and its webhook secret in a
	// setting (never restored: a backup carries no secret into a store).
	wantCounts := maps.Clone(dumped)
	delete(wantCounts, backup.ColOutboxTexts)
	wantCounts[backup.ColSettings] -= len(want.Settings)
	if wantCounts[backup.ColSettings] == 0 {
		delete(wantCounts, backup.ColSettings)
	}
	if !maps.Equal(got, wantCounts) {
		t.Errorf("Restore = %v\nwant %v", got, wantCounts)
	}

	if u, err := s.BotUsername(ctx); err != nil || u != want.BotUsername {
		t.Errorf("BotUsername = %q, %v; want %q", u, err, want.BotUsername)
	}
	if q, err := s.Questionnaire(ctx, want.Version); err != nil || q.Version() != want.Version {
		t.Errorf("Questionnaire(%s) = %v", want.Version, err)
	}
	for _, wp := range want.Periods {
		p, err := s.Period(ctx, wp.ID)
		if err != nil || p.Questionnaire != wp.Questionnaire || !p.DueAt.Equal(wp.DueAt) {
			t.Errorf("Period(%s) = %+v, %v", wp.ID, p, err)
		}
		sub, err := s.SubmittedSchools(ctx, wp.ID)
		if codes := slices.Sorted(maps.Keys(sub)); err != nil || !slices.Equal(codes, wp.Submitted) {
			t.Errorf("SubmittedSchools(%s) = %v, %v; want %v", wp.ID, codes, err, wp.Submitted)
		}
	}
	for _, wr := range want.Reopened {
		if re, err := s.Reopened(ctx, wr.Period, wr.School); err != nil || re != wr.Reopened {
			t.Errorf("Reopened(%s, %s) = %v, %v", wr.Period, wr.School, re, err)
		}
	}
	for _, ws := range want.Submissions {
		sub, err := s.Submission(ctx, ws.Period, ws.School)
		if err != nil || sub.Revision != ws.Revision || sub.Late != ws.Late || sub.Reopened != ws.Reopened ||
			sub.ByOfficer != ws.ByOfficer || sub.SubmittedBy != ws.SubmittedBy || !maps.Equal(answerStrings(sub.Answers), ws.Answers) {
			t.Errorf("Submission(%s, %s) = %+v, %v", ws.Period, ws.School, sub, err)
		}
	}
	for _, wd := range want.Drafts {
		d, err := s.Draft(ctx, wd.Period, wd.School)
		if err != nil || d.EditedBy != wd.EditedBy || d.EditorName != wd.EditorName || !maps.Equal(answerStrings(d.Answers), wd.Answers) {
			t.Errorf("Draft(%s, %s) = %+v, %v", wd.Period, wd.School, d, err)
		}
	}
	for _, wr := range want.Revisions {
		revs, err := s.Revisions(ctx, wr.Period, wr.School)
		if err != nil || len(revs) != wr.Count {
			t.Errorf("Revisions(%s, %s) = %d, %v; want %d", wr.Period, wr.School, len(revs), err, wr.Count)
			continue
		}
		last := []string{}
		if len(revs) > 0 {
			last = revs[len(revs)-1].Changed
		}
		if !slices.Equal(last, wr.LastChanged) {
			t.Errorf("Revisions(%s, %s): newest changed %v, want %v", wr.Period, wr.School, last, wr.LastChanged)
		}
	}
	for _, ws := range want.Schools {
		sc, err := s.School(ctx, ws.Code)
		phones := sc.Phones
		if phones == nil {
			phones = []string{}
		}
		if err != nil || sc.Name != ws.Name || string(sc.Level) != ws.Level || sc.Commune != ws.Commune || sc.Active != ws.Active || !slices.Equal(phones, ws.Phones) {
			t.Errorf("School(%s) = %+v, %v", ws.Code, sc, err)
		}
	}
	for _, wu := range want.Users {
		u, err := s.User(ctx, wu.ID)
		if err != nil || u.Name != wu.Name || u.SchoolCode != wu.School || u.Lang != wu.Lang {
			t.Errorf("User(%d) = %+v, %v", wu.ID, u, err)
		}
	}
	for _, wm := range want.Outbox {
		m, err := s.OutboxMessageByID(ctx, wm.ID)
		if err != nil || string(m.State) != wm.State || m.ChatID != wm.ChatID || m.Text != wm.Text {
			t.Errorf("OutboxMessageByID(%s) = %+v, %v", wm.ID, m, err)
		}
	}
	for name := range want.Settings {
		if v, err := s.Setting(ctx, name); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("Setting(%s) = %q, %v: the old release's secret was restored", name, v, err)
		}
	}
	// The restored outbox serves the dispatcher: the queued reminder is due with its text.
	due, err := s.DueOutbox(ctx, 10)
	if err != nil || len(due) == 0 || due[0].Text == "" {
		t.Errorf("DueOutbox after restore = %+v, %v", due, err)
	}
}
