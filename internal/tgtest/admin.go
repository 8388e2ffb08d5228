package tgtest

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func (s *Server) setWebhook(c *call) (any, *apiError) {
	u := c.params.Get("url")
	if u != "" && !strings.HasPrefix(u, "https://") {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	if c.params.Get("drop_pending_updates") == "true" {
		s.updates = nil
	}
	var allowed []string
	json.Unmarshal([]byte(c.params.Get("allowed_updates")), &allowed)
	maxConn, _ := strconv.Atoi(c.params.Get("max_connections"))
	s.webhook.URL, s.webhook.SecretToken = u, c.params.Get("secret_token")
	s.webhook.AllowedUpdates, s.webhook.MaxConnections = allowed, maxConn
	s.webhook.SetCalls++
	s.notifyLocked()
	if u == "" {
		return described{true, "Webhook was deleted"}, nil
	}
	return described{true, "Webhook was set"}, nil
}

func (s *Server) deleteWebhook(c *call) (any, *apiError) {
	was := s.webhook.URL
	if c.params.Get("drop_pending_updates") == "true" {
		s.updates = nil
	}
	s.webhook.URL, s.webhook.SecretToken = "", ""
	s.webhook.DeleteCalls++
	s.notifyLocked()
	if was == "" {
		return described{true, "Webhook is already deleted"}, nil
	}
	return described{true, "Webhook was deleted"}, nil
}

func (s *Server) getWebhookInfo(*call) (any, *apiError) {
	return tgbotapi.WebhookInfo{
		URL:                s.webhook.URL,
		PendingUpdateCount: len(s.updates),
		MaxConnections:     s.webhook.MaxConnections,
		AllowedUpdates:     s.webhook.AllowedUpdates,
	}, nil
}

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func scopeOf(c *call) (CommandScope, *apiError) {
	var sc struct {
		Type   string `json:"type"`
		ChatID int64  `json:"chat_id"`
		UserID int64  `json:"user_id"`
	}
	if v := c.params.Get("scope"); v != "" {
		if err := json.Unmarshal([]byte(v), &sc); err != nil {
			return CommandScope{}, badRequest("can't parse BotCommandScope JSON object")
		}
	}
	return normScope(CommandScope{Type: sc.Type, ChatID: sc.ChatID, UserID: sc.UserID,
		LanguageCode: c.params.Get("language_code")}), nil
}

func (s *Server) setMyCommands(c *call) (any, *apiError) {
	var cmds []tgbotapi.BotCommand
	if err := json.Unmarshal([]byte(c.params.Get("commands")), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, cmd := range cmds {
		if !commandName.MatchString(cmd.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if d := strings.TrimSpace(cmd.Description); d == "" || UTF16Len(d) > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	sc, e := scopeOf(c)
	if e != nil {
		return nil, e
	}
	if len(cmds) == 0 {
		delete(s.commands, sc)
	} else {
		s.commands[sc] = cmds
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) getMyCommands(c *call) (any, *apiError) {
	sc, e := scopeOf(c)
	if e != nil {
		return nil, e
	}
	return append([]tgbotapi.BotCommand{}, s.commands[sc]...), nil
}

func (s *Server) deleteMyCommands(c *call) (any, *apiError) {
	sc, e := scopeOf(c)
	if e != nil {
		return nil, e
	}
	delete(s.commands, sc)
	s.notifyLocked()
	return true, nil
}
