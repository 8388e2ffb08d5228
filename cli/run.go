package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// Exit statuses of the CLI.
const (
	ExitOK      = 0 // the command succeeded
	ExitFailure = 1 // the command failed, or the CLI could not run it
	ExitUsage   = 2 // unknown command or bad arguments
)

// RunLocal runs the command named by args in this process, with the real filesystem
// (relative paths against the working directory), and returns the exit status. An error is
// printed to stderr as one line "reportbot: …".
func RunLocal(ctx context.Context, reg *Registry, svc *Services, args []string, stdout, stderr io.Writer) int {
	_, err := execute(ctx, reg, localEnv(svc, stdout), args)
	return Report(stderr, err)
}

// Report prints err to stderr as one line "reportbot: …" and returns its exit status:
// ExitOK for nil, ExitUsage for a *UsageError, ExitFailure otherwise.
func Report(stderr io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	printError(stderr, errorLine(err))
	return exitCode(err)
}

// execute is the one code path of a command, in-process or inside the bot: it finds the
// command, runs it with env, and turns a panic into an error so that a faulty command
// cannot take the bot down. It returns the command's name for logging ("" if unknown).
func execute(ctx context.Context, reg *Registry, env Env, args []string) (name string, err error) {
	cmd, rest, ok := reg.Find(args)
	if !ok {
		return "", unknownCommand(args)
	}
	env.Args = rest
	defer func() {
		if p := recover(); p != nil {
			env.Services.Log.Error().Str("command", cmd.Name).Str("stack", string(debug.Stack())).
				Msgf("cli command panicked: %v", p)
			err = fmt.Errorf("%s: internal error: %v", cmd.Name, p)
		}
	}()
	err = cmd.Run(ctx, &env)
	var ue *UsageError
	if errors.As(err, &ue) {
		// Say which command: the operator sees only this line.
		err = &UsageError{Msg: fmt.Sprintf("%s: %s (see 'reportbot help')", cmd.Name, err)}
	}
	return cmd.Name, err
}

// unknownCommand is the usage error for args that name no command.
func unknownCommand(args []string) error {
	if len(args) == 0 {
		return &UsageError{Msg: "no command given; run 'reportbot help' for the list"}
	}
	return &UsageError{Msg: fmt.Sprintf("unknown command %q; run 'reportbot help' for the list", args[0])}
}

// exitCode is the exit status of a command's error.
func exitCode(err error) int {
	var ue *UsageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	default:
		return ExitFailure
	}
}

// errorLine is err's message on one line.
func errorLine(err error) string {
	return strings.NewReplacer("\r\n", "; ", "\n", "; ", "\r", "; ").Replace(strings.TrimSpace(err.Error()))
}

func printError(stderr io.Writer, msg string) {
	fmt.Fprintln(stderr, "reportbot:", msg)
}
