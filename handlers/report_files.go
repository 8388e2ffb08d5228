package handlers

import (
	"errors"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// answerFile adds a photo or document to the file question being answered. An album
// arrives as one message per photo, each its own update: every file is kept (up to the
// question's limit) until the reporter presses "Xong". The first file of a fresh ask
// replaces the files an earlier answer held.
func (h *Handlers) answerFile(c *convo, _ string) error {
	qn, m := c.current(), c.r.Message
	if qn == nil {
		return h.resume(c, "")
	}
	if qn.Type != domain.TypeFile {
		return h.ask(c, qn, c.r.T("report.invalid", map[string]any{"Why": c.r.T("report.not_a_file_question", nil)})+"\n\n")
	}
	var cur domain.Answer
	if c.flow.Data["fc"] == "1" {
		cur = c.draft.Answers[qn.ID]
	}
	a, err := domain.AddFile(qn, cur, fileRef(m))
	var ue *domain.UserError
	if errors.As(err, &ue) {
		return h.filesAck(c, qn, ue.MsgID, ue.Data)
	}
	if err != nil {
		return err
	}
	if err := h.store(c, map[string]domain.Answer{qn.ID: a}, nil); err != nil {
		return err
	}
	return h.filesAck(c, qn, "report.files_received", nil)
}

// fileRef is the file a message carries: its document, or its largest photo size.
func fileRef(m *tgbotapi.Message) domain.FileRef {
	if m.Document != nil {
		return domain.FileRef{FileID: m.Document.FileID, Name: m.Document.FileName, Size: int64(m.Document.FileSize)}
	}
	p := m.Photo[len(m.Photo)-1]
	return domain.FileRef{FileID: p.FileID, Size: int64(p.FileSize), Photo: true}
}

// filesAck tells what the file question holds so far and offers "Xong". While files come
// in the step keeps its token, so the "Xong" under any of these messages works: an album's
// photos are answered one by one, and the reporter presses whichever is in view.
func (h *Handlers) filesAck(c *convo, qn *domain.Question, msgID string, data map[string]any) error {
	r, tok := c.r, c.flow.Data["t"]
	if c.flow.Data["fc"] != "1" {
		tok = newToken()
	}
	a := c.draft.Answers[qn.ID]
	kb := bot.Keyboard(bot.Row(bot.Button{Text: r.T("report.btn.files_done", nil), Data: cb(tok, "fd", "")}))
	if err := h.setStep(c, stepAsk, tok, map[string]string{"q": qn.ID, "fc": "1"}); err != nil {
		return err
	}
	text := r.T(msgID, data) + "\n" + r.T("report.files_status", map[string]any{
		"Value": bot.HTML(formatAnswer(r, qn, a)), "Count": len(a.AllFiles()), "Max": qn.FileLimit()})
	_, err := r.ReplyHTML(text, kb)
	return err
}

// filesDone ends the collection of files and moves on.
func (h *Handlers) filesDone(c *convo, _ string) error {
	qn := c.current()
	if qn == nil || qn.Type != domain.TypeFile || c.flow.Data["fc"] != "1" || len(c.draft.Answers[qn.ID].AllFiles()) == 0 {
		return c.r.Answer("report.stale", nil)
	}
	delete(c.flow.Data, "fc")
	return h.accept(c, qn, c.draft.Answers[qn.ID], nil, "")
}

// sendFiles re-sends files by their Telegram file_id, each captioned (HTML) with caption
// and, when there are several, its place: "… (2/3)".
func sendFiles(r *bot.Request, caption string, files []domain.FileRef) error {
	for i, f := range files {
		if f.FileID == "" {
			continue
		}
		text := bot.Escape(caption)
		if len(files) > 1 {
			text = r.T("report.file_caption", map[string]any{"Caption": caption, "N": i + 1, "Total": len(files)})
		}
		var msg tgbotapi.Chattable
		if f.Photo {
			m := tgbotapi.NewPhoto(r.ChatID, tgbotapi.FileID(f.FileID))
			m.Caption, m.ParseMode = text, tgbotapi.ModeHTML
			msg = m
		} else {
			m := tgbotapi.NewDocument(r.ChatID, tgbotapi.FileID(f.FileID))
			m.Caption, m.ParseMode = text, tgbotapi.ModeHTML
			msg = m
		}
		if _, err := r.Bot().Out().Send(r.Context(), msg); err != nil {
			return err
		}
	}
	return nil
}
