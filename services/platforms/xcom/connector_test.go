package xcom_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/xcom"
	"webox-social/services/platforms/xcom/xcomfake"
)

type pubEnv struct {
	fake  *xcomfake.Server
	clock *fakekit.Clock
	conn  *xcom.Connector
	acct  model.Account
	token string
	polls int
}

func newPubEnv(t *testing.T, rt http.RoundTripper) *pubEnv {
	t.Helper()
	clock := fakekit.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	fake := xcomfake.New(xcomfake.Options{Now: clock.Now})
	t.Cleanup(fake.Close)
	u := fake.AddUser(xcomfake.User{Username: "alice"})
	token, _ := fake.IssueTokens("client", "alice", xcom.Scopes...)
	e := &pubEnv{fake: fake, clock: clock, token: token,
		acct: model.Account{ID: 7, Platform: model.X, RemoteID: u.ID, Handle: "@alice"}}
	e.conn = xcom.NewConnector(&http.Client{Transport: rt}, xcom.WithBaseURL(fake.URL))
	e.conn.Now = clock.Now
	e.conn.Wait = func(context.Context, time.Duration) error { e.polls++; return nil }
	return e
}

func (e *pubEnv) req(text string, media ...platforms.MediaFile) platforms.Request {
	return platforms.Request{Account: e.acct, Token: e.token, Text: text, Media: media, AttemptKey: "k1", StartedAt: e.clock.Now()}
}

func file(t *testing.T, name, mime string, size int) platforms.MediaFile {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, make([]byte, size), 0o600))
	return platforms.MediaFile{Path: p, Mime: mime}
}

func platformErr(t *testing.T, err error) *platforms.Error {
	t.Helper()
	var pe *platforms.Error
	require.ErrorAs(t, err, &pe)
	return pe
}

func TestPublishText(t *testing.T) {
	e := newPubEnv(t, nil)
	res, err := e.conn.Publish(context.Background(), e.req("hello https://example.com/a?b=1 & more"))
	require.NoError(t, err)
	tweets := e.fake.Tweets("alice")
	require.Len(t, tweets, 1)
	assert.Equal(t, tweets[0].ID, res.PlatformPostID)
	assert.Equal(t, "https://x.com/alice/status/"+res.PlatformPostID, res.Permalink)
}

func TestPublishFourImages(t *testing.T) {
	e := newPubEnv(t, nil)
	var media []platforms.MediaFile
	for i := range 4 {
		media = append(media, file(t, "i"+string(rune('0'+i))+".png", "image/png", 1000))
	}
	_, err := e.conn.Publish(context.Background(), e.req("four", media...))
	require.NoError(t, err)
	tweets := e.fake.Tweets("alice")
	require.Len(t, tweets, 1)
	assert.Len(t, tweets[0].MediaIDs, 4)
	assert.Zero(t, e.polls)
}

func TestPublishVideoPollsProcessing(t *testing.T) {
	e := newPubEnv(t, nil)
	_, err := e.conn.Publish(context.Background(), e.req("clip", file(t, "v.mp4", "video/mp4", 9<<20)))
	require.NoError(t, err)
	assert.Equal(t, 3, e.fake.Calls(xcomfake.RouteAppend), "9 MiB in 4 MiB segments")
	assert.Equal(t, 2, e.fake.Calls(xcomfake.RouteStatus))
	assert.Equal(t, 2, e.polls)
	assert.Len(t, e.fake.Tweets("alice"), 1)
}

func TestPublishFiveImagesRefused(t *testing.T) {
	e := newPubEnv(t, nil)
	var media []platforms.MediaFile
	for range 5 {
		media = append(media, file(t, "i.png", "image/png", 10))
	}
	_, err := e.conn.Publish(context.Background(), e.req("five", media...))
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "up to 4 images")
	assert.Zero(t, e.fake.Calls(xcomfake.RouteInit))
}

func TestPublishTooLongRefused(t *testing.T) {
	e := newPubEnv(t, nil)
	_, err := e.conn.Publish(context.Background(), e.req(strings.Repeat("é", 281)))
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, http.StatusBadRequest, pe.Status)
	assert.Contains(t, pe.Message, "Your Tweet text is too long")
	assert.Empty(t, e.fake.Tweets("alice"))
}

func TestPublishRevokedIsAuth(t *testing.T) {
	e := newPubEnv(t, nil)
	e.fake.RevokeToken(e.token)
	_, err := e.conn.Publish(context.Background(), e.req("hi"))
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
}

func TestPublishRateLimitedHasRetryAt(t *testing.T) {
	e := newPubEnv(t, nil)
	e.fake.SetLimit(xcomfake.RouteTweets, 0)
	_, err := e.conn.Publish(context.Background(), e.req("hi"))
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.False(t, pe.Uncertain)
	assert.Equal(t, time.Date(2026, 11, 23, 10, 15, 0, 0, time.UTC), pe.RetryAt.UTC())
}

func TestPublishDuplicateReconciles(t *testing.T) {
	e := newPubEnv(t, nil)
	req := e.req("same words")
	first, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	again, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, first.PlatformPostID, again.PlatformPostID)
	assert.Len(t, e.fake.Tweets("alice"), 1)
}

func TestPublishDuplicateOutsideWindowStaysRefused(t *testing.T) {
	e := newPubEnv(t, nil)
	_, err := e.conn.Publish(context.Background(), e.req("same words"))
	require.NoError(t, err)
	e.clock.Advance(time.Hour)
	_, err = e.conn.Publish(context.Background(), e.req("same words"))
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, xcomfake.DuplicateDetail)
}

func TestReconcile(t *testing.T) {
	e := newPubEnv(t, nil)
	img := file(t, "a.png", "image/png", 10)
	req := e.req("see https://example.com/x & y", img)
	_, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	e.clock.Advance(time.Minute)

	res, found, err := e.conn.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, e.fake.Tweets("alice")[0].ID, res.PlatformPostID)

	_, found, err = e.conn.Reconcile(context.Background(), e.req("never posted"))
	require.NoError(t, err)
	assert.False(t, found)
}

func TestReconcilePagesThroughWindow(t *testing.T) {
	e := newPubEnv(t, nil)
	target := e.req("the one")
	_, err := e.conn.Publish(context.Background(), target)
	require.NoError(t, err)
	for i := range 120 {
		_, err := e.conn.Publish(context.Background(), e.req("filler "+time.Duration(i).String()))
		require.NoError(t, err)
		if i == 90 {
			e.clock.Advance(15 * time.Minute) // past the 100-per-15-minutes limit
		}
	}
	_, found, err := e.conn.Reconcile(context.Background(), target)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, 2, e.fake.Calls(xcomfake.RouteTimeline))
}

func TestDelete(t *testing.T) {
	e := newPubEnv(t, nil)
	res, err := e.conn.Publish(context.Background(), e.req("bye"))
	require.NoError(t, err)
	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.token, res.PlatformPostID))
	assert.True(t, e.fake.Tweets("alice")[0].Deleted)
	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.token, res.PlatformPostID), "already gone")
}

// cutOff delivers requests but, for POST /2/tweets, cancels the caller's context and
// drops the answer, as when the app is killed after X stored the tweet.
type cutOff struct{ cancel context.CancelFunc }

func (c cutOff) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || r.URL.Path != "/2/tweets" {
		return resp, err
	}
	resp.Body.Close()
	c.cancel()
	return nil, r.Context().Err()
}

func TestKilledMidFlightReconcilesWithoutSecondTweet(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := newPubEnv(t, cutOff{cancel: cancel})
	req := e.req("mid flight")
	_, err := e.conn.Publish(ctx, req)
	pe := platformErr(t, err)
	assert.True(t, pe.Uncertain, "the request was written: %v", err)
	assert.True(t, errors.Is(err, context.Canceled))

	fresh := xcom.NewConnector(nil, xcom.WithBaseURL(e.fake.URL))
	res, found, err := fresh.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.True(t, found)
	tweets := e.fake.Tweets("alice")
	require.Len(t, tweets, 1)
	assert.Equal(t, tweets[0].ID, res.PlatformPostID)
}

func TestConnectionRefusedIsNotUncertain(t *testing.T) {
	addr := fakekit.FreeAddr(t)
	conn := xcom.NewConnector(nil, xcom.WithBaseURL("http://"+addr))
	_, err := conn.Publish(context.Background(), platforms.Request{Token: "t", Text: "x"})
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.False(t, pe.Uncertain)
}
