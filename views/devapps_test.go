package views

import (
	"errors"
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

func devAppStatuses() []app.AppCredentialsStatus {
	return []app.AppCredentialsStatus{
		{Info: app.AuthInfo{Platform: model.Facebook, Method: methodOAuth2, NeedsClientID: true, NeedsSecret: true,
			RedirectURI: "http://127.0.0.1:8765/callback", Scopes: []string{"pages_manage_posts", "pages_show_list"},
			ClientIDEnv: "FACEBOOK_APP_ID", ClientSecretEnv: "FACEBOOK_APP_SECRET", Registration: "Create a Business app."},
			ClientID: "1234", HasSecret: true, Source: app.CredentialsEnv},
		{Info: app.AuthInfo{Platform: model.X, Method: methodOAuth2, NeedsClientID: true,
			RedirectURI: "http://127.0.0.1:8766/x/callback", Scopes: []string{"tweet.read", "tweet.write", "offline.access"},
			ClientIDEnv: "TWITTER_CLIENT_ID", Registration: "Create a Native App in the X developer portal."},
			ClientID: "abc", HasSecret: true, Source: app.CredentialsSettings},
		{Info: app.AuthInfo{Platform: model.Mastodon, Method: methodInstance,
			Registration: "Nothing to register: Webox Social registers itself with your instance when you connect."}},
	}
}

func openDevApps(t *testing.T, c *viewstest.Core) (*UI, *devApps) {
	t.Helper()
	c.Creds = devAppStatuses()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings)
	return u, s.apps
}

// hints lists the hint texts of the forms under o.
func hints(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(c fyne.CanvasObject) {
		if f, ok := c.(*widget.Form); ok {
			for _, it := range f.Items {
				out = append(out, it.HintText)
			}
		}
	})
	return out
}

func TestDevAppsShowWhatToRegister(t *testing.T) {
	_, d := openDevApps(t, viewstest.New())
	require.Len(t, d.byNet, 3)
	x := d.byNet[model.X]
	got := texts(x.root)
	for _, want := range []string{"X", "Create a Native App in the X developer portal.", "http://127.0.0.1:8766/x/callback",
		"tweet.read tweet.write offline.access"} {
		assert.Contains(t, got, want)
	}
	assert.Equal(t, "abc", x.id.Text)
	assert.Empty(t, x.secret.Text, "the secret is never shown")
	assert.True(t, x.secret.Password)
	assert.Equal(t, "stored in the keychain", x.secret.PlaceHolder)
	assert.False(t, x.id.Disabled())
	assert.Contains(t, hints(x.root), "Optional: only for a confidential client")

	m := d.byNet[model.Mastodon]
	assert.Contains(t, texts(m.root), "Nothing to register")
	assert.Nil(t, m.id, "nothing to enter for Mastodon")
	assert.Empty(t, entries(m.root))
}

func TestDevAppsFromTheEnvironmentAreReadOnly(t *testing.T) {
	_, d := openDevApps(t, viewstest.New())
	fb := d.byNet[model.Facebook]
	assert.True(t, fb.id.Disabled())
	assert.True(t, fb.secret.Disabled())
	assert.Equal(t, "1234", fb.id.Text)
	assert.Equal(t, "Save Facebook redirect", fb.save.Text, "only the registered redirect can be saved")
	assert.False(t, fb.redirect.Disabled())
	h := hints(fb.root)
	assert.Contains(t, h, "Set by FACEBOOK_APP_ID in the environment")
	assert.Contains(t, h, "Set by FACEBOOK_APP_SECRET in the environment")
	assert.Contains(t, texts(fb.root), "Create a Business app.")
}

func TestDevAppsSaveNeverShowsTheSecret(t *testing.T) {
	c := viewstest.New()
	c.Creds = devAppStatuses()
	c.Creds[1].HasSecret = false
	u, d := openDevApps(t, c)
	c.Creds[1].HasSecret = false
	u.navigate(navSettings)
	x := d.byNet[model.X]
	assert.Equal(t, "Client secret", x.secret.PlaceHolder)
	x.id.SetText("new-id")
	test.Type(x.secret, "s3cret-value")
	pressEnter(x.secret)

	require.Equal(t, []viewstest.CredSave{{Platform: model.X, ClientID: "new-id", ClientSecret: "s3cret-value"}}, c.CredSaves)
	assert.Empty(t, x.secret.Text, "the secret entry is cleared once saved")
	assert.Equal(t, "stored in the keychain", x.secret.PlaceHolder)
	assert.Equal(t, "Saved. You can now connect X accounts in Accounts.", x.status.Text)
	settings := u.screens[u.current].(*settingsScreen)
	assert.NotContains(t, texts(settings.root), "s3cret")
	for _, e := range entries(settings.root) {
		assert.False(t, strings.Contains(e.Text+e.PlaceHolder, "s3cret"))
	}

	test.Tap(x.save)
	require.Len(t, c.CredSaves, 2)
	assert.Empty(t, c.CredSaves[1].ClientSecret, "an empty secret keeps the stored one")
}

func TestDevAppsCopyTheRedirectURI(t *testing.T) {
	u, d := openDevApps(t, viewstest.New())
	test.Tap(button(t, d.byNet[model.X].root, "Copy"))
	assert.Equal(t, "http://127.0.0.1:8766/x/callback", u.env.fa.Clipboard().Content())
}

func TestDevAppsSaySecretsStayInTheKeychain(t *testing.T) {
	c := viewstest.New()
	c.Keychain = false
	_, d := openDevApps(t, c)
	assert.Contains(t, texts(d.root), "secrets.enc")
	assert.NotContains(t, texts(d.root), "keychain")
}

func TestDevAppsSaveTheRegisteredRedirect(t *testing.T) {
	c := viewstest.New()
	u, d := openDevApps(t, c)
	x := d.byNet[model.X]
	require.NotNil(t, x.redirect)
	assert.Empty(t, x.redirect.Text)
	assert.False(t, x.note.Visible(), "the loopback redirect needs no note")
	assert.Contains(t, hints(x.root), "Only if X refuses the Redirect URI above: the address you registered instead. Leave empty to use the Redirect URI")
	assert.Nil(t, d.byNet[model.Mastodon].redirect, "nothing to register for Mastodon")

	test.Type(x.redirect, " https://example.com/x/cb ")
	pressEnter(x.redirect)
	assert.Equal(t, []viewstest.RedirectSave{{Platform: model.X, URI: "https://example.com/x/cb"}}, c.RedirectSaves)
	assert.Len(t, c.CredSaves, 1, "the same Save keeps the app")
	assert.Equal(t, "Saved. Connecting X accounts in Accounts will ask you to paste the address your browser ends on.", x.status.Text)
	require.True(t, x.note.Visible())
	assert.Contains(t, x.note.Text, "https://example.com/x/cb")
	assert.Contains(t, x.note.Text, "connecting asks you to paste the final address")

	test.Tap(x.save)
	assert.Len(t, c.RedirectSaves, 1, "an unchanged redirect is not saved again")
	u.navigate(navSettings)
	x = d.byNet[model.X]
	assert.Equal(t, "https://example.com/x/cb", x.redirect.Text, "the stored redirect is shown")
	assert.True(t, x.note.Visible())

	x.redirect.SetText("")
	test.Tap(x.save)
	assert.Equal(t, viewstest.RedirectSave{Platform: model.X}, c.RedirectSaves[1], "empty goes back to the loopback redirect")
	assert.False(t, x.note.Visible())
	assert.Equal(t, "Saved. You can now connect X accounts in Accounts.", x.status.Text)
}

func TestDevAppsRedirectOfAnAppFromTheEnvironment(t *testing.T) {
	c := viewstest.New()
	_, d := openDevApps(t, c)
	fb := d.byNet[model.Facebook]
	test.Type(fb.redirect, "https://example.com/fb/cb")
	test.Tap(fb.save)
	assert.Empty(t, c.CredSaves, "the environment keeps the app")
	assert.Equal(t, []viewstest.RedirectSave{{Platform: model.Facebook, URI: "https://example.com/fb/cb"}}, c.RedirectSaves)
	assert.True(t, fb.note.Visible())
}

func TestDevAppsRedirectSaveError(t *testing.T) {
	c := viewstest.New()
	_, d := openDevApps(t, c)
	c.Err = errors.New("disk on fire")
	fb := d.byNet[model.Facebook]
	test.Type(fb.redirect, "https://example.com/fb/cb")
	test.Tap(fb.save)
	assert.Equal(t, "Something went wrong: disk on fire.", fb.status.Text)
	assert.False(t, fb.note.Visible(), "nothing changed")
	assert.False(t, fb.save.Disabled())
}
