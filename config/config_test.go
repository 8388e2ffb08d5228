package config

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantVar string // "" = no error
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults", check: func(t *testing.T, c Config) {
			if c.DataDir != "./data" || c.Database != "reportbot" || c.Location.String() != "Asia/Ho_Chi_Minh" || c.LogFormat != "json" {
				t.Errorf("defaults = %+v", c)
			}
		}},
		{name: "admins", env: map[string]string{"ADMIN_IDS": " 12, 34 ,"}, check: func(t *testing.T, c Config) {
			if len(c.AdminIDs) != 2 || c.AdminIDs[0] != 12 || c.AdminIDs[1] != 34 {
				t.Errorf("AdminIDs = %v", c.AdminIDs)
			}
		}},
		{name: "bad admin id", env: map[string]string{"ADMIN_IDS": "12,abc"}, wantVar: "ADMIN_IDS"},
		{name: "negative admin id", env: map[string]string{"ADMIN_IDS": "-5"}, wantVar: "ADMIN_IDS"},
		{name: "bad timezone", env: map[string]string{"TIMEZONE": "Mars/Base"}, wantVar: "TIMEZONE"},
		{name: "bad level", env: map[string]string{"LOG_LEVEL": "loud"}, wantVar: "LOG_LEVEL"},
		{name: "bad format", env: map[string]string{"LOG_FORMAT": "xml"}, wantVar: "LOG_FORMAT"},
		{name: "bad endpoint", env: map[string]string{"TELEGRAM_API_ENDPOINT": "http://x/%s"}, wantVar: "TELEGRAM_API_ENDPOINT"},
		{name: "bad mongo uri", env: map[string]string{"MONGODB_URI": "postgres://x"}, wantVar: "MONGODB_URI"},
		{name: "http webhook", env: map[string]string{"WEBHOOK_URL": "http://x"}, wantVar: "WEBHOOK_URL"},
		{name: "missing config file", env: map[string]string{"REPORTBOT_CONFIG": "/nonexistent.yaml"}, wantVar: "REPORTBOT_CONFIG"},
		{name: "flag wins", env: map[string]string{"DATA_DIR": "/env"}, args: []string{"-data-dir", "/flag", "schools", "list"}, check: func(t *testing.T, c Config) {
			if c.DataDir != "/flag" || strings.Join(c.Args, " ") != "schools list" {
				t.Errorf("DataDir = %q, Args = %v", c.DataDir, c.Args)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.args, envOf(tt.env), io.Discard)
			var ce *Error
			if tt.wantVar != "" {
				if !errors.As(err, &ce) || ce.Var != tt.wantVar {
					t.Fatalf("err = %v, want an error naming %s", err, tt.wantVar)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

func TestLoad_File(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("invite_days: 7\nreminders:\n  before_days: [3, 1]\n"), 0o600)
	c, err := Load(nil, envOf(map[string]string{"REPORTBOT_CONFIG": p}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		BeforeDays []int `yaml:"before_days"`
	}
	if err := Decode(&c.File.Reminders, &r); err != nil || len(r.BeforeDays) != 2 || c.File.InviteDays != 7 {
		t.Fatalf("decoded %+v, %v", r, err)
	}
	os.WriteFile(p, []byte("unknown_section: 1\n"), 0o600)
	if _, err := Load(nil, envOf(map[string]string{"REPORTBOT_CONFIG": p}), io.Discard); err == nil {
		t.Fatal("unknown section accepted")
	}
}

func TestConfig_RequireToken(t *testing.T) {
	for tok, ok := range map[string]bool{"": false, "abc": false, "123:ABC": true, "12 3:x": false} {
		err := Config{Token: tok}.RequireToken()
		if (err == nil) != ok {
			t.Errorf("RequireToken(%q) = %v", tok, err)
		}
		if err != nil && strings.Contains(err.Error(), tok) && tok != "" {
			t.Errorf("error shows the token: %v", err)
		}
	}
}
