package views

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// overrideFixture chooses two Mastodon accounts, types the main text and turns on
// "Customize for each account".
func overrideFixture(t *testing.T) (*viewstest.Core, *UI, *composeScreen) {
	t.Helper()
	c, u, s := newComposeFixture(t)
	check(t, s, 0)
	check(t, s, 1)
	test.Type(s.text, "Spring sale")
	s.over.toggle.SetChecked(true)
	return c, u, s
}

// tabTexts are the titles of the override tabs.
func tabTexts(s *composeScreen) []string {
	var out []string
	for _, it := range s.over.tabs.Items {
		out = append(out, it.Text)
	}
	return out
}

func TestComposeOverridesShowATabPerAccountPrefilled(t *testing.T) {
	_, _, s := overrideFixture(t)
	assert.True(t, s.over.tabs.Visible())
	assert.Equal(t, []string{"Mastodon · @a@example.social", "Mastodon · @b@example.social"}, tabTexts(s))
	assert.Equal(t, "Spring sale", s.over.entries[1].Text)
	assert.Equal(t, "Spring sale", s.over.entries[2].Text)
	assert.Nil(t, s.draft().Overrides, "a text left as the main text is no override")

	s.over.entries[1].SetText("Only for A")
	s.text.SetText("Big spring sale")
	assert.Equal(t, "Big spring sale", s.over.entries[2].Text, "untouched texts follow the main text")
	assert.Equal(t, "Only for A", s.over.entries[1].Text, "changed texts stay")

	s.over.toggle.SetChecked(false)
	assert.False(t, s.over.tabs.Visible())
}

func TestComposeOverridesAreCountedPerAccount(t *testing.T) {
	c, u, s := overrideFixture(t)
	long := strings.Repeat("b", 510)
	s.over.entries[2].SetText(long)

	d := s.draft()
	assert.Equal(t, map[int64]string{2: long}, d.Overrides)
	counters := texts(s.counters)
	assert.Contains(t, counters, "Mastodon · @a@example.social 11/500")
	assert.Contains(t, counters, "Mastodon · @b@example.social 510/500")
	assert.Contains(t, counters, "Mastodon · @b@example.social: ")
	assert.Contains(t, counters, "500", "the rule is written under the counters")
	for _, l := range labelsIn(s.counters) {
		if strings.HasPrefix(l.Text, "Mastodon · @b@example.social 510") {
			assert.Equal(t, widget.DangerImportance, l.Importance)
		}
		if strings.HasPrefix(l.Text, "Mastodon · @a@example.social 11") {
			assert.Equal(t, widget.MediumImportance, l.Importance)
		}
	}

	s.over.entries[2].SetText("Spring sale, for B only")
	test.Tap(button(t, u.Window().Content(), "Save draft"))
	require.Len(t, c.Created, 1)
	assert.Equal(t, map[int64]string{2: "Spring sale, for B only"}, c.Created[0].Overrides)
	assert.False(t, s.over.toggle.Checked, "a saved post clears the accounts' texts")
}

func TestComposeClearingAnOverrideReturnsToTheMainText(t *testing.T) {
	_, _, s := overrideFixture(t)
	s.over.entries[2].SetText("Only for B")
	assert.Contains(t, texts(s.counters), "@b@example.social 10/500")
	s.over.entries[2].SetText("")
	assert.Nil(t, s.draft().Overrides)
	assert.Equal(t, "Mastodon 11/500\n", texts(s.counters), "one counter per network again")

	s.over.entries[1].SetText("Only for A")
	test.Tap(button(t, s.over.tabs.Items[0].Content, "Use the main text"))
	assert.Equal(t, "Spring sale", s.over.entries[1].Text)
	assert.Nil(t, s.draft().Overrides)
}

func TestComposeEditLoadsOverrides(t *testing.T) {
	c, u, _ := editFixture(t)
	test.Tap(button(t, u.Window().Content(), "Edit"))
	s := composeOf(t, u)
	assert.True(t, s.over.toggle.Checked)
	assert.Equal(t, []string{"Mastodon · @b@example.social"}, tabTexts(s))
	assert.Equal(t, "Spring sale on B", s.over.entries[2].Text)
	test.Tap(button(t, s.root, "Stop editing"))
	assert.False(t, s.over.toggle.Checked, "the new post had no own texts")
	assert.Empty(t, c.Updated)
}

func TestComposePreviewShowsEachAccountsText(t *testing.T) {
	_, _, s := overrideFixture(t)
	s.over.entries[2].SetText("For B: see https://shop.example/sale #spring")
	s.tabs.SelectIndex(1)
	got := richTexts(s.preview)
	require.Len(t, got, 2)
	assert.Equal(t, "Spring sale", got[0].String())
	assert.Equal(t, "For B: see https://shop.example/sale #spring", got[1].String())
	assert.Equal(t, map[string]fyne.ThemeColorName{"https://shop.example/sale": theme.ColorNameHyperlink,
		"#spring": theme.ColorNameHyperlink}, coloured(got[1]))
	assert.Contains(t, texts(s.preview), "@b@example.social on Mastodon")

	s.text.SetText("New: Spring sale") // the preview follows the text while it is shown
	assert.Equal(t, "New: Spring sale", richTexts(s.preview)[0].String())
}

func TestComposePreviewMarksThePartPastTheLimit(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{account(1, model.X, "@shop")}
	u := newTestUI(t, c)
	s := open[*composeScreen](t, u, navCompose)
	choose(t, s, 1)
	s.text.SetText(strings.Repeat("a", 300))
	for _, p := range pictures(t, "one.png", "two.png") {
		s.attach(p)
	}
	s.tabs.SelectIndex(1)
	got := richTexts(s.preview)
	require.Len(t, got, 1)
	assert.Equal(t, map[string]fyne.ThemeColorName{strings.Repeat("a", 20): theme.ColorNameError}, coloured(got[0]))
	shown := texts(s.preview)
	assert.Contains(t, shown, "The part in red is past X's limit")
	assert.Contains(t, shown, "1 of 2")
}

func TestComposePreviewWithoutAccountsSaysWhatToDo(t *testing.T) {
	_, _, s := newComposeFixture(t)
	s.tabs.SelectIndex(1)
	assert.Contains(t, texts(s.preview), "Choose the accounts to publish to")
}

func TestFittingCountsAsTheNetwork(t *testing.T) {
	x := account(1, model.X, "@shop")
	assert.Equal(t, 280, fitting(strings.Repeat("a", 300), x))
	assert.Equal(t, 140*len("日"), fitting(strings.Repeat("日", 150), x), "日 weighs 2 on X")
	assert.Equal(t, len("short"), fitting("short", x))
}

// labelsIn returns the visible labels under o.
func labelsIn(o fyne.CanvasObject) []*widget.Label {
	var out []*widget.Label
	walk(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok {
			out = append(out, l)
		}
	})
	return out
}

// richTexts returns the visible rich texts under o, leaving out those labels draw with.
func richTexts(o fyne.CanvasObject) []*widget.RichText {
	var out []*widget.RichText
	var labels []fyne.CanvasObject
	walk(o, func(c fyne.CanvasObject) {
		if _, ok := c.(*widget.Label); ok {
			labels = append(labels, test.WidgetRenderer(c.(fyne.Widget)).Objects()...)
		}
		if r, ok := c.(*widget.RichText); ok && !slices.Contains(labels, fyne.CanvasObject(r)) {
			out = append(out, r)
		}
	})
	return out
}

// pictures writes small PNG files named names in a temporary folder and returns their paths.
func pictures(t *testing.T, names ...string) []string {
	t.Helper()
	dir := t.TempDir()
	out := make([]string, 0, len(names))
	for _, n := range names {
		var buf bytes.Buffer
		require.NoError(t, png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4))))
		path := filepath.Join(dir, n)
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
		out = append(out, path)
	}
	return out
}

// coloured maps the text of r's coloured segments to their colour.
func coloured(r *widget.RichText) map[string]fyne.ThemeColorName {
	out := map[string]fyne.ThemeColorName{}
	for _, seg := range r.Segments {
		if t, ok := seg.(*widget.TextSegment); ok && t.Style.ColorName != theme.ColorNameForeground {
			out[t.Text] = t.Style.ColorName
		}
	}
	return out
}
