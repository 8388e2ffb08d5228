package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/camgiang-edu/reportbot/cli"
	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/storage"
)

// opsCommands are the operations commands: backup and restore.
func opsCommands() []cli.Command {
	return []cli.Command{backupCommand(), restoreCommand(), healthcheckCommand()}
}

func backupCommand() cli.Command {
	return cli.Command{
		Name:  "backup",
		Usage: "--out FILE  write every collection to FILE (gzip, extended JSON lines); works while the bot runs",
		Run: func(ctx context.Context, env *cli.Env) error {
			if len(env.Args) != 2 || env.Args[0] != "--out" || env.Args[1] == "" {
				return cli.Usagef("usage: backup --out FILE")
			}
			var buf bytes.Buffer
			counts, err := env.Services.Store.Dump(ctx, &buf)
			if err != nil {
				return err
			}
			if err := env.WriteFile(env.Args[1], buf.Bytes(), 0o600); err != nil {
				return fmt.Errorf("write %s: %w", env.Args[1], err)
			}
			fmt.Fprintf(env.Stdout, "backup written to %s: %s\n", env.Args[1], summarize(counts))
			return nil
		},
	}
}

func restoreCommand() cli.Command {
	return cli.Command{
		Name:  "restore",
		Usage: "FILE  load a backup into an EMPTY store; the bot must be stopped",
		Run: func(ctx context.Context, env *cli.Env) error {
			if len(env.Args) != 1 {
				return cli.Usagef("usage: restore FILE")
			}
			if env.Services.BotRunning {
				return errors.New("a bot is running on this DATA_DIR: stop it first, then restore into an empty DATA_DIR")
			}
			data, err := env.ReadFile(env.Args[0])
			if err != nil {
				return fmt.Errorf("read %s: %w", env.Args[0], err)
			}
			counts, err := env.Services.Store.Restore(ctx, bytes.NewReader(data))
			if errors.Is(err, storage.ErrNotEmpty) {
				return errors.New("the store already holds data: restore only into an empty store (a new DATA_DIR, or an empty MongoDB database)")
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "restored from %s: %s\n", env.Args[0], summarize(counts))
			return nil
		},
	}
}

// healthcheckCommand is run by the container's HEALTHCHECK (the image has no curl). It
// never opens the store: runCLI runs it before anything else (see standalone).
func healthcheckCommand() cli.Command {
	return cli.Command{
		Name:  "healthcheck",
		Usage: "exit 0 if the bot on LISTEN_ADDR is ready (/readyz: alive and its store answers), else 1",
		Run: func(ctx context.Context, env *cli.Env) error {
			return healthcheck(ctx, env.Services.Config.ListenAddr, env.Stdout)
		},
	}
}

// standalone runs the commands that need no store, before the CLI looks for one. ok is
// false for every other command.
func standalone(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	if len(args) == 0 || args[0] != "healthcheck" {
		return 0, false
	}
	if len(args) > 1 {
		return cli.Report(stderr, cli.Usagef("healthcheck: takes no arguments")), true
	}
	return cli.Report(stderr, healthcheck(ctx, cfg.ListenAddr, stdout)), true
}

// healthcheck GETs http://addr/readyz (ready: alive and the store answers), reaching a wildcard address through loopback.
func healthcheck(ctx context.Context, addr string, stdout io.Writer) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("LISTEN_ADDR=%q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, port) + "/readyz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the bot does not answer on %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// summarize lists document counts per collection, in name order.
func summarize(counts map[string]int) string {
	names := make([]string, 0, len(counts))
	total := 0
	for n, c := range counts {
		names = append(names, n)
		total += c
	}
	slices.Sort(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d documents", total)
	for i, n := range names {
		sep := ", "
		if i == 0 {
			sep = " ("
		}
		fmt.Fprintf(&b, "%s%s %d", sep, n, counts[n])
	}
	if len(names) > 0 {
		b.WriteString(")")
	}
	return b.String()
}
