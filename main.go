// Command reportbot runs the district's reporting bot, or, with a subcommand, one of its
// command-line tools beside it. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/camgiang-edu/reportbot/app"
	"github.com/camgiang-edu/reportbot/config"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run returns the exit status: 0 on a clean stop, 2 for a configuration mistake, 1 for
// any other failure.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(args, getenv, stderr)
	if errors.Is(err, config.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "reportbot:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(cfg.Args) > 0 {
		return app.CLI(ctx, cfg, cfg.Args, os.Stdin, stdout, stderr)
	}
	if err := cfg.RequireToken(); err != nil {
		fmt.Fprintln(stderr, "reportbot:", err)
		return 2
	}
	log := app.NewLogger(cfg)
	if err := app.Run(ctx, cfg, log); err != nil {
		var ce *config.Error
		switch {
		case errors.As(err, &ce):
			fmt.Fprintln(stderr, "reportbot:", err)
			return 2
		case ctx.Err() != nil:
			return 0 // stopped by a signal while starting
		case app.IsLocked(err):
			fmt.Fprintf(stderr, "reportbot: %s is used by another running reportbot; stop it first (CLI commands such as 'reportbot schools list' work beside it)\n", cfg.DataDir)
			return 1
		}
		log.Error().Err(err).Msg("reportbot failed")
		return 1
	}
	return 0
}
