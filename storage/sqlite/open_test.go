package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
)

func open(dir string, exclusive bool) (*Store, error) {
	return Open(context.Background(), storage.Options{DataDir: dir, Exclusive: exclusive, Logger: zerolog.Nop(), Timeout: time.Second})
}

func TestOpen_Migrations(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "Dữ liệu, trường") // created, with spaces and commas
	s := mustOpenDir(t, dir, nil)
	var version int
	if err := s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil || version != schemaVersion() || version < 1 {
		t.Fatalf("user_version = %d, %v; want %d", version, err, schemaVersion())
	}
	for _, tbl := range tables {
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM "`+tbl+`"`).Scan(&n); err != nil {
			t.Errorf("table %s: %v", tbl, err)
		}
	}
	var mode string
	if err := s.r.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v", mode, err)
	}
	for _, p := range []struct{ pragma, want string }{{"synchronous", "1"}, {"foreign_keys", "1"}, {"busy_timeout", "5000"}} {
		var got string
		if err := s.w.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil || got != p.want {
			t.Errorf("PRAGMA %s = %q, %v; want %s", p.pragma, got, err, p.want)
		}
	}
	if _, err := s.StoreUpdate(ctx, 7, 1, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{dir, filepath.Join(dir, dbFile)} {
		fi, err := os.Stat(f)
		want := os.FileMode(0o600)
		if f == dir {
			want = 0o700 | os.ModeDir
		}
		if err != nil || fi.Mode() != want {
			t.Errorf("%s: mode %v, %v; want %v", f, fi.Mode(), err, want)
		}
	}
	s.Close(ctx)

	// Reopening applies nothing and keeps the data.
	s = mustOpenDir(t, dir, nil)
	if got, err := s.PendingUpdates(ctx, "", 10); err != nil || len(got) != 1 || got[0].UpdateID != 7 {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
	// A database from a newer binary is refused, naming the file.
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	s.Close(ctx)
	_, err := open(dir, true)
	if !errors.Is(err, storage.ErrNewerSchema) || !strings.Contains(err.Error(), filepath.Join(dir, dbFile)) {
		t.Fatalf("open of a newer schema: %v", err)
	}
}

// TestOpen_MigratesVersion1 opens a database of the first schema, with data: the later
// steps apply and the data reads back.
func TestOpen_MigratesVersion1(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	steps, err := loadMigrations()
	if err != nil || len(steps) < 2 {
		t.Skipf("one migration only: %v", err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, dbFile)+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{steps[0].sql, "PRAGMA user_version = 1",
		`INSERT INTO periods (id, kind, last_day, questionnaire) VALUES ('2026-H1', 'H1', '2026-06-19', 'v1')`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s := mustOpenDir(t, dir, nil)
	var version int
	s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	p, err := s.Period(ctx, "2026-H1")
	if version != len(steps) || err != nil || p.LastDay != "2026-06-19" || p.Questionnaire != "v1" {
		t.Fatalf("after migration: version %d, period %+v, %v", version, p, err)
	}
}

func TestLoadMigrations(t *testing.T) {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 || ms[0].version != 1 || !strings.HasPrefix(ms[0].name, "0001_") {
		t.Fatalf("loadMigrations = %+v, %v", ms, err)
	}
}

func TestOpen_Corrupt(t *testing.T) {
	dir := t.TempDir()
	junk := []byte(strings.Repeat("this is not a database, it is a spreadsheet\n", 200))
	if err := os.WriteFile(filepath.Join(dir, dbFile), junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := open(dir, true)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, dbFile)) || !strings.Contains(err.Error(), "no backup") {
		t.Fatalf("open without backups = %v", err)
	}
	backups := filepath.Join(dir, "backups")
	os.Mkdir(backups, 0o700)
	for _, name := range []string{"reportbot-20260601-020000.jsonl.gz", "reportbot-20260603-020000.jsonl.gz", "reportbot-20260602-020000.jsonl.gz"} {
		os.WriteFile(filepath.Join(backups, name), []byte("x"), 0o600)
	}
	os.Mkdir(filepath.Join(backups, "zz-not-a-file"), 0o700)
	_, err = open(dir, false)
	newest := filepath.Join(backups, "reportbot-20260603-020000.jsonl.gz")
	if err == nil || !strings.Contains(err.Error(), "newest backup is "+newest) || !strings.Contains(err.Error(), "reportbot restore "+newest) ||
		!strings.Contains(err.Error(), filepath.Join(dir, dbFile)) {
		t.Fatalf("open of a damaged file = %v", err)
	}
	if storage.IsUnavailable(err) {
		t.Errorf("a damaged file is reported as unavailable (retry will not help): %v", err)
	}
}

func TestOpen_Lock(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first, err := open(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := open(dir, true); !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("second exclusive open: %v, want ErrLocked", err)
	}
	cli, err := open(dir, false) // the CLI beside the bot
	if err != nil {
		t.Fatalf("non-exclusive open beside the bot: %v", err)
	}
	if err := cli.PutSchool(ctx, domain.School{Code: "TH-A", Name: "A", Level: domain.LevelTH}); err != nil {
		t.Fatal(err)
	}
	if sc, err := first.School(ctx, "TH-A"); err != nil || sc.Name != "A" {
		t.Fatalf("the bot does not see the CLI's write: %+v, %v", sc, err)
	}
	cli.Close(ctx)
	first.Close(ctx)
	again, err := open(dir, true)
	if err != nil {
		t.Fatalf("exclusive open after Close: %v", err)
	}
	again.Close(ctx)
}

// TestOpen_ReadOnlyDir opens a data directory the process may read but not write: the
// error says so and is unavailable (the operator can fix it; the update is retried).
func TestOpen_ReadOnlyDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s := mustOpenDir(t, dir, nil)
	if _, err := s.StoreUpdate(context.Background(), 1, 1, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	s.Close(context.Background())
	if os.Geteuid() != 0 {
		chmodAll(t, dir, 0o500, 0o400)
		t.Cleanup(func() { chmodAll(t, dir, 0o700, 0o600) })
		for _, excl := range []bool{true, false} {
			if err := openAndWrite(dir, excl); !storage.IsUnavailable(err) {
				t.Errorf("exclusive=%v: %v, want unavailable", excl, err)
			}
		}
		return
	}
	// Root may write anywhere: run the check in a child process as nobody, on files it
	// may read but not write.
	chmodAll(t, dir, 0o755, 0o644)
	for d := filepath.Dir(dir); d != "/"; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err == nil && fi.Mode().Perm()&0o005 != 0o005 {
			os.Chmod(d, fi.Mode().Perm()|0o005)
			t.Cleanup(func() { os.Chmod(d, fi.Mode().Perm()) })
		}
	}
	bin := filepath.Join(filepath.Dir(dir), "sqlite.test")
	copyFile(t, os.Args[0], bin)
	for _, excl := range []string{"1", ""} {
		cmd := exec.Command(bin, "-test.run=^TestHelperProcess$")
		cmd.Env = append(os.Environ(), helperEnv+"=readonly", helperDirEnv+"="+dir, "REPORTBOT_SQLITE_EXCLUSIVE="+excl)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Skipf("cannot run a child process as nobody: %v\n%s", err, out)
		}
		t.Logf("exclusive=%q: %s", excl, out)
		if !strings.Contains(string(out), "unavailable: true") {
			t.Errorf("exclusive=%q: child says:\n%s", excl, out)
		}
	}
}

// openAndWrite opens the store in dir and writes to it, returning the first error.
func openAndWrite(dir string, exclusive bool) error {
	s, err := open(dir, exclusive)
	if err != nil {
		return err
	}
	defer s.Close(context.Background())
	_, err = s.StoreUpdate(context.Background(), 2, 1, []byte(`{}`))
	return err
}

func chmodAll(t *testing.T, dir string, dirMode, fileMode os.FileMode) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Chmod(filepath.Join(dir, e.Name()), fileMode)
	}
	os.Chmod(dir, dirMode)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestStore_Unavailable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, storage.Options{DataDir: dir, Logger: zerolog.Nop(), Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)

	t.Run("busy", func(t *testing.T) {
		// Another process holds the write lock longer than the busy timeout.
		other, err := sql.Open("sqlite", "file:"+filepath.Join(dir, dbFile))
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		conn, err := other.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(ctx, "ROLLBACK")
		start := time.Now()
		_, err = s.StoreUpdate(ctx, 1, 1, []byte(`{}`))
		if !storage.IsUnavailable(err) || time.Since(start) < 150*time.Millisecond {
			t.Fatalf("write while another holds the lock: %v after %v", err, time.Since(start))
		}
		if _, err := s.PendingUpdates(ctx, "", 1); err != nil {
			t.Errorf("reads must go on beside a writer: %v", err)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		dctx, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
		defer cancel()
		if _, err := s.User(dctx, 1); !storage.IsUnavailable(err) {
			t.Errorf("read after the deadline: %v", err)
		}
		if err := s.SetBotUsername(dctx, "x"); !storage.IsUnavailable(err) {
			t.Errorf("write after the deadline: %v", err)
		}
	})
	t.Run("full", func(t *testing.T) {
		// A page limit makes SQLite report a full disk (SQLITE_FULL).
		var pages int
		if err := s.w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
			t.Fatal(err)
		}
		defer s.w.ExecContext(ctx, "PRAGMA max_page_count = 4294967294")
		_, err := s.Enqueue(ctx, domain.OutboxMessage{ID: "big", ChatID: 1, Text: strings.Repeat("x", 1<<20)})
		if !storage.IsUnavailable(err) || !strings.Contains(err.Error(), "full") {
			t.Fatalf("write to a full disk: %v", err)
		}
	})
}
