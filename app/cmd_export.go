package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/camgiang-edu/reportbot/cli"
	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/export"
	"github.com/camgiang-edu/reportbot/locales"
	"github.com/camgiang-edu/reportbot/storage"
)

// exportDocInfo reads the "export" section of the configuration file: the Word report's
// letterhead and template.
func exportDocInfo(cfg config.Config) (export.DocInfo, error) {
	var c export.Config
	if err := config.Decode(&cfg.File.Export, &c); err != nil {
		return export.DocInfo{}, &config.Error{Var: "REPORTBOT_CONFIG", Got: cfg.ConfigFile, Want: "an export section with template, authority, place, number, signer_title, signer (" + err.Error() + ")"}
	}
	return c.DocInfo()
}

// exportCommand writes a period's compiled results to a file, as /export does in the bot.
func exportCommand() cli.Command {
	return cli.Command{
		Name:  "export",
		Usage: "--period 2026-Y --format xlsx|csv|docx --out FILE  write a period's results (default: the current period, xlsx)",
		Run: func(ctx context.Context, env *cli.Env) error {
			fs := flag.NewFlagSet("export", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			period := fs.String("period", "", "period id such as 2026-H1 or 2026-Y; default: the open or most recent one")
			format := fs.String("format", "xlsx", "xlsx, csv or docx")
			out := fs.String("out", "", "the file to write")
			if err := fs.Parse(env.Args); err != nil {
				return cli.Usagef("%v", err)
			}
			if fs.NArg() > 0 {
				return cli.Usagef("unexpected argument %q", fs.Arg(0))
			}
			f, ok := export.ParseFormat(*format)
			if !ok {
				return cli.Usagef("--format must be xlsx, csv or docx, not %q", *format)
			}
			sch, err := loadSchedule(env.Services.Config.File)
			if err != nil {
				return err
			}
			p, err := exportPeriod(env.Services, sch, *period)
			if err != nil {
				return err
			}
			if *out == "" {
				*out = export.FileName(p, f)
			}
			data, summary, err := exportFile(ctx, env.Services, sch, p, f)
			if err != nil {
				return err
			}
			// The file holds the schools' answers: readable by the operator only, like DATA_DIR.
			if err := env.WriteFile(*out, data, 0o600); err != nil {
				return fmt.Errorf("write %s: %w", *out, err)
			}
			_, err = fmt.Fprintf(env.Stdout, "%s: %s, %d/%d schools reported, %d bytes\n", *out, p.ID, summary.Total.Submitted, summary.Total.Schools, len(data))
			return err
		},
	}
}

// exportPeriod finds the period named by id in the calendar, or the default one for an
// empty id.
func exportPeriod(svc *cli.Services, sch domain.PeriodSchedule, id string) (domain.Period, error) {
	if id == "" {
		if p, ok := sch.Default(svc.Now(), svc.Config.Location); ok {
			return p, nil
		}
		return domain.Period{}, cli.Usagef("no period near today: give --period")
	}
	p, ok := sch.Find(id, svc.Config.Location)
	if !ok {
		return domain.Period{}, cli.Usagef("unknown period %q: use an id such as 2026-H1 or 2026-Y", id)
	}
	return p, nil
}

// storeQuestionnaires resolves questionnaire versions: "" and the configured version are
// the configured questionnaire, others are read back from the store.
type storeQuestionnaires struct {
	st         storage.Store
	configured *domain.Questionnaire
}

// QuestionnaireFor returns the questionnaire of a version.
func (q storeQuestionnaires) QuestionnaireFor(ctx context.Context, version string) (*domain.Questionnaire, error) {
	if version == "" || version == q.configured.Version() {
		return q.configured, nil
	}
	return q.st.Questionnaire(ctx, version)
}

// pinned returns p with the questionnaire version it pinned when it opened, as stored; p
// unchanged when it never opened.
func pinned(ctx context.Context, st storage.Store, p domain.Period) (domain.Period, error) {
	switch stored, err := st.Period(ctx, p.ID); {
	case err == nil:
		p.Questionnaire = stored.Questionnaire
	case !errors.Is(err, domain.ErrNotFound):
		return p, err
	}
	return p, nil
}

// exportFile loads period p, with the questionnaire version it pinned, and the periods it
// is compared with (export.ComparedIDs), as /export does, and renders it in format f, in
// Vietnamese.
func exportFile(ctx context.Context, svc *cli.Services, sch domain.PeriodSchedule, p domain.Period, f export.Format) ([]byte, *export.Summary, error) {
	cat, err := locales.Load()
	if err != nil {
		return nil, nil, fmt.Errorf("load messages: %w", err)
	}
	configured, err := loadQuestionnaire(svc.Config.File)
	if err != nil {
		return nil, nil, err
	}
	if p, err = pinned(ctx, svc.Store, p); err != nil {
		return nil, nil, err
	}
	qs := storeQuestionnaires{svc.Store, configured}
	round, err := export.Load(ctx, svc.Store, qs, p, svc.Config.Location, locales.VI, cat.T)
	if err != nil {
		return nil, nil, err
	}
	var earlier []domain.Period
	for _, id := range export.ComparedIDs(p) {
		if q, ok := sch.Find(id, svc.Config.Location); ok {
			if q, err = pinned(ctx, svc.Store, q); err != nil {
				return nil, nil, err
			}
			earlier = append(earlier, q)
		}
	}
	if err := export.LoadEarlier(ctx, round, svc.Store, qs, earlier); err != nil {
		return nil, nil, err
	}
	info, err := exportDocInfo(svc.Config)
	if err != nil {
		return nil, nil, err
	}
	info.Date = svc.Now()
	data, err := export.File(round, f, info)
	if err != nil {
		return nil, nil, err
	}
	return data, export.Summarize(round), nil
}
