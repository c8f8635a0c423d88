package facebook_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
	"webox-social/services/platforms/facebook/facebookfake"
	"webox-social/services/platforms/fakekit"
)

var pubScopes = []string{"pages_show_list", "pages_manage_posts", "pages_read_engagement", "publish_video"}

type pubEnv struct {
	fake *facebookfake.Server
	conn *facebook.Connector
	clk  *clock
	acct model.Account
	tok  string
}

func newPubEnv(t *testing.T) *pubEnv { return newPubEnvWith(t, facebookfake.Options{}) }

// newPubEnvWith starts the fake with opts (its clock is the env's) and a Connector that
// polls video status without waiting.
func newPubEnvWith(t *testing.T, opts facebookfake.Options) *pubEnv {
	t.Helper()
	clk := fakekit.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	opts.Now = clk.Now
	fake := facebookfake.New(opts)
	t.Cleanup(fake.Close)
	fake.RegisterApp("app-1", "s3cret")
	fake.AddUser(facebookfake.User{ID: "u1", Name: "Ada"}, facebookfake.Page{ID: "p1", Name: "Bakery"})
	conn := facebook.NewConnector(http.DefaultClient, facebook.WithEndpoints(facebook.Endpoints{GraphURL: fake.GraphURL()}),
		facebook.WithClock(clk.Now), facebook.WithPollInterval(0))
	return &pubEnv{fake: fake, conn: conn, clk: clk, acct: model.Account{Platform: model.Facebook, RemoteID: "p1"},
		tok: fake.IssuePageToken("u1", "app-1", "p1", pubScopes...)}
}

func (e *pubEnv) req(text string, media ...platforms.MediaFile) platforms.Request {
	return platforms.Request{Account: e.acct, Token: e.tok, Text: text, Media: media, AttemptKey: "k1", StartedAt: e.clk.Now()}
}

func photoFile(t *testing.T, name string) platforms.MediaFile {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte("\xff\xd8\xff\xe0 fake jpeg "+name), 0o600))
	return platforms.MediaFile{Path: p, Mime: "image/jpeg"}
}

func TestConnectorPublishText(t *testing.T) {
	e := newPubEnv(t)
	res, err := e.conn.Publish(context.Background(), e.req("Fresh bread today"))
	require.NoError(t, err)
	posts := e.fake.Posts("p1")
	require.Len(t, posts, 1)
	assert.Equal(t, posts[0].ID, res.PlatformPostID)
	assert.Equal(t, "Fresh bread today", posts[0].Message)
	assert.Equal(t, "https://www.facebook.com/p1/posts/"+res.PlatformPostID[len("p1_"):], res.Permalink, "permalink_url as Graph answers it")
	assert.Equal(t, e.clk.Now(), res.PublishedAt)
	assert.False(t, res.Scheduled)
	assert.Equal(t, model.Facebook, e.conn.Platform())
}

func TestConnectorPublishSinglePhoto(t *testing.T) {
	e := newPubEnv(t)
	res, err := e.conn.Publish(context.Background(), e.req("Croissants", photoFile(t, "a.jpg")))
	require.NoError(t, err)
	posts := e.fake.Posts("p1")
	require.Len(t, posts, 1)
	assert.Equal(t, posts[0].ID, res.PlatformPostID)
	assert.Equal(t, "Croissants", posts[0].Message)
	assert.Len(t, posts[0].Photos, 1)
	assert.Equal(t, 1, e.fake.Calls("photos"))
}

func TestConnectorPublishThreePhotos(t *testing.T) {
	e := newPubEnv(t)
	res, err := e.conn.Publish(context.Background(), e.req("Three loaves",
		photoFile(t, "a.jpg"), photoFile(t, "b.jpg"), photoFile(t, "c.jpg")))
	require.NoError(t, err)
	posts := e.fake.Posts("p1")
	require.Len(t, posts, 1, "unpublished uploads make no posts of their own")
	assert.Equal(t, posts[0].ID, res.PlatformPostID)
	assert.Len(t, posts[0].Photos, 3)
	assert.Equal(t, 3, e.fake.Calls("photos"))
	assert.Equal(t, 1, e.fake.Calls("feed"))
}

func TestConnectorVideoWithPhotosRefused(t *testing.T) {
	e := newPubEnv(t)
	_, err := e.conn.Publish(context.Background(), e.req("clip", videoFile(t, 10), photoFile(t, "a.jpg")))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "not both")

	_, err = e.conn.Publish(context.Background(), e.req("clips", videoFile(t, 10), videoFile(t, 12)))
	assert.Contains(t, asPlatformError(t, err).Message, "one video only")
	assert.Zero(t, e.fake.Calls("photos")+e.fake.Calls("feed")+e.fake.Calls("videos"))
}

func TestConnectorUserTokenRefused(t *testing.T) {
	e := newPubEnv(t)
	r := e.req("hello")
	r.Token = e.fake.IssueUserToken("u1", "app-1", pubScopes...)
	_, err := e.conn.Publish(context.Background(), r)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "200", pe.Code)
	assert.Contains(t, pe.Message, "pages_manage_posts")
	assert.Empty(t, e.fake.Posts("p1"))
}

func TestConnectorMissingPermissionRefused(t *testing.T) {
	e := newPubEnv(t)
	r := e.req("hello")
	r.Token = e.fake.IssuePageToken("u1", "app-1", "p1", "pages_show_list")
	_, err := e.conn.Publish(context.Background(), r)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "(#200)")
}

func TestConnectorExpiredTokenIsAuth(t *testing.T) {
	e := newPubEnv(t)
	e.fake.ExpireToken(e.tok)
	_, err := e.conn.Publish(context.Background(), e.req("hello"))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
	assert.Contains(t, pe.Message, "Session has expired")
	assert.NotContains(t, err.Error(), e.tok)
}

func TestConnectorTooLongMessageIsPermanent(t *testing.T) {
	e := newPubEnv(t)
	long := make([]byte, facebookfake.MaxMessage+1)
	for i := range long {
		long[i] = 'a'
	}
	_, err := e.conn.Publish(context.Background(), e.req(string(long)))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "63206")
}

func TestConnectorReconcile(t *testing.T) {
	e := newPubEnv(t)
	r := e.req("Reconcile me")
	_, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	assert.False(t, found, "nothing posted yet")

	res, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	got, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, res.PlatformPostID, got.PlatformPostID)
	assert.Equal(t, res.Permalink, got.Permalink)
	assert.Equal(t, e.clk.Now(), got.PublishedAt)
}

func TestConnectorReconcileOutsideWindow(t *testing.T) {
	e := newPubEnv(t)
	r := e.req("Old news")
	_, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	e.clk.Advance(time.Hour)
	r.StartedAt = e.clk.Now()
	_, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	assert.False(t, found, "a post from before the window is not this attempt")
}

func TestConnectorReconcileExpiredTokenIsError(t *testing.T) {
	e := newPubEnv(t)
	e.fake.ExpireToken(e.tok)
	_, found, err := e.conn.Reconcile(context.Background(), e.req("x"))
	assert.False(t, found)
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
}

func TestConnectorKilledMidFlight(t *testing.T) {
	e := newPubEnv(t)
	r := e.req("Lost answer")
	e.fake.LoseNextResponse("feed")
	_, err := e.conn.Publish(context.Background(), r)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.True(t, pe.Uncertain, "the post may have gone out")
	require.Len(t, e.fake.Posts("p1"), 1, "the fake stored the post")

	res, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, e.fake.Posts("p1")[0].ID, res.PlatformPostID)
	assert.Len(t, e.fake.Posts("p1"), 1, "no duplicate")
}

func TestConnectorDelete(t *testing.T) {
	e := newPubEnv(t)
	res, err := e.conn.Publish(context.Background(), e.req("Delete me"))
	require.NoError(t, err)
	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.tok, res.PlatformPostID))
	assert.Empty(t, e.fake.Posts("p1"))

	err = e.conn.Delete(context.Background(), e.acct, e.tok, res.PlatformPostID)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "100/33", pe.Code)
}

func TestConnectorUnreachable(t *testing.T) {
	conn := facebook.NewConnector(http.DefaultClient, facebook.WithEndpoints(facebook.Endpoints{GraphURL: "http://127.0.0.1:1/v23.0"}))
	_, err := conn.Publish(context.Background(), platforms.Request{Account: model.Account{RemoteID: "p1"}, Token: "EAAsecret", Text: "x"})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.NotContains(t, err.Error(), "EAAsecret")
}
