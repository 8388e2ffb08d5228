package handlers

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/schoolfile"
)

// FileFetcher downloads a file a user sent, by its Telegram file_id.
type FileFetcher interface {
	Download(ctx context.Context, fileID string) ([]byte, error)
}

// maxImportSize is the largest school file accepted; the district's list is a few KB.
const maxImportSize = 5 << 20

// maxProblemsShown bounds the bad lines listed in one answer.
const maxProblemsShown = 40

// ImportSchools imports the list of schools an officer sends as a CSV or .xlsx document
// and answers with what was added, updated and unchanged, or with every bad line.
func (h *Handlers) ImportSchools(r *bot.Request) error {
	doc := r.Message.Document
	switch strings.ToLower(path.Ext(doc.FileName)) {
	case ".csv", ".txt", ".xlsx":
	default:
		return r.Tell("import.unsupported", map[string]any{"File": doc.FileName})
	}
	if doc.FileSize > maxImportSize {
		return r.Tell("import.too_big", nil)
	}
	data, err := h.Files.Download(r.Context(), doc.FileID)
	if err != nil {
		return err
	}
	f, err := schoolfile.Parse(doc.FileName, data)
	var fe *schoolfile.Error
	if errors.As(err, &fe) {
		return h.replyProblems(r, doc.FileName, fe.Problems)
	}
	if err != nil {
		return err
	}
	res, err := h.Registry.ImportSchools(r.Context(), f.Schools, !f.HasPhones)
	if err != nil {
		return err
	}
	r.Log.Info().Int("added", len(res.Added)).Int("updated", len(res.Updated)).Int("unchanged", res.Unchanged).Msg("schools imported")
	_, err = r.Reply("import.done", map[string]any{
		"File": doc.FileName, "Total": len(f.Schools), "Added": len(res.Added), "Updated": len(res.Updated), "Unchanged": res.Unchanged,
	})
	return err
}

// replyProblems lists a refused file's bad lines, each with its reason.
func (h *Handlers) replyProblems(r *bot.Request, file string, problems []schoolfile.Problem) error {
	var b strings.Builder
	b.WriteString(r.T("import.refused", map[string]any{"File": file, "Count": len(problems)}))
	for i, p := range problems {
		if i == maxProblemsShown {
			b.WriteString("\n" + r.T("import.more", map[string]any{"Count": len(problems) - i}))
			break
		}
		reason := r.T("import.reason."+string(p.Reason), map[string]any{"Value": p.Value, "N": p.N, "Want": p.Want})
		b.WriteString("\n" + r.T("import.problem", map[string]any{"Line": p.Line, "Reason": bot.HTML(reason)}))
	}
	_, err := r.ReplyHTML(b.String())
	return err
}
