package tgtest

import (
	"encoding/json"
	"net/url"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// SentMessage is one message the bot sent (sendMessage, sendDocument or sendPhoto), as sent.
// Later edits do not change it; see Server.Messages for the current state.
type SentMessage struct {
	// Method is the Bot API method that sent it.
	Method string
	// ChatID and MessageID identify the message; ids count up from 1 in each chat.
	ChatID    int64
	MessageID int
	// Text is the text parameter exactly as sent (markup included); empty for media.
	Text string
	// Caption is the caption parameter exactly as sent, for media.
	Caption string
	// Plain is what the user sees: Text or Caption after parse_mode processing.
	Plain string
	// ParseMode is the parse_mode parameter as sent.
	ParseMode string
	// Entities are the formatting entities Telegram derived from ParseMode.
	Entities []tgbotapi.MessageEntity
	// Markup is the decoded reply_markup.
	Markup Markup
	// ReplyTo is reply_to_message_id, or 0.
	ReplyTo int
	// File is the document or photo, for media.
	File *Upload
	// Params holds every request parameter, for assertions on anything else.
	Params url.Values
	// Time is when the server accepted it (server clock).
	Time time.Time
}

// Message is the current state of a message the bot sent: SentMessage with Text, Plain,
// ParseMode, Entities and Markup replaced by the latest edit.
type Message struct {
	SentMessage
	// Edits counts successful edits.
	Edits int
	// EditedAt is the time of the last edit, or zero.
	EditedAt time.Time
}

// Edit is one successful editMessageText or editMessageReplyMarkup call.
type Edit struct {
	// Method is "editMessageText" or "editMessageReplyMarkup".
	Method string
	// ChatID and MessageID identify the edited message.
	ChatID    int64
	MessageID int
	// Text, Plain, ParseMode and Entities are the message's text after the edit.
	Text      string
	Plain     string
	ParseMode string
	Entities  []tgbotapi.MessageEntity
	// Markup is the inline keyboard after the edit (zero when it was removed).
	Markup Markup
	// Params holds every request parameter.
	Params url.Values
	// Time is when the edit was accepted (server clock).
	Time time.Time
}

// Upload is a file the bot sent or a user uploaded.
type Upload struct {
	// Field is the form field: "document" or "photo".
	Field string
	// FileName is the multipart file name (or the URL's base name for a URL).
	FileName string
	// MimeType is derived from the file name's extension.
	MimeType string
	// Size is len(Data) in bytes; Data is empty for files sent by URL.
	Size int
	Data []byte
	// FileID and FilePath are what getFile answers for it.
	FileID   string
	FilePath string
	// Width and Height are set for photos.
	Width, Height int
}

// CallbackAnswer is one answerCallbackQuery call that succeeded.
type CallbackAnswer struct {
	// QueryID is the callback_query_id answered.
	QueryID string
	// ChatID, MessageID and Data identify the pressed button.
	ChatID    int64
	MessageID int
	Data      string
	// Text, ShowAlert, URL and CacheTime are the answer's parameters.
	Text      string
	ShowAlert bool
	URL       string
	CacheTime int
	// Time is when the answer was accepted (server clock).
	Time time.Time
}

// ChatAction is one sendChatAction call that succeeded.
type ChatAction struct {
	// ChatID is the chat, Action the action ("typing", "upload_document", ...).
	ChatID int64
	Action string
	// Time is when the action was accepted (server clock).
	Time time.Time
}

// Request is one HTTP request to a Bot API method and the status answered.
type Request struct {
	// Method is the Bot API method in its documented spelling.
	Method string
	// ChatID is the numeric chat_id parameter, or 0.
	ChatID int64
	// Params holds every request parameter.
	Params url.Values
	// Status is the HTTP status answered (200, 400, 429, ...; 499 when the connection was
	// dropped), Description the error description.
	Status      int
	Description string
	// Time is when the answer was given (server clock).
	Time time.Time
}

// CommandScope identifies one setMyCommands list. The zero value is the default scope with no
// language. Type is the scope type ("default", "all_private_chats", "chat", ...).
type CommandScope struct {
	Type         string
	ChatID       int64
	UserID       int64
	LanguageCode string
}

// WebhookState is what setWebhook and deleteWebhook recorded.
type WebhookState struct {
	URL            string
	SecretToken    string
	AllowedUpdates []string
	MaxConnections int
	SetCalls       int
	DeleteCalls    int
}

type chatState struct {
	tg         tgbotapi.Chat
	started    bool
	blocked    bool
	botStatus  string // groups: "member", "kicked" or "left"
	addedBy    *tgbotapi.User
	migratedTo int64
	nextMsgID  int
	msgs       map[int]*msgState
	botMsgs    []int // bot message ids in send order
	sent       []int // indexes into Server.sent
	consumed   int   // sent entries taken by Next/Expect
	edits      []int // indexes into Server.edits
	editsTaken int
	deleted    []int
}

type msgState struct {
	tg      tgbotapi.Message
	fromBot bool
	cur     Message // bot messages only
	deleted bool
}

type queuedUpdate struct {
	id   int
	kind string
	raw  json.RawMessage
}

type queryState struct {
	time      time.Time
	chatID    int64
	messageID int
	data      string
	answered  bool
}

type storedFile struct {
	up Upload
}
