package sqlite

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
)

// seedVaried stores records of every collection, with accents, int64, dates, maps and
// booleans.
func seedVaried(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.TouchUser(ctx, domain.User{ID: 7, Name: "Nguyễn Thị Lan"}, true)
	must(err)
	_, err = s.TouchUser(ctx, domain.User{ID: 8, Name: "Trần 🙂 Minh"}, false)
	must(err)
	_, err = s.LinkReporter(ctx, 7, "THCS-A")
	must(err)
	at := time.Date(2026, 6, 10, 3, 4, 5, 6e6, time.UTC)
	must(s.PutSchools(ctx, []domain.School{{Code: "THCS-A", Name: "Trường THCS A", Level: domain.LevelTHCS, Phones: []string{"0912345678"}, Active: true}}))
	answers := map[string]domain.Answer{"q_pupils": {Int: i64(412), By: 7, At: at}, "q_ok": {Bool: yes(), By: 7, At: at},
		"q_note": {Text: `"trích dẫn" <b>`, By: 7, At: at}, "q_file": {File: &domain.FileRef{FileID: "F1", Name: "a.pdf"}, By: 7, At: at}}
	must(s.PutSubmissions(ctx, []domain.Submission{{Period: "2026-H1", School: "THCS-A", SubmittedBy: 7, SubmitterName: "Nguyễn Thị Lan",
		SubmittedAt: at, FirstAt: at, Late: true, Revision: 2, Answers: answers}}))
	must(s.PutRevisions(ctx, []domain.Revision{{Period: "2026-H1", School: "THCS-A", Revision: 1, Answers: answers, Changed: []string{"q_ok"}}}))
	must(s.PutDraft(ctx, domain.Draft{Period: "2026-Y", School: "THCS-A", Answers: answers, Current: "q_ok"}))
	_, err = s.StoreUpdate(ctx, 5, 7, []byte(`{"update_id":5}`))
	must(err)
	must(s.Audit(ctx, domain.AuditEntry{UserID: 1001, Name: "Hoan", Action: "/reopen", Detail: `{"$gt": ""}`}))
	must(s.SetChatFlow(ctx, 7, domain.ChatFlow{Name: "report", Data: map[string]string{"b": "2", "a": "1"}}))
	must(s.BindGroup(ctx, domain.Group{ChatID: -1001, Title: "Cụm 1", Level: domain.LevelMN}))
	_, err = s.CreateInvite(ctx, "THCS-A", 1, time.Hour)
	must(err)
	_, _, err = s.WrongCode(ctx, 9)
	must(err)
	_, err = s.AcquireLease(ctx, "active", "me", time.Minute)
	must(err)
	must(s.SetBotUsername(ctx, "camgiang_bot"))
	p, _ := domain.DefaultPeriodSchedule().Find("2026-H1", time.UTC)
	_, err = s.PinPeriod(ctx, p, domain.DefaultQuestionnaire())
	must(err)
	must(s.Reopen(ctx, "2026-H1", "THCS-A", 1001))
	_, err = s.ReturnReport(ctx, domain.ReturnRequest{Return: domain.Return{ID: domain.ReturnID("2026-H1", "THCS-A", "1"),
		Period: "2026-H1", School: "THCS-A", Reason: "Câu 2: thiếu số liệu", Questions: []string{"q2"}, By: 1001, At: at}})
	must(err)
	_, err = s.Enqueue(ctx, domain.OutboxMessage{ID: "m1", ChatID: 7, Text: "📋 <b>Nhắc</b>", Batch: "b"})
	must(err)
	_, err = s.SettingOnce(ctx, "bot.name", "x")
	must(err)
	_, err = s.SettingOnce(ctx, storage.SecretPrefix+"webhook", "hunter2")
	must(err)
	_, err = s.BenchTouch(ctx, "42")
	must(err)
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

func TestStore_DumpRestore(t *testing.T) {
	ctx := context.Background()
	clock := fixedClock(time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC))
	src := mustOpen(t, clock)
	seedVaried(t, src)
	var first bytes.Buffer
	counts, err := src.Dump(ctx, &first)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != len(tables) || counts["settings"] != 1 || counts["users"] != 2 {
		t.Fatalf("Dump counts = %v", counts)
	}
	if text := gunzip(t, first.Bytes()); strings.Contains(text, "hunter2") {
		t.Fatal("a secret setting was dumped")
	}
	dst := mustOpen(t, clock)
	restored, err := dst.Restore(ctx, bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(restored, counts) {
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
	if err != nil || *sub.Answers["q_pupils"].Int != 412 || sub.SubmitterName != "Nguyễn Thị Lan" || sub.Answers["q_file"].File.FileID != "F1" {
		t.Errorf("restored submission = %+v, %v", sub, err)
	}
	if sc, _ := dst.SchoolsByPhone(ctx, "0912345678"); len(sc) != 1 {
		t.Errorf("phone index not restored: %+v", sc)
	}
	if ok, _ := dst.Reopened(ctx, "2026-H1", "THCS-A"); !ok {
		t.Error("reopening not restored")
	}
	if _, err := dst.Restore(ctx, bytes.NewReader(first.Bytes())); !errors.Is(err, storage.ErrNotEmpty) {
		t.Errorf("restore into a store with data: %v, want ErrNotEmpty", err)
	}
}

func TestStore_RestoreRefusesBadFiles(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	zip := func(text string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		io.WriteString(w, text)
		w.Close()
		return b.Bytes()
	}
	const header = `{"format":"reportbot-backup-v1"}` + "\n"
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not gzip", []byte("hello"), "not a gzip file"},
		{"empty", zip(""), "empty"},
		{"no header", zip(`{"c":"users","d":{"_id":"1"}}` + "\n"), "not a reportbot backup"},
		{"bad line", zip(header + `{"c":"users","d":{"_id":"1"}}` + "\n{oops\n"), "line 3"},
		{"unknown collection", zip(header + `{"c":"users","d":{"_id":"1"}}` + "\n" + `{"c":"nope","d":{"_id":"1"}}` + "\n"), "unknown collection"},
		{"bad user id", zip(header + `{"c":"users","d":{"_id":"x"}}` + "\n"), "not a number"},
		{"duplicate", zip(header + `{"c":"users","d":{"_id":"1"}}` + "\n" + `{"c":"users","d":{"_id":"1"}}` + "\n"), "UNIQUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Restore(ctx, bytes.NewReader(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Restore = %v, want %q", err, tt.want)
			}
			if counts, _ := s.Counts(ctx); counts["users"] != 0 {
				t.Errorf("a refused file wrote records: %v", counts)
			}
		})
	}
}
