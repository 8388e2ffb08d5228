package tgtest

import (
	"reflect"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

// chatLocked resolves chat_id. With send set it also applies the checks Telegram makes before
// the bot may write: blocked, never started, removed from the group.
func (s *Server) chatLocked(c *call, send bool) (*chatState, *apiError) {
	v := c.params.Get("chat_id")
	if v == "" {
		return nil, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	ch := s.chats[id]
	if err != nil || ch == nil {
		return nil, badRequest("chat not found")
	}
	if ch.migratedTo != 0 {
		return nil, &apiError{code: 400, desc: "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: ch.migratedTo}
	}
	if !send {
		return ch, nil
	}
	if ch.tg.Type == "private" {
		if ch.blocked {
			return nil, forbidden("bot was blocked by the user")
		}
		if s.cfg.requireStart && !ch.started {
			return nil, forbidden("bot can't initiate conversation with a user")
		}
		return ch, nil
	}
	switch ch.botStatus {
	case "kicked":
		return nil, forbidden("bot was kicked from the " + ch.tg.Type + " chat")
	case "left":
		return nil, forbidden("bot is not a member of the " + ch.tg.Type + " chat")
	}
	return ch, nil
}

// textParam validates a text or caption as Telegram does and parses its entities.
func textParam(text, mode string, caption bool) (parsed, *apiError) {
	if !caption && strings.TrimSpace(text) == "" {
		return parsed{}, badRequest("message text is empty")
	}
	p, e := parseText(text, mode)
	if e != nil {
		return p, e
	}
	switch {
	case !caption && strings.TrimSpace(p.plain) == "":
		return p, badRequest("message text is empty")
	case !caption && UTF16Len(p.plain) > MaxTextLen:
		return p, badRequest("message is too long")
	case caption && UTF16Len(p.plain) > MaxCaptionLen:
		return p, badRequest("message caption is too long")
	}
	return p, nil
}

// prepare runs the checks shared by every send method and returns the chat and markup.
func (s *Server) prepare(c *call) (*chatState, Markup, int, *apiError) {
	ch, e := s.chatLocked(c, true)
	if e != nil {
		return nil, Markup{}, 0, e
	}
	mk, e := parseMarkup(c.params.Get("reply_markup"))
	if e != nil {
		return nil, Markup{}, 0, e
	}
	reply, _ := strconv.Atoi(c.params.Get("reply_to_message_id"))
	if reply != 0 && c.params.Get("allow_sending_without_reply") != "true" {
		if m := ch.msgs[reply]; m == nil || m.deleted {
			return nil, Markup{}, 0, badRequest("message to be replied not found")
		}
	}
	return ch, mk, reply, nil
}

func (s *Server) sendMessage(c *call) (any, *apiError) {
	ch, mk, reply, e := s.prepare(c)
	if e != nil {
		return nil, e
	}
	mode := c.params.Get("parse_mode")
	p, e := textParam(c.params.Get("text"), mode, false)
	if e != nil {
		return nil, e
	}
	if e := s.limitLocked(c, ch); e != nil {
		return nil, e
	}
	rec := SentMessage{Text: c.params.Get("text"), Plain: p.plain, ParseMode: mode, Entities: p.entities,
		Markup: mk, ReplyTo: reply}
	return s.commitLocked(c, ch, rec, func(m *tgbotapi.Message) {
		m.Text, m.Entities = p.plain, p.entities
	}), nil
}

// commitLocked stores a bot message, records it and returns it as Telegram echoes it.
func (s *Server) commitLocked(c *call, ch *chatState, rec SentMessage, fill func(*tgbotapi.Message)) tgbotapi.Message {
	rec.Method, rec.ChatID, rec.MessageID = c.method, ch.tg.ID, ch.nextMsgID
	rec.Params, rec.Time = c.params, c.now
	ch.nextMsgID++
	chat := ch.tg
	bot := s.bot
	m := tgbotapi.Message{MessageID: rec.MessageID, From: &bot, Date: int(c.now.Unix()), Chat: &chat,
		ReplyMarkup: rec.Markup.inlineTG()}
	if rec.ReplyTo != 0 {
		if r := ch.msgs[rec.ReplyTo]; r != nil {
			orig := r.tg
			orig.ReplyToMessage = nil
			m.ReplyToMessage = &orig
		}
	}
	fill(&m)
	ch.msgs[rec.MessageID] = &msgState{tg: m, fromBot: true, cur: Message{SentMessage: rec}}
	ch.botMsgs = append(ch.botMsgs, rec.MessageID)
	ch.sent = append(ch.sent, len(s.sent))
	s.sent = append(s.sent, rec)
	s.notifyLocked()
	return m
}

// editTarget finds the bot message an edit refers to.
func (s *Server) editTarget(c *call) (*chatState, *msgState, *apiError) {
	if c.params.Get("inline_message_id") != "" {
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	ch, e := s.chatLocked(c, true)
	if e != nil {
		return nil, nil, e
	}
	id, _ := strconv.Atoi(c.params.Get("message_id"))
	if id == 0 {
		return nil, nil, badRequest("message identifier is not specified")
	}
	m := ch.msgs[id]
	if m == nil || m.deleted {
		return nil, nil, badRequest("message to edit not found")
	}
	if !m.fromBot {
		return nil, nil, badRequest("message can't be edited")
	}
	return ch, m, nil
}

func (s *Server) editMessageText(c *call) (any, *apiError) {
	ch, m, e := s.editTarget(c)
	if e != nil {
		return nil, e
	}
	if m.cur.File != nil {
		return nil, badRequest("there is no text in the message to edit")
	}
	mode := c.params.Get("parse_mode")
	p, e := textParam(c.params.Get("text"), mode, false)
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(c.params.Get("reply_markup"))
	if e != nil {
		return nil, e
	}
	// Without reply_markup Telegram removes the inline keyboard.
	if p.plain == m.tg.Text && sameEntities(p.entities, m.tg.Entities) && reflect.DeepEqual(mk.Inline, m.cur.Markup.Inline) {
		return nil, badRequest(notModified)
	}
	if e := s.limitEditLocked(c, ch); e != nil {
		return nil, e
	}
	m.tg.Text, m.tg.Entities = p.plain, p.entities
	cur := &m.cur
	cur.Text, cur.Plain, cur.ParseMode, cur.Entities = c.params.Get("text"), p.plain, mode, p.entities
	return s.applyEditLocked(c, ch, m, mk), nil
}

func (s *Server) editMessageReplyMarkup(c *call) (any, *apiError) {
	ch, m, e := s.editTarget(c)
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(c.params.Get("reply_markup"))
	if e != nil {
		return nil, e
	}
	if reflect.DeepEqual(mk.Inline, m.cur.Markup.Inline) {
		return nil, badRequest(notModified)
	}
	if e := s.limitEditLocked(c, ch); e != nil {
		return nil, e
	}
	return s.applyEditLocked(c, ch, m, mk), nil
}

func (s *Server) applyEditLocked(c *call, ch *chatState, m *msgState, mk Markup) tgbotapi.Message {
	m.cur.Markup = Markup{Inline: mk.Inline}
	m.tg.ReplyMarkup = mk.inlineTG()
	m.tg.EditDate = int(c.now.Unix())
	m.cur.Edits++
	m.cur.EditedAt = c.now
	cur := m.cur
	ch.edits = append(ch.edits, len(s.edits))
	s.edits = append(s.edits, Edit{Method: c.method, ChatID: cur.ChatID, MessageID: cur.MessageID,
		Text: cur.Text, Plain: cur.Plain, ParseMode: cur.ParseMode, Entities: cur.Entities,
		Markup: cur.Markup, Params: c.params, Time: c.now})
	s.notifyLocked()
	return m.tg
}

func sameEntities(a, b []tgbotapi.MessageEntity) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func (s *Server) deleteMessage(c *call) (any, *apiError) {
	ch, e := s.chatLocked(c, false)
	if e != nil {
		return nil, e
	}
	id, _ := strconv.Atoi(c.params.Get("message_id"))
	m := ch.msgs[id]
	if m == nil || m.deleted {
		return nil, badRequest("message to delete not found")
	}
	if !m.fromBot && ch.tg.Type != "private" {
		return nil, badRequest("message can't be deleted")
	}
	m.deleted = true
	ch.deleted = append(ch.deleted, id)
	s.notifyLocked()
	return true, nil
}
