package config_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/camgiang-edu/reportbot/config"
	"go.yaml.in/yaml/v3"
)

// FuzzLoadFile feeds Load arbitrary configuration files: it must never panic, and every
// refusal must be a *config.Error naming REPORTBOT_CONFIG. Sections that load are decoded
// generically, as their owners would. The corpus is in testdata/fuzz/FuzzLoadFile.
func FuzzLoadFile(f *testing.F) {
	f.Add([]byte("retention:\n  months: 12\ninvite_days: 7\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "reportbot.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"REPORTBOT_CONFIG": path, "DATA_DIR": dir}
		cfg, err := config.Load(nil, func(k string) string { return env[k] }, io.Discard)
		if err != nil {
			var ce *config.Error
			if !errors.As(err, &ce) || ce.Var != "REPORTBOT_CONFIG" {
				t.Fatalf("Load = %v; want a *config.Error for REPORTBOT_CONFIG", err)
			}
			return
		}
		f := cfg.File
		for _, sec := range []*yaml.Node{&f.Periods, &f.Reminders, &f.Sender, &f.Questionnaire, &f.Export, &f.Retention} {
			var v any
			_ = config.Decode(sec, &v)
		}
	})
}
