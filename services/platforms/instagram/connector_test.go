package instagram_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
	"webox-social/services/platforms/facebook/facebookfake"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/instagram"
	"webox-social/services/platforms/instagram/instagramfake"
)

const (
	igUser = "17841400000000001" // the Instagram Login account
	fbIG   = "17841400000000011" // the account linked to Page p1 (Facebook Login)
)

// files serves test media over HTTP, as a public media host or the user's own URLs would.
type files struct {
	srv *httptest.Server

	mu        sync.Mutex
	data      map[string][]byte
	removed   []string
	removeErr error
}

func newFiles(t *testing.T) *files {
	f := &files{data: map[string][]byte{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		b, ok := f.data[r.URL.Path]
		f.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// put serves b at path and returns its URL.
func (f *files) put(path string, b []byte) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.data[path] = b
	return f.srv.URL + path
}

// Share implements platforms.MediaHost: it serves the file under a fresh path until removed.
func (f *files) Share(_ context.Context, m platforms.MediaFile) (string, func(context.Context) error, error) {
	b, err := os.ReadFile(m.Path)
	if err != nil {
		return "", nil, err
	}
	f.mu.Lock()
	path := "/shared/" + strconv.Itoa(len(f.data)) + "/" + filepath.Base(m.Path)
	f.mu.Unlock()
	u := f.put(path, b)
	return u, func(context.Context) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.data, path)
		f.removed = append(f.removed, path)
		return f.removeErr
	}, nil
}

func (f *files) removedCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.removed)
}

type pubEnv struct {
	fake      *instagramfake.Server
	clk       *fakekit.Clock
	files     *files
	igToken   string
	pageToken string
	dir       string
}

func newPubEnv(t *testing.T, opts instagramfake.Options) *pubEnv {
	t.Helper()
	clk := fakekit.NewClock(time.Now().UTC().Truncate(time.Second))
	opts.Now = clk.Now
	fake := instagramfake.New(opts)
	t.Cleanup(fake.Close)
	fake.SetPollsUntilFinished(2)
	fake.AddUser(instagramfake.User{ID: "app-scoped-1", UserID: igUser, Username: "bakery"})
	fake.FB.AddUser(facebookfake.User{ID: "u1", Name: "Ada"},
		facebookfake.Page{ID: "p1", Name: "Bakery Page", Instagram: &facebookfake.InstagramAccount{ID: fbIG, Username: "bakery2"}})
	return &pubEnv{
		fake: fake, clk: clk, files: newFiles(t), dir: t.TempDir(),
		igToken:   fake.IssueToken("app-scoped-1", "ig-app", instagram.LoginScopes...),
		pageToken: fake.FB.IssuePageToken("u1", "ig-app", "p1", append(instagram.FacebookScopes, "instagram_manage_contents")...),
	}
}

func (e *pubEnv) connector(opts ...instagram.Option) *instagram.Connector {
	base := []instagram.Option{
		instagram.WithEndpoints(instagram.Endpoints{GraphURL: e.fake.GraphURL(), Facebook: facebook.Endpoints{GraphURL: e.fake.FBGraphURL()}}),
		instagram.WithPollInterval(0), instagram.WithClock(e.clk.Now), instagram.WithMediaHost(e.files),
	}
	return instagram.NewConnector(http.DefaultClient, append(base, opts...)...)
}

// jpegFile writes a 1x1 JPEG.
func (e *pubEnv) jpegFile(t *testing.T, name, alt string) platforms.MediaFile {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 1, 1)), nil))
	p := filepath.Join(e.dir, name)
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o600))
	return platforms.MediaFile{Path: p, Mime: "image/jpeg", AltText: alt, Width: 1, Height: 1, Size: int64(buf.Len())}
}

// videoFile writes a stand-in "MP4" of a few bytes.
func (e *pubEnv) videoFile(t *testing.T, name string) platforms.MediaFile {
	t.Helper()
	p := filepath.Join(e.dir, name)
	require.NoError(t, os.WriteFile(p, []byte("\x00\x00\x00\x18ftypmp42 fake video"), 0o600))
	return platforms.MediaFile{Path: p, Mime: "video/mp4", Size: 24, DurationMS: 5000}
}

func (e *pubEnv) igReq(key, text string, media ...platforms.MediaFile) platforms.Request {
	return platforms.Request{
		Account: model.Account{ID: 1, Platform: model.Instagram, RemoteID: igUser, Scopes: instagram.LoginScopes},
		Token:   e.igToken, Text: text, Media: media, AttemptKey: key, StartedAt: e.clk.Now(),
	}
}

func (e *pubEnv) fbReq(key, text string, media ...platforms.MediaFile) platforms.Request {
	r := e.igReq(key, text, media...)
	r.Account.RemoteID, r.Account.Scopes, r.Token = fbIG, append(instagram.FacebookScopes, "instagram_manage_contents"), e.pageToken
	return r
}

func TestPublishImageWithAltText(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	res, err := e.connector().Publish(t.Context(), e.igReq("k1", "Fresh bread #bakery @friend", e.jpegFile(t, "a.jpg", "A loaf on a table")))
	require.NoError(t, err)
	pub := e.fake.Published(igUser)
	require.Len(t, pub, 1)
	assert.Equal(t, pub[0].ID, res.PlatformPostID)
	assert.Equal(t, pub[0].Permalink, res.Permalink)
	assert.Contains(t, res.Permalink, "https://www.instagram.com/p/")
	assert.Equal(t, "Fresh bread #bakery @friend", pub[0].Caption)
	assert.Equal(t, "A loaf on a table", pub[0].AltText)
	assert.Equal(t, "IMAGE", pub[0].MediaType)
	assert.Equal(t, e.clk.Now(), res.PublishedAt)
	assert.Equal(t, 1, e.files.removedCount(), "the shared file is removed after publishing")
	assert.Equal(t, 1, e.fake.Calls("limit"), "the live publishing limit is read first")
}

func TestPublishThroughFacebookLoginHost(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()
	res, err := c.Publish(t.Context(), e.fbReq("k1", "Via the Page", e.jpegFile(t, "a.jpg", "")))
	require.NoError(t, err)
	require.Len(t, e.fake.Published(fbIG), 1)
	assert.Equal(t, res.PlatformPostID, e.fake.Published(fbIG)[0].ID)

	// The Page token is refused by graph.instagram.com: the right host was used.
	r := e.fbReq("k2", "Wrong host", e.jpegFile(t, "b.jpg", ""))
	r.Account.Scopes = nil
	r.Token = "IG" + r.Token
	_, err = c.Publish(t.Context(), r)
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
}

func TestPublishCarouselOfImagesAndVideo(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	media := []platforms.MediaFile{e.jpegFile(t, "1.jpg", "first"), e.videoFile(t, "2.mp4"), e.jpegFile(t, "3.jpg", "")}
	res, err := e.connector().Publish(t.Context(), e.igReq("k1", "Three things", media...))
	require.NoError(t, err)
	pub := e.fake.Published(igUser)
	require.Len(t, pub, 1)
	assert.Equal(t, "CAROUSEL_ALBUM", pub[0].MediaType)
	assert.Len(t, pub[0].Children, 3)
	assert.Equal(t, res.PlatformPostID, pub[0].ID)
	cs := e.fake.Containers(igUser)
	require.Len(t, cs, 4)
	for _, ch := range cs[:3] {
		assert.True(t, ch.CarouselItem)
		assert.Empty(t, ch.Caption)
	}
	assert.Equal(t, "VIDEO", cs[1].MediaType)
	assert.Equal(t, "first", cs[0].AltText)
	assert.Equal(t, "CAROUSEL", cs[3].MediaType)
	assert.Equal(t, "Three things", cs[3].Caption)
	assert.Equal(t, 3, e.files.removedCount())
}

func TestPublishFormats(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()

	_, err := c.Publish(t.Context(), e.igReq("reel", "A reel", e.videoFile(t, "r.mp4")))
	require.NoError(t, err)

	story := e.igReq("story", "not shown on stories", e.jpegFile(t, "s.jpg", "alt"))
	story.Options.Format = "story"
	res, err := c.Publish(t.Context(), story)
	require.NoError(t, err)
	assert.Contains(t, res.Permalink, "/stories/")

	pub := e.fake.Published(igUser)
	require.Len(t, pub, 2)
	assert.Equal(t, "REELS", pub[0].ProductType)
	assert.Equal(t, "A reel", pub[0].Caption)
	assert.Equal(t, "STORY", pub[1].ProductType)
	assert.Empty(t, pub[1].Caption, "stories carry no caption")
	cs := e.fake.Containers(igUser)
	assert.Equal(t, "REELS", cs[0].MediaType)
	assert.Equal(t, "STORIES", cs[1].MediaType)
	assert.Empty(t, cs[1].AltText)
}

func TestPublishRefusesWhatInstagramCannotTake(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	png := e.jpegFile(t, "p.png", "")
	png.Mime = "image/png"
	many := make([]platforms.MediaFile, 11)
	for i := range many {
		many[i] = e.jpegFile(t, strconv.Itoa(i)+".jpg", "")
	}
	tests := []struct {
		name   string
		format string
		media  []platforms.MediaFile
		want   string
	}{
		{"no media", "", nil, "need an image or a video"},
		{"png", "", []platforms.MediaFile{png}, "only takes JPEG"},
		{"eleven", "", many, "at most 10"},
		{"reel of an image", "reel", []platforms.MediaFile{e.jpegFile(t, "r.jpg", "")}, "one video"},
		{"story of two", "story", many[:2], "one image or one video"},
		{"unknown format", "live", many[:1], `no "live" format`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.igReq("k", "x", tc.media...)
			r.Options.Format = tc.format
			_, err := e.connector().Publish(t.Context(), r)
			pe := asPlatformError(t, err)
			assert.Equal(t, platforms.Permanent, pe.Kind)
			assert.Contains(t, pe.Message, tc.want)
		})
	}
	assert.Zero(t, e.fake.Calls("media"), "nothing reached Instagram")
}

func TestPublishWithoutMediaHost(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector(instagram.WithMediaHost(nil))
	_, err := c.Publish(t.Context(), e.igReq("k1", "no host", e.jpegFile(t, "a.jpg", "")))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.ErrorIs(t, err, platforms.ErrNoMediaHost)
	assert.Equal(t, "Instagram fetches images and videos from a public address, so set up a media host in Settings or give the file's public URL.", pe.Message)

	// A public URL given by the user needs no host.
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 2, 2)), nil))
	r := e.igReq("k2", "own URL", e.jpegFile(t, "b.jpg", ""))
	r.Options.MediaURLs = []string{e.files.put("/mine/b.jpg", buf.Bytes())}
	_, err = c.Publish(t.Context(), r)
	require.NoError(t, err)
	assert.Equal(t, r.Options.MediaURLs[0], e.fake.Containers(igUser)[0].ImageURL)

	r.Options.MediaURLs = []string{"file:///tmp/b.jpg"}
	_, err = c.Publish(t.Context(), r)
	assert.Contains(t, asPlatformError(t, err).Message, "not an http(s) address")
}

func TestPublishWhenQuotaUsedUp(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{PublishQuota: 3})
	e.fake.UseQuota(igUser, 3)
	_, err := e.connector().Publish(t.Context(), e.igReq("k1", "too many", e.jpegFile(t, "a.jpg", "")))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.ErrorIs(t, err, model.ErrRateLimited)
	assert.Equal(t, e.clk.Now().Add(time.Hour), pe.RetryAt)
	assert.Contains(t, pe.Message, "published 3 of the 3 posts Instagram allows through its API in 24 hours")
	assert.Zero(t, e.fake.Calls("media"), "no container is made")
	assert.Zero(t, e.files.removedCount(), "nothing was shared")
}

func TestPublishQuotaEnforcedAtPublish(t *testing.T) {
	// The limit read shows room, but another app publishes in between: media_publish
	// answers code 9 / 2207042.
	e := newPubEnv(t, instagramfake.Options{PublishQuota: 1})
	e.fake.SetPollsUntilFinished(0)
	c := e.connector()
	e.fake.LoseNextResponse("limit") // the limit read fails: publishing goes on
	e.fake.UseQuota(igUser, 1)
	_, err := c.Publish(t.Context(), e.igReq("k1", "late", e.jpegFile(t, "a.jpg", "")))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.Equal(t, "9/2207042", pe.Code)
	assert.False(t, pe.RetryAt.IsZero())
	assert.Contains(t, pe.Message, "Max publish limit reached")
	assert.Empty(t, e.fake.Published(igUser))
}

func TestContainerErrorIsPermanent(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	e.fake.FailNextContainer(2207026)
	c := e.connector()
	_, err := c.Publish(t.Context(), e.igReq("k1", "bad video", e.videoFile(t, "v.mp4")))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "Instagram could not process the media: Error: Media upload has failed with error code 2207026.", pe.Message)
	assert.Equal(t, 1, e.files.removedCount(), "removed after a permanent failure")
	assert.Empty(t, e.fake.Published(igUser))

	// The attempt is forgotten: a retry makes a new container.
	_, err = c.Publish(t.Context(), e.igReq("k1", "bad video", e.videoFile(t, "v.mp4")))
	require.NoError(t, err)
	assert.Len(t, e.fake.Containers(igUser), 2)
}

func TestPublishErrorMapping(t *testing.T) {
	tests := []struct {
		name  string
		opts  instagramfake.Options
		setup func(e *pubEnv, r *platforms.Request)
		kind  platforms.Kind
		want  string
	}{
		{"expired token", instagramfake.Options{}, func(e *pubEnv, _ *platforms.Request) { e.fake.ExpireToken(e.igToken) },
			platforms.Auth, "Session has expired"},
		{"no publish permission", instagramfake.Options{}, func(e *pubEnv, r *platforms.Request) {
			r.Token = e.fake.IssueToken("app-scoped-1", "ig-app", "instagram_business_basic")
		}, platforms.Permanent, "without the instagram_business_content_publish permission"},
		{"facebook permission", instagramfake.Options{}, func(e *pubEnv, r *platforms.Request) {
			*r = e.fbReq("k", "x", r.Media...)
			r.Token = e.fake.FB.IssuePageToken("u1", "ig-app", "p1", "instagram_basic", "pages_show_list")
		}, platforms.Permanent, "without the instagram_content_publish permission"},
		{"caption too long", instagramfake.Options{}, func(_ *pubEnv, r *platforms.Request) { r.Text = strings.Repeat("a", 2201) },
			platforms.Permanent, "Caption too long"},
		{"throttled", instagramfake.Options{CallsPerHour: 1, ThrottleCode: 17}, nil,
			platforms.Transient, "(#17) User request limit reached"},
		{"image not fetchable", instagramfake.Options{}, func(e *pubEnv, r *platforms.Request) {
			r.Options.MediaURLs = []string{e.files.srv.URL + "/missing.jpg"}
		}, platforms.Permanent, "Media download has failed."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newPubEnv(t, tc.opts)
			r := e.igReq("k", "x", e.jpegFile(t, "a.jpg", ""))
			if tc.setup != nil {
				tc.setup(e, &r)
			}
			_, err := e.connector().Publish(t.Context(), r)
			pe := asPlatformError(t, err)
			assert.Equal(t, tc.kind, pe.Kind, pe.Message)
			assert.Contains(t, pe.Message, tc.want)
			assert.NotContains(t, pe.Error(), r.Token)
			if tc.kind == platforms.Transient {
				assert.False(t, pe.RetryAt.IsZero(), "RetryAt from X-Business-Use-Case-Usage")
			}
		})
	}
}

// TestKilledMidFlight: media_publish is applied but its answer is lost. Reconcile (in
// the same process, and after a restart) finds the one post, and a retry never makes a
// second one.
func TestKilledMidFlight(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()
	req := e.igReq("k1", "Exactly once #bread", e.jpegFile(t, "a.jpg", ""))
	e.fake.LoseNextResponse("media_publish")
	_, err := c.Publish(t.Context(), req)
	pe := asPlatformError(t, err)
	assert.True(t, pe.Uncertain)
	assert.Equal(t, platforms.Transient, pe.Kind)
	require.Len(t, e.fake.Published(igUser), 1, "the fake applied it")
	want := e.fake.Published(igUser)[0]
	assert.Zero(t, e.files.removedCount(), "kept until the outcome is known")

	// After a restart (a new connector, no container known): read-back by caption.
	res, found, err := e.connector().Reconcile(t.Context(), req)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, want.ID, res.PlatformPostID)
	assert.Equal(t, want.Permalink, res.Permalink)

	// In the same process: the container is PUBLISHED, so a retry publishes nothing new.
	res, err = c.Publish(t.Context(), req)
	require.NoError(t, err)
	assert.Equal(t, want.ID, res.PlatformPostID)
	assert.Len(t, e.fake.Published(igUser), 1, "no second media")
	assert.Len(t, e.fake.Containers(igUser), 1, "no second container")
	assert.Equal(t, 1, e.fake.Calls("media_publish"))
	assert.Equal(t, 1, e.files.removedCount())
}

func TestReconcileInSameProcess(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()
	req := e.igReq("k1", "caption", e.jpegFile(t, "a.jpg", ""))
	e.fake.LoseNextResponse("media_publish")
	_, err := c.Publish(t.Context(), req)
	require.Error(t, err)
	res, found, err := c.Reconcile(t.Context(), req)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, e.fake.Published(igUser)[0].ID, res.PlatformPostID)
	assert.Equal(t, 1, e.files.removedCount(), "settled: shared media removed")
}

// failFirst fails the first request that match selects, as a timeout would.
type failFirst struct {
	mu    sync.Mutex
	done  bool
	match func(*http.Request) bool
}

func (f *failFirst) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	fail := !f.done && f.match(r)
	f.done = f.done || fail
	f.mu.Unlock()
	if fail {
		return nil, context.DeadlineExceeded
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestRetryAfterTimeoutPublishesSameContainer: a status read times out after the
// container was made; the retry publishes that container rather than a new one.
func TestRetryAfterTimeoutPublishesSameContainer(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	ft := &failFirst{match: func(r *http.Request) bool { return strings.Contains(r.URL.RawQuery, "status_code") }}
	c := instagram.NewConnector(&http.Client{Transport: ft},
		instagram.WithEndpoints(instagram.Endpoints{GraphURL: e.fake.GraphURL()}),
		instagram.WithPollInterval(0), instagram.WithMediaHost(e.files))
	req := e.igReq("k1", "retry me", e.jpegFile(t, "a.jpg", ""))
	_, err := c.Publish(t.Context(), req)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.False(t, pe.Uncertain, "a lost status read publishes nothing")

	_, found, err := c.Reconcile(t.Context(), req)
	require.NoError(t, err)
	assert.False(t, found, "the container is not published: known not out")

	_, err = c.Publish(t.Context(), req)
	require.NoError(t, err)
	assert.Len(t, e.fake.Containers(igUser), 1)
	assert.Len(t, e.fake.Published(igUser), 1)
}

func TestReconcileNotFoundAndUnknowable(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()
	old := e.igReq("old", "same words", e.jpegFile(t, "a.jpg", ""))
	_, err := c.Publish(t.Context(), old)
	require.NoError(t, err)

	e.clk.Advance(time.Hour)
	req := e.igReq("new", "same words", old.Media...)
	req.StartedAt = e.clk.Now()
	_, found, err := c.Reconcile(t.Context(), req)
	require.NoError(t, err)
	assert.False(t, found, "the older post with the same caption is outside the window")

	story := req
	story.Options.Format = "story"
	_, _, err = c.Reconcile(t.Context(), story)
	assert.Error(t, err, "a story cannot be looked up after a restart")
}

func TestRemovalFailureDoesNotFailThePost(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	e.files.removeErr = errors.New("bucket says no")
	_, err := e.connector().Publish(t.Context(), e.igReq("k1", "ok", e.jpegFile(t, "a.jpg", "")))
	require.NoError(t, err)
	assert.Equal(t, 1, e.files.removedCount())
}

func TestDelete(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()

	err := c.Delete(t.Context(), e.igReq("", "", nil...).Account, e.igToken, "123")
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnsupported)
	assert.Equal(t, "Instagram does not let apps delete posts; delete it in the Instagram app", pe.Message)

	req := e.fbReq("k1", "to delete", e.jpegFile(t, "a.jpg", ""))
	res, err := c.Publish(t.Context(), req)
	require.NoError(t, err)
	require.NoError(t, c.Delete(t.Context(), req.Account, req.Token, res.PlatformPostID))
	assert.Empty(t, e.fake.Published(fbIG))
}
