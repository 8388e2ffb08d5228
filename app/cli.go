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
	"github.com/camgiang-edu/reportbot/storage/engine"
	"github.com/rs/zerolog"
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

// services builds what commands may use. Features that add a field to cli.Services fill it
// here. botRunning says a bot serves the same DATA_DIR.
func services(cfg config.Config, st storage.Store, log zerolog.Logger, botRunning bool) *cli.Services {
	return &cli.Services{Store: st, Config: cfg, Now: time.Now, Log: log, BotRunning: botRunning}
}

// CLI runs the subcommand in args and returns the exit status: 0 on success, 2 for an
// unknown command or bad arguments, 1 for a failure. "help" prints the commands to stdout.
//
// The command opens the store itself: MongoDB through MONGODB_URI, or the embedded SQLite
// file in DATA_DIR, which a running bot shares (SQLite serialises the writers).
func CLI(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
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
	st, botRunning, err := openCLIStore(ctx, cfg, log)
	if err != nil {
		return cli.Report(stderr, err)
	}
	code := cli.RunLocal(ctx, reg, services(cfg, st, log, botRunning), args, stdout, stderr)
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := st.Close(cctx); err != nil && code == cli.ExitOK {
		return cli.Report(stderr, fmt.Errorf("close the store: %w", err))
	}
	return code
}

// openCLIStore opens the store for a command. With the embedded store it first asks for
// the data directory alone: when a bot holds it, the command shares the file and
// botRunning is true (restore then refuses to run).
func openCLIStore(ctx context.Context, cfg config.Config, log zerolog.Logger) (st storage.Store, botRunning bool, err error) {
	o := storage.Options{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, Logger: log, Now: time.Now}
	if cfg.MongoURI != "" {
		st, err = engine.Open(ctx, o)
		return st, false, err
	}
	o.Exclusive = true
	st, err = engine.Open(ctx, o)
	if !errors.Is(err, storage.ErrLocked) {
		return st, false, err
	}
	o.Exclusive = false
	st, err = engine.Open(ctx, o)
	return st, true, err
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

// statusCommand reports whether a bot serves this DATA_DIR, the kind of store and the
// number of records in each collection.
func statusCommand() cli.Command {
	return cli.Command{
		Name:  "status",
		Usage: "show whether a bot is running on DATA_DIR, the store and its document counts",
		Run: func(ctx context.Context, env *cli.Env) error {
			if len(env.Args) > 0 {
				return cli.Usagef("takes no arguments")
			}
			svc := env.Services
			counts, err := svc.Store.Counts(ctx)
			if err != nil {
				return err
			}
			dir, _ := filepath.Abs(svc.Config.DataDir)
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			switch {
			case svc.Store.Engine() != "sqlite":
				fmt.Fprintln(tw, "bot:\tnot checked: with MONGODB_URI commands connect to MongoDB directly")
				fmt.Fprintf(tw, "store:\tMongoDB, database %s\n", svc.Config.Database)
			case svc.BotRunning:
				fmt.Fprintf(tw, "bot:\trunning on %s\n", dir)
				fmt.Fprintf(tw, "store:\tembedded SQLite, in %s\n", dir)
			default:
				fmt.Fprintf(tw, "bot:\tnot running on %s\n", dir)
				fmt.Fprintf(tw, "store:\tembedded SQLite, in %s\n", dir)
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
