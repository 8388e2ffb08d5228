package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/camgiang-edu/reportbot/cli"
	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
)

// How long the CLI waits for a bot that holds the embedded store but does not answer on
// its socket yet (it is starting), and how often it looks again.
const (
	lockedWait  = 5 * time.Second
	lockedRetry = 250 * time.Millisecond
)

// Commands returns the registry of every CLI command. A feature adds its commands here,
// one line each; their code lives in the feature's own file.
func Commands() *cli.Registry {
	reg := cli.NewRegistry()
	reg.Add(statusCommand())
	reg.Add(opsCommands()...)
	reg.Add(schoolsCommands()...)
	reg.Add(exportCommand())
	return reg
}

// services builds what commands may use, in the CLI process (inBot false) or in the bot.
// Features that add a field to cli.Services fill it here, so both paths get it.
func services(cfg config.Config, st *storage.Store, log zerolog.Logger, inBot bool) *cli.Services {
	return &cli.Services{Store: st, Config: cfg, Now: time.Now, Log: log, InBot: inBot}
}

// CLI runs the subcommand in args and returns the exit status: 0 on success, 2 for an
// unknown command or bad arguments, 1 for a failure. "help" prints the commands to stdout.
//
// With MONGODB_URI the command connects to MongoDB itself. With the embedded store, a bot
// running on DATA_DIR runs the command for it over DATA_DIR/run/cli.sock; with no bot, the
// CLI opens the store itself. If the store is locked but nothing answers on the socket (a
// bot is starting), it keeps trying both for about 5 s before it gives up.
func CLI(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runCLI(ctx, cfg, args, stdin, stdout, stderr, lockedWait)
}

func runCLI(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer, wait time.Duration) int {
	reg := Commands()
	if slices.Equal(args, []string{"help"}) {
		fmt.Fprint(stdout, reg.Usage())
		return cli.ExitOK
	}
	if code, ok := standalone(ctx, cfg, args, stdout, stderr); ok {
		return code
	}
	if _, _, ok := reg.Find(args); !ok {
		msg := "no command given"
		if len(args) > 0 {
			msg = fmt.Sprintf("unknown command %q", args[0])
		}
		code := cli.Report(stderr, &cli.UsageError{Msg: msg})
		fmt.Fprint(stderr, "\n"+reg.Usage())
		return code
	}
	log := cliLogger(cfg, stderr)
	if cfg.MongoURI != "" {
		return runOwnStore(ctx, cfg, reg, args, stdout, stderr, log)
	}
	sock, err := socketPath(cfg.DataDir)
	if err != nil {
		return cli.Report(stderr, err)
	}
	deadline := time.Now().Add(wait)
	for {
		exit, err := cli.Relay(ctx, sock, args, stdin, stdout, stderr)
		if !errors.Is(err, cli.ErrNoServer) {
			if err != nil {
				return cli.Report(stderr, err)
			}
			return exit
		}
		st, err := openStore(ctx, cfg, log)
		if err == nil {
			return runWith(ctx, st, cfg, reg, args, stdout, stderr, log)
		}
		if !errors.Is(err, storage.ErrLocked) {
			return cli.Report(stderr, err)
		}
		if time.Now().After(deadline) {
			return cli.Report(stderr, fmt.Errorf("%s is in use by another reportbot process that does not answer on %s; if a bot is starting, retry in a moment; if another command runs, wait for it", cfg.DataDir, sock))
		}
		select {
		case <-ctx.Done():
			return cli.Report(stderr, ctx.Err())
		case <-time.After(lockedRetry):
		}
	}
}

// runOwnStore runs the command in this process with its own connection to MongoDB.
func runOwnStore(ctx context.Context, cfg config.Config, reg *cli.Registry, args []string, stdout, stderr io.Writer, log zerolog.Logger) int {
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return cli.Report(stderr, err)
	}
	return runWith(ctx, st, cfg, reg, args, stdout, stderr, log)
}

// runWith runs the command in this process on st and closes st.
func runWith(ctx context.Context, st *storage.Store, cfg config.Config, reg *cli.Registry, args []string, stdout, stderr io.Writer, log zerolog.Logger) int {
	code := cli.RunLocal(ctx, reg, services(cfg, st, log, false), args, stdout, stderr)
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := st.Close(cctx); err != nil && code == cli.ExitOK {
		return cli.Report(stderr, fmt.Errorf("close the store: %w", err))
	}
	return code
}

func openStore(ctx context.Context, cfg config.Config, log zerolog.Logger) (*storage.Store, error) {
	return storage.Open(ctx, storage.Options{
		URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, Logger: log, Now: time.Now,
	})
}

// cliLogger writes warnings and errors to the operator's stderr, as plain lines.
func cliLogger(cfg config.Config, stderr io.Writer) zerolog.Logger {
	lvl := cfg.LogLevel
	if lvl == zerolog.InfoLevel { // the default: a shell tool should not chat
		lvl = zerolog.WarnLevel
	}
	w := zerolog.ConsoleWriter{Out: stderr, NoColor: true, PartsExclude: []string{zerolog.TimestampFieldName}}
	return zerolog.New(w).Level(lvl)
}

// socketPath is where a bot serves CLI commands: DATA_DIR/run/cli.sock, in the 0700
// folder of the embedded store's own socket.
func socketPath(dataDir string) (string, error) {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return "", fmt.Errorf("data dir: %w", err)
	}
	return filepath.Join(abs, "run", "cli.sock"), nil
}

// ServeCLI serves CLI commands on DATA_DIR/run/cli.sock from the running bot, so that they
// work while the bot holds the embedded store. Commands run in this process on st, with
// log. ctx gives values only: like Start's workers, the server runs until stop is called
// (stop cancels running commands and waits for them). With a MongoDB store it serves
// nothing and returns a no-op stop: the CLI then connects to MongoDB itself. It fails if
// the socket path is longer than a unix socket allows (about 107 bytes).
func ServeCLI(ctx context.Context, cfg config.Config, st *storage.Store, log zerolog.Logger) (stop func(), err error) {
	if !st.Embedded() {
		return func() {}, nil
	}
	path, err := socketPath(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	log = log.With().Str("component", "cli").Logger()
	return cli.Serve(context.WithoutCancel(ctx), path, Commands(), services(cfg, st, log, true), log)
}

// statusCommand reports whether a bot serves this DATA_DIR, the kind of store and the
// number of documents in each collection.
func statusCommand() cli.Command {
	return cli.Command{
		Name:  "status",
		Usage: "show whether a bot is running on DATA_DIR, the store and its document counts",
		Run: func(ctx context.Context, env *cli.Env) error {
			if len(env.Args) > 0 {
				return cli.Usagef("takes no arguments")
			}
			svc := env.Services
			counts, err := svc.Store.CollectionCounts(ctx)
			if err != nil {
				return err
			}
			dir, _ := filepath.Abs(svc.Config.DataDir)
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			switch {
			case !svc.Store.Embedded():
				fmt.Fprintln(tw, "bot:\tnot checked: with MONGODB_URI commands connect to MongoDB directly")
				fmt.Fprintf(tw, "store:\tMongoDB, database %s\n", svc.Config.Database)
			case svc.InBot:
				fmt.Fprintf(tw, "bot:\trunning on %s (it ran this command)\n", dir)
				fmt.Fprintf(tw, "store:\tembedded, in %s\n", dir)
			default:
				fmt.Fprintf(tw, "bot:\tnot running on %s\n", dir)
				fmt.Fprintf(tw, "store:\tembedded, in %s\n", dir)
			}
			fmt.Fprintln(tw, "documents:")
			names := make([]string, 0, len(counts))
			for name := range counts {
				names = append(names, name)
			}
			slices.Sort(names)
			for _, name := range names {
				fmt.Fprintf(tw, "  %s\t%d\n", name, counts[name])
			}
			return tw.Flush()
		},
	}
}
