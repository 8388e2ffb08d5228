package tgtest

import (
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Group is a group or supergroup chat. Get one with Server.Group; users write in it with
// User.SendIn.
type Group struct {
	s  *Server
	id int64
}

// anonymousAdmin is who Telegram names as the sender when no user is given.
var anonymousAdmin = tgbotapi.User{ID: 1087968824, IsBot: true, FirstName: "Group", UserName: "GroupAnonymousBot"}

// Group returns the group with this id, creating it on first use with the bot already a member
// (later calls return the same group). chatID must be negative, as Telegram's group ids are.
func (s *Server) Group(chatID int64, title string, supergroup bool) *Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.chats[chatID]; ch != nil {
		if ch.tg.Type == "private" {
			panic(fmt.Sprintf("tgtest: chat %d is a private chat", chatID))
		}
		return &Group{s: s, id: chatID}
	}
	if chatID >= 0 {
		panic(fmt.Sprintf("tgtest: group id %d must be negative", chatID))
	}
	s.newGroupLocked(chatID, title, supergroup)
	return &Group{s: s, id: chatID}
}

func (s *Server) newGroupLocked(chatID int64, title string, supergroup bool) *chatState {
	typ := "group"
	if supergroup {
		typ = "supergroup"
	}
	ch := &chatState{tg: tgbotapi.Chat{ID: chatID, Type: typ, Title: title}, botStatus: "member",
		nextMsgID: 1, msgs: map[int]*msgState{}}
	s.chats[chatID] = ch
	return ch
}

// ID returns the group's chat id.
func (g *Group) ID() int64 { return g.id }

// Chat returns the group as Telegram describes it in updates.
func (g *Group) Chat() tgbotapi.Chat {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	return g.s.chats[g.id].tg
}

// BotAddedTo adds the bot to a group, as by (nil: an anonymous admin) did: it queues the
// my_chat_member update (left -> member), which it returns, and the service message listing
// the bot in new_chat_members.
func (s *Server) BotAddedTo(g *Group, by *User) tgbotapi.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[g.id]
	from := anonymousAdmin
	if by != nil {
		from = by.tg
	}
	old := ch.botStatus
	if old == "member" {
		old = "left"
	}
	ch.botStatus, ch.addedBy = "member", &from
	upd := s.memberUpdateLocked(ch, from, old, "member")
	chat, bot := ch.tg, s.bot
	m := tgbotapi.Message{MessageID: ch.nextMsgID, From: &from, Date: int(s.now().Unix()), Chat: &chat,
		NewChatMembers: []tgbotapi.User{bot}}
	ch.nextMsgID++
	ch.msgs[m.MessageID] = &msgState{tg: m}
	s.queueLocked(tgbotapi.Update{Message: &m})
	return upd
}

// BotRemovedFrom removes the bot from a group (by whoever added it, or an anonymous admin) and
// queues the my_chat_member update (member -> kicked). Sends to the group then answer 403
// "Forbidden: bot was kicked from the group chat".
func (s *Server) BotRemovedFrom(g *Group) tgbotapi.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[g.id]
	from := anonymousAdmin
	if ch.addedBy != nil {
		from = *ch.addedBy
	}
	ch.botStatus = "kicked"
	return s.memberUpdateLocked(ch, from, "member", "kicked")
}

// MigrateGroup turns group oldID into the supergroup newID, as Telegram does when a group is
// upgraded: it queues the service message with migrate_to_chat_id in the old chat and the one
// with migrate_from_chat_id in the new chat. Later sends to oldID answer 400 "Bad Request:
// group chat was upgraded to a supergroup chat" with parameters.migrate_to_chat_id = newID.
func (s *Server) MigrateGroup(oldID, newID int64) *Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.chats[oldID]
	if old == nil || old.tg.Type != "group" || old.migratedTo != 0 {
		panic(fmt.Sprintf("tgtest: chat %d is not a group that can be migrated", oldID))
	}
	if s.chats[newID] != nil || newID >= 0 {
		panic(fmt.Sprintf("tgtest: supergroup id %d is taken or not negative", newID))
	}
	nw := s.newGroupLocked(newID, old.tg.Title, true)
	nw.botStatus, nw.addedBy = old.botStatus, old.addedBy
	from := anonymousAdmin
	if old.addedBy != nil {
		from = *old.addedBy
	}
	now := int(s.now().Unix())
	oldChat, newChat := old.tg, nw.tg
	m1 := tgbotapi.Message{MessageID: old.nextMsgID, From: &from, Date: now, Chat: &oldChat, MigrateToChatID: newID}
	old.nextMsgID++
	m2 := tgbotapi.Message{MessageID: nw.nextMsgID, From: &from, Date: now, Chat: &newChat, MigrateFromChatID: oldID}
	nw.nextMsgID++
	old.msgs[m1.MessageID], nw.msgs[m2.MessageID] = &msgState{tg: m1}, &msgState{tg: m2}
	old.migratedTo = newID
	s.queueLocked(tgbotapi.Update{Message: &m1})
	s.queueLocked(tgbotapi.Update{Message: &m2})
	return &Group{s: s, id: newID}
}

// QueueUpdate queues any update for getUpdates, giving it the next update_id, and returns it.
// Use it for update kinds the User helpers do not cover.
func (s *Server) QueueUpdate(u tgbotapi.Update) tgbotapi.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queueLocked(u)
}

func (s *Server) queueLocked(u tgbotapi.Update) tgbotapi.Update {
	u.UpdateID = s.nextUpdateID
	s.nextUpdateID++
	s.updates = append(s.updates, queuedUpdate{id: u.UpdateID, kind: updateKind(u), raw: cleanJSON(u)})
	close(s.queued)
	s.queued = make(chan struct{})
	s.notifyLocked()
	return u
}

func updateKind(u tgbotapi.Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.EditedMessage != nil:
		return "edited_message"
	case u.ChannelPost != nil:
		return "channel_post"
	case u.EditedChannelPost != nil:
		return "edited_channel_post"
	case u.InlineQuery != nil:
		return "inline_query"
	case u.ChosenInlineResult != nil:
		return "chosen_inline_result"
	case u.CallbackQuery != nil:
		return "callback_query"
	case u.MyChatMember != nil:
		return "my_chat_member"
	case u.ChatMember != nil:
		return "chat_member"
	case u.ChatJoinRequest != nil:
		return "chat_join_request"
	}
	return "other"
}

// memberUpdateLocked queues a my_chat_member update for the bot's status change in ch.
func (s *Server) memberUpdateLocked(ch *chatState, from tgbotapi.User, oldStatus, newStatus string) tgbotapi.Update {
	bot1, bot2 := s.bot, s.bot
	return s.queueLocked(tgbotapi.Update{MyChatMember: &tgbotapi.ChatMemberUpdated{
		Chat: ch.tg, From: from, Date: int(s.now().Unix()),
		OldChatMember: tgbotapi.ChatMember{User: &bot1, Status: oldStatus},
		NewChatMember: tgbotapi.ChatMember{User: &bot2, Status: newStatus},
	}})
}

// currentTGLocked returns a message's current Telegram form.
func (s *Server) currentTGLocked(msg SentMessage) (tgbotapi.Message, bool) {
	if ch := s.chats[msg.ChatID]; ch != nil {
		if m := ch.msgs[msg.MessageID]; m != nil {
			return m.tg, true
		}
	}
	return tgbotapi.Message{}, false
}
