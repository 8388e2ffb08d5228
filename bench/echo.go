package bench

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
	"github.com/camgiang-edu/reportbot/storage"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// echoBot is the cheapest bot the library makes: long polling with GetUpdatesChan and a
// reply per message. With a store it also reads and writes one document by _id per update,
// the least any stateful bot pays.
type echoBot struct {
	api   *tgbotapi.BotAPI
	store storage.Store
	wg    sync.WaitGroup
}

func startEcho(tb testing.TB, tg *tgtest.Server, st storage.Store) func() {
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(tg.Token(), tg.Endpoint())
	if err != nil {
		tb.Fatal(err)
	}
	e := &echoBot{api: api, store: st}
	cfg := tgbotapi.NewUpdate(0)
	cfg.Timeout = 1
	updates := api.GetUpdatesChan(cfg)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for u := range updates {
			if u.Message == nil {
				continue
			}
			e.wg.Add(1)
			go e.answer(u.Message)
		}
	}()
	return func() {
		api.StopReceivingUpdates()
		<-done
		e.wg.Wait()
	}
}

func (e *echoBot) answer(m *tgbotapi.Message) {
	defer e.wg.Done()
	text := m.Text
	if e.store != nil {
		n, err := e.store.BenchTouch(context.Background(), strconv.FormatInt(m.Chat.ID, 10))
		if err != nil {
			text = "error"
		} else {
			text = fmt.Sprintf("%s #%d", m.Text, n)
		}
	}
	_, _ = e.api.Send(tgbotapi.NewMessage(m.Chat.ID, text))
}

// echoChatter writes a short text and waits for the echo.
type echoChatter struct {
	u  *tgtest.User
	tb *quietTB
}

func (c *echoChatter) Step() (time.Duration, error) {
	start := time.Now()
	c.u.Send("12")
	if _, err := waitNext(c.tb, c.u); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}
