package domain

import "strconv"

// Translate returns the locale message msgID in lang, filled with data (which may be nil).
// The bot's localizer provides it; the domain names messages but holds no text for people.
type Translate func(lang, msgID string, data map[string]any) string

// Locale ids of the words FormatAnswer puts around answer values.
const (
	msgValueYes      = "answer.value_yes"
	msgValueNo       = "answer.value_no"
	msgValueSkipped  = "answer.value_skipped"
	msgValueMoney    = "answer.value_money"    // {{.Amount}}: "5.000.000"
	msgValuePhoto    = "answer.value_photo"    // a photo without a caption
	msgValueDocument = "answer.value_document" // {{.Name}}: the file name, may be ""
	msgValueFiles    = "answer.value_files"    // {{.Photos}}, {{.Documents}}: how many of each
)

// FormatAnswer renders an answer to qn for the review and the officers' views in lang:
// numbers with dot thousands separators (FormatVND), money with its unit, yes/no and
// choices as words, one file by name, several by how many photos and documents. Words that are not questionnaire data (Có/Không, "bỏ
// qua", the money unit) come from tr, so they live in locales/ with the other messages.
// An answer whose value field does not match the question's type renders as "".
func FormatAnswer(qn *Question, a Answer, lang string, tr Translate) string {
	if a.Skipped {
		return tr(lang, msgValueSkipped, nil)
	}
	switch qn.Type {
	case TypeInteger:
		if a.Int != nil {
			return FormatVND(*a.Int)
		}
	case TypeMoney:
		if a.Int != nil {
			return tr(lang, msgValueMoney, map[string]any{"Amount": FormatVND(*a.Int)})
		}
	case TypeYesNo:
		if a.Bool != nil && *a.Bool {
			return tr(lang, msgValueYes, nil)
		} else if a.Bool != nil {
			return tr(lang, msgValueNo, nil)
		}
	case TypeChoice:
		for _, o := range qn.Options {
			if o.ID == a.Choice {
				return o.Label.In(lang)
			}
		}
		return a.Choice // an option removed since: its id beats nothing
	case TypeText:
		return a.Text
	case TypeFile:
		return formatFiles(a.AllFiles(), lang, tr)
	}
	return ""
}

func formatFiles(files []FileRef, lang string, tr Translate) string {
	switch {
	case len(files) == 0:
		return ""
	case len(files) == 1 && files[0].Photo:
		return tr(lang, msgValuePhoto, nil)
	case len(files) == 1:
		return tr(lang, msgValueDocument, map[string]any{"Name": files[0].Name})
	}
	photos := 0
	for _, f := range files {
		if f.Photo {
			photos++
		}
	}
	return tr(lang, msgValueFiles, map[string]any{"Photos": photos, "Documents": len(files) - photos})
}

// FormatVND writes n with a dot between groups of three digits, as Vietnamese write
// numbers and amounts of đồng: 5000000 → "5.000.000", -1200 → "-1.200". It adds no unit.
// ParseAnswer reads its output back.
func FormatVND(n int64) string {
	digits := strconv.FormatUint(absU64(n), 10)
	out := make([]byte, 0, len(digits)+len(digits)/3+1)
	if n < 0 {
		out = append(out, '-')
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, digits[i])
	}
	return string(out)
}

// absU64 is |n|, correct for math.MinInt64 too.
func absU64(n int64) uint64 {
	if n < 0 {
		return uint64(-(n + 1)) + 1
	}
	return uint64(n)
}
