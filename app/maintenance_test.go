package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storetest"
	"github.com/rs/zerolog"
)

func TestMaintenance_NightlyBackupKeepsFourteen(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	st := storetest.Open(t, nil)
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
	st := storetest.Open(t, func() time.Time { return now })
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
	m := &maintenance{st: st, now: func() time.Time { return now }, loc: time.UTC, ret: defaultRetention, log: zerolog.Nop()}
	m.tick(ctx)
	counts, _ := st.Counts(ctx)
	if counts["audit"] != 1 || counts["updates"] != 1 {
		t.Fatalf("after a tick: %v; want the 23-month audit entry and the fresh update kept", counts)
	}
	now = now.Add(49 * time.Hour)
	m.tick(ctx)
	if counts, _ := st.Counts(ctx); counts["updates"] != 0 {
		t.Errorf("handled update older than 48 h kept: %v", counts)
	}
}

func TestMaintenance_DeletesExpiredInvites(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { return now }
	st := storetest.Open(t, clock)
	for _, ttl := range []time.Duration{time.Hour, 30 * 24 * time.Hour, 60 * 24 * time.Hour} {
		if _, err := st.CreateInvite(ctx, "THCS-LAICACH", 1001, ttl); err != nil {
			t.Fatal(err)
		}
	}
	m := &maintenance{st: st, now: clock, loc: time.UTC, ret: defaultRetention, log: zerolog.Nop()}
	tests := []struct {
		name  string
		at    time.Time
		wantN int64
	}{
		{"expired a day ago: still answered expired", start.Add(time.Hour + 24*time.Hour), 3},
		{"expired over 30 days ago: deleted", start.Add(time.Hour + 31*24*time.Hour), 2},
		{"valid ones kept", start.Add(59 * 24 * time.Hour), 2},
		{"all expired long ago", start.Add(100 * 24 * time.Hour), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now = tt.at
			m.tick(ctx)
			if counts, _ := st.Counts(ctx); counts["invites"] != tt.wantN {
				t.Errorf("invites kept: %d; want %d", counts["invites"], tt.wantN)
			}
		})
	}
}

func TestMaintenance_PrunesOutbox(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 1, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	st := storetest.Open(t, clock)
	enqueue := func(id string, finish func(id string) error) {
		t.Helper()
		if _, err := st.Enqueue(ctx, domain.OutboxMessage{ID: id, ChatID: 5, Kind: "school", Batch: "b", Text: "nhắc"}); err != nil {
			t.Fatal(err)
		}
		if finish == nil {
			return
		}
		if ok, err := st.ClaimOutbox(ctx, id, "p"); !ok || err != nil {
			t.Fatalf("claim %s: %v %v", id, ok, err)
		}
		if err := finish(id); err != nil {
			t.Fatal(err)
		}
	}
	sent := func(id string) error { return st.MarkOutboxSent(ctx, id, 5, []int{1}) }
	failed := func(id string) error {
		return st.MarkOutboxFailed(ctx, id, "Forbidden: bot was blocked by the user", nil)
	}
	enqueue("old-sent", sent)
	enqueue("old-failed", failed)
	enqueue("old-queued", nil) // never sent: kept until someone looks
	now = now.AddDate(0, 5, 0)
	enqueue("recent-sent", sent)
	now = now.AddDate(0, 1, 1) // six months and a day after the first ones
	for _, tt := range []struct {
		name    string
		ret     Retention
		outbox  int64
		removed []string
	}{
		{"kept for ever", Retention{Months: 24, UpdatesHours: 48, StrangerDays: 30}, 4, nil},
		{"six months", defaultRetention, 2, []string{"old-sent", "old-failed"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := &maintenance{st: st, now: clock, loc: time.UTC, ret: tt.ret, log: zerolog.Nop()}
			m.tick(ctx)
			counts, _ := st.Counts(ctx)
			if counts["outbox"] != tt.outbox {
				t.Errorf("outbox %d; want %d", counts["outbox"], tt.outbox)
			}
			for _, id := range tt.removed {
				if _, err := st.OutboxMessageByID(ctx, id); !errors.Is(err, domain.ErrNotFound) {
					t.Errorf("%s: %v; want it pruned", id, err)
				}
			}
		})
	}
}

func TestRetention_Config(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       Retention
		wantErr    bool
	}{
		{"default", "", Retention{Months: 24, UpdatesHours: 48, OutboxMonths: 6, StrangerDays: 30}, false},
		{"set", "retention:\n  months: 6\n  updates_hours: 72\n  outbox_months: 12\n  stranger_days: 90\n", Retention{Months: 6, UpdatesHours: 72, OutboxMonths: 12, StrangerDays: 90}, false},
		{"keep audit", "retention:\n  months: 0\n", Retention{Months: 0, UpdatesHours: 48, OutboxMonths: 6, StrangerDays: 30}, false},
		{"keep outbox", "retention:\n  outbox_months: 0\n", Retention{Months: 24, UpdatesHours: 48, StrangerDays: 30}, false},
		{"keep strangers", "retention:\n  stranger_days: 0\n", Retention{Months: 24, UpdatesHours: 48, OutboxMonths: 6}, false},
		{"negative strangers", "retention:\n  stranger_days: -1\n", Retention{}, true},
		{"negative outbox", "retention:\n  outbox_months: -2\n", Retention{}, true},
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
