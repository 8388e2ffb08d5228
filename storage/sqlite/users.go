package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

const userCols = "id, name, username, lang, tg_lang, phone, school, linked_at, started, unreachable, seen, doc"

var userKeys = keys("id", "name", "username", "lang", "tg_lang", "phone", "school", "linked_at", "started", "unreachable", "seen")

func scanUser(sc interface{ Scan(...any) error }) (domain.User, error) {
	var u domain.User
	err := sc.Scan(&u.ID, &u.Name, &u.Username, &u.Lang, &u.TgLang, &u.Phone, &u.SchoolCode, at(&u.LinkedAt),
		&u.Started, &u.Unreachable, at(&u.Seen), docOf(&u))
	return u, err
}

// seenEvery is how stale User.Seen may get before TouchUser writes it again: people write
// in bursts, and a read costs far less than a write.
const seenEvery = time.Hour

const qUser = `SELECT ` + userCols + ` FROM users WHERE id = ?`

// User returns the user with Telegram id id, or domain.ErrNotFound.
func (s *Store) User(ctx context.Context, id int64) (domain.User, error) {
	u, err := scanUser(s.queryRow(ctx, qUser, id))
	return u, s.fail(ctx, fmt.Sprintf("load user %d", id), err)
}

// TouchUser records that the user wrote (private: in a private chat, so they can be
// messaged) and returns the stored user. It creates the user on first contact; it writes
// only when a name or language changed, a private chat starts, or Seen is an hour old.
func (s *Store) TouchUser(ctx context.Context, u domain.User, private bool) (domain.User, error) {
	now := s.now()
	if cur, err := s.User(ctx, u.ID); err == nil && cur.Name == u.Name && cur.Username == u.Username &&
		cur.TgLang == u.TgLang && (!private || cur.Started && !cur.Unreachable) && now.Sub(cur.Seen) < seenEvery {
		return cur, nil
	}
	var out domain.User
	err := s.tx(ctx, fmt.Sprintf("touch user %d", u.ID), func(tx wtx) error {
		var err error
		out, err = scanUser(tx.QueryRowContext(ctx, `INSERT INTO users (id, name, username, tg_lang, seen, started)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, username = excluded.username, tg_lang = excluded.tg_lang,
				seen = excluded.seen,
				started = CASE WHEN ?6 THEN 1 ELSE started END,
				unreachable = CASE WHEN ?6 THEN 0 ELSE unreachable END
			RETURNING `+userCols, u.ID, u.Name, u.Username, u.TgLang, now.UnixMilli(), private))
		return err
	})
	return out, err
}

// SetUserLang stores the language a user chose with /lang ("vi" or "en").
func (s *Store) SetUserLang(ctx context.Context, id int64, lang string) error {
	_, err := s.exec(ctx, fmt.Sprintf("set language of user %d", id), `UPDATE users SET lang = ? WHERE id = ?`, lang, id)
	return err
}

// SetUserUnreachable records whether private messages to the user fail with 403.
func (s *Store) SetUserUnreachable(ctx context.Context, id int64, unreachable bool) error {
	_, err := s.exec(ctx, fmt.Sprintf("mark user %d unreachable", id), `UPDATE users SET unreachable = ? WHERE id = ?`, unreachable, id)
	return err
}

// SetUserPhone stores the phone number the user shared ("" forgets it).
func (s *Store) SetUserPhone(ctx context.Context, id int64, phone string) error {
	_, err := s.exec(ctx, fmt.Sprintf("set phone of user %d", id), `UPDATE users SET phone = ? WHERE id = ?`, phone, id)
	return err
}

const qChatFlow = `SELECT flow FROM chats WHERE id = ?`

// ChatFlow returns the chat's conversation, or a zero ChatFlow.
func (s *Store) ChatFlow(ctx context.Context, chatID int64) (domain.ChatFlow, error) {
	var f domain.ChatFlow
	err := s.queryRow(ctx, qChatFlow, chatID).Scan(jsonOf(&f))
	if err == sql.ErrNoRows {
		return domain.ChatFlow{}, nil
	}
	return f, s.fail(ctx, fmt.Sprintf("load flow of chat %d", chatID), err)
}

// SetChatFlow puts the chat into a conversation, replacing any other.
func (s *Store) SetChatFlow(ctx context.Context, chatID int64, f domain.ChatFlow) error {
	return s.tx(ctx, fmt.Sprintf("set flow of chat %d", chatID), func(tx wtx) error {
		return s.setFlow(ctx, tx, chatID, &f)
	})
}

// ClearChatFlow ends the chat's conversation, if any.
func (s *Store) ClearChatFlow(ctx context.Context, chatID int64) error {
	return s.tx(ctx, fmt.Sprintf("clear flow of chat %d", chatID), func(tx wtx) error {
		return s.setFlow(ctx, tx, chatID, nil)
	})
}

// applyFlow writes a use case's flow change: the new flow with the update that caused it,
// or the end of the conversation.
func (s *Store) applyFlow(ctx context.Context, tx wtx, c domain.FlowChange) error {
	if c.UpdateID != 0 {
		// The update that caused the change is recorded as handled in the same transaction:
		// a crash leaves both or neither.
		if _, err := tx.ExecContext(ctx, `UPDATE updates SET state = ?, handled = ? WHERE id = ? AND state = ?`,
			domain.UpdateDone, s.now().UnixMilli(), c.UpdateID, domain.UpdateNew); err != nil {
			return err
		}
	}
	if c.Flow == nil {
		return s.setFlow(ctx, tx, c.ChatID, nil)
	}
	f := *c.Flow
	if c.UpdateID != 0 {
		f.Update = c.UpdateID
	}
	return s.setFlow(ctx, tx, c.ChatID, &f)
}

// setFlow stores f as the chat's flow, stamped now; nil clears it (the chat's row stays).
func (s *Store) setFlow(ctx context.Context, tx wtx, chatID int64, f *domain.ChatFlow) error {
	if f == nil {
		_, err := tx.ExecContext(ctx, `UPDATE chats SET flow = NULL WHERE id = ?`, chatID)
		return err
	}
	f.Updated = msTime(s.now())
	text, err := jsonText(f)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO chats (id, flow) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET flow = excluded.flow`,
		chatID, text)
	return err
}

// PutUsers creates or replaces users by Telegram id, with their school links, in one
// transaction: seeding for tests, benchmarks and imports.
func (s *Store) PutUsers(ctx context.Context, users []domain.User) error {
	return s.tx(ctx, fmt.Sprintf("put %d users", len(users)), func(tx wtx) error {
		stmt, err := tx.PrepareContext(ctx, putUser)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, u := range users {
			args, err := userArgs(u)
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("user %d: %w", u.ID, err)
			}
		}
		return nil
	})
}

const putUser = `INSERT OR REPLACE INTO users (` + userCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func userArgs(u domain.User) ([]any, error) {
	doc, err := restDoc(u, userKeys)
	return []any{u.ID, u.Name, u.Username, u.Lang, u.TgLang, u.Phone, u.SchoolCode, ms(u.LinkedAt), u.Started, u.Unreachable, ms(u.Seen), doc}, err
}

const qPruneStrangers = `DELETE FROM users INDEXED BY users_strangers
	WHERE school = '' AND ifnull(seen, 0) < ?
	  AND NOT EXISTS (SELECT 1 FROM chats WHERE chats.id = users.id AND chats.flow IS NOT NULL)
	  AND id NOT IN (SELECT value FROM json_each(?))`

// PruneStrangers deletes users with no school whose last message is older than cutoff and
// whose chat is in no conversation, except those in keep, and returns how many.
func (s *Store) PruneStrangers(ctx context.Context, cutoff time.Time, keep []int64) (int64, error) {
	ids, err := json.Marshal(append([]int64{}, keep...))
	if err != nil {
		return 0, err
	}
	return s.exec(ctx, "prune strangers", qPruneStrangers, cutoff.UnixMilli(), string(ids))
}
