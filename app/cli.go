package app

import (
	"context"
	"fmt"
	"io"

	"github.com/camgiang-edu/reportbot/config"
)

// CLI runs a command-line subcommand and returns the exit status.
func CLI(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintf(stderr, "reportbot: unknown command %q\n", args[0])
	return 2
}
