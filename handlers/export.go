package handlers

import (
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/export"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Export formats a button or "/export FORMAT" asks for.
const (
	formatXLSX = export.FormatXLSX
	formatDOCX = export.FormatDOCX
)

// Export sends a period's compiled results as a file: "/export [period]" an Excel
// workbook, "/export docx [period]" the Word report, "/export csv [period]" a CSV table,
// "/export files [period]" a ZIP of the schools' attached files (export_files.go).
// Files are in Vietnamese, the language of the reports the district sends upward.
func (h *Handlers) Export(r *bot.Request) error {
	f := strings.Fields(r.Args)
	if len(f) > 0 && strings.EqualFold(f[0], "files") {
		if len(f) > 2 {
			return r.Tell("officer.export.usage", nil)
		}
		return h.exportFiles(r, strings.Join(f[1:], " "))
	}
	format := formatXLSX
	if len(f) > 0 {
		if ff, ok := export.ParseFormat(f[0]); ok {
			format, f = ff, f[1:]
		}
	}
	if len(f) > 1 {
		return r.Tell("officer.export.usage", nil)
	}
	return h.sendExport(r, format, strings.Join(f, " "))
}

func (h *Handlers) sendExport(r *bot.Request, format export.Format, periodArg string) error {
	p, err := h.period(periodArg)
	if err != nil {
		return err
	}
	round, err := h.loadRound(r.Context(), p, "vi", plainT(r))
	if err != nil {
		return err
	}
	if err := h.compare(r.Context(), round); err != nil {
		return err
	}
	info := h.ReportDoc
	info.Date = h.Now()
	data, err := export.File(round, format, info)
	if err != nil {
		return err
	}
	sum := export.Summarize(round)
	doc := tgbotapi.NewDocument(r.ChatID, tgbotapi.FileBytes{Name: export.FileName(p, format), Bytes: data})
	doc.Caption = r.T("officer.export.caption", map[string]any{"Title": periodTitle(r, p), "ID": p.ID,
		"Done": sum.Total.Submitted, "Total": sum.Total.Schools})
	doc.ParseMode = tgbotapi.ModeHTML
	_, err = r.Bot().Out().Send(r.Context(), doc)
	return err
}
