package views

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/assets"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// langKey is one translation key used by the views and whether it has plural forms.
type langKey struct {
	plural bool
	// at is where the key is first used, for messages.
	at string
}

// langCalls are fyne.io/fyne/v2/lang's functions; the value says whether they take a
// plural count.
var langCalls = map[string]bool{"L": false, "Localize": false, "X": false, "LocalizeKey": false,
	"N": true, "LocalizePlural": true, "XN": true, "LocalizePluralKey": true}

// dynamicKeyFuncs are the functions allowed to call lang with a key that is not a
// literal; their keys come from dynamicKeys.
var dynamicKeyFuncs = []string{"calMonthName", "calShortMonth", "calShortDay", "newNavList", "mainMenu"}

// dynamicKeys are the keys looked up through variables: screen titles, month and day names.
func dynamicKeys() []string {
	var keys []string
	for _, it := range navItems() {
		keys = append(keys, it.title)
	}
	for m := time.January; m <= time.December; m++ {
		keys = append(keys, m.String())
	}
	keys = append(keys, calShortMonths[:]...)
	return append(keys, calShortDays[:]...)
}

// usedKeys parses the package's Go files (tests excepted) and returns every key passed
// to lang: string literals (also concatenated) and package constants, plus dynamicKeys.
func usedKeys(t *testing.T) map[string]langKey {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var parsed []*ast.File
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		parsed = append(parsed, af)
	}
	consts := stringConsts(parsed)
	keys := map[string]langKey{}
	for _, af := range parsed {
		collectKeys(t, fset, af, consts, keys)
	}
	for _, k := range dynamicKeys() {
		if _, ok := keys[k]; !ok {
			keys[k] = langKey{at: "dynamicKeys"}
		}
	}
	return keys
}

// stringConsts maps the package's string constants to their values.
func stringConsts(files []*ast.File) map[string]string {
	out := map[string]string{}
	for _, af := range files {
		ast.Inspect(af, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if s, ok := literal(vs.Values[i], nil); ok {
						out[name.Name] = s
					}
				}
			}
			return true
		})
	}
	return out
}

// literal is the value of a string literal, a concatenation of them, or a constant.
func literal(e ast.Expr, consts map[string]string) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		l, ok1 := literal(x.X, consts)
		r, ok2 := literal(x.Y, consts)
		return l + r, ok1 && ok2 && x.Op == token.ADD
	case *ast.ParenExpr:
		return literal(x.X, consts)
	case *ast.Ident:
		s, ok := consts[x.Name]
		return s, ok
	}
	return "", false
}

// collectKeys adds the keys of one file's lang calls to keys; a call whose key is not
// known at compile time fails the test unless its function is in dynamicKeyFuncs.
func collectKeys(t *testing.T, fset *token.FileSet, af *ast.File, consts map[string]string, keys map[string]langKey) {
	for _, d := range af.Decls {
		fn, _ := d.(*ast.FuncDecl)
		ast.Inspect(d, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			plural, isLang := langCalls[sel.Sel.Name]
			if !ok || pkg.Name != "lang" || !isLang {
				return true
			}
			at := fset.Position(call.Pos()).String()
			key, ok := literal(call.Args[0], consts)
			if !ok {
				assert.True(t, fn != nil && slices.Contains(dynamicKeyFuncs, fn.Name.Name),
					"%s: the key of this lang call is not a literal: use one, or list the function in dynamicKeyFuncs", at)
				return true
			}
			if prev, seen := keys[key]; seen && prev.plural != plural {
				t.Errorf("%s: key %q is used both with and without plural forms (also at %s)", at, key, prev.at)
			}
			keys[key] = langKey{plural: plural, at: at}
			return true
		})
	}
}

// translationFile reads one language's file from the assets.
func translationFile(t *testing.T, name string) map[string]json.RawMessage {
	t.Helper()
	data, err := assets.Translations.ReadFile(assets.TranslationsDir + "/" + name)
	require.NoError(t, err)
	var out map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &out), name)
	return out
}

// forms reads a message: a plain string is the "other" form.
func forms(raw json.RawMessage) (map[string]string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return map[string]string{"other": s}, false
	}
	var m map[string]string
	if json.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	return m, true
}

var templateField = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// fields are the template fields of a text, sorted and without repeats.
func fields(s string) []string {
	var out []string
	for _, m := range templateField.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// pluralForms are the forms each language needs for lang.N keys (go-i18n's CLDR rules).
var pluralForms = map[string][]string{"en.json": {"one", "other"}, "fr.json": {"one", "many", "other"}}

func TestTranslationsCoverEveryKey(t *testing.T) {
	keys := usedKeys(t)
	require.NotEmpty(t, keys)
	t.Logf("%d keys used by the views", len(keys))
	for _, name := range []string{"en.json", "fr.json"} {
		file := translationFile(t, name)
		for key, k := range keys {
			raw, ok := file[key]
			if !assert.True(t, ok, "%s: missing key %q (used at %s)", name, key, k.at) {
				continue
			}
			fs, plural := forms(raw)
			require.NotNil(t, fs, "%s: %q is neither a text nor plural forms", name, key)
			assert.Equal(t, k.plural, plural, "%s: %q must have plural forms exactly when used with lang.N", name, key)
			if k.plural {
				for _, f := range pluralForms[name] {
					assert.NotEmpty(t, fs[f], "%s: %q lacks its %q form", name, key, f)
				}
			}
			for form, text := range fs {
				assert.NotEmpty(t, text, "%s: %q (%s) is empty", name, key, form)
				assert.Equal(t, fields(key), fields(text), "%s: %q (%s) changes the template fields", name, key, form)
			}
		}
		for key := range file {
			_, used := keys[key]
			assert.True(t, used, "%s: key %q is not used by the views any more", name, key)
		}
	}
}

func TestEnglishTextIsItsKey(t *testing.T) {
	for key, raw := range translationFile(t, "en.json") {
		fs, _ := forms(raw)
		if strings.Contains(key, ".") && !strings.Contains(key, " ") {
			continue // lang.X keys name the text instead of being it
		}
		assert.Equal(t, key, fs["other"], "en.json: the English text of %q must be the key, as the code falls back to it", key)
	}
}

func TestTranslationTemplatesMatchBetweenLanguages(t *testing.T) {
	en, fr := translationFile(t, "en.json"), translationFile(t, "fr.json")
	for key, raw := range en {
		enForms, _ := forms(raw)
		frForms, _ := forms(fr[key])
		for _, e := range enForms {
			for form, f := range frForms {
				assert.Equal(t, fields(e), fields(f), "fr.json: %q (%s) has other template fields than English", key, form)
			}
		}
	}
}

// TestMain runs the package's tests in English whatever the developer's language, as
// they compare English texts; tests that need French call useFrench.
func TestMain(m *testing.M) {
	_ = os.Setenv("LANGUAGE", "en")
	reloadLocale()
	os.Exit(m.Run())
}

// useFrench makes Fyne speak French until the test ends, as app.ApplyLanguage does at
// start: LANGUAGE names the language (LC_ALL or LANG set to C would hide it).
func useFrench(t *testing.T) {
	t.Cleanup(reloadLocale) // runs after the variables below are restored
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "fr_FR.UTF-8")
	t.Setenv("LANGUAGE", "fr")
	reloadLocale()
}

func TestFrenchInterface(t *testing.T) {
	useFrench(t)
	u := newTestUI(t, viewstest.New())
	assert.Contains(t, texts(u.nav), "Comptes")
	assert.Equal(t, "Webox Social — Test workspace", u.Window().Title(), "names stay as they are")
	compose := open[*composeScreen](t, u, navCompose)
	button(t, compose.root, "Programmer")
	button(t, compose.root, "Publier maintenant")
	assert.Equal(t, "Fichier", u.Window().MainMenu().Items[0].Label)
	assert.Equal(t, "novembre 2026", calMonthTitle(civilDate{2026, 11, 1}))
	assert.Equal(t, "30 nov. – 6 déc. 2026", calWeekTitle(civilDate{2026, 11, 30}))
	assert.Equal(t, "mar. 24 nov. 2026 à 09:30", whenText(time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)))
	assert.Equal(t, "Publié", postStatusText(model.PostPublished))
	assert.Equal(t, "1,5 Mo", fileSize(1_500_000))
	assert.Equal(t, "3 publications au total", lang.N("{{.Count}} posts in total", 3, map[string]any{"Count": 3}))
}

func TestEnglishPluralForms(t *testing.T) {
	one := lang.N("{{.Count}} posts in total", 1, map[string]any{"Count": 1})
	assert.Equal(t, "1 post in total", one, "en.json gives English its singular")
	assert.Equal(t, "Tue 24 Nov 2026, 09:30", whenText(time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)))
	assert.Equal(t, "1.5 MB", fileSize(1_500_000))
}
