package app

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/domain"
	"go.yaml.in/yaml/v3"
)

func mustFile(t *testing.T, src string) config.File {
	t.Helper()
	var f config.File
	if err := yaml.Unmarshal([]byte(src), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestLoadQuestionnaire(t *testing.T) {
	tests := []struct {
		name, file, wantErr string
	}{
		{"default when absent", "invite_days: 3\n", ""},
		{"valid", "questionnaire:\n  sections:\n    - id: s\n      title: {vi: \"Mục\"}\n      questions:\n        - {id: a, type: yes_no, label: {vi: \"Câu\"}}\n", ""},
		{"unknown type names the question", "questionnaire:\n  sections:\n    - id: s\n      title: {vi: \"Mục\"}\n      questions:\n        - {id: so_vu, type: number, label: {vi: \"Câu\"}}\n", `question "so_vu": unknown type "number"`},
		{"missing vi label", "questionnaire:\n  sections:\n    - id: s\n      title: {vi: \"Mục\"}\n      questions:\n        - {id: b, type: text, label: {en: \"Q\"}}\n", `question "b": missing vi label`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := loadQuestionnaire(mustFile(t, tt.file))
			if tt.wantErr == "" {
				if err != nil || q == nil {
					t.Fatalf("loadQuestionnaire = %v, %v", q, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
	q, _ := loadQuestionnaire(config.File{})
	if q.Version() != domain.DefaultQuestionnaire().Version() {
		t.Error("no questionnaire section does not give the default")
	}
}

func TestLoadSchedule(t *testing.T) {
	s, err := loadSchedule(config.File{})
	if err != nil || len(s.Recurring) != 2 {
		t.Fatalf("default schedule = %+v, %v", s, err)
	}
	if _, err := loadSchedule(mustFile(t, "periods:\n  recurring:\n    - {kind: H1, last_day: \"02-30\"}\n")); err == nil {
		t.Error("an impossible last day was accepted")
	}
	if _, err := loadSchedule(mustFile(t, "periods:\n  nonsense: 1\n")); err == nil {
		t.Error("an unknown field was accepted")
	}
}

// TestExampleConfig keeps examples/reportbot.yaml, which the README points to, valid.
func TestExampleConfig(t *testing.T) {
	cfg, err := config.Load(nil, func(k string) string {
		if k == "REPORTBOT_CONFIG" {
			return "../examples/reportbot.yaml"
		}
		return ""
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := loadReminderConfig(cfg.File)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rc.periods.Find("KT-2026", time.UTC); !ok || rc.reminders.Cron != "0 8 * * *" {
		t.Fatalf("example config read as %+v", rc)
	}
	if _, err := retention(cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := loadQuestionnaire(cfg.File); err != nil {
		t.Fatal(err)
	}
}
