package storage_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

func int64p(n int64) *int64 { return &n }

func TestStore_Audit(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	s := storagetest.Open(t, func() time.Time { now = now.Add(time.Hour); return now })
	for _, a := range []string{"/reopen", "/announce", "/export"} {
		if err := s.Audit(ctx, domain.AuditEntry{UserID: 1001, Name: "Hoan", Action: a}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.RecentAudit(ctx, 2)
	if err != nil || len(got) != 2 || got[0].Action != "/export" || got[1].Action != "/announce" {
		t.Fatalf("RecentAudit(2) = %+v, %v; want newest first", got, err)
	}
	n, err := s.PruneAudit(ctx, got[1].At) // strictly older: only /reopen
	if err != nil || n != 1 {
		t.Fatalf("PruneAudit = %d, %v", n, err)
	}
}

func TestStore_SettingOnce(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	if _, err := s.Setting(ctx, "webhook_secret"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("missing setting: %v", err)
	}
	first, err := s.SettingOnce(ctx, "webhook_secret", "aaa")
	if err != nil || first != "aaa" {
		t.Fatalf("first SettingOnce = %q, %v", first, err)
	}
	second, err := s.SettingOnce(ctx, "webhook_secret", "bbb")
	if err != nil || second != "aaa" {
		t.Fatalf("second SettingOnce = %q, %v; want the first value kept", second, err)
	}
}

func TestStore_ForgetUser(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	if _, err := s.TouchUser(ctx, domain.User{ID: 7, Name: "Lan", Username: "lan"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkReporter(ctx, 7, "THCS-A"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetChatFlow(ctx, 7, domain.ChatFlow{Name: "report"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 6, 10, 3, 0, 0, 0, time.UTC)
	sub := domain.Submission{Period: "2026-H1", School: "THCS-A", SubmittedBy: 7, SubmitterName: "Lan", SubmittedAt: at, Revision: 1,
		Answers: map[string]domain.Answer{
			"q_pupils": {Int: int64p(412), By: 7, At: at},
			"q_note":   {Text: "ổn", By: 8, At: at},
		}}
	if err := s.PutSubmission(ctx, sub); err != nil {
		t.Fatal(err)
	}
	other := domain.Submission{Period: "2026-H1", School: "THCS-B", SubmittedBy: 9, SubmitterName: "Minh", Answers: map[string]domain.Answer{}}
	if err := s.PutSubmission(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := s.PutDraft(ctx, domain.Draft{Period: "2026-Y", School: "THCS-A", EditedBy: 7, EditorName: "Lan",
		Answers: map[string]domain.Answer{"q_pupils": {Int: int64p(1), By: 7}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, domain.AuditEntry{UserID: 7, Name: "Lan", Action: "answer.change"}); err != nil {
		t.Fatal(err)
	}

	got, err := s.ForgetUser(ctx, 7)
	if err != nil || got.Submissions != 1 || got.Drafts != 1 {
		t.Fatalf("ForgetUser = %+v, %v", got, err)
	}
	if _, err := s.User(ctx, 7); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("user still there: %v", err)
	}
	if f, _ := s.ChatFlow(ctx, 7); f.Name != "" {
		t.Errorf("chat flow kept: %+v", f)
	}
	kept, err := s.Submission(ctx, "2026-H1", "THCS-A")
	if err != nil {
		t.Fatal(err)
	}
	if kept.SubmittedBy != 0 || kept.SubmitterName != domain.FormerReporter || kept.Answers["q_pupils"].By != 0 ||
		*kept.Answers["q_pupils"].Int != 412 || kept.Answers["q_note"].By != 8 || kept.Revision != 1 || !kept.SubmittedAt.Equal(at) {
		t.Errorf("submission after forget = %+v", kept)
	}
	if o, _ := s.Submission(ctx, "2026-H1", "THCS-B"); o.SubmitterName != "Minh" || o.SubmittedBy != 9 {
		t.Errorf("another school's submission changed: %+v", o)
	}
	d, _ := s.Draft(ctx, "2026-Y", "THCS-A")
	if d.EditedBy != 0 || d.EditorName != domain.FormerReporter || d.Answers["q_pupils"].By != 0 {
		t.Errorf("draft after forget = %+v", d)
	}
	entries, _ := s.RecentAudit(ctx, 10)
	if len(entries) != 1 || entries[0].UserID != 0 || entries[0].Name != domain.FormerReporter || entries[0].Action != "answer.change" {
		t.Errorf("audit after forget = %+v", entries)
	}
	// Running it again changes nothing and fails nothing.
	if again, err := s.ForgetUser(ctx, 7); err != nil || again != (storage.Forgotten{}) {
		t.Errorf("second ForgetUser = %+v, %v", again, err)
	}
}

func TestStore_DumpRestore(t *testing.T) {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC) }
	src := storagetest.Open(t, clock)
	seedVaried(t, src)
	var first bytes.Buffer
	counts, err := src.Dump(ctx, &first)
	if err != nil {
		t.Fatal(err)
	}
	if counts["users"] != 2 || counts["submissions"] != 1 || counts["updates"] != 1 {
		t.Fatalf("Dump counts = %v", counts)
	}

	dst := storagetest.Open(t, clock)
	restored, err := dst.Restore(ctx, bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(restored) != len(counts) {
		t.Errorf("restored %v, dumped %v", restored, counts)
	}
	var second bytes.Buffer
	if _, err := dst.Dump(ctx, &second); err != nil {
		t.Fatal(err)
	}
	if a, b := gunzip(t, first.Bytes()), gunzip(t, second.Bytes()); a != b {
		t.Fatalf("backup of the restored store differs:\n%s\n---\n%s", a, b)
	}
	sub, err := dst.Submission(ctx, "2026-H1", "THCS-A")
	if err != nil || *sub.Answers["q_pupils"].Int != 412 || sub.SubmitterName != "Nguyễn Thị Lan" {
		t.Errorf("restored submission = %+v, %v", sub, err)
	}

	if _, err := dst.Restore(ctx, bytes.NewReader(first.Bytes())); !errors.Is(err, storage.ErrNotEmpty) {
		t.Errorf("restore into a store with data: %v, want ErrNotEmpty", err)
	}
}

func TestStore_RestoreRefusesBadFiles(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	zip := func(text string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		io.WriteString(w, text)
		w.Close()
		return b.Bytes()
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not gzip", []byte("hello"), "not a gzip file"},
		{"empty", zip(""), "empty"},
		{"no header", zip(`{"c":"users","d":{"_id":"1"}}` + "\n"), "not a reportbot backup"},
		{"bad line", zip(`{"format":"reportbot-backup-v1"}` + "\n" + `{"c":"users","d":{"_id":"1"}}` + "\n{oops\n"), "line 3"},
		{"bad collection", zip(`{"format":"reportbot-backup-v1"}` + "\n" + `{"c":"system.x","d":{"_id":"1"}}` + "\n"), "bad collection"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Restore(ctx, bytes.NewReader(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Restore = %v, want %q", err, tt.want)
			}
			if counts, _ := s.CollectionCounts(ctx); counts["users"] != 0 {
				t.Errorf("a refused file wrote documents: %v", counts)
			}
		})
	}
}

// seedVaried stores documents of several shapes: strings with accents, int64, dates,
// nested maps and booleans.
func seedVaried(t *testing.T, s *storage.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.TouchUser(ctx, domain.User{ID: 7, Name: "Nguyễn Thị Lan"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TouchUser(ctx, domain.User{ID: 8, Name: "Trần 🙂 Minh"}, false); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 6, 10, 3, 4, 5, 6e6, time.UTC)
	if err := s.PutSubmission(ctx, domain.Submission{Period: "2026-H1", School: "THCS-A", SubmittedBy: 7, SubmitterName: "Nguyễn Thị Lan",
		SubmittedAt: at, FirstAt: at, Late: true, Revision: 2,
		Answers: map[string]domain.Answer{"q_pupils": {Int: int64p(412), By: 7, At: at}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StoreUpdate(ctx, 5, 7, []byte(`{"update_id":5}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, domain.AuditEntry{UserID: 1001, Name: "Hoan", Action: "/reopen", Detail: `{"$gt": ""}`}); err != nil {
		t.Fatal(err)
	}
}

func gunzip(t *testing.T, data []byte) string {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
