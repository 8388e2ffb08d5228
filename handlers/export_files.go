package handlers

import (
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/export"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Size caps of the /export files archive, in bytes.
const (
	// maxArchive keeps the ZIP under the Bot API's 50 MB upload limit, with room for the
	// request's envelope.
	maxArchive = 45 << 20
	// maxArchiveFile is the largest file the bot may download (getFile's limit).
	maxArchiveFile = bot.MaxDownload
)

// exportFiles sends a ZIP of every school's attached files of a period, each school in a
// folder named by its code and name, the files numbered as the Excel workbook's
// attachments sheet names them: "/export files [period]". Files that cannot be
// downloaded or do not fit under the upload limit are left out and listed after the file,
// each with the reason and the /view command that still shows it.
func (h *Handlers) exportFiles(r *bot.Request, periodArg string) error {
	p, err := h.period(periodArg)
	if err != nil {
		return err
	}
	round, err := h.loadRound(r.Context(), p, "vi", plainT(r))
	if err != nil {
		return err
	}
	title := periodTitle(r, p)
	atts := round.Attachments()
	if len(atts) == 0 {
		return r.Tell("officer.files.none", map[string]any{"Title": title, "ID": p.ID})
	}
	if _, err := r.Reply("officer.files.wait", map[string]any{"N": len(atts)}); err != nil {
		return err
	}
	data, added, skipped, err := export.Archive(r.Context(), atts, h.Files.Download, export.Limits{File: maxArchiveFile, Total: maxArchive})
	if err != nil {
		return err
	}
	for _, s := range skipped {
		if s.Err != nil {
			r.Log.Warn().Err(s.Err).Str("school", s.School.Code).Msg("attachment left out of the archive")
		}
	}
	if added > 0 {
		schools := map[string]bool{}
		for _, a := range atts {
			schools[a.School.Code] = true
		}
		doc := tgbotapi.NewDocument(r.ChatID, tgbotapi.FileBytes{Name: export.ArchiveName(p), Bytes: data})
		doc.Caption = r.T("officer.files.caption", map[string]any{"Title": title, "ID": p.ID, "N": added, "Total": len(atts), "Schools": len(schools)})
		doc.ParseMode = tgbotapi.ModeHTML
		if _, err := r.Bot().Out().Send(r.Context(), doc); err != nil {
			return err
		}
	}
	if len(skipped) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(r.T("officer.files.skipped", map[string]any{"Count": len(skipped), "Total": len(atts)}))
	for _, s := range skipped {
		b.WriteString("\n" + r.T("officer.files.skipped_item", map[string]any{
			"School": s.School.Name, "Path": s.Path, "Code": s.School.Code, "ID": p.ID,
			"Why": r.T("officer.files.why."+s.Reason, map[string]any{"MB": maxArchive >> 20, "FileMB": maxArchiveFile >> 20}),
		}))
	}
	_, err = r.ReplyHTML(b.String())
	return err
}
