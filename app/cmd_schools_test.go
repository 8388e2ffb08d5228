package app

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/storage/storetest"
)

func TestCLI_Schools(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	files := t.TempDir()
	good := filepath.Join(files, "truong.csv")
	bad := filepath.Join(files, "loi.csv")
	mustWrite(t, good, "\uFEFFcode;name;level;commune\nTHCS-LAICACH;Trường THCS Lai Cách;THCS;Lai Cách\nMN-CAMDIEN;Trường Mầm non Cẩm Điền;MN;Cẩm Điền\n")
	mustWrite(t, bad, "code,name,level,commune\nTH-A,,TH,X\nTH-B,B,ĐH,X\n")

	run := func(t *testing.T, wantCode int, args ...string) (string, string) {
		t.Helper()
		code, stdout, stderr := runTestCLI(t, cfg, args...)
		if code != wantCode {
			t.Fatalf("%v: exit %d, want %d; stdout %q, stderr %q", args, code, wantCode, stdout, stderr)
		}
		return stdout, stderr
	}
	t.Run("bad file", func(t *testing.T) {
		stdout, stderr := run(t, 1, "schools", "import", bad)
		if !strings.Contains(stdout, "line 2: empty name") || !strings.Contains(stdout, `line 3: unknown level (MN, TH, THCS or TH-THCS): "ĐH"`) || !strings.Contains(stderr, "nothing was imported") {
			t.Errorf("stdout %q, stderr %q", stdout, stderr)
		}
	})
	t.Run("import twice", func(t *testing.T) {
		if out, _ := run(t, 0, "schools", "import", good); !strings.Contains(out, "2 schools: 2 added, 0 updated, 0 unchanged") {
			t.Errorf("first import: %q", out)
		}
		if out, _ := run(t, 0, "schools", "import", good); !strings.Contains(out, "0 added, 0 updated, 2 unchanged") {
			t.Errorf("second import: %q", out)
		}
	})
	t.Run("invite one", func(t *testing.T) {
		out, _ := run(t, 0, "schools", "invite", "thcs-laicach")
		if !regexp.MustCompile(`code:\s+[A-Z2-9]{12}\n`).MatchString(out) || !strings.Contains(out, "link:    unknown") {
			t.Errorf("invite: %q", out)
		}
		run(t, 2, "schools", "invite")
	})
	t.Run("deactivate, then invite all", func(t *testing.T) {
		run(t, 0, "schools", "deactivate", "THCS-LAICACH")
		run(t, 1, "schools", "deactivate", "NOPE")
		out := filepath.Join(files, "codes.csv")
		if stdout, _ := run(t, 0, "schools", "invite", "--all", out); !strings.Contains(stdout, "1 invite codes written") {
			t.Errorf("invite --all: %q", stdout)
		}
		data, err := os.ReadFile(out)
		if err != nil || !strings.Contains(string(data), "MN-CAMDIEN,Trường Mầm non Cẩm Điền,MN") || strings.Contains(string(data), "LAICACH") {
			t.Errorf("codes file: %q, %v", data, err)
		}
	})
	t.Run("list", func(t *testing.T) {
		st := storetest.OpenDir(t, dir, nil)
		if _, err := st.LinkReporter(context.Background(), 77, "MN-CAMDIEN"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetBotUsername(context.Background(), "camgiang_bot"); err != nil {
			t.Fatal(err)
		}
		_ = st.Close(context.Background())
		out, _ := run(t, 0, "schools", "list")
		for _, want := range []string{`MN-CAMDIEN\s+MN\s+active\s+Trường Mầm non Cẩm Điền\s+ \(77, not started\)`, `THCS-LAICACH\s+THCS\s+inactive\s+Trường THCS Lai Cách\s+unregistered`} {
			if !regexp.MustCompile(want).MatchString(out) {
				t.Errorf("list lacks %s:\n%s", want, out)
			}
		}
		if out, _ := run(t, 0, "schools", "invite", "MN-CAMDIEN"); !strings.Contains(out, "https://t.me/camgiang_bot?start=") {
			t.Errorf("invite after the bot ran: %q", out)
		}
	})
}

func mustWrite(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}
