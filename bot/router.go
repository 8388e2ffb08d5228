package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/rs/zerolog"
)

// HandlerFunc handles one update. It returns a *domain.UserError to tell the user something
// went wrong on their side, or another error for a fault (logged once by the router).
type HandlerFunc func(r *Request) error

// Middleware wraps a handler with cross-cutting work.
type Middleware func(HandlerFunc) HandlerFunc

// Access is who may use a route. The router refuses everyone else.
type Access int

// Access levels.
const (
	Anyone   Access = iota // strangers too
	Reporter               // linked to a school (officers pass too)
	Officer                // district officers only
)

// Where is the kind of chat a route answers in.
type Where int

// Chat kinds.
const (
	Private  Where = iota // private chat only; in a group the bot points to a private chat
	Group                 // groups and supergroups only
	Anywhere              // both
)

// Event names updates that are neither commands, button presses nor flow input.
type Event string

// Events a route can take.
const (
	OnContact  Event = "contact"        // a shared contact (phone number) in a private chat
	OnDocument Event = "document"       // a document in a private chat outside any flow
	OnMember   Event = "my_chat_member" // the bot was added to or removed from a chat
	OnMigrate  Event = "migrate"        // a group was upgraded to a supergroup
)

// Route is one line of the routing table. Exactly one of Command, Callback, Flow and On is
// set.
type Route struct {
	Name     string // for logs and metrics
	Command  string // "report" for /report
	Callback string // callback data prefix: "rp" matches "rp" and "rp:..."
	Flow     string // plain text, documents, photos and contacts while the chat is in this flow
	On       Event
	Access   Access
	Where    Where
	Help     string // locale id of the /help line; "" hides the command
	Handle   HandlerFunc
}

// UserStore records who writes to the bot.
type UserStore interface {
	TouchUser(ctx context.Context, u domain.User, private bool) (domain.User, error)
}

// FlowStore tells which conversation a chat is in, and ends one the user may no longer
// continue.
type FlowStore interface {
	ChatFlow(ctx context.Context, chatID int64) (domain.ChatFlow, error)
	ClearChatFlow(ctx context.Context, chatID int64) error
}

// Config holds what New needs.
type Config struct {
	Self     tgbotapi.User // the bot's own account (from getMe)
	Out      Messenger
	Catalog  *locales.Catalog
	Users    UserStore
	Flows    FlowStore
	Officers []int64
	Log      zerolog.Logger
	Now      func() time.Time
}

// Bot routes updates to handlers. Register every route with Handle before the first update.
type Bot struct {
	cfg      Config
	out      Messenger
	officers map[int64]bool
	routes   []Route
	commands map[string]*Route
	prefixes map[string]*Route
	flows    map[string]*Route
	events   map[Event]*Route
	mw       []Middleware
	chain    HandlerFunc
	// chainOnce builds chain on the first update; updates of different chats run at once.
	chainOnce sync.Once
	// pointed are the non-officers told today, in a group, to use a private chat.
	pointed dailyOnce
}

// New returns a bot with no routes.
func New(cfg Config) *Bot {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	b := &Bot{cfg: cfg, out: cfg.Out, officers: map[int64]bool{},
		commands: map[string]*Route{}, prefixes: map[string]*Route{}, flows: map[string]*Route{}, events: map[Event]*Route{}}
	for _, id := range cfg.Officers {
		b.officers[id] = true
	}
	return b
}

// Username is the bot's Telegram username, without "@".
func (b *Bot) Username() string { return b.cfg.Self.UserName }

// Out is the messenger every message goes through.
func (b *Bot) Out() Messenger { return b.out }

// IsOfficer reports whether the Telegram user is a district officer.
func (b *Bot) IsOfficer(id int64) bool { return b.officers[id] }

// Officers lists the officers' Telegram ids.
func (b *Bot) Officers() []int64 { return append([]int64(nil), b.cfg.Officers...) }

// Now is the bot's clock.
func (b *Bot) Now() time.Time { return b.cfg.Now() }

// T renders locale message id in lang; string values in data are HTML-escaped.
func (b *Bot) T(lang, id string, data map[string]any) string {
	return b.cfg.Catalog.T(lang, id, escapeData(data))
}

// Use adds middleware around every handler, outermost first. Call before Handle.
func (b *Bot) Use(mw ...Middleware) { b.mw = append(b.mw, mw...) }

// Handle adds routes to the table. It panics on a duplicate, which is a programming error.
func (b *Bot) Handle(routes ...Route) {
	for _, rt := range routes {
		rt := rt
		var m map[string]*Route
		key := ""
		switch {
		case rt.Command != "":
			m, key = b.commands, strings.ToLower(rt.Command)
		case rt.Callback != "":
			m, key = b.prefixes, rt.Callback
		case rt.Flow != "":
			m, key = b.flows, rt.Flow
		case rt.On != "":
			if b.events[rt.On] != nil {
				panic(fmt.Sprintf("bot: two routes for event %s", rt.On))
			}
			b.events[rt.On] = &rt
		default:
			panic(fmt.Sprintf("bot: route %q matches nothing", rt.Name))
		}
		if m != nil {
			if m[key] != nil {
				panic(fmt.Sprintf("bot: two routes for %q", key))
			}
			m[key] = &rt
		}
		b.routes = append(b.routes, rt)
	}
}

// Routes returns the routing table in registration order.
func (b *Bot) Routes() []Route { return append([]Route(nil), b.routes...) }

// CommandsFor returns the commands a role may use in a kind of chat, for /help and
// setMyCommands, sorted by registration order.
func (b *Bot) CommandsFor(role domain.Role, where Where) []Route {
	var out []Route
	for _, rt := range b.routes {
		if rt.Command == "" || rt.Help == "" || !allowed(rt.Access, role) {
			continue
		}
		if rt.Where != Anywhere && rt.Where != where {
			continue
		}
		out = append(out, rt)
	}
	return out
}

func allowed(a Access, role domain.Role) bool {
	switch a {
	case Officer:
		return role == domain.RoleOfficer
	case Reporter:
		return role == domain.RoleReporter || role == domain.RoleOfficer
	}
	return true
}

// SetCommands publishes the command menus: the default one for everyone, one for private
// chats of each officer, and one for group chats (officers' group commands). Telegram
// refusing is logged, not fatal.
func (b *Bot) SetCommands(ctx context.Context) {
	menu := func(role domain.Role, where Where, lang string) []tgbotapi.BotCommand {
		var cmds []tgbotapi.BotCommand
		for _, rt := range b.CommandsFor(role, where) {
			cmds = append(cmds, tgbotapi.BotCommand{Command: rt.Command, Description: stripTags(b.T(lang, rt.Help, nil))})
		}
		return cmds
	}
	set := func(scope tgbotapi.BotCommandScope, role domain.Role, where Where) {
		for _, lang := range []string{locales.VI, locales.EN} {
			code := "" // the default menu is Vietnamese
			if lang == locales.EN {
				code = "en"
			}
			cfg := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, code, menu(role, where, lang)...)
			if _, err := b.out.Request(ctx, cfg); err != nil {
				b.cfg.Log.Warn().Err(err).Str("scope", scope.Type).Msg("setMyCommands refused")
			}
		}
	}
	set(tgbotapi.NewBotCommandScopeAllPrivateChats(), domain.RoleReporter, Private)
	set(tgbotapi.NewBotCommandScopeAllGroupChats(), domain.RoleOfficer, Group)
	for _, id := range b.cfg.Officers {
		set(tgbotapi.NewBotCommandScopeChat(id), domain.RoleOfficer, Private)
	}
}
