package app

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
	"github.com/rs/zerolog"
)

func TestMaintenance_NightlyBackupKeepsFourteen(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	st := storagetest.Open(t, nil)
	dir := t.TempDir()
	for d := 1; d <= 15; d++ {
		name := filepath.Join(dir, time.Date(2026, 5, d, 2, 0, 0, 0, loc).Format("reportbot-20060102-1504.jsonl.gz"))
		if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	m := &maintenance{st: st, loc: loc, backupDir: dir, log: zerolog.Nop()}
	ctx := context.Background()
	tests := []struct {
		name string
		at   time.Time
		want string // file written, "" for none
	}{
		{"before 02:00", time.Date(2026, 6, 1, 1, 59, 0, 0, loc), ""},
		{"after 02:00", time.Date(2026, 6, 1, 2, 5, 0, 0, loc), "reportbot-20260601-0205.jsonl.gz"},
		{"once a day", time.Date(2026, 6, 1, 23, 0, 0, 0, loc), ""},
		{"next day", time.Date(2026, 6, 2, 9, 0, 0, 0, loc), "reportbot-20260602-0900.jsonl.gz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, err := m.nightly(ctx, tt.at)
			if err != nil || filepath.Base(path) != tt.want && !(path == "" && tt.want == "") {
				t.Fatalf("nightly = %q, %v; want %q", path, err, tt.want)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(dir, backupGlob))
	if len(files) != backupsKept || filepath.Base(files[0]) != "reportbot-20260504-0200.jsonl.gz" {
		t.Errorf("kept %d backups from %s; want the newest %d", len(files), filepath.Base(files[0]), backupsKept)
	}
}

func TestMaintenance_Retention(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)
	st := storagetest.Open(t, func() time.Time { return now })
	for _, at := range []time.Time{now.AddDate(0, -25, 0), now.AddDate(0, -23, 0)} {
		if err := st.Audit(ctx, domain.AuditEntry{At: at, Action: "/reopen"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.StoreUpdate(ctx, 1, 5, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkUpdateDone(ctx, 1); err != nil {
		t.Fatal(err)
	}
	m := &maintenance{st: st, now: func() time.Time { return now }, loc: time.UTC, ret: Retention{Months: 24, UpdatesHours: 48}, log: zerolog.Nop()}
	m.tick(ctx)
	counts, _ := st.CollectionCounts(ctx)
	if counts["audit"] != 1 || counts["updates"] != 1 {
		t.Fatalf("after a tick: %v; want the 23-month audit entry and the fresh update kept", counts)
	}
	now = now.Add(49 * time.Hour)
	m.tick(ctx)
	if counts, _ := st.CollectionCounts(ctx); counts["updates"] != 0 {
		t.Errorf("handled update older than 48 h kept: %v", counts)
	}
}

func TestRetention_Config(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       Retention
		wantErr    bool
	}{
		{"default", "", Retention{Months: 24, UpdatesHours: 48}, false},
		{"set", "retention:\n  months: 6\n  updates_hours: 72\n", Retention{Months: 6, UpdatesHours: 72}, false},
		{"keep audit", "retention:\n  months: 0\n", Retention{Months: 0, UpdatesHours: 48}, false},
		{"unknown field", "retention:\n  years: 2\n", Retention{}, true},
		{"negative", "retention:\n  months: -1\n", Retention{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, t.TempDir())
			if tt.yaml != "" {
				p := filepath.Join(t.TempDir(), "c.yaml")
				os.WriteFile(p, []byte(tt.yaml), 0o600)
				var err error
				env := map[string]string{"REPORTBOT_CONFIG": p, "DATA_DIR": t.TempDir()}
				if cfg, err = configFrom(env); err != nil {
					t.Fatal(err)
				}
			}
			got, err := retention(cfg)
			if (err != nil) != tt.wantErr || !tt.wantErr && got != tt.want {
				t.Errorf("retention = %+v, %v", got, err)
			}
		})
	}
}

func configFrom(env map[string]string) (config.Config, error) {
	return config.Load(nil, func(k string) string { return env[k] }, io.Discard)
}
