package tgtest

import (
	"bytes"
	"fmt"
	"image"
	"strconv"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// User is a person in Telegram, acting in its private chat with the bot (chat id = user id)
// and in groups. Every action queues the update Telegram would deliver and returns it with its
// update_id. Get one with Server.User.
type User struct {
	s  *Server
	id int64
	tg tgbotapi.User // guarded by s.mu
}

// User returns the user with this id, creating it and its private chat on first use (later
// calls return the same *User and ignore the names). id must be positive.
func (s *Server) User(id int64, firstName, langCode string) *User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users[id]; u != nil {
		return u
	}
	if id <= 0 {
		panic(fmt.Sprintf("tgtest: user id %d must be positive", id))
	}
	if s.chats[id] != nil {
		panic(fmt.Sprintf("tgtest: chat %d already exists", id))
	}
	u := &User{s: s, id: id, tg: tgbotapi.User{ID: id, FirstName: firstName, LanguageCode: langCode}}
	s.users[id] = u
	s.chats[id] = &chatState{tg: tgbotapi.Chat{ID: id, Type: "private", FirstName: firstName},
		nextMsgID: 1, msgs: map[int]*msgState{}}
	return u
}

// ID returns the user's id, which is also its private chat's id.
func (u *User) ID() int64 { return u.id }

// TG returns the user as Telegram describes it in updates.
func (u *User) TG() tgbotapi.User {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	return u.tg
}

// SetUsername sets the user's @username (without '@') and returns u.
func (u *User) SetUsername(username string) *User {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	u.tg.UserName = username
	u.s.chats[u.id].tg.UserName = username
	return u
}

// SetStarted marks whether the user has started the bot; it matters only WithRequireStart.
// Any message the user sends in the private chat also starts it.
func (u *User) SetStarted(started bool) {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	u.s.chats[u.id].started = started
}

// Send writes text in the private chat. A leading "/command" (or "/command@bot", or one after
// whitespace) gets its bot_command entity, as Telegram adds it.
func (u *User) Send(text string) tgbotapi.Update { return u.post(u.id, textFill(text)) }

// SendIn writes text in a group. Nothing is delivered while the bot is not a member; the
// returned update then has UpdateID 0.
func (u *User) SendIn(g *Group, text string) tgbotapi.Update { return u.post(g.id, textFill(text)) }

// Reply writes text as a reply to one of the bot's messages, in that message's chat.
func (u *User) Reply(to SentMessage, text string) tgbotapi.Update {
	s := u.s
	return u.post(to.ChatID, func(m *tgbotapi.Message) {
		textFill(text)(m)
		if orig, ok := s.currentTGLocked(to); ok {
			m.ReplyToMessage = &orig
		}
	})
}

// ShareContact sends a contact in the private chat, as the request_contact button does.
func (u *User) ShareContact(phone string, userID int64) tgbotapi.Update {
	return u.post(u.id, func(m *tgbotapi.Message) {
		m.Contact = &tgbotapi.Contact{PhoneNumber: phone, FirstName: m.From.FirstName, UserID: userID}
	})
}

// SendDocument uploads a file in the private chat. The bot can fetch it with getFile and the
// download path under Server.FileEndpoint.
func (u *User) SendDocument(name string, data []byte) tgbotapi.Update {
	up := Upload{Field: "document", FileName: name, MimeType: mimeOf(name), Size: len(data), Data: data}
	return u.postFile(up, "")
}

// SendPhoto uploads a photo with a caption in the private chat. Dimensions are decoded from
// PNG, JPEG or GIF data, else reported as 1x1.
func (u *User) SendPhoto(data []byte, caption string) tgbotapi.Update {
	up := Upload{Field: "photo", FileName: "photo.jpg", MimeType: "image/jpeg", Size: len(data), Data: data,
		Width: 1, Height: 1}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		up.Width, up.Height = cfg.Width, cfg.Height
	}
	return u.postFile(up, caption)
}

func (u *User) postFile(up Upload, caption string) tgbotapi.Update {
	u.s.mu.Lock()
	u.s.storeFileLocked(&up)
	u.s.mu.Unlock()
	return u.post(u.id, func(m *tgbotapi.Message) {
		m.Caption = caption
		attachFile(m, up)
	})
}

// Press presses an inline button with this callback_data under one of the bot's messages,
// queueing a callback_query whose message is the message's current state. It does not check
// that the button exists (an outdated client may show old buttons); see Click.
func (u *User) Press(msg SentMessage, callbackData string) tgbotapi.Update {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.currentTGLocked(msg)
	if !ok {
		chat := tgbotapi.Chat{ID: msg.ChatID}
		m = tgbotapi.Message{MessageID: msg.MessageID, Chat: &chat, Text: msg.Plain}
	}
	id := strconv.FormatInt(s.nextQueryID, 10)
	s.nextQueryID++
	s.queries[id] = &queryState{time: s.now(), chatID: msg.ChatID, messageID: msg.MessageID, data: callbackData}
	from := u.tg
	return s.queueLocked(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: id, From: &from,
		Message: &m, ChatInstance: strconv.FormatInt(msg.ChatID*31+7, 10), Data: callbackData}})
}

// Click presses the inline button labelled text in the message's current keyboard (after
// edits), failing the test if there is no such callback button.
func (u *User) Click(t testing.TB, msg SentMessage, text string) tgbotapi.Update {
	t.Helper()
	cur, ok := u.s.Message(msg.ChatID, msg.MessageID)
	if !ok {
		t.Fatalf("tgtest: message %d in chat %d is gone; cannot click %q", msg.MessageID, msg.ChatID, text)
		return tgbotapi.Update{}
	}
	b, ok := cur.Markup.Button(text)
	if !ok || b.URL != "" || b.Other != "" {
		t.Fatalf("tgtest: no callback button %q under message %d in chat %d; buttons: %s",
			text, msg.MessageID, msg.ChatID, cur.Markup)
		return tgbotapi.Update{}
	}
	return u.Press(cur.SentMessage, b.CallbackData)
}

// Block blocks the bot: sends then answer 403 "Forbidden: bot was blocked by the user", and a
// my_chat_member update (member -> kicked) is queued. Sending any message unblocks.
func (u *User) Block() tgbotapi.Update {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	ch := u.s.chats[u.id]
	ch.blocked = true
	return u.s.memberUpdateLocked(ch, u.tg, "member", "kicked")
}

// Unblock unblocks the bot (restarting it) and queues the my_chat_member update
// (kicked -> member).
func (u *User) Unblock() tgbotapi.Update {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	ch := u.s.chats[u.id]
	ch.blocked, ch.started = false, true
	return u.s.memberUpdateLocked(ch, u.tg, "kicked", "member")
}

// post stores a user's message in chatID and queues it.
func (u *User) post(chatID int64, fill func(*tgbotapi.Message)) tgbotapi.Update {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[chatID]
	if ch == nil {
		panic(fmt.Sprintf("tgtest: chat %d does not exist; create it with Server.User or Server.Group", chatID))
	}
	if ch.tg.Type == "private" {
		if ch.blocked {
			ch.blocked = false
			s.memberUpdateLocked(ch, u.tg, "kicked", "member")
		}
		ch.started = true
	}
	chat, from := ch.tg, u.tg
	m := tgbotapi.Message{MessageID: ch.nextMsgID, From: &from, Date: int(s.now().Unix()), Chat: &chat}
	ch.nextMsgID++
	fill(&m)
	ch.msgs[m.MessageID] = &msgState{tg: m}
	if ch.tg.Type != "private" && ch.botStatus != "member" {
		return tgbotapi.Update{Message: &m}
	}
	return s.queueLocked(tgbotapi.Update{Message: &m})
}

// textFill sets a text message and its bot_command entities.
func textFill(text string) func(*tgbotapi.Message) {
	return func(m *tgbotapi.Message) {
		m.Text = text
		m.Entities = commandEntities(text)
	}
}

// commandEntities finds "/command" or "/command@bot" at the start of the text or after
// whitespace, measuring offsets in UTF-16 code units.
func commandEntities(text string) []tgbotapi.MessageEntity {
	var out []tgbotapi.MessageEntity
	isWord := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '/' || (i > 0 && !isSpace(text[i-1])) {
			continue
		}
		j := i + 1
		for j < len(text) && isWord(text[j]) {
			j++
		}
		if j == i+1 {
			continue
		}
		if j < len(text) && text[j] == '@' {
			k := j + 1
			for k < len(text) && isWord(text[k]) {
				k++
			}
			if k > j+1 {
				j = k
			}
		}
		out = append(out, tgbotapi.MessageEntity{Type: "bot_command", Offset: UTF16Len(text[:i]), Length: j - i})
		i = j - 1
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
