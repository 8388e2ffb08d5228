package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
)

// Retention is the config file's "retention" section: how long handled data is kept.
type Retention struct {
	// Months: audit entries older than this are deleted; 0 keeps them for ever. Default 24.
	Months int `yaml:"months"`
	// UpdatesHours: handled inbox entries older than this are deleted. Default 48.
	UpdatesHours int `yaml:"updates_hours"`
	// OutboxMonths: sent and failed outbox entries (reminders, announcements, with their
	// texts) last changed longer ago than this are deleted; 0 keeps them. Default 6.
	OutboxMonths int `yaml:"outbox_months"`
	// StrangerDays: people who wrote to the bot but never linked to a school, and have not
	// written for this many days, are forgotten. Default 30; 0 keeps them.
	StrangerDays int `yaml:"stranger_days"`
}

// defaultRetention is the retention when the config file says nothing.
var defaultRetention = Retention{Months: 24, UpdatesHours: 48, OutboxMonths: 6, StrangerDays: 30}

// expiredInvitesKept is how long an expired invite code is kept, so that a principal who
// tries it hears "expired, ask for a new code" rather than "unknown code".
const expiredInvitesKept = 30 * 24 * time.Hour

// retention reads the retention section with its defaults.
func retention(cfg config.Config) (Retention, error) {
	r := defaultRetention
	if err := config.Decode(&cfg.File.Retention, &r); err != nil {
		return r, &config.Error{Var: "REPORTBOT_CONFIG", Got: cfg.ConfigFile, Want: "a retention section with months, updates_hours, outbox_months and stranger_days (" + err.Error() + ")"}
	}
	if r.Months < 0 || r.UpdatesHours < 1 || r.OutboxMonths < 0 || r.StrangerDays < 0 {
		return r, &config.Error{Var: "REPORTBOT_CONFIG", Got: cfg.ConfigFile, Want: "retention.months ≥ 0, retention.updates_hours ≥ 1, retention.outbox_months ≥ 0 and retention.stranger_days ≥ 0"}
	}
	return r, nil
}

// Nightly backups: the bot writes one a day, at or after this local hour, keeping the
// newest backupsKept files in DATA_DIR/backups.
const (
	backupHour  = 2
	backupsKept = 14
	backupGlob  = "reportbot-*.jsonl.gz"
)

// maintenance prunes old data and writes the nightly backup. Every replica prunes (the
// deletes are idempotent); only the embedded store's bot writes backups.
type maintenance struct {
	st        storage.Store
	now       func() time.Time
	loc       *time.Location
	ret       Retention
	backupDir string  // "" = no nightly backups
	officers  []int64 // never pruned as strangers
	log       zerolog.Logger
}

// run does the work at once and then every interval until ctx ends.
func (m *maintenance) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		m.tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (m *maintenance) tick(ctx context.Context) {
	now := m.now()
	m.prune(ctx, "handled updates", m.st.PruneUpdates, now.Add(-time.Duration(m.ret.UpdatesHours)*time.Hour))
	m.prune(ctx, "expired invite codes", m.st.DeleteOldInvites, now.Add(-expiredInvitesKept))
	if m.ret.Months > 0 {
		m.prune(ctx, "audit entries past retention", m.st.PruneAudit, now.AddDate(0, -m.ret.Months, 0))
	}
	if m.ret.OutboxMonths > 0 {
		m.prune(ctx, "outbox entries past retention", m.st.PruneOutbox, now.AddDate(0, -m.ret.OutboxMonths, 0))
	}
	if m.ret.StrangerDays > 0 {
		m.prune(ctx, "people who never linked to a school", func(ctx context.Context, cutoff time.Time) (int64, error) {
			return m.st.PruneStrangers(ctx, cutoff, m.officers)
		}, now.AddDate(0, 0, -m.ret.StrangerDays))
	}
	if m.backupDir != "" {
		if path, err := m.nightly(ctx, now.In(m.loc)); err != nil {
			m.log.Error().Err(err).Msg("nightly backup failed")
		} else if path != "" {
			m.log.Info().Str("file", path).Msg("nightly backup written")
		}
	}
}

// prune deletes what del finds older than cutoff and logs how many; a failure is logged
// and retried at the next tick.
func (m *maintenance) prune(ctx context.Context, what string, del func(context.Context, time.Time) (int64, error), cutoff time.Time) {
	n, err := del(ctx, cutoff)
	switch {
	case err != nil:
		m.log.Warn().Err(err).Msg("prune " + what)
	case n > 0:
		m.log.Info().Int64("deleted", n).Msg("pruned " + what)
	}
}

// nightly writes today's backup if it is past backupHour and none was written today, then
// deletes all but the newest backupsKept. It returns the file written, "" if none was due.
func (m *maintenance) nightly(ctx context.Context, now time.Time) (string, error) {
	if now.Hour() < backupHour {
		return "", nil
	}
	files, err := filepath.Glob(filepath.Join(m.backupDir, backupGlob))
	if err != nil {
		return "", err
	}
	slices.Sort(files)
	today := "reportbot-" + now.Format("20060102")
	if len(files) > 0 && strings.HasPrefix(filepath.Base(files[len(files)-1]), today) {
		return "", nil
	}
	path := filepath.Join(m.backupDir, today+"-"+now.Format("1504")+".jsonl.gz")
	if err := writeBackup(ctx, m.st, path); err != nil {
		return "", err
	}
	files = append(files, path)
	for len(files) > backupsKept {
		if err := os.Remove(files[0]); err != nil {
			m.log.Warn().Err(err).Msg("remove an old backup")
		}
		files = files[1:]
	}
	return path, nil
}

// writeBackup dumps the store into path through a temporary file, so that a crash never
// leaves a half-written backup under a backup's name.
func writeBackup(ctx context.Context, st storage.Store, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create backup folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".backup-*")
	if err != nil {
		return fmt.Errorf("create backup file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := st.Dump(ctx, tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write backup: %w", err)
	}
	return nil
}
