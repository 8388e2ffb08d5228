package locales

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func TestLoad_LanguagesHaveTheSameMessages(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.IDs()) < 10 {
		t.Fatalf("only %d messages loaded", len(c.IDs()))
	}
	for _, lang := range Supported {
		msgs, err := readLang(lang)
		if err != nil {
			t.Fatal(err)
		}
		for id, text := range msgs {
			if !norm.NFC.IsNormalString(text) {
				t.Errorf("%s %s is not NFC", lang, id)
			}
			if strings.TrimSpace(text) == "" {
				t.Errorf("%s %s is empty", lang, id)
			}
		}
	}
}

func TestCatalog_T(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T(EN, "start.welcome", map[string]any{"Name": "Lan"}); !strings.Contains(got, "Hello <b>Lan</b>") {
		t.Errorf("en start.welcome = %q", got)
	}
	if got := c.T("fr", "lang.set", nil); got != c.T(VI, "lang.set", nil) {
		t.Errorf("unknown language does not fall back to Vietnamese: %q", got)
	}
	if got := c.T(VI, "no.such.id", nil); got != "[no.such.id]" {
		t.Errorf("missing id renders %q", got)
	}
}

func TestLang(t *testing.T) {
	for _, tt := range []struct{ chosen, tg, want string }{
		{"", "", VI}, {"", "vi", VI}, {"", "en", EN}, {"", "en-GB", EN}, {"", "fr", VI},
		{"vi", "en", VI}, {"en", "vi", EN}, {"xx", "en-US", EN},
	} {
		if got := Lang(tt.chosen, tt.tg); got != tt.want {
			t.Errorf("Lang(%q, %q) = %q, want %q", tt.chosen, tt.tg, got, tt.want)
		}
	}
}

// codeDirs are the packages whose strings reach people through Telegram.
var codeDirs = []string{"../handlers", "../bot", "../scheduler", "../app"}

var msgIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// TestCode_NoLiteralUserText fails when Go code (outside tests) holds text for people:
// any string literal with a letter outside ASCII (Vietnamese) belongs in locales/.
func TestCode_NoLiteralUserText(t *testing.T) {
	eachLiteral(t, func(pos token.Position, s string) {
		for _, r := range s {
			if r > unicode.MaxASCII && unicode.IsLetter(r) {
				t.Errorf("%s: literal %q holds text for people; move it to locales/", pos, s)
				return
			}
		}
	})
}

// TestCode_MessageIDsExist fails when Go code names a message id no locale file defines.
func TestCode_MessageIDsExist(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	eachCallArg(t, func(pos token.Position, fn, s string) {
		if msgIDPattern.MatchString(s) && !c.Has(s) {
			t.Errorf("%s: %s(%q): no such message in locales/", pos, fn, s)
		}
	})
}

// localeCalls are the functions whose first string argument is a message id.
var localeCalls = map[string]bool{"T": true, "Reply": true, "Tell": true, "Answer": true}

func eachCallArg(t *testing.T, f func(token.Position, string, string)) {
	t.Helper()
	walkGo(t, func(fset *token.FileSet, file *ast.File) {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			if !localeCalls[name] {
				return true
			}
			for _, a := range call.Args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						f(fset.Position(lit.Pos()), name, s)
					}
				}
			}
			return true
		})
	})
}

func eachLiteral(t *testing.T, f func(token.Position, string)) {
	t.Helper()
	walkGo(t, func(fset *token.FileSet, file *ast.File) {
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					f(fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
	})
}

func walkGo(t *testing.T, f func(*token.FileSet, *ast.File)) {
	t.Helper()
	fset := token.NewFileSet()
	for _, dir := range codeDirs {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			file, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			f(fset, file)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
