package views

import (
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

func TestComposeAttachmentsWithAltTextLandInTheDraft(t *testing.T) {
	c, u, s := newComposeFixture(t)
	s.attach("/pictures/cake.jpg")
	s.attach("/pictures/shop.png")
	s.attach("/pictures/cake.jpg") // picked twice: kept once
	require.Len(t, s.attached, 2)
	assert.Contains(t, texts(s.attachList), "cake.jpg")
	test.Type(s.attached[0].alt, "A chocolate cake")
	s.detach(s.attached[1])
	assert.NotContains(t, texts(s.attachList), "shop.png")

	check(t, s, 0)
	test.Tap(button(t, u.Window().Content(), "Publish now"))
	require.Len(t, c.Created, 1, s.status.Text)
	d := c.Created[0]
	assert.Equal(t, []string{"/pictures/cake.jpg"}, d.MediaPaths)
	assert.Equal(t, map[string]string{"/pictures/cake.jpg": "A chocolate cake"}, d.AltTexts)
	assert.Nil(t, d.MediaIDs)
	assert.Empty(t, s.attached, "success clears the attachments")
}

func TestComposeAttachmentsAloneCanBePublished(t *testing.T) {
	c, u, s := newComposeFixture(t)
	check(t, s, 0)
	test.Tap(button(t, u.Window().Content(), "Publish now"))
	assert.Equal(t, "Write something first.", s.status.Text)
	s.attach("/pictures/cake.jpg")
	test.Tap(button(t, u.Window().Content(), "Publish now"))
	require.Len(t, c.Created, 1)
}

// instagramFixture chooses an Instagram account and attaches two files, with no media host.
func instagramFixture(t *testing.T) (*viewstest.Core, *UI, *composeScreen) {
	t.Helper()
	c := viewstest.New()
	c.AccountList = []model.Account{account(1, model.Instagram, "@bakery"), mastodonAccount(2, "@b@example.social")}
	u := newTestUI(t, c)
	s := open[*composeScreen](t, u, navCompose)
	test.Type(s.text, "Fresh bread")
	choose(t, s, 1)
	s.attach("/pictures/bread.jpg")
	s.attach("/pictures/oven.jpg")
	return c, u, s
}

func TestComposeSaysWhenAMediaHostIsMissing(t *testing.T) {
	c, u, s := instagramFixture(t)
	want := "Instagram fetches images and videos from a public address: set up a media host in Settings, " +
		"or give each file's public address in the Instagram options."
	assert.Contains(t, s.problems.Text, want)
	assert.True(t, s.hostButton.Visible())
	ig := s.opts[model.Instagram]
	assert.True(t, ig.urlBox.Visible())
	got := texts(ig.urlBox)
	assert.Contains(t, got, "No media host is set up")

	test.Type(s.text, "!") // typing reads no file and keeps what was found
	assert.Contains(t, s.problems.Text, want)

	entries := entriesIn(ig.urlBox)
	require.Len(t, entries, 2)
	test.Type(entries[0], "https://cdn.example/bread.jpg")
	assert.Contains(t, s.problems.Text, want, "every file needs an address")
	test.Type(entries[1], "https://cdn.example/oven.jpg")
	assert.NotContains(t, s.problems.Text, "media host")
	assert.False(t, s.hostButton.Visible())
	assert.True(t, ig.urlBox.Visible(), "the addresses stay while there is no media host")

	test.Tap(button(t, u.Window().Content(), "Save draft"))
	require.Len(t, c.Created, 1, s.status.Text)
	assert.Equal(t, []string{"https://cdn.example/bread.jpg", "https://cdn.example/oven.jpg"},
		c.Created[0].Options[1].MediaURLs)
}

func TestComposeMediaHostButtonOpensSettings(t *testing.T) {
	_, u, s := instagramFixture(t)
	test.Tap(s.hostButton)
	assert.Equal(t, navSettings, u.items[u.current].title)
}

func TestComposeNoAddressesWithAMediaHost(t *testing.T) {
	c := viewstest.New()
	c.HostReady = true
	c.AccountList = []model.Account{account(1, model.Instagram, "@bakery")}
	u := newTestUI(t, c)
	s := open[*composeScreen](t, u, navCompose)
	choose(t, s, 1)
	s.attach("/pictures/bread.jpg")
	assert.NotContains(t, s.problems.Text, "media host")
	assert.False(t, s.hostButton.Visible())
	assert.False(t, s.opts[model.Instagram].urlBox.Visible())
}

func TestComposeAttachmentProblemsComeFromTheCore(t *testing.T) {
	c, _, s := newComposeFixture(t)
	c.Problems = []string{"Mastodon accepts images up to 16 MB; cake.jpg is 20 MB."}
	check(t, s, 0)
	s.attach("/pictures/cake.jpg")
	assert.Equal(t, "Mastodon accepts images up to 16 MB; cake.jpg is 20 MB.", s.problems.Text)
	c.Problems = nil
	s.detach(s.attached[0])
	assert.False(t, s.problems.Visible())
}

func TestEditKeepsAttachmentsAndOptions(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{account(1, model.YouTube, "@channel"), account(2, model.X, "@shop")}
	c.PostList = []model.Post{{ID: 9, Content: "Trailer", MediaIDs: []int64{41}, Status: model.PostDraft,
		Targets: []model.Target{
			{ID: 90, AccountID: 1, Platform: model.YouTube, Status: model.TargetDraft,
				Options: model.TargetOptions{Title: "Trailer", Tags: []string{"film"}, Privacy: "private", Native: true}},
			{ID: 91, AccountID: 2, Platform: model.X, Status: model.TargetDraft,
				Options: model.TargetOptions{Thread: []string{"Part two"}}},
		}}}
	c.Compose().Files = map[int64]model.Media{41: {ID: 41, Path: "/data/media/ab12.mp4", Mime: "video/mp4",
		Width: 1920, Height: 1080, DurationMS: 95_000, Size: 3_500_000, AltText: "The trailer"}}
	u := newTestUI(t, c)
	s := open[*composeScreen](t, u, navCompose)
	s.attach("/pictures/new-post.jpg") // the new post being written
	u.editPost(c.PostList[0])
	shown := texts(s.attachList)
	assert.Contains(t, shown, "Saved video")
	assert.Contains(t, shown, "Video, 1:35, 1920×1080, 3.5 MB")
	assert.Contains(t, shown, "Alt text: The trailer")
	assert.Equal(t, "Trailer", s.opts[model.YouTube].title.Text)
	assert.Equal(t, "Private: only me", s.opts[model.YouTube].privacy.sel.Selected)

	s.attach("/pictures/poster.jpg")
	test.Tap(button(t, s.root, "Save draft"))
	require.Len(t, c.Updated, 1, s.status.Text)
	d := c.Updated[0].Draft
	assert.Equal(t, []int64{41}, d.MediaIDs)
	assert.Equal(t, []string{"/pictures/poster.jpg"}, d.MediaPaths)
	assert.Equal(t, map[int64]model.TargetOptions{
		1: {Title: "Trailer", Tags: []string{"film"}, Privacy: "private", Native: true},
		2: {Thread: []string{"Part two"}},
	}, d.Options)
	require.Len(t, s.attached, 1, "leaving edit mode brings back the new post's files")
	assert.Equal(t, "/pictures/new-post.jpg", s.attached[0].path)
	assert.Equal(t, app.Draft{}.Options, s.draft().Options)
}

// entriesIn returns the visible entries under o, in order.
func entriesIn(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	walk(o, func(c fyne.CanvasObject) {
		if e, ok := c.(*widget.Entry); ok {
			out = append(out, e)
		}
	})
	return out
}
