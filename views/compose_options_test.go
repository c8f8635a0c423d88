package views

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// networksFixture has one account per network, in model.Platforms order (IDs 1 to 8).
func networksFixture(t *testing.T) (*viewstest.Core, *UI, *composeScreen) {
	t.Helper()
	c := viewstest.New()
	for i, p := range model.Platforms {
		c.AccountList = append(c.AccountList, account(int64(i+1), p, "@"+string(p)))
	}
	c.Privacy = map[int64][]string{5: {"PUBLIC_TO_EVERYONE", "FOLLOWER_OF_CREATOR", "SELF_ONLY"}}
	u := newTestUI(t, c)
	return c, u, open[*composeScreen](t, u, navCompose)
}

// choose ticks the account with the given ID.
func choose(t *testing.T, s *composeScreen, id int64) {
	t.Helper()
	for i, a := range s.accounts {
		if a.ID == id {
			check(t, s, i)
			return
		}
	}
	t.Fatalf("no account %d", id)
}

// entryWithPlaceholder finds the visible entry whose placeholder starts with prefix.
func entryWithPlaceholder(t *testing.T, o fyne.CanvasObject, prefix string) *widget.Entry {
	t.Helper()
	var found *widget.Entry
	walk(o, func(c fyne.CanvasObject) {
		if e, ok := c.(*widget.Entry); ok && found == nil && strings.HasPrefix(e.PlaceHolder, prefix) {
			found = e
		}
	})
	require.NotNil(t, found, "no entry %q", prefix)
	return found
}

// checkLabelled finds the visible check labelled text.
func checkLabelled(t *testing.T, o fyne.CanvasObject, text string) *widget.Check {
	t.Helper()
	var found *widget.Check
	walk(o, func(c fyne.CanvasObject) {
		if ch, ok := c.(*widget.Check); ok && ch.Text == text && found == nil {
			found = ch
		}
	})
	require.NotNil(t, found, "no check %q", text)
	return found
}

func TestComposeCountersFollowTypingAndTurnRedOverTheLimit(t *testing.T) {
	_, _, s := networksFixture(t)
	choose(t, s, 3) // X
	choose(t, s, 8) // Bluesky
	choose(t, s, 7) // Mastodon
	test.Type(s.text, strings.Repeat("a", 45))
	assert.Equal(t, "X 45/280\n·\nMastodon 45/500\n·\nBluesky 45/300\n", texts(s.counters))
	assert.Equal(t, widget.MediumImportance, label(t, s.counters, "X 45/280").Importance)

	test.Type(s.text, strings.Repeat("b", 250))
	assert.Equal(t, widget.DangerImportance, label(t, s.counters, "X 295/280").Importance)
	assert.Equal(t, widget.MediumImportance, label(t, s.counters, "Bluesky 295/300").Importance)
	test.Type(s.text, "cdefgh")
	assert.Equal(t, widget.DangerImportance, label(t, s.counters, "Bluesky 301/300").Importance)
	assert.Equal(t, widget.MediumImportance, label(t, s.counters, "Mastodon 301/500").Importance)
}

func TestComposeOptionsAppearOnlyForChosenNetworks(t *testing.T) {
	_, _, s := networksFixture(t)
	assert.Empty(t, s.optsBox.Objects)
	choose(t, s, 4) // LinkedIn: nothing to choose
	assert.Empty(t, s.optsBox.Objects)
	choose(t, s, 6) // YouTube
	got := texts(s.optsBox)
	assert.Contains(t, got, "Options per network")
	assert.Contains(t, got, "0/100", "the title counter")
	require.NotNil(t, s.opts[model.YouTube])
	assert.Contains(t, s.optsBox.Objects, s.opts[model.YouTube].root)
	assert.Equal(t, "YouTube", s.opts[model.YouTube].root.(*widget.Card).Title)
	assert.Nil(t, s.opts[model.Instagram], "not built for a network not chosen")

	s.checks.Objects[5].(*widget.Check).SetChecked(false) // YouTube no longer chosen
	assert.Empty(t, s.optsBox.Objects)
}

func TestComposeOptionsLandInTheDraft(t *testing.T) {
	c, u, s := networksFixture(t)
	for _, id := range []int64{1, 3, 5, 6} { // Instagram, X, TikTok, YouTube
		choose(t, s, id)
	}
	test.Type(s.text, "Launch day")
	yt := s.opts[model.YouTube]
	test.Type(yt.title, "Our launch")
	assert.Equal(t, "10/100", yt.titleCount.Text)
	yt.tags.SetText("launch, behind the scenes, ")
	yt.privacy.sel.SetSelectedIndex(1) // unlisted
	tt := s.opts[model.TikTok]
	assert.Equal(t, []int64{5}, c.PrivacyAsked)
	assert.Equal(t, []string{"Everyone", "My followers", "Only me"}, tt.privacy.sel.Options)
	assert.Empty(t, tt.privacy.sel.Selected, "TikTok asks the user: no default")
	tt.privacy.sel.SetSelected("My followers")
	checkLabelled(t, s.optsBox, "Send to my TikTok inbox to finish in the app").SetChecked(true)
	checkLabelled(t, s.optsBox, "Allow duets").SetChecked(false)
	s.opts[model.Instagram].format.SetSelected("Reel")
	s.opts[model.X].thread.SetText("Second post\n---\nThird post\n")
	checkLabelled(t, s.optsBox, "Let YouTube publish it at that time (works with this computer off)").SetChecked(true)
	s.date.SetText("2030-11-24")
	s.clock.SetText("14:30")
	test.Tap(button(t, u.Window().Content(), "Schedule"))

	require.Len(t, c.Created, 1, s.status.Text)
	assert.Equal(t, map[int64]model.TargetOptions{
		1: {Format: "reel"},
		3: {Thread: []string{"Second post", "Third post"}},
		5: {Privacy: "FOLLOWER_OF_CREATOR", Format: "inbox", DisableDuet: true},
		6: {Title: "Our launch", Tags: []string{"launch", "behind the scenes"}, Privacy: "unlisted", Native: true},
	}, c.Created[0].Options)
}

func TestComposeTikTokPrivacyIsRequired(t *testing.T) {
	c, u, s := networksFixture(t)
	choose(t, s, 5)
	test.Type(s.text, "Dance")
	assert.Contains(t, s.problems.Text, "Choose who can see the post on TikTok")
	test.Tap(button(t, u.Window().Content(), "Publish now"))
	assert.Equal(t, "Choose who can see the post on TikTok (in its options below).", s.status.Text)
	assert.Empty(t, c.Created)

	s.opts[model.TikTok].privacy.sel.SetSelected("Only me")
	assert.NotContains(t, s.problems.Text, "TikTok")
	test.Tap(button(t, u.Window().Content(), "Publish now"))
	require.Len(t, c.Created, 1)
	assert.Equal(t, "SELF_ONLY", c.Created[0].Options[5].Privacy)
}

func TestComposeTikTokPrivacyErrorIsASentence(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{account(5, model.TikTok, "@dancer")}
	c.PrivacyErr = fmt.Errorf("tiktok: creator_info: %w", errors.New("connection refused"))
	u := newTestUI(t, c)
	s := open[*composeScreen](t, u, navCompose)
	choose(t, s, 5)
	p := s.opts[model.TikTok].privacy
	assert.Equal(t, app.UserMessage(c.PrivacyErr), p.note.Text)
	assert.Equal(t, widget.DangerImportance, p.note.Importance)
	assert.True(t, p.sel.Disabled())

	c.PrivacyErr = nil
	c.Privacy = map[int64][]string{5: {"SELF_ONLY"}}
	test.Tap(p.retry)
	assert.False(t, p.sel.Disabled())
	assert.Equal(t, []string{"Only me"}, p.sel.Options)
	assert.False(t, p.note.Visible())
}

func TestComposeTikTokPrivacyShowsLoading(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{account(5, model.TikTok, "@dancer")}
	c.Privacy = map[int64][]string{5: {"SELF_ONLY"}}
	u := newTestUI(t, c)
	s := open[*composeScreen](t, u, navCompose)
	var pending func()
	u.env.bg = func(f func()) { pending = f } // hold the load to look at the form meanwhile
	choose(t, s, 5)
	p := s.opts[model.TikTok].privacy
	assert.Equal(t, "Loading…", p.note.Text)
	assert.True(t, p.sel.Disabled())
	require.NotNil(t, pending)
	pending()
	assert.Equal(t, []string{"Only me"}, p.sel.Options)
}

func TestSplitThread(t *testing.T) {
	assert.Nil(t, splitThread(" \n---\n"))
	assert.Equal(t, []string{"One\ntwo", "Three"}, splitThread("One\ntwo\n  ---  \nThree"))
	assert.Equal(t, []string{"a---b"}, splitThread("a---b"))
}

func TestSplitTags(t *testing.T) {
	assert.Nil(t, splitTags(" , "))
	assert.Equal(t, []string{"a b", "c"}, splitTags("a b, c,"))
}
