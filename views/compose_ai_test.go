package views

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// newAIComposeFixture is Compose with a Mastodon and an Instagram account, both chosen,
// and work queued until run is called (so a request can be cancelled while it runs).
func newAIComposeFixture(t *testing.T) (c *viewstest.Core, u *UI, s *composeScreen, run func()) {
	t.Helper()
	c = viewstest.New()
	c.Sett.DefaultZone = "Europe/Paris"
	c.AccountList = []model.Account{mastodonAccount(1, "@a@example.social"),
		{ID: 3, Platform: model.Instagram, Name: "Bakery", Handle: "@bakery", Status: model.AccountOK}}
	var queued []func()
	u = newUI(test.NewTempApp(t), c, Options{}, func(f func()) { queued = append(queued, f) })
	u.start()
	t.Cleanup(u.stop)
	run = func() {
		for len(queued) > 0 {
			f := queued[0]
			queued = queued[1:]
			f()
		}
	}
	s = open[*composeScreen](t, u, navCompose)
	run()
	return c, u, s, run
}

func TestGenerateWithAIStreamsThenFillsTheTextsPicked(t *testing.T) {
	c, u, s, run := newAIComposeFixture(t)
	f := c.AI()
	f.Ready, f.Stream = true, []string{"Fresh ", "bread!"}
	f.Variants = map[model.Platform][]string{model.Mastodon: {"M1", "M2"}, model.Instagram: {"I1", "I2"}}
	test.Type(s.text, "Old text")
	check(t, s, 0)
	check(t, s, 1)

	test.Tap(button(t, s.root, "Generate with AI"))
	d := s.ai.caption
	require.NotNil(t, d)
	assert.Contains(t, texts(overlay(t, u)), "Written for Mastodon, Instagram")
	test.Tap(d.write)
	assert.Equal(t, "Say what the post is about, then try again.", d.status.Text)
	test.Type(d.topic, "Our sourdough")
	d.language.SetSelectedIndex(1)
	d.length.SetSelected("Short")
	test.Tap(d.write)
	assert.Contains(t, texts(overlay(t, u)), "The AI is writing…", "the streaming step shows while the request runs")
	run()
	assert.Equal(t, "Fresh bread!", d.streamed.Text, "the text streamed in")
	assert.Equal(t, []app.CaptionRequest{{Topic: "Our sourdough", Tone: "friendly", Language: "fr", Length: "short",
		Networks: []model.Platform{model.Mastodon, model.Instagram}}}, f.CaptionAsks)

	shown := texts(overlay(t, u))
	for _, want := range []string{"M1", "M2", "I1", "I2"} {
		assert.Contains(t, shown, want)
	}
	uses := d.uses[model.Mastodon]
	require.Len(t, uses, 2)
	test.Tap(uses[1])
	assert.Equal(t, "M2", s.text.Text, "the first network's pick is the main text")
	assert.True(t, uses[1].Disabled())
	test.Tap(d.uses[model.Instagram][0])
	assert.True(t, s.over.toggle.Checked, "another network's pick is its accounts' own text")
	assert.Equal(t, map[int64]string{3: "I1"}, s.draft().Overrides)
	assert.Equal(t, "M2", s.draft().Content)
	assert.Equal(t, "The AI wrote this text: read it before publishing.", s.ai.note.Text)

	test.Tap(button(t, overlay(t, u), "Close"))
	assert.Nil(t, u.Window().Canvas().Overlays().Top())
}

func TestGenerateWithAICanBeCancelled(t *testing.T) {
	c, u, s, run := newAIComposeFixture(t)
	c.AI().Ready, c.AI().Variants = true, map[model.Platform][]string{model.Mastodon: {"Never shown"}}
	test.Type(s.text, "Kept")
	check(t, s, 0)
	test.Tap(button(t, s.root, "Generate with AI"))
	test.Type(s.ai.caption.topic, "Bread")
	test.Tap(s.ai.caption.write)
	test.Tap(button(t, overlay(t, u), "Cancel"))
	run()
	assert.Nil(t, u.Window().Canvas().Overlays().Top(), "the dialog closed")
	assert.Equal(t, "Cancelled: the text was not changed.", s.ai.note.Text)
	assert.Equal(t, "Kept", s.text.Text)
}

func TestGenerateWithAISaysItIsNotSetUp(t *testing.T) {
	c, u, s, run := newAIComposeFixture(t)
	test.Tap(button(t, s.root, "Generate with AI"))
	assert.Equal(t, "Choose at least one account first: the text is written for its network.", s.ai.note.Text)
	assert.Nil(t, u.Window().Canvas().Overlays().Top())

	check(t, s, 0)
	test.Tap(button(t, s.root, "Generate with AI"))
	test.Type(s.ai.caption.topic, "Bread")
	test.Tap(s.ai.caption.write)
	run()
	assert.Nil(t, u.Window().Canvas().Overlays().Top())
	assert.Equal(t, string(viewstest.AINotSetUp), s.ai.note.Text)
	assert.True(t, s.ai.settings.Visible(), "the way to Settings is offered")
	assert.Len(t, c.AI().CaptionAsks, 1)
	test.Tap(s.ai.settings)
	assert.Equal(t, navSettings, u.items[u.current].title)
}

func TestGenerateWithAIShowsWhatCameWithTheError(t *testing.T) {
	c, u, s, run := newAIComposeFixture(t)
	f := c.AI()
	f.Ready, f.Variants = true, map[model.Platform][]string{model.Mastodon: {"Only this"}}
	f.CaptionErr = fmt.Errorf("captions: %w", errInstagramLeftOut)
	check(t, s, 0)
	check(t, s, 1)
	test.Tap(button(t, s.root, "Generate with AI"))
	test.Type(s.ai.caption.topic, "Bread")
	test.Tap(s.ai.caption.write)
	run()
	shown := texts(overlay(t, u))
	assert.Contains(t, shown, "Only this")
	assert.Contains(t, shown, app.UserMessage(f.CaptionErr))
}

var errInstagramLeftOut = errors.New("no Instagram text fit")

func TestHashtagsOfferChipsLabelledWhenLocal(t *testing.T) {
	c, _, s, run := newAIComposeFixture(t)
	test.Tap(button(t, s.root, "Hashtags"))
	assert.Equal(t, "Write the text first: the hashtags are chosen for it.", s.ai.note.Text)

	c.AI().LocalTags = []string{"#sourdough", "#bakery"}
	test.Type(s.text, "Our sourdough is back")
	check(t, s, 1)
	test.Tap(button(t, s.root, "Hashtags"))
	run()
	assert.Equal(t, []viewstest.TagAsk{{Text: "Our sourdough is back", Platform: model.Instagram, Count: 10}}, c.AI().TagAsks)
	assert.Equal(t, "Local suggestion — AI is not set up: these come from your text's own words. Tap one to add it.", s.ai.note.Text)
	assert.True(t, s.ai.settings.Visible())
	test.Tap(button(t, s.ai.chips, "#bakery"))
	assert.Equal(t, "Our sourdough is back\n\n#bakery", s.text.Text)
	test.Tap(button(t, s.ai.chips, "#sourdough"))
	assert.Equal(t, "Our sourdough is back\n\n#bakery #sourdough", s.text.Text)
	assert.Empty(t, s.ai.chips.Objects, "added hashtags leave the chips")

	c.AI().Ready, c.AI().Tags = true, []string{"bread"}
	test.Tap(button(t, s.root, "Hashtags"))
	run()
	assert.Equal(t, "Tap a hashtag to add it to the text.", s.ai.note.Text)
	assert.False(t, s.ai.settings.Visible())
	button(t, s.ai.chips, "#bread")
}

func TestAnalysisPanelListsFindingsAndAppliesRewrites(t *testing.T) {
	c, _, s, run := newAIComposeFixture(t)
	f := c.AI()
	f.Report = app.Report{Items: []app.Finding{
		{Network: model.X, Level: app.LevelProblem, Message: "X: 312 characters, 32 over the limit of 280."},
		{Level: app.LevelWarn, Message: "No call to action."},
		{Level: app.LevelOK, Message: "Readable."}}}
	assert.False(t, s.ai.panel.root.Visible())
	test.Type(s.text, "Bread")
	check(t, s, 0)
	test.Tap(button(t, s.root, "Analyze"))
	run()
	require.True(t, s.ai.panel.root.Visible())
	shown := texts(s.ai.panel.root)
	assert.Contains(t, shown, "X: 312 characters, 32 over the limit of 280.")
	assert.Contains(t, shown, "No call to action.")
	require.Len(t, f.Analyzed, 1)
	assert.Equal(t, "Bread", f.Analyzed[0].Content)
	icons := 0
	walk(s.ai.panel.findings, func(o fyne.CanvasObject) {
		if _, ok := o.(*widget.Icon); ok {
			icons++
		}
	})
	assert.Equal(t, 3, icons, "each finding has its level's icon")

	test.Tap(s.ai.panel.ask)
	run()
	assert.Equal(t, string(viewstest.AINotSetUp), s.ai.note.Text)

	f.Ready, f.Feedback = true, app.Feedback{Summary: "Add a call to action.", Rewrites: []string{"Bread! Come early."}}
	test.Tap(s.ai.panel.ask)
	run()
	assert.Contains(t, texts(s.ai.panel.feedback), "Add a call to action.")
	test.Tap(button(t, s.ai.panel.feedback, "Use this rewrite"))
	assert.Equal(t, "Bread! Come early.", s.text.Text)

	test.Tap(button(t, s.ai.panel.root, "Hide"))
	assert.False(t, s.ai.panel.root.Visible())
}

func TestSuggestATimeFillsTheDateAndSaysWhy(t *testing.T) {
	c, _, s, run := newAIComposeFixture(t)
	test.Tap(s.ai.suggest)
	assert.Equal(t, "Pick at least one account first: the time is suggested from its history.", s.ai.why.Text)

	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	at := time.Date(2030, 3, 5, 18, 0, 0, 0, paris)
	c.AI().Suggestion = app.TimeSuggestion{At: at.UTC(), Zone: "Europe/Paris", Network: model.Instagram, Posts: 12, FromHistory: true}
	check(t, s, 1)
	test.Tap(s.ai.suggest)
	run()
	assert.Equal(t, [][]int64{{3}}, c.AI().SuggestAsks)
	assert.Equal(t, "2030-03-05", s.date.Text)
	assert.Equal(t, "18:00", s.clock.Text, "shown in the composer's zone")
	assert.Equal(t, "Tue 5 Mar 2030, 18:00 — the best engagement rate in your history (12 posts).", s.ai.why.Text)

	c.AI().Suggestion = app.TimeSuggestion{At: at.UTC(), Network: model.Instagram, Posts: 1}
	test.Tap(s.ai.suggest)
	run()
	assert.Equal(t, "Tue 5 Mar 2030, 18:00 — from typical times for Instagram: not enough history yet.", s.ai.why.Text)
}
