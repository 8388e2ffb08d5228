package tgtest

import (
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// SendAlbum uploads photos as one album in the private chat: as Telegram delivers an
// album, one message and one update per photo, all with the same media_group_id.
func (u *User) SendAlbum(photos ...[]byte) []tgbotapi.Update {
	u.s.mu.Lock()
	u.s.nextAlbum++
	group := fmt.Sprintf("1350%08d", u.s.nextAlbum)
	u.s.mu.Unlock()
	var out []tgbotapi.Update
	for _, data := range photos {
		up := Upload{Field: "photo", FileName: "photo.jpg", MimeType: "image/jpeg", Size: len(data), Data: data, Width: 1, Height: 1}
		u.s.mu.Lock()
		u.s.storeFileLocked(&up)
		u.s.mu.Unlock()
		out = append(out, u.post(u.id, func(m *tgbotapi.Message) {
			attachFile(m, up)
			m.MediaGroupID = group
		}))
	}
	return out
}
