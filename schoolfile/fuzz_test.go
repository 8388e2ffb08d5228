package schoolfile

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/camgiang-edu/reportbot/domain"
	"golang.org/x/text/unicode/norm"
)

// FuzzParseCSV checks that any bytes either give schools that satisfy every rule or are
// refused with problems that name a line; never a panic, never both.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte("code;name;level;commune\nMN-A;Mầm non A;MN;X\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseCSV(data)
		if !checkParsed(t, file, err) {
			return
		}
		seen := map[string]bool{}
		for _, sc := range file.Schools {
			if c, err := domain.NormalizeSchoolCode(sc.Code); err != nil || c != sc.Code || seen[sc.Code] {
				t.Fatalf("bad or repeated code %q", sc.Code)
			}
			seen[sc.Code] = true
			if sc.Name == "" || !utf8.ValidString(sc.Name) || !norm.NFC.IsNormalString(sc.Name) || !norm.NFC.IsNormalString(sc.Commune) {
				t.Fatalf("name %q or commune %q not clean NFC", sc.Name, sc.Commune)
			}
			if _, err := domain.ParseLevel(string(sc.Level)); err != nil || !sc.Active {
				t.Fatalf("bad school %+v", sc)
			}
			for _, p := range sc.Phones {
				if domain.NormalizePhone(p) != p {
					t.Fatalf("phone %q not normalised", p)
				}
			}
		}
	})
}

// checkParsed fails the test unless a parse either refused the file with problems that name
// a line and a known reason, or gave schools; it reports whether schools came back.
func checkParsed(t *testing.T, file File, err error) bool {
	t.Helper()
	if err != nil {
		var fe *Error
		if !errors.As(err, &fe) || len(fe.Problems) == 0 {
			t.Fatalf("error %v is not an *Error with problems", err)
		}
		for _, p := range fe.Problems {
			if p.Line < 1 || english[p.Reason] == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if len(file.Schools) != 0 {
			t.Fatal("schools returned with an error")
		}
		return false
	}
	if len(file.Schools) == 0 {
		t.Fatal("no schools and no error")
	}
	return true
}
