package cli_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/cli"
)

func noop(context.Context, *cli.Env) error { return nil }

func TestRegistry_Find(t *testing.T) {
	reg := cli.NewRegistry()
	reg.Add(
		cli.Command{Name: "schools", Usage: "list schools", Run: noop},
		cli.Command{Name: "schools import", Usage: "FILE  import schools", Run: noop},
		cli.Command{Name: "export", Usage: "export reports", Run: noop},
	)
	tests := []struct {
		args     []string
		wantName string
		wantRest []string
		wantOK   bool
	}{
		{[]string{"schools"}, "schools", []string{}, true},
		{[]string{"schools", "import", "a.xlsx"}, "schools import", []string{"a.xlsx"}, true},
		{[]string{"schools", "list"}, "schools", []string{"list"}, true},
		{[]string{"export", "-o", "x.csv"}, "export", []string{"-o", "x.csv"}, true},
		{[]string{"import", "schools"}, "", nil, false},
		{[]string{"School"}, "", nil, false},
		{nil, "", nil, false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, "_"), func(t *testing.T) {
			cmd, rest, ok := reg.Find(tt.args)
			if ok != tt.wantOK || cmd.Name != tt.wantName || !slices.Equal(rest, tt.wantRest) {
				t.Errorf("Find(%q) = %q, %q, %v; want %q, %q, %v", tt.args, cmd.Name, rest, ok, tt.wantName, tt.wantRest, tt.wantOK)
			}
		})
	}
}

func TestRegistry_AddRejectsMistakes(t *testing.T) {
	for _, c := range []cli.Command{
		{Name: "", Run: noop},
		{Name: "schools  import", Run: noop},
		{Name: " status", Run: noop},
		{Name: "status"},
		{Name: "dup", Run: noop},
	} {
		t.Run(c.Name, func(t *testing.T) {
			reg := cli.NewRegistry()
			reg.Add(cli.Command{Name: "dup", Run: noop})
			defer func() {
				if recover() == nil {
					t.Errorf("Add(%+v) did not panic", c.Name)
				}
			}()
			reg.Add(c)
		})
	}
}

func TestRegistry_Usage(t *testing.T) {
	reg := cli.NewRegistry()
	reg.Add(
		cli.Command{Name: "status", Usage: "show the store", Run: noop},
		cli.Command{Name: "export", Usage: "FILE  export reports", Run: noop},
		cli.Command{Name: "schools import", Usage: "FILE  import schools", Run: noop},
	)
	got := reg.Usage()
	exp, imp, st := strings.Index(got, "export"), strings.Index(got, "schools import"), strings.Index(got, "status")
	if exp < 0 || imp < 0 || st < 0 || !(exp < imp && imp < st) {
		t.Errorf("Usage does not list the commands sorted:\n%s", got)
	}
	for _, line := range []string{"FILE  export reports", "FILE  import schools", "show the store"} {
		if !strings.Contains(got, line) {
			t.Errorf("Usage lacks %q:\n%s", line, got)
		}
	}
}
