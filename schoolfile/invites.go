package schoolfile

import (
	"bytes"
	"encoding/csv"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// InviteRow is one line of the printable list of invite codes.
type InviteRow struct {
	Code    string // the school's code
	Name    string
	Level   string
	Commune string
	Invite  string // the one-time code
	Link    string // the deep link, "" when the bot's username is unknown
	Expires time.Time
}

// InvitesCSV renders invite codes as CSV for printing or mailing: UTF-8 with a BOM so
// Excel shows the Vietnamese names right, expiry dates in loc as YYYY-MM-DD HH:MM.
func InvitesCSV(rows []InviteRow, loc *time.Location) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	_ = w.Write([]string{"code", "name", "level", "commune", "invite_code", "link", "expires"})
	for _, r := range rows {
		_ = w.Write([]string{r.Code, r.Name, r.Level, r.Commune, r.Invite, r.Link, r.Expires.In(loc).Format("2006-01-02 15:04")})
	}
	w.Flush() // writing to a bytes.Buffer cannot fail
	return b.Bytes()
}

// DeepLink is the t.me link that opens the bot and sends "/start <code>".
func DeepLink(botUsername, code string) string {
	if botUsername == "" {
		return ""
	}
	return "https://t.me/" + botUsername + "?start=" + code
}

// InviteRows joins fresh invites with their schools' details for the printable list.
func InviteRows(invs []domain.Invite, schools []domain.School, botUsername string) []InviteRow {
	byCode := make(map[string]domain.School, len(schools))
	for _, sc := range schools {
		byCode[sc.Code] = sc
	}
	rows := make([]InviteRow, len(invs))
	for i, inv := range invs {
		sc := byCode[inv.School]
		rows[i] = InviteRow{Code: inv.School, Name: sc.Name, Level: string(sc.Level), Commune: sc.Commune,
			Invite: inv.Code, Link: DeepLink(botUsername, inv.Code), Expires: inv.Expires}
	}
	return rows
}
