package storetest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/backup"
)

// mustDump returns a backup of the store and the counts Dump returned.
func mustDump(tb testing.TB, e *env) ([]byte, map[string]int) {
	tb.Helper()
	var buf bytes.Buffer
	counts, err := e.s.Dump(e.ctx, &buf)
	mustDo(tb, "Dump", err)
	return buf.Bytes(), counts
}

func gunzip(tb testing.TB, data []byte) string {
	tb.Helper()
	r := try(gzip.NewReader(bytes.NewReader(data))).must(tb)
	return string(try(io.ReadAll(r)).must(tb))
}

func gzipText(text string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, text)
	w.Close()
	return b.Bytes()
}

// on returns an env for another store on the same clock.
func (e *env) on(s storage.Store) *env { return &env{ctx: e.ctx, s: s, clock: e.clock, f: e.f} }

// int64Counts converts Dump's and Restore's counts to the type of Counts, without zeros.
func int64Counts(c map[string]int) map[string]int64 {
	out := map[string]int64{}
	for k, n := range c {
		if n != 0 {
			out[k] = int64(n)
		}
	}
	return out
}

func backupCases() []testCase {
	return []testCase{
		{name: "Dump then Restore into a fresh store gives every record back", run: testDumpRestore},
		{name: "Dump/its counts are the file's and the store's", run: func(t *testing.T, e *env) {
			seed(t, e)
			data, counts := mustDump(t, e)
			f := try(backup.Read(bytes.NewReader(data), "")).must(t)
			if !f.At.Equal(e.clock.Now()) {
				t.Errorf("backup header at %v, want the clock's %v", f.At, e.clock.Now())
			}
			inFile := map[string]int{}
			for name, docs := range f.Docs {
				inFile[name] = len(docs)
				if !collections[name] {
					t.Errorf("the backup holds collection %q, not a backup collection", name)
				}
			}
			same(t, "Dump counts vs the file", int64Counts(counts), int64Counts(inFile))
			stored := mustCounts(t, e)
			stored[backup.ColSettings]-- // the secret stays behind
			same(t, "Dump counts vs Counts", int64Counts(counts), withoutZeros(stored))
		}},
		{name: "Dump/every record in the shapes of storage/backup", run: func(t *testing.T, e *env) {
			seed(t, e)
			data, _ := mustDump(t, e)
			checkRecords(t, e, try(backup.Read(bytes.NewReader(data), "")).must(t))
		}},
		{name: "Dump/secrets and invite codes never leave the store", run: func(t *testing.T, e *env) {
			k := seed(t, e)
			data, _ := mustDump(t, e)
			text := gunzip(t, data)
			for what, s := range map[string]string{"secret setting name": seedSecret, "secret value": k.secret,
				"invite code": k.unusedCode, "used invite code": k.usedCode, "invite code in lower case": strings.ToLower(k.unusedCode)} {
				if strings.Contains(text, s) {
					t.Errorf("the backup holds the %s %q", what, s)
				}
			}
			if !strings.Contains(text, domain.InviteHash(k.unusedCode)) {
				t.Error("the backup lacks the invite's hash (_id of its record)")
			}
		}},
		{name: "Dump and Restore of an empty store", run: func(t *testing.T, e *env) {
			data, counts := mustDump(t, e)
			if len(int64Counts(counts)) != 0 {
				t.Errorf("Dump of an empty store = %v", counts)
			}
			dst := e.on(e.fresh(t))
			if restored := try(dst.s.Restore(e.ctx, bytes.NewReader(data))).must(t); len(int64Counts(restored)) != 0 {
				t.Errorf("Restore of an empty backup = %v", restored)
			}
			wantCounts(t, dst, "after restoring an empty backup", nil)
			try(dst.s.Restore(e.ctx, bytes.NewReader(data))).must(t) // still empty: may restore again
		}},
		{name: "Restore/into a store with data is refused", run: func(t *testing.T, e *env) {
			seed(t, e)
			data, _ := mustDump(t, e)
			dst := e.on(e.fresh(t))
			mustTouch(t, dst, domain.User{ID: 7, Name: "Lan"}, true)
			if _, err := dst.s.Restore(e.ctx, bytes.NewReader(data)); !errors.Is(err, storage.ErrNotEmpty) {
				t.Fatalf("Restore into a store with data: %v, want ErrNotEmpty", err)
			}
			wantCounts(t, dst, "after the refused restore", map[string]int64{backup.ColUsers: 1})
			if _, err := e.s.Restore(e.ctx, bytes.NewReader(data)); !errors.Is(err, storage.ErrNotEmpty) {
				t.Errorf("Restore into the store dumped: %v, want ErrNotEmpty", err)
			}
		}},
		{name: "Restore/a damaged file writes nothing", run: testRestoreDamaged},
		{name: "Restore/secrets in a backup stay out", run: func(t *testing.T, e *env) {
			var buf bytes.Buffer
			w := try(backup.NewWriter(&buf, Start)).must(t)
			for _, s := range []backup.Setting{{ID: "bot.started", Value: "2026-01-01"}, {ID: seedSecret, Value: "s3cr3t"}, {ID: backup.LegacyWebhookSecret, Value: "old"}} {
				mustDo(t, "write setting", w.Write(backup.ColSettings, s))
			}
			try(w.Close()).must(t)
			restored := try(e.s.Restore(e.ctx, &buf)).must(t)
			if restored[backup.ColSettings] != 1 {
				t.Errorf("Restore counts = %v; want 1 setting", restored)
			}
			if v, err := e.s.Setting(e.ctx, "bot.started"); err != nil || v != "2026-01-01" {
				t.Errorf("plain setting = %q, %v", v, err)
			}
			for _, name := range []string{seedSecret, backup.LegacyWebhookSecret} {
				_, err := e.s.Setting(e.ctx, name)
				wantNotFound(t, "restored "+name, err)
			}
		}},
	}
}

func withoutZeros(c map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, n := range c {
		if n != 0 {
			out[k] = n
		}
	}
	return out
}

func testDumpRestore(t *testing.T, e *env) {
	k := seed(t, e)
	before := snapshot(t, e, k)
	data, counts := mustDump(t, e)
	dst := e.on(e.fresh(t))
	restored := try(dst.s.Restore(e.ctx, bytes.NewReader(data))).must(t)
	same(t, "Restore counts vs Dump counts", int64Counts(restored), int64Counts(counts))
	same(t, "the restored store", snapshot(t, dst, k), before)
	want := mustCounts(t, e)
	want[backup.ColSettings]--
	wantCounts(t, dst, "restored counts", want)
	_, err := dst.s.Setting(e.ctx, seedSecret)
	wantNotFound(t, "a restored secret", err)

	// The restored store works on: codes, counters, leases.
	if inv, err := dst.s.UseInvite(e.ctx, k.unusedCode, 6012345300); err != nil || inv.School != "MN-CAMDIEN" {
		t.Errorf("UseInvite of a restored code = %+v, %v", inv, err)
	}
	if _, err := dst.s.UseInvite(e.ctx, k.usedCode, 6012345300); !errors.Is(err, domain.ErrInviteUsed) {
		t.Errorf("UseInvite of a restored used code: %v, want ErrInviteUsed", err)
	}
	if n := try(dst.s.BenchTouch(e.ctx, "42")).must(t); n != 3 {
		t.Errorf("BenchTouch of a restored counter = %d, want 3", n)
	}
	if ok := try(dst.s.AcquireLease(e.ctx, "active", "replica-2", 0)).must(t); ok {
		t.Error("a restored lease is free")
	}
	if created := try(dst.s.StoreUpdate(e.ctx, 2, seedReporter, []byte(`{}`))).must(t); created {
		t.Error("a restored handled update was stored again")
	}
}

func testRestoreDamaged(t *testing.T, e *env) {
	seed(t, e)
	good, _ := mustDump(t, e)
	text := gunzip(t, good)
	header, rest, _ := strings.Cut(text, "\n")
	tests := []struct {
		name string
		data []byte
	}{
		{"not gzip", []byte("hello")},
		{"empty", gzipText("")},
		{"truncated gzip", good[:len(good)*2/3]},
		{"bad header", gzipText(strings.Replace(header, backup.Format, "reportbot-backup-v0", 1) + "\n" + rest)},
		{"no header", gzipText(rest)},
		{"bad last line", gzipText(text + "{oops\n")},
		{"bad collection name", gzipText(text + `{"c":"system.users","d":{"_id":"1"}}` + "\n")},
		{"a record of the wrong shape", gzipText(text + `{"c":"users","d":{"_id":"77","tg_id":{"$numberLong":"77"},"name":{"$numberInt":"5"},"seen":"yesterday"}}` + "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := e.on(e.fresh(t))
			if _, err := dst.s.Restore(e.ctx, bytes.NewReader(tt.data)); err == nil {
				t.Fatal("Restore of a damaged file succeeded")
			}
			wantCounts(t, dst, "after the refused file", nil)
			if _, err := dst.s.Restore(e.ctx, bytes.NewReader(good)); err != nil {
				t.Errorf("Restore of a good file after the damaged one: %v", err)
			}
		})
	}
}
