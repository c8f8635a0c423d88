package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/jpeg"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	mp4 "github.com/abema/go-mp4"
	"github.com/rclone/gofakes3"
	"github.com/rclone/gofakes3/s3mem"
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

// The cross-posting tests run one core with accounts on several networks, each network's
// strict fake wired to its real Authorizer and Connector, and a real S3 server as the
// media host, and publish through the delivery engine.

const (
	crossText = "Fresh croissants from 7am, order ahead at https://ruedeslilas.example #boulangerie"
	crossAlt  = "A basket of golden croissants on the bakery counter"

	s3Bucket = "webox-media"
	s3Key    = "WEBOXTESTKEY"
	s3Secret = "s3cr3t-Kq7v9ZpL2xN4wR8tY1uI0oP"
	s3Prefix = "webox/"
)

// allNetworks is every network Webox Social publishes to.
var allNetworks = []model.Platform{model.Mastodon, model.X, model.Bluesky, model.LinkedIn, model.Facebook,
	model.Instagram, model.TikTok, model.YouTube}

// s3Host is a real S3 server (gofakes3 checking SigV4 headers and presigned URLs) on
// 127.0.0.1 that records which object keys were written, read and deleted.
type s3Host struct {
	URL     string
	backend *s3mem.Backend

	mu   sync.Mutex
	seen map[string][]string // method -> object keys, in order
}

func startS3Host(t *testing.T) *s3Host {
	t.Helper()
	h := &s3Host{backend: s3mem.New(), seen: map[string][]string{}}
	require.NoError(t, h.backend.CreateBucket(context.Background(), s3Bucket))
	faker := gofakes3.New(h.backend, gofakes3.WithV4Auth(map[string]string{s3Key: s3Secret}),
		gofakes3.WithLogger(gofakes3.DiscardLog()))
	inner := faker.Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if key, ok := strings.CutPrefix(r.URL.Path, "/"+s3Bucket+"/"); ok && key != "" {
			h.mu.Lock()
			h.seen[r.Method] = append(h.seen[r.Method], key)
			h.mu.Unlock()
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	require.Contains(t, srv.URL, "127.0.0.1")
	h.URL = srv.URL
	return h
}

// keys returns the object keys requests with method named, in order.
func (h *s3Host) keys(method string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.seen[method])
}

// objects lists the keys left in the bucket, straight from the server's storage.
func (h *s3Host) objects(t *testing.T) []string {
	t.Helper()
	list, err := h.backend.ListBucket(context.Background(), s3Bucket, nil, gofakes3.ListBucketPage{})
	require.NoError(t, err)
	var keys []string
	for _, c := range list.Contents {
		keys = append(keys, c.Key)
	}
	return keys
}

// sharedPrefix is how every address the media host hands out begins (path style).
func (h *s3Host) sharedPrefix() string { return h.URL + "/" + s3Bucket + "/" + s3Prefix }

// fleet is one core with one account per chosen network.
type fleet struct {
	core     *app.App
	events   chan app.DeliveryEvent
	accounts map[model.Platform]model.Account
	s3       *s3Host

	mastodon  *mastodonfake.Server
	x         *xcomfake.Server
	bluesky   *blueskyfake.Server
	linkedin  *linkedinfake.Server
	facebook  *facebookfake.Server
	instagram *instagramfake.Server
	tiktok    *tiktokfake.Server
	youtube   *youtubefake.Server
}

// connectorFor builds a network's publishing connector once the core (its media host) exists.
type connectorFor func(host platforms.MediaHost) platforms.Connector

// newFleet connects one account on each of nets through the core, sets up the S3 media
// host and starts the engine. With a clock, the core, the engine and the Facebook fake
// run on it, and the engine checks it every few milliseconds.
func newFleet(t *testing.T, clock *fakekit.Clock, nets ...model.Platform) *fleet {
	t.Helper()
	hc := &http.Client{Timeout: 20 * time.Second}
	f := &fleet{events: make(chan app.DeliveryEvent, 64), accounts: map[model.Platform]model.Account{}, s3: startS3Host(t)}
	networks, builders := map[model.Platform]network{}, map[model.Platform]connectorFor{}
	auths := map[model.Platform]platforms.Authorizer{}
	for _, p := range nets {
		networks[p], builders[p] = f.network(t, hc, clock, p)
		auths[p] = networks[p].auth
	}
	reg := platforms.Registry{}
	params := app.Params{Store: storetest.Open(t), Secrets: secrets.NewMemory(), DataDir: t.TempDir(),
		Authorizers: auths, Connectors: reg, OpenURL: approveInBrowser, Getenv: func(string) string { return "" }}
	if clock != nil {
		params.Now, params.Heartbeat = clock.Now, 5*time.Millisecond
	}
	core, err := app.New(t.Context(), params)
	require.NoError(t, err)
	f.core = core
	for p, build := range builders {
		reg[p] = build(core.MediaHost())
	}
	require.NoError(t, core.SaveMediaHost(t.Context(), app.MediaHostSettings{Endpoint: f.s3.URL, Region: "us-east-1",
		Bucket: s3Bucket, AccessKeyID: s3Key, SecretAccessKey: s3Secret, PathStyle: true, Prefix: s3Prefix}))
	for _, p := range nets {
		f.connect(t, p, networks[p])
	}
	core.Events().Delivery.Subscribe(func(_ context.Context, e app.DeliveryEvent) { f.events <- e })
	core.Start(t.Context())
	t.Cleanup(core.Stop)
	return f
}

// network starts network p's fake and returns it wired to its Authorizer, with the
// connector to build once the media host exists.
func (f *fleet) network(t *testing.T, hc *http.Client, clock *fakekit.Clock, p model.Platform) (network, connectorFor) {
	var n network
	switch p {
	case model.Mastodon:
		n, f.mastodon = mastodonNetworkWithFake(t, hc)
		return n, func(platforms.MediaHost) platforms.Connector { return mastodon.New(hc) }
	case model.X:
		n, f.x = xNetworkWithFake(t, hc)
		return n, func(platforms.MediaHost) platforms.Connector {
			c := xcom.NewConnector(hc, xcom.WithBaseURL(f.x.URL))
			c.Wait = func(ctx context.Context, _ time.Duration) error { return ctx.Err() } // poll processing at once
			return c
		}
	case model.Bluesky:
		n, f.bluesky = blueskyNetworkWithFake(t, hc)
		return n, func(platforms.MediaHost) platforms.Connector { return bluesky.NewConnector(hc) }
	case model.LinkedIn:
		n, f.linkedin = linkedinNetworkWithFake(t, hc)
		return n, func(platforms.MediaHost) platforms.Connector {
			return linkedin.NewConnector(hc, linkedin.WithBaseURL(f.linkedin.URL), linkedin.WithPollInterval(0))
		}
	case model.Facebook:
		return f.facebookNetwork(t, hc, clock)
	case model.Instagram:
		n, f.instagram, _ = instagramNetworkWithFake(t, hc)
		return n, func(host platforms.MediaHost) platforms.Connector {
			return instagram.NewConnector(hc, instagram.WithMediaHost(host), instagram.WithPollInterval(0),
				instagram.WithEndpoints(instagram.Endpoints{GraphURL: f.instagram.GraphURL(),
					Facebook: facebook.Endpoints{GraphURL: f.instagram.FBGraphURL()}}))
		}
	case model.TikTok:
		n, f.tiktok = tiktokNetworkWithFake(t, hc)
		f.tiktok.VerifyURLPrefix(f.s3.sharedPrefix()) // the bucket's domain, verified in the developer portal
		return n, func(host platforms.MediaHost) platforms.Connector {
			return tiktok.NewConnector(hc, tiktok.WithBaseURL(f.tiktok.URL), tiktok.WithMediaHost(host), tiktok.WithPollInterval(0))
		}
	case model.YouTube:
		n, f.youtube = youtubeNetworkWithFake(t, hc)
		dir := t.TempDir()
		return n, func(platforms.MediaHost) platforms.Connector {
			return youtube.NewConnector(hc, youtube.WithBaseURL(f.youtube.URL), youtube.WithSessionDir(dir))
		}
	}
	t.Fatalf("no fake for %s", p)
	return network{}, nil
}

func (f *fleet) facebookNetwork(t *testing.T, hc *http.Client, clock *fakekit.Clock) (network, connectorFor) {
	var (
		n    network
		opts facebookfake.Options
		conn = []facebook.Option{facebook.WithPollInterval(0)}
	)
	if clock != nil {
		opts.Now = clock.Now
		conn = append(conn, facebook.WithClock(clock.Now))
	}
	n, f.facebook = facebookNetworkWithOptions(t, hc, opts)
	conn = append(conn, facebook.WithEndpoints(facebook.Endpoints{AuthURL: f.facebook.AuthURL(), GraphURL: f.facebook.GraphURL()}))
	return n, func(platforms.MediaHost) platforms.Connector { return facebook.NewConnector(hc, conn...) }
}

// connect connects one account of network p through the core.
func (f *fleet) connect(t *testing.T, p model.Platform, n network) {
	t.Helper()
	if n.app.ClientID != "" {
		require.NoError(t, f.core.SaveAppCredentials(t.Context(), p, n.app.ClientID, n.app.ClientSecret))
	}
	accounts, err := f.core.ConnectAccount(t.Context(), p, n.opts)
	require.NoError(t, err, app.UserMessage(err))
	require.NotEmpty(t, accounts)
	require.Equal(t, model.AccountOK, accounts[0].Status)
	f.accounts[p] = accounts[0]
}

// ids returns the account ids of nets, in that order.
func (f *fleet) ids(nets ...model.Platform) []int64 {
	out := make([]int64, 0, len(nets))
	for _, p := range nets {
		out = append(out, f.accounts[p].ID)
	}
	return out
}

// tiktokOptions picks "only me", one of the privacy levels creator_info offers.
func (f *fleet) tiktokOptions(t *testing.T) model.TargetOptions {
	t.Helper()
	choices, err := f.core.PrivacyChoices(t.Context(), f.accounts[model.TikTok].ID)
	require.NoError(t, err, app.UserMessage(err))
	require.Contains(t, choices, tiktok.PrivacySelfOnly)
	return model.TargetOptions{Privacy: tiktok.PrivacySelfOnly}
}

// waitDeliveries waits for n events of kind, one per target, and fails on any other
// outcome. It returns them by platform.
func (f *fleet) waitDeliveries(t *testing.T, kind app.DeliveryKind, n int) map[model.Platform]app.DeliveryEvent {
	t.Helper()
	out := map[model.Platform]app.DeliveryEvent{}
	deadline := time.NewTimer(60 * time.Second)
	defer deadline.Stop()
	for len(out) < n {
		select {
		case e := <-f.events:
			require.Equal(t, kind, e.Kind, "%s: %s", e.Platform, e.Message)
			require.NotContains(t, out, e.Platform, "one event per target")
			out[e.Platform] = e
		case <-deadline.C:
			t.Fatalf("only %d of %d %s deliveries arrived: %v", len(out), n, kind, out)
		}
	}
	return out
}

// assertAllPublished checks that every target of the post is published with a permalink.
func (f *fleet) assertAllPublished(t *testing.T, postID int64, events map[model.Platform]app.DeliveryEvent) {
	t.Helper()
	post, err := f.core.GetPost(t.Context(), postID)
	require.NoError(t, err)
	require.Len(t, post.Targets, len(events))
	for _, tg := range post.Targets {
		assert.Equal(t, model.TargetPublished, tg.Status, "%s: %s", tg.Platform, tg.LastError)
		assert.NotEmpty(t, tg.PlatformPostID, tg.Platform)
		assert.Regexp(t, `^https?://[^/]+/.`, tg.Permalink, tg.Platform) // http: a Mastodon instance on 127.0.0.1
		assert.Equal(t, tg.Permalink, events[tg.Platform].Permalink, tg.Platform)
	}
	assert.Equal(t, model.PostPublished, post.Status)
}

// writeJPEG encodes a w×h picture as a JPEG in dir and returns its path and bytes.
func writeJPEG(t *testing.T, dir string, w, h int) (string, []byte) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(x*255/w), uint8(y*255/h), 96, 255
		}
	}
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}))
	path := filepath.Join(dir, "croissants.jpg")
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o600))
	return path, b.Bytes()
}

// TestCrossPostAnImageToEveryNetwork publishes one post with a JPEG and its alt text to
// an account on each of the eight networks at once. YouTube publishes videos only, so
// the composer's preflight refuses it there with a sentence saying so; the post then
// goes out through the engine to the seven others exactly once, Instagram and TikTok
// fetching the photo from the user's own S3 bucket, which is emptied afterwards.
func TestCrossPostAnImageToEveryNetwork(t *testing.T) {
	f := newFleet(t, nil, allNetworks...)
	jpg, data := writeJPEG(t, t.TempDir(), 1080, 1080)
	everywhere := app.Draft{Content: crossText, AccountIDs: f.ids(allNetworks...), MediaPaths: []string{jpg},
		AltTexts: map[string]string{jpg: crossAlt}, Options: map[int64]model.TargetOptions{f.accounts[model.TikTok].ID: f.tiktokOptions(t)}}

	problems := f.core.CheckDraft(everywhere, slices.Collect(maps.Values(f.accounts)))
	require.NotEmpty(t, problems, "YouTube publishes videos only")
	for _, p := range problems {
		assert.Contains(t, p, "YouTube", "the photo fits every other network")
		assert.Contains(t, p, "video")
	}
	scheduled := everywhere
	scheduled.ScheduledAt, scheduled.Zone = time.Now().Add(time.Hour), "UTC"
	_, err := f.core.CreatePost(t.Context(), scheduled)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "YouTube")

	draft, err := f.core.CreatePost(t.Context(), everywhere) // a draft keeps every account
	require.NoError(t, err)
	err = f.core.PublishNow(t.Context(), draft.ID)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "YouTube")

	seven := slices.DeleteFunc(slices.Clone(allNetworks), func(p model.Platform) bool { return p == model.YouTube })
	rest := everywhere
	rest.AccountIDs, rest.MediaPaths, rest.AltTexts, rest.MediaIDs = f.ids(seven...), nil, nil, draft.MediaIDs
	require.Empty(t, f.core.CheckDraft(rest, accountsOf(f, seven)))
	post, err := f.core.UpdatePost(t.Context(), draft.ID, rest)
	require.NoError(t, err, app.UserMessage(err))
	require.NoError(t, f.core.PublishNow(t.Context(), post.ID))
	events := f.waitDeliveries(t, app.DeliveryPublished, len(seven))
	f.assertAllPublished(t, post.ID, events)

	f.assertImagePosts(t, data)
	f.assertBucketEmptied(t)

	err = f.core.PublishNow(t.Context(), post.ID)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "nothing left to publish")
	f.assertImagePosts(t, data) // still exactly one everywhere
	assert.Empty(t, f.events, "no delivery after the second Publish now")
}

func accountsOf(f *fleet, nets []model.Platform) []model.Account {
	out := make([]model.Account, 0, len(nets))
	for _, p := range nets {
		out = append(out, f.accounts[p])
	}
	return out
}

// assertImagePosts checks that each fake holds exactly one post carrying the photo (its
// bytes where the fake keeps them) and its alt text where the network takes one.
func (f *fleet) assertImagePosts(t *testing.T, jpg []byte) {
	t.Helper()
	f.assertXImage(t)
	f.assertBlueskyImage(t, len(jpg))
	f.assertMastodonImage(t, len(jpg))

	li := f.linkedin.Posts()
	if assert.Len(t, li, 1, "LinkedIn") {
		assert.Equal(t, crossText, li[0].Commentary)
		assert.Equal(t, crossAlt, li[0].AltText)
		assert.Equal(t, jpg, f.linkedin.ImageData(li[0].MediaID), "LinkedIn received the photo's bytes")
	}
	fb := f.facebook.Posts("p1")
	if assert.Len(t, fb, 1, "Facebook") {
		assert.Equal(t, crossText, fb[0].Message)
		assert.Len(t, fb[0].Photos, 1)
	}
	ig := f.instagram.Published(instagramIGUser)
	if assert.Len(t, ig, 1, "Instagram") {
		assert.Equal(t, "IMAGE", ig[0].MediaType)
		assert.Equal(t, crossText, ig[0].Caption)
		assert.Equal(t, crossAlt, ig[0].AltText)
	}
	containers := f.instagram.Containers(instagramIGUser)
	if assert.Len(t, containers, 1, "one Instagram container") {
		assert.True(t, strings.HasPrefix(containers[0].ImageURL, f.s3.sharedPrefix()), "fetched from the user's bucket")
	}
	tt := f.tiktok.Publishes()
	if assert.Len(t, tt, 1, "TikTok") {
		assert.Equal(t, "PHOTO", tt[0].MediaType)
		assert.Equal(t, "DIRECT_POST", tt[0].Mode)
		assert.Equal(t, tiktok.PrivacySelfOnly, tt[0].PrivacyLevel)
		assert.Equal(t, crossText, tt[0].Description)
		assert.True(t, tt[0].Published)
		if assert.Len(t, tt[0].PhotoURLs, 1) {
			assert.True(t, strings.HasPrefix(tt[0].PhotoURLs[0], f.s3.sharedPrefix()), "pulled from the user's bucket")
		}
	}
	assert.Empty(t, f.youtube.Videos(), "nothing went to YouTube")
}

func (f *fleet) assertXImage(t *testing.T) {
	t.Helper()
	tweets := f.x.Tweets("alice")
	if assert.Len(t, tweets, 1, "X") {
		assert.Equal(t, crossText, tweets[0].Text)
		if assert.Len(t, tweets[0].MediaIDs, 1) {
			assert.Equal(t, crossAlt, f.x.AltText(tweets[0].MediaIDs[0]), "alt text through media metadata")
		}
	}
}

// blueskyPost is the part of an app.bsky.feed.post record the test reads.
type blueskyPost struct {
	Text   string            `json:"text"`
	Facets []json.RawMessage `json:"facets"`
	Embed  struct {
		Type   string `json:"$type"`
		Images []struct {
			Alt   string `json:"alt"`
			Image struct {
				MimeType string `json:"mimeType"`
				Size     int    `json:"size"`
			} `json:"image"`
		} `json:"images"`
	} `json:"embed"`
}

func (f *fleet) assertBlueskyImage(t *testing.T, size int) {
	t.Helper()
	acct := f.accounts[model.Bluesky]
	require.Equal(t, 1, f.bluesky.Records(acct.RemoteID, bluesky.PostCollection), "Bluesky")
	var rkey string
	for _, tg := range f.targetsOn(t, model.Bluesky) {
		rkey = tg.PlatformPostID[strings.LastIndex(tg.PlatformPostID, "/")+1:]
	}
	raw, ok := f.bluesky.Record(acct.RemoteID, bluesky.PostCollection, rkey)
	require.True(t, ok, "the record named by the target")
	var rec blueskyPost
	require.NoError(t, json.Unmarshal(raw, &rec))
	assert.Equal(t, crossText, rec.Text)
	assert.Len(t, rec.Facets, 2, "a link and a hashtag")
	assert.Equal(t, "app.bsky.embed.images", rec.Embed.Type)
	if assert.Len(t, rec.Embed.Images, 1) {
		assert.Equal(t, crossAlt, rec.Embed.Images[0].Alt)
		assert.Equal(t, "image/jpeg", rec.Embed.Images[0].Image.MimeType)
		assert.Equal(t, size, rec.Embed.Images[0].Image.Size, "the uploaded blob is the photo")
	}
}

// targetsOn returns the published targets on network p of every post.
func (f *fleet) targetsOn(t *testing.T, p model.Platform) []model.Target {
	t.Helper()
	posts, err := f.core.ListPosts(t.Context(), model.PostFilter{})
	require.NoError(t, err)
	var out []model.Target
	for _, post := range posts {
		for _, tg := range post.Targets {
			if tg.Platform == p && tg.Status == model.TargetPublished {
				out = append(out, tg)
			}
		}
	}
	return out
}

func (f *fleet) assertMastodonImage(t *testing.T, size int) {
	t.Helper()
	statuses := f.mastodon.Statuses()
	if !assert.Len(t, statuses, 1, "Mastodon") || !assert.Len(t, statuses[0].MediaIDs, 1) {
		return
	}
	assert.Equal(t, crossText, statuses[0].Text)
	i := slices.IndexFunc(f.mastodon.MediaAttachments(), func(m mastodonfake.Media) bool { return m.ID == statuses[0].MediaIDs[0] })
	require.GreaterOrEqual(t, i, 0)
	m := f.mastodon.MediaAttachments()[i]
	assert.Equal(t, crossAlt, m.Description)
	assert.Equal(t, "image/jpeg", m.Mime)
	assert.Equal(t, int64(size), m.Size)
}

// assertBucketEmptied checks that Instagram and TikTok each had the photo shared through
// the bucket (Instagram fetched it) and that both copies were deleted once published.
func (f *fleet) assertBucketEmptied(t *testing.T) {
	t.Helper()
	puts := f.s3.keys(http.MethodPut)
	assert.Len(t, puts, 2, "one shared copy for Instagram, one for TikTok")
	assert.ElementsMatch(t, puts, f.s3.keys(http.MethodDelete), "every shared copy deleted")
	assert.NotEmpty(t, f.s3.keys(http.MethodGet), "Instagram fetched its copy")
	assert.Empty(t, f.s3.objects(t), "the bucket is left empty")
}

// TestCrossPostAVideo publishes one short MP4 to YouTube (title and privacy), Facebook,
// LinkedIn, X and TikTok at once through the engine: each receives the file by its own
// upload protocol (no media host involved) and holds exactly one video post.
func TestCrossPostAVideo(t *testing.T) {
	nets := []model.Platform{model.YouTube, model.Facebook, model.LinkedIn, model.X, model.TikTok}
	f := newFleet(t, nil, nets...)
	path, data := writeMP4(t, t.TempDir(), 1280, 720, 3500)
	yt := model.TargetOptions{Title: "How we fold croissants", Privacy: "unlisted"}
	d := app.Draft{Content: crossText, AccountIDs: f.ids(nets...), MediaPaths: []string{path},
		Options: map[int64]model.TargetOptions{f.accounts[model.YouTube].ID: yt, f.accounts[model.TikTok].ID: f.tiktokOptions(t)}}
	require.Empty(t, f.core.CheckDraft(d, accountsOf(f, nets)))

	post, err := f.core.CreatePost(t.Context(), d)
	require.NoError(t, err)
	require.NoError(t, f.core.PublishNow(t.Context(), post.ID))
	events := f.waitDeliveries(t, app.DeliveryPublished, len(nets))
	f.assertAllPublished(t, post.ID, events)

	videos := f.youtube.Videos()
	if assert.Len(t, videos, 1, "YouTube") {
		assert.Equal(t, yt.Title, videos[0].Title)
		assert.Equal(t, yt.Privacy, videos[0].Privacy)
		assert.Equal(t, crossText, videos[0].Description)
		assert.Equal(t, data, videos[0].Data)
	}
	fbVideos := f.facebook.Videos("p1")
	if assert.Len(t, fbVideos, 1, "Facebook") {
		assert.True(t, fbVideos[0].Published)
		assert.Equal(t, data, fbVideos[0].Data)
	}
	li := f.linkedin.Posts()
	if assert.Len(t, li, 1, "LinkedIn") {
		assert.Equal(t, data, f.linkedin.VideoData(li[0].MediaID))
	}
	tweets := f.x.Tweets("alice")
	if assert.Len(t, tweets, 1, "X") {
		assert.Len(t, tweets[0].MediaIDs, 1)
	}
	tt := f.tiktok.Publishes()
	if assert.Len(t, tt, 1, "TikTok") {
		assert.Equal(t, "VIDEO", tt[0].MediaType)
		assert.Equal(t, "FILE_UPLOAD", tt[0].Source)
		assert.Equal(t, data, tt[0].Data)
		assert.True(t, tt[0].Published)
	}
	assert.Empty(t, f.s3.keys(http.MethodPut), "videos are uploaded, never shared through the bucket")
}

// TestNativeScheduleOnFacebookThenConfirm hands a post scheduled two hours ahead to
// Facebook at once (scheduled_publish_time), then, once the clock has passed its time,
// confirms that Facebook published it. A second handed-over post is cancelled and
// withdrawn from Facebook.
func TestNativeScheduleOnFacebookThenConfirm(t *testing.T) {
	clock := fakekit.NewClock(time.Now().Truncate(time.Second))
	f := newFleet(t, clock, model.Facebook)
	fbID := f.accounts[model.Facebook].ID
	native := map[int64]model.TargetOptions{fbID: {Native: true}}
	at := clock.Now().Add(2 * time.Hour)

	post, err := f.core.CreatePost(t.Context(), app.Draft{Content: "Street party on Friday, open until midnight",
		AccountIDs: []int64{fbID}, Options: native, ScheduledAt: at, Zone: "UTC"})
	require.NoError(t, err, app.UserMessage(err))
	handed := f.waitDeliveries(t, app.DeliveryHandedOver, 1)[model.Facebook]
	assert.Equal(t, post.ID, handed.PostID)
	assert.Contains(t, handed.Message, "Facebook will publish it")
	target := f.onlyTarget(t, post.ID)
	assert.Equal(t, model.TargetPending, target.Status, "waiting for Facebook to publish it")
	require.NotEmpty(t, target.PlatformPostID)
	fb := f.facebook.Posts("p1")
	require.Len(t, fb, 1)
	assert.Equal(t, target.PlatformPostID, fb[0].ID)
	assert.False(t, fb[0].Published)
	assert.True(t, at.Equal(fb[0].ScheduledAt), "scheduled_publish_time %s", fb[0].ScheduledAt)

	later, err := f.core.CreatePost(t.Context(), app.Draft{Content: "Closed on Monday for the holiday",
		AccountIDs: []int64{fbID}, Options: native, ScheduledAt: at.Add(time.Hour), Zone: "UTC"})
	require.NoError(t, err, app.UserMessage(err))
	f.waitDeliveries(t, app.DeliveryHandedOver, 1)
	require.Len(t, f.facebook.Posts("p1"), 2)
	require.NoError(t, f.core.CancelPost(t.Context(), later.ID))
	fb = f.facebook.Posts("p1")
	require.Len(t, fb, 1, "the cancelled post was withdrawn from Facebook")
	assert.Equal(t, target.PlatformPostID, fb[0].ID)
	assert.Equal(t, model.TargetCancelled, f.onlyTarget(t, later.ID).Status)

	clock.Advance(2*time.Hour + 2*time.Minute) // past the time and the engine's confirmation delay
	published := f.waitDeliveries(t, app.DeliveryPublished, 1)[model.Facebook]
	assert.Equal(t, post.ID, published.PostID)
	target = f.onlyTarget(t, post.ID)
	assert.Equal(t, model.TargetPublished, target.Status)
	assert.NotEmpty(t, target.Permalink)
	assert.Equal(t, target.Permalink, published.Permalink)
	fb = f.facebook.Posts("p1")
	require.Len(t, fb, 1, "confirmed, not published a second time")
	assert.True(t, fb[0].Published)
}

func (f *fleet) onlyTarget(t *testing.T, postID int64) model.Target {
	t.Helper()
	post, err := f.core.GetPost(t.Context(), postID)
	require.NoError(t, err)
	require.Len(t, post.Targets, 1)
	return post.Targets[0]
}

// TestDeleteEverywhere cross-posts a photo to X, Bluesky and TikTok, then deletes the
// post everywhere: X and Bluesky remove it; TikTok has no API for it, and the summary
// tells the user to delete it in the TikTok app.
func TestDeleteEverywhere(t *testing.T) {
	nets := []model.Platform{model.X, model.Bluesky, model.TikTok}
	f := newFleet(t, nil, nets...)
	jpg, _ := writeJPEG(t, t.TempDir(), 1080, 1080)
	post, err := f.core.CreatePost(t.Context(), app.Draft{Content: crossText, AccountIDs: f.ids(nets...),
		MediaPaths: []string{jpg}, AltTexts: map[string]string{jpg: crossAlt},
		Options: map[int64]model.TargetOptions{f.accounts[model.TikTok].ID: f.tiktokOptions(t)}})
	require.NoError(t, err)
	require.NoError(t, f.core.PublishNow(t.Context(), post.ID))
	f.assertAllPublished(t, post.ID, f.waitDeliveries(t, app.DeliveryPublished, len(nets)))
	did := f.accounts[model.Bluesky].RemoteID
	require.Equal(t, 1, f.bluesky.Records(did, bluesky.PostCollection))

	res, err := f.core.DeletePostEverywhere(t.Context(), post.ID)
	require.NoError(t, err, app.UserMessage(err))
	assert.ElementsMatch(t, []string{"X", "Bluesky"}, res.Deleted)
	require.Len(t, res.Manual, 1)
	assert.Contains(t, res.Manual[0], "TikTok app")
	summary := res.Summary()
	assert.Equal(t, "Deleted from X and Bluesky. TikTok does not let apps delete posts; delete it in the TikTok app.", summary)

	tweets := f.x.Tweets("alice")
	require.Len(t, tweets, 1)
	assert.True(t, tweets[0].Deleted, "deleted on X")
	assert.Zero(t, f.bluesky.Records(did, bluesky.PostCollection), "deleted on Bluesky")
	assert.Len(t, f.tiktok.Publishes(), 1, "TikTok keeps it until the user deletes it in the app")
	_, err = f.core.GetPost(t.Context(), post.ID)
	assert.ErrorIs(t, err, model.ErrNotFound, "gone from Webox Social")
}

// writeMP4 writes a small valid MP4 (ftyp, moov with one avc1 video track of w×h lasting
// durationMS, and an mdat padded past LinkedIn's 75 KB minimum) in dir, with go-mp4's
// writer as services/mediainfo's tests do, and returns its path and bytes.
func writeMP4(t *testing.T, dir string, w, h int, durationMS uint32) (string, []byte) {
	t.Helper()
	path := filepath.Join(dir, "folding.mp4")
	file, err := os.Create(path)
	require.NoError(t, err)
	bw := &boxWriter{t: t, w: mp4.NewWriter(file)}
	brand := [4]byte([]byte("isom"))
	bw.leaf(&mp4.Ftyp{MajorBrand: brand, CompatibleBrands: []mp4.CompatibleBrandElem{{CompatibleBrand: brand}}})
	bw.start(mp4.BoxTypeMoov())
	bw.leaf(&mp4.Mvhd{Timescale: 1000, DurationV0: durationMS, Rate: 0x10000, Volume: 0x100, Matrix: identityMatrix, NextTrackID: 2})
	bw.videoTrak(w, h, durationMS)
	bw.end()
	bw.start(mp4.BoxTypeMdat())
	_, err = bw.w.Write(bytes.Repeat([]byte{0, 0, 0, 1, 0x65}, 24_000))
	require.NoError(t, err)
	bw.end()
	require.NoError(t, file.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return path, data
}

var identityMatrix = [9]int32{0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000}

type boxWriter struct {
	t *testing.T
	w *mp4.Writer
}

func (b *boxWriter) start(typ mp4.BoxType) {
	_, err := b.w.StartBox(&mp4.BoxInfo{Type: typ})
	require.NoError(b.t, err)
}

func (b *boxWriter) end() {
	_, err := b.w.EndBox()
	require.NoError(b.t, err)
}

func (b *boxWriter) leaf(box mp4.IImmutableBox) {
	b.start(box.GetType())
	_, err := mp4.Marshal(b.w, box, mp4.Context{})
	require.NoError(b.t, err)
	b.end()
}

// videoTrak writes trak/tkhd and mdia (mdhd, hdlr, minf/stbl/stsd with one avc1 entry).
func (b *boxWriter) videoTrak(w, h int, durationMS uint32) {
	b.start(mp4.BoxTypeTrak())
	tkhd := &mp4.Tkhd{TrackID: 1, DurationV0: durationMS, Matrix: identityMatrix, Width: uint32(w) << 16, Height: uint32(h) << 16}
	tkhd.SetFlags(0x000003)
	b.leaf(tkhd)
	b.start(mp4.BoxTypeMdia())
	b.leaf(&mp4.Mdhd{Timescale: 90000, DurationV0: durationMS * 90, Language: [3]byte{'u' - 0x60, 'n' - 0x60, 'd' - 0x60}})
	b.leaf(&mp4.Hdlr{HandlerType: [4]byte([]byte("vide")), Name: "video"})
	b.start(mp4.BoxTypeMinf())
	b.start(mp4.BoxTypeStbl())
	b.start(mp4.BoxTypeStsd())
	_, err := mp4.Marshal(b.w, &mp4.Stsd{EntryCount: 1}, mp4.Context{})
	require.NoError(b.t, err)
	b.leaf(&mp4.VisualSampleEntry{
		SampleEntry: mp4.SampleEntry{AnyTypeBox: mp4.AnyTypeBox{Type: mp4.StrToBoxType("avc1")}, DataReferenceIndex: 1},
		Width:       uint16(w), Height: uint16(h),
		Horizresolution: 0x480000, Vertresolution: 0x480000, FrameCount: 1, Depth: 0x18, PreDefined3: -1,
	})
	for range 5 { // stsd, stbl, minf, mdia, trak
		b.end()
	}
}

// TestCollectStatisticsFromEveryNetwork cross-posts an image, then collects statistics
// through every connector against its strict fake: the networks whose sign-in carries the
// statistics scopes are read; a LinkedIn member (r_member_postAnalytics is restricted) and
// TikTok (no video.list at sign-in) are counted as failed with a sentence naming the
// permission, never as zeros.
func TestCollectStatisticsFromEveryNetwork(t *testing.T) {
	imageNetworks := slices.DeleteFunc(slices.Clone(allNetworks), func(p model.Platform) bool { return p == model.YouTube })
	f := newFleet(t, nil, imageNetworks...)
	jpg, _ := writeJPEG(t, t.TempDir(), 1080, 1080)
	post, err := f.core.CreatePost(t.Context(), app.Draft{Content: crossText, AccountIDs: f.ids(imageNetworks...),
		MediaPaths: []string{jpg}, Options: map[int64]model.TargetOptions{f.accounts[model.TikTok].ID: f.tiktokOptions(t)}})
	require.NoError(t, err, app.UserMessage(err))
	require.NoError(t, f.core.PublishNow(t.Context(), post.ID))
	f.waitDeliveries(t, app.DeliveryPublished, len(imageNetworks))

	sum, err := f.core.RefreshStats(t.Context(), 0)
	require.Error(t, err)
	assert.Equal(t, len(imageNetworks)-2, sum.Accounts, "Mastodon, X, Bluesky, Facebook and Instagram were read")
	assert.Equal(t, len(imageNetworks)-2, sum.Posts)
	assert.Equal(t, 2, sum.Failed)
	assert.Contains(t, err.Error(), "r_member_postAnalytics")
	assert.Contains(t, err.Error(), "video.list")
	o, err := f.core.StatsOverview(t.Context(), app.StatsPeriod{From: time.Now().Add(-time.Hour), To: time.Now().Add(time.Hour)}, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(len(imageNetworks)), int64(o.Posts), "every published target is counted")
}
