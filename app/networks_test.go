package app_test

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/bluesky"
	"webox-social/services/platforms/bluesky/blueskyfake"
	"webox-social/services/platforms/facebook"
	"webox-social/services/platforms/facebook/facebookfake"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/instagram"
	"webox-social/services/platforms/instagram/instagramfake"
	"webox-social/services/platforms/linkedin"
	"webox-social/services/platforms/linkedin/linkedinfake"
	"webox-social/services/platforms/mastodon"
	"webox-social/services/platforms/mastodon/mastodonfake"
	"webox-social/services/platforms/tiktok"
	"webox-social/services/platforms/tiktok/tiktokfake"
	"webox-social/services/platforms/xcom"
	"webox-social/services/platforms/xcom/xcomfake"
	"webox-social/services/platforms/youtube"
	"webox-social/services/platforms/youtube/youtubefake"
	"webox-social/services/secrets"
	"webox-social/services/store/storetest"
)

// network is one network's strict fake wired to its real Authorizer, as the app-level
// test connects it.
type network struct {
	auth platforms.Authorizer
	opts app.ConnectOptions
	app  platforms.AppCredentials // the user's developer app ("" when none is needed)
	// keepsToken: the network has no refresh flow (Mastodon); refreshing checks the
	// sign-in and keeps the token.
	keepsToken bool
	// beforeRefresh runs between connecting and refreshing (moves a fake's clock).
	beforeRefresh func()
}

// freeLoopback picks a free 127.0.0.1 port for an authorizer's redirect listener, which
// binds it later. The port is picked below every system's ephemeral range (Linux from
// 32768, macOS and Windows from 49152), so no outgoing connection or ":0" listener
// started in between is handed it.
func freeLoopback(t *testing.T) string {
	t.Helper()
	for range 100 {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(20000+rand.IntN(12000))))
		if err != nil {
			continue // taken: try another
		}
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		return addr
	}
	t.Fatal("no free 127.0.0.1 port between 20000 and 32000")
	return ""
}

func mastodonNetwork(t *testing.T, hc *http.Client) network {
	n, _ := mastodonNetworkWithFake(t, hc)
	return n
}

func mastodonNetworkWithFake(t *testing.T, hc *http.Client) (network, *mastodonfake.Server) {
	fake := mastodonfake.New(mastodonfake.Options{})
	t.Cleanup(fake.Close)
	return network{auth: mastodon.NewAuthorizer(mastodon.New(hc)), opts: app.ConnectOptions{InstanceURL: fake.URL}, keepsToken: true}, fake
}

func xNetwork(t *testing.T, hc *http.Client) network {
	n, _ := xNetworkWithFake(t, hc)
	return n
}

func xNetworkWithFake(t *testing.T, hc *http.Client) (network, *xcomfake.Server) {
	fake := xcomfake.New(xcomfake.Options{})
	t.Cleanup(fake.Close)
	addr := freeLoopback(t)
	fake.RegisterApp(xcomfake.App{ClientID: "x-client", RedirectURIs: []string{xcom.RedirectURI(addr)}})
	return network{auth: xcom.NewAuthorizer(hc, xcom.WithBaseURL(fake.URL), xcom.WithListenAddr(addr)),
		app: platforms.AppCredentials{ClientID: "x-client"}}, fake
}

func youtubeNetwork(t *testing.T, hc *http.Client) network {
	n, _ := youtubeNetworkWithFake(t, hc)
	return n
}

func youtubeNetworkWithFake(t *testing.T, hc *http.Client) (network, *youtubefake.Server) {
	fake := youtubefake.New(youtubefake.Options{})
	t.Cleanup(fake.Close)
	reg := fake.RegisterApp(youtubefake.App{ClientID: "yt-client", ClientSecret: "yt-secret"})
	return network{auth: youtube.NewAuthorizer(hc, youtube.WithBaseURL(fake.URL)),
		app: platforms.AppCredentials{ClientID: reg.ClientID, ClientSecret: reg.ClientSecret}}, fake
}

func facebookNetwork(t *testing.T, hc *http.Client) network {
	n, _ := facebookNetworkWithFake(t, hc)
	return n
}

func facebookNetworkWithFake(t *testing.T, hc *http.Client) (network, *facebookfake.Server) {
	return facebookNetworkWithOptions(t, hc, facebookfake.Options{})
}

// facebookNetworkWithOptions is facebookNetworkWithFake with the fake's options (its clock).
func facebookNetworkWithOptions(t *testing.T, hc *http.Client, opts facebookfake.Options) (network, *facebookfake.Server) {
	fake := facebookfake.New(opts)
	t.Cleanup(fake.Close)
	addr := freeLoopback(t)
	fake.RegisterApp("fb-app", "fb-secret", "http://"+addr+facebook.CallbackPath)
	fake.AddUser(facebookfake.User{ID: "u1", Name: "Ada"}, facebookfake.Page{ID: "p1", Name: "Rue des Lilas"})
	return network{auth: facebook.NewAuthorizer(hc, facebook.WithListenAddr(addr),
		facebook.WithEndpoints(facebook.Endpoints{AuthURL: fake.AuthURL(), GraphURL: fake.GraphURL()})),
		app: platforms.AppCredentials{ClientID: "fb-app", ClientSecret: "fb-secret"}}, fake
}

// instagramNetwork uses Instagram Login; its 60-day token refreshes only once it is a
// day old, so the fake's clock is moved on a day after connecting.
func instagramNetwork(t *testing.T, hc *http.Client) (network, func()) {
	n, _, dayLater := instagramNetworkWithFake(t, hc)
	return n, dayLater
}

// instagramIGUser is the professional account id of the Instagram Login user.
const instagramIGUser = "17841400000000001"

func instagramNetworkWithFake(t *testing.T, hc *http.Client) (network, *instagramfake.Server, func()) {
	clock := fakekit.NewClock(time.Now())
	fake := instagramfake.New(instagramfake.Options{Now: clock.Now})
	t.Cleanup(fake.Close)
	addr := freeLoopback(t)
	fake.RegisterApp("ig-app", "ig-secret", "http://"+addr+instagram.CallbackPath)
	fake.AddUser(instagramfake.User{ID: "ig1", UserID: instagramIGUser, Username: "ruedeslilas", Name: "Rue des Lilas"})
	auth := instagram.NewAuthorizer(hc, instagram.WithListenAddr(addr), instagram.WithClock(clock.Now),
		instagram.WithEndpoints(instagram.Endpoints{AuthURL: fake.AuthURL(), TokenURL: fake.TokenURL(), GraphURL: fake.GraphURL(),
			Facebook: facebook.Endpoints{AuthURL: fake.FB.AuthURL(), GraphURL: fake.FB.GraphURL()}}))
	return network{auth: auth, app: platforms.AppCredentials{ClientID: "ig-app", ClientSecret: "ig-secret"}}, fake,
		func() { clock.Advance(25 * time.Hour) }
}

func linkedinNetwork(t *testing.T, hc *http.Client) network {
	n, _ := linkedinNetworkWithFake(t, hc)
	return n
}

func linkedinNetworkWithFake(t *testing.T, hc *http.Client) (network, *linkedinfake.Server) {
	fake := linkedinfake.New(linkedinfake.Options{})
	t.Cleanup(fake.Close)
	addr := freeLoopback(t)
	fake.RegisterApp(linkedinfake.App{ClientID: "li-client", ClientSecret: "li-secret", Partner: true,
		RedirectURIs: []string{"http://" + addr + linkedin.CallbackPath}})
	return network{auth: linkedin.NewAuthorizer(hc, linkedin.WithBaseURL(fake.URL)),
		opts: app.ConnectOptions{ListenAddr: addr}, app: platforms.AppCredentials{ClientID: "li-client", ClientSecret: "li-secret"}}, fake
}

func tiktokNetwork(t *testing.T, hc *http.Client) network {
	n, _ := tiktokNetworkWithFake(t, hc)
	return n
}

func tiktokNetworkWithFake(t *testing.T, hc *http.Client) (network, *tiktokfake.Server) {
	fake := tiktokfake.New(tiktokfake.Options{})
	t.Cleanup(fake.Close)
	addr := freeLoopback(t)
	require.NoError(t, fake.RegisterApp(tiktokfake.App{ClientKey: "tt-key", ClientSecret: "tt-secret",
		RedirectURIs: []string{"http://" + addr + tiktok.CallbackPath}}))
	return network{auth: tiktok.NewAuthorizer(hc, tiktok.WithBaseURL(fake.URL)),
		opts: app.ConnectOptions{ListenAddr: addr}, app: platforms.AppCredentials{ClientID: "tt-key", ClientSecret: "tt-secret"}}, fake
}

// blueskyNetwork's JWTs carry whole seconds: its clock moves a minute before the refresh
// so the new access JWT differs.
func blueskyNetwork(t *testing.T, hc *http.Client) network {
	n, _ := blueskyNetworkWithFake(t, hc)
	return n
}

func blueskyNetworkWithFake(t *testing.T, hc *http.Client) (network, *blueskyfake.Server) {
	clock := fakekit.NewClock(time.Now())
	fake := blueskyfake.New(blueskyfake.Options{Now: clock.Now})
	t.Cleanup(fake.Close)
	fake.AddAccount(blueskyfake.Account{Handle: "ruedeslilas.test", Password: "main-password"})
	appPassword := fake.CreateAppPassword("ruedeslilas.test", "webox", false)
	return network{auth: bluesky.NewAuthorizer(hc),
		opts:          app.ConnectOptions{InstanceURL: fake.URL, Identifier: "ruedeslilas.test", Password: appPassword},
		beforeRefresh: func() { clock.Advance(time.Minute) }}, fake
}

// TestConnectEveryNetworkThenRefresh connects one account of each network through the
// core, end to end against its strict fake, then refreshes it.
func TestConnectEveryNetworkThenRefresh(t *testing.T) {
	hc := &http.Client{Timeout: 10 * time.Second}
	networks := map[model.Platform]network{
		model.Mastodon: mastodonNetwork(t, hc),
		model.X:        xNetwork(t, hc),
		model.YouTube:  youtubeNetwork(t, hc),
		model.Facebook: facebookNetwork(t, hc),
		model.LinkedIn: linkedinNetwork(t, hc),
		model.TikTok:   tiktokNetwork(t, hc),
		model.Bluesky:  blueskyNetwork(t, hc),
	}
	ig, dayLater := instagramNetwork(t, hc)
	ig.beforeRefresh = dayLater
	networks[model.Instagram] = ig
	auths := map[model.Platform]platforms.Authorizer{}
	for p, n := range networks {
		auths[p] = n.auth
	}
	sec := secrets.NewMemory()
	st := storetest.Open(t)
	core, err := app.New(t.Context(), app.Params{Store: st, Secrets: sec, DataDir: t.TempDir(),
		Authorizers: auths, OpenURL: approveInBrowser, Getenv: func(string) string { return "" }})
	require.NoError(t, err)

	for p, n := range networks {
		t.Run(string(p), func(t *testing.T) {
			if n.app.ClientID != "" {
				require.NoError(t, core.SaveAppCredentials(t.Context(), p, n.app.ClientID, n.app.ClientSecret))
			}
			accounts, err := core.ConnectAccount(t.Context(), p, n.opts)
			require.NoError(t, err, app.UserMessage(err))
			require.NotEmpty(t, accounts)
			acct := accounts[0]
			assert.Equal(t, p, acct.Platform)
			assert.Equal(t, model.AccountOK, acct.Status)
			before, err := sec.Get(model.SecretKey(acct.ID, platforms.SecretAccess))
			require.NoError(t, err)

			if n.beforeRefresh != nil {
				n.beforeRefresh()
			}
			refreshed, err := core.RefreshAccount(t.Context(), acct.ID)
			require.NoError(t, err, app.UserMessage(err))
			assert.Equal(t, model.AccountOK, refreshed.Status)
			after, err := sec.Get(model.SecretKey(acct.ID, platforms.SecretAccess))
			require.NoError(t, err)
			if n.keepsToken {
				assert.Equal(t, before, after, "the sign-in was checked, not replaced")
			} else {
				assert.NotEqual(t, before, after, "a new access token")
			}
		})
	}
}

// TestConnectByPastingTheRedirectAddress is the fallback for a network that refuses
// loopback redirects: the user registered another redirect, the browser ends there,
// and the user pastes the address it ended on.
func TestConnectByPastingTheRedirectAddress(t *testing.T) {
	const registered = "https://ruedeslilas.example/x-callback"
	fake := xcomfake.New(xcomfake.Options{})
	t.Cleanup(fake.Close)
	fake.RegisterApp(xcomfake.App{ClientID: "x-client", RedirectURIs: []string{registered}})
	pasted := make(chan string, 1)
	// The "browser" stops at the network's redirect (nothing listens at the registered
	// address) and the user copies the address from the address bar.
	stopAtRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	openAndCopy := func(u string) error {
		resp, err := stopAtRedirect.Get(u)
		if err != nil {
			return err
		}
		resp.Body.Close()
		pasted <- resp.Header.Get("Location")
		return nil
	}
	core, err := app.New(t.Context(), app.Params{Store: storetest.Open(t), Secrets: secrets.NewMemory(), DataDir: t.TempDir(),
		Authorizers: map[model.Platform]platforms.Authorizer{model.X: xcom.NewAuthorizer(&http.Client{Timeout: 10 * time.Second}, xcom.WithBaseURL(fake.URL))},
		OpenURL:     openAndCopy, Getenv: func(string) string { return "" }})
	require.NoError(t, err)
	require.NoError(t, core.SaveAppCredentials(t.Context(), model.X, "x-client", ""))
	require.NoError(t, core.SaveRedirectURI(t.Context(), model.X, registered))

	accounts, err := core.ConnectAccount(t.Context(), model.X, app.ConnectOptions{Pasted: pasted})
	require.NoError(t, err, app.UserMessage(err))
	require.Len(t, accounts, 1)
	assert.Equal(t, model.AccountOK, accounts[0].Status)
}

// TestConnectInstagramThroughFacebook connects the Instagram professional account linked
// to a Page, with the Facebook developer app, and refreshes it with that app too.
func TestConnectInstagramThroughFacebook(t *testing.T) {
	hc := &http.Client{Timeout: 10 * time.Second}
	fake := instagramfake.New(instagramfake.Options{})
	t.Cleanup(fake.Close)
	addr := freeLoopback(t)
	fake.FB.RegisterApp("fb-app", "fb-secret", "http://"+addr+instagram.CallbackPath)
	fake.FB.AddUser(facebookfake.User{ID: "u1", Name: "Ada"}, facebookfake.Page{ID: "p1", Name: "Rue des Lilas",
		Instagram: &facebookfake.InstagramAccount{ID: "17841400000000011", Username: "ruedeslilas", Name: "Rue des Lilas"}})
	ig := instagram.NewAuthorizer(hc, instagram.WithListenAddr(addr), instagram.WithEndpoints(instagram.Endpoints{
		AuthURL: fake.AuthURL(), TokenURL: fake.TokenURL(), GraphURL: fake.GraphURL(),
		Facebook: facebook.Endpoints{AuthURL: fake.FB.AuthURL(), GraphURL: fake.FB.GraphURL()}}))
	core, err := app.New(t.Context(), app.Params{Store: storetest.Open(t), Secrets: secrets.NewMemory(), DataDir: t.TempDir(),
		Authorizers: map[model.Platform]platforms.Authorizer{model.Instagram: ig, model.Facebook: facebook.NewAuthorizer(hc)},
		OpenURL:     approveInBrowser, Getenv: func(string) string { return "" }})
	require.NoError(t, err)
	require.NoError(t, core.SaveAppCredentials(t.Context(), model.Facebook, "fb-app", "fb-secret"))

	_, err = core.ConnectAccount(t.Context(), model.Instagram, app.ConnectOptions{})
	require.ErrorIs(t, err, app.ErrNeedsDeveloperApp, "Instagram Login needs the Instagram app")
	accounts, err := core.ConnectAccount(t.Context(), model.Instagram, app.ConnectOptions{ViaFacebook: true})
	require.NoError(t, err, app.UserMessage(err))
	require.Len(t, accounts, 1)
	assert.Equal(t, "17841400000000011", accounts[0].RemoteID)
	_, err = core.RefreshAccount(t.Context(), accounts[0].ID)
	require.NoError(t, err, app.UserMessage(err))
}

// publishNow connects one account of network n through a core that publishes with
// conn, publishes text to it now through the engine and returns the delivery event
// and the account.
func publishNow(t *testing.T, p model.Platform, n network, conn platforms.Connector, text string) (app.DeliveryEvent, model.Account) {
	t.Helper()
	core, err := app.New(t.Context(), app.Params{Store: storetest.Open(t), Secrets: secrets.NewMemory(), DataDir: t.TempDir(),
		Authorizers: map[model.Platform]platforms.Authorizer{p: n.auth}, Connectors: platforms.Registry{p: conn},
		OpenURL: approveInBrowser, Getenv: func(string) string { return "" }})
	require.NoError(t, err)
	if n.app.ClientID != "" {
		require.NoError(t, core.SaveAppCredentials(t.Context(), p, n.app.ClientID, n.app.ClientSecret))
	}
	accounts, err := core.ConnectAccount(t.Context(), p, n.opts)
	require.NoError(t, err, app.UserMessage(err))
	events := make(chan app.DeliveryEvent, 4)
	core.Events().Delivery.Subscribe(func(_ context.Context, e app.DeliveryEvent) { events <- e })
	core.Start(t.Context())
	t.Cleanup(core.Stop)

	post, err := core.CreatePost(t.Context(), app.Draft{Content: text, AccountIDs: []int64{accounts[0].ID}})
	require.NoError(t, err)
	require.NoError(t, core.PublishNow(t.Context(), post.ID))
	e := waitEvent(t, events)
	require.Equal(t, app.DeliveryPublished, e.Kind, e.Message)
	return e, accounts[0]
}

// TestPublishToX publishes a post with a link to an X account through the engine, once.
func TestPublishToX(t *testing.T) {
	hc := &http.Client{Timeout: 10 * time.Second}
	n, fake := xNetworkWithFake(t, hc)
	e, _ := publishNow(t, model.X, n, xcom.NewConnector(hc, xcom.WithBaseURL(fake.URL)),
		"Fresh bread at 7, croissants at 8 https://ruedeslilas.example")
	assert.Contains(t, e.Permalink, "x.com/")
	assert.Len(t, fake.Tweets("alice"), 1)
}

// TestPublishToBluesky publishes a post with an emoji, a link and a hashtag to a Bluesky
// account through the engine, once.
func TestPublishToBluesky(t *testing.T) {
	hc := &http.Client{Timeout: 10 * time.Second}
	n, fake := blueskyNetworkWithFake(t, hc)
	e, acct := publishNow(t, model.Bluesky, n, bluesky.NewConnector(hc),
		"Crêpes tonight 🥞 https://ruedeslilas.example #streetfood")
	assert.Contains(t, e.Permalink, "bsky.app/profile/")
	assert.Equal(t, 1, fake.Records(acct.RemoteID, bluesky.PostCollection))
}

// TestPublishToLinkedIn publishes a post with characters LinkedIn reserves to a member
// through the engine, once, and the text arrives as written.
func TestPublishToLinkedIn(t *testing.T) {
	hc := &http.Client{Timeout: 10 * time.Second}
	n, fake := linkedinNetworkWithFake(t, hc)
	publishNow(t, model.LinkedIn, n, linkedin.NewConnector(hc, linkedin.WithBaseURL(fake.URL)),
		"We're hiring (part-time) #bakery [Paris]")
	posts := fake.Posts()
	require.Len(t, posts, 1)
	assert.Equal(t, "We're hiring (part-time) #bakery [Paris]", posts[0].Commentary)
}

// TestPublishToAFacebookPage publishes to a Page through the engine, once.
func TestPublishToAFacebookPage(t *testing.T) {
	hc := &http.Client{Timeout: 10 * time.Second}
	n, fake := facebookNetworkWithFake(t, hc)
	publishNow(t, model.Facebook, n, facebook.NewConnector(hc,
		facebook.WithEndpoints(facebook.Endpoints{AuthURL: fake.AuthURL(), GraphURL: fake.GraphURL()})),
		"Open late on Friday for the street party!")
	assert.Len(t, fake.Posts("p1"), 1)
}
