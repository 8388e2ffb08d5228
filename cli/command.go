// Package cli runs reportbot's command-line subcommands ("reportbot schools import …") the
// same way whether or not a bot is running.
//
// A command is a Command in a Registry. It sees the world only through its Env: its
// arguments, its standard output, the Services (store, configuration, clock, logger) and two
// file functions. RunLocal runs a command in this process on the real filesystem. When a bot
// holds the embedded store, Serve runs commands inside the bot and Relay, in the CLI
// process, forwards the command line, prints the output and performs the file reads and
// writes on the operator's side. Either way the command runs through the same code.
package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
)

// Command is one subcommand.
type Command struct {
	// Name is the command's words separated by single spaces, e.g. "schools import".
	Name string
	// Usage is one line in English for operators: the arguments, then what the command
	// does, e.g. "FILE.xlsx  import the list of schools from a spreadsheet".
	Usage string
	// Run does the work. It returns a *UsageError for bad arguments (exit status 2) and any
	// other error for a failure (exit status 1). It must stop when ctx ends: over the socket
	// ctx ends when the operator interrupts the CLI.
	Run func(ctx context.Context, env *Env) error
}

// Registry is the table of commands. Build it with NewRegistry and Add before use; it is
// then safe for concurrent lookups.
type Registry struct {
	cmds map[string]Command
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{cmds: map[string]Command{}} }

// Add registers commands. It panics on an empty or badly spaced name, a nil Run or a name
// registered twice: these are programming mistakes found at startup.
func (r *Registry) Add(cmds ...Command) {
	for _, c := range cmds {
		if c.Name == "" || strings.Join(strings.Fields(c.Name), " ") != c.Name || c.Run == nil {
			panic(fmt.Sprintf("cli: invalid command %q", c.Name))
		}
		if _, dup := r.cmds[c.Name]; dup {
			panic(fmt.Sprintf("cli: command %q registered twice", c.Name))
		}
		r.cmds[c.Name] = c
	}
}

// Find returns the command whose name matches the most leading words of args, and the
// arguments after those words. ok is false when no command matches.
func (r *Registry) Find(args []string) (cmd Command, rest []string, ok bool) {
	best := 0
	for name, c := range r.cmds {
		words := strings.Fields(name)
		if len(words) > best && len(words) <= len(args) && slices.Equal(words, args[:len(words)]) {
			cmd, best, ok = c, len(words), true
		}
	}
	if !ok {
		return Command{}, nil, false
	}
	return cmd, args[best:], true
}

// Usage is the help text: how to call reportbot and every command with its usage line,
// sorted by name.
func (r *Registry) Usage() string {
	names := make([]string, 0, len(r.cmds))
	for name := range r.cmds {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("Usage: reportbot [flags] COMMAND [ARGS]\n\nWithout a command reportbot runs the bot. Commands:\n\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, name := range names {
		fmt.Fprintf(tw, "  %s\t%s\n", name, r.cmds[name].Usage)
	}
	tw.Flush()
	b.WriteString("\nRun 'reportbot -h' for the flags. Commands work whether or not the bot is running.\n")
	return b.String()
}

// UsageError is a mistake in the command line: an unknown command, a missing or malformed
// argument. The CLI prints it and exits with status 2.
type UsageError struct {
	Msg string
}

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a *UsageError with a formatted message, for a command's bad arguments.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}
