package mongo

import (
	"bytes"
	"compress/gzip"
	"errors"
	"maps"
	"testing"

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
