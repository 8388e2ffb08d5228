package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/camgiang-edu/reportbot/cli"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/schoolfile"
)

// schoolsCommands are the commands that manage the school registry.
func schoolsCommands() []cli.Command {
	return []cli.Command{
		{Name: "schools import", Usage: "FILE.csv|FILE.xlsx  add and update schools (columns code,name,level,commune[,phones])", Run: schoolsImport},
		{Name: "schools list", Usage: "list the schools with their reporters", Run: schoolsList},
		{Name: "schools invite", Usage: "SCHOOLCODE | --all [OUT.csv]  create one-time invite codes", Run: schoolsInvite},
		{Name: "schools deactivate", Usage: "SCHOOLCODE  stop asking a school to report (its history stays)", Run: schoolsSetActive(false)},
		{Name: "schools activate", Usage: "SCHOOLCODE  ask a deactivated school to report again", Run: schoolsSetActive(true)},
	}
}

func schoolsImport(ctx context.Context, env *cli.Env) error {
	if len(env.Args) != 1 {
		return cli.Usagef("give one file: reportbot schools import FILE.csv")
	}
	data, err := env.ReadFile(env.Args[0])
	if err != nil {
		return err
	}
	f, err := schoolfile.Parse(filepath.Base(env.Args[0]), data)
	var fe *schoolfile.Error
	if errors.As(err, &fe) {
		for _, p := range fe.Problems {
			fmt.Fprintln(env.Stdout, p)
		}
		return fmt.Errorf("%s refused: %d problem(s), nothing was imported", env.Args[0], len(fe.Problems))
	}
	if err != nil {
		return err
	}
	res, err := env.Services.Store.ImportSchools(ctx, f.Schools, !f.HasPhones)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d schools: %d added, %d updated, %d unchanged\n", len(f.Schools), len(res.Added), len(res.Updated), res.Unchanged)
	return nil
}

func schoolsList(ctx context.Context, env *cli.Env) error {
	if len(env.Args) > 0 {
		return cli.Usagef("takes no arguments")
	}
	st := env.Services.Store
	schools, err := st.Schools(ctx)
	if err != nil {
		return err
	}
	reporters, err := st.AllReporters(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tLEVEL\tSTATE\tNAME\tREPORTERS")
	for _, sc := range schools {
		state := "active"
		if !sc.Active {
			state = "inactive"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", sc.Code, sc.Level, state, sc.Name, describeReporters(reporters[sc.Code]))
	}
	return tw.Flush()
}

// describeReporters is the registration state of a school for the list.
func describeReporters(users []domain.User) string {
	if len(users) == 0 {
		return "unregistered"
	}
	parts := make([]string, len(users))
	for i, u := range users {
		state := "started"
		switch {
		case u.Unreachable:
			state = "blocked the bot"
		case !u.Started:
			state = "not started"
		}
		parts[i] = fmt.Sprintf("%s (%d, %s)", u.Name, u.ID, state)
	}
	return strings.Join(parts, "; ")
}

func schoolsInvite(ctx context.Context, env *cli.Env) error {
	svc := env.Services
	ttl := inviteTTL(svc.Config)
	botName, err := svc.Store.BotUsername(ctx)
	if err != nil {
		return err
	}
	switch {
	case len(env.Args) >= 1 && env.Args[0] == "--all":
		if len(env.Args) > 2 {
			return cli.Usagef("usage: reportbot schools invite --all [OUT.csv]")
		}
		out := "invites.csv"
		if len(env.Args) == 2 {
			out = env.Args[1]
		}
		invs, err := svc.Store.InviteUnregistered(ctx, 0, ttl)
		if err != nil {
			return err
		}
		schools, err := svc.Store.Schools(ctx)
		if err != nil {
			return err
		}
		if err := env.WriteFile(out, schoolfile.InvitesCSV(schoolfile.InviteRows(invs, schools, botName), svc.Config.Location), 0o600); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%d invite codes written to %s\n", len(invs), out)
	case len(env.Args) == 1 && !strings.HasPrefix(env.Args[0], "-"):
		code, err := domain.NormalizeSchoolCode(env.Args[0])
		if err != nil {
			return cli.Usagef("%q is not a school code", env.Args[0])
		}
		sc, err := svc.Store.School(ctx, code)
		if errors.Is(err, domain.ErrNotFound) {
			return fmt.Errorf("no school has the code %s", code)
		}
		if err != nil {
			return err
		}
		if !sc.Active {
			return fmt.Errorf("%s is deactivated; run 'reportbot schools activate %s' first", code, code)
		}
		inv, err := svc.Store.CreateInvite(ctx, code, 0, ttl)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "school:  %s %s\ncode:    %s\n", sc.Code, sc.Name, inv.Code)
		if link := schoolfile.DeepLink(botName, inv.Code); link != "" {
			fmt.Fprintf(env.Stdout, "link:    %s\n", link)
		} else {
			fmt.Fprintln(env.Stdout, "link:    unknown until the bot has run once (it records its username)")
		}
		fmt.Fprintf(env.Stdout, "expires: %s\n", inv.Expires.In(svc.Config.Location).Format("2006-01-02 15:04 MST"))
	default:
		return cli.Usagef("usage: reportbot schools invite SCHOOLCODE | --all [OUT.csv]")
	}
	return nil
}

func schoolsSetActive(active bool) func(ctx context.Context, env *cli.Env) error {
	return func(ctx context.Context, env *cli.Env) error {
		if len(env.Args) != 1 {
			return cli.Usagef("give one school code")
		}
		code, err := domain.NormalizeSchoolCode(env.Args[0])
		if err != nil {
			return cli.Usagef("%q is not a school code", env.Args[0])
		}
		err = env.Services.Store.SetSchoolActive(ctx, code, active)
		if errors.Is(err, domain.ErrNotFound) {
			return fmt.Errorf("no school has the code %s", code)
		}
		if err != nil {
			return err
		}
		state := "deactivated: it is no longer asked to report"
		if active {
			state = "active again"
		}
		fmt.Fprintf(env.Stdout, "%s %s\n", code, state)
		return nil
	}
}
