package mastodon

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net"
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
	"webox-social/services/platforms/mastodon/mastodonfake"
)

type testClock = fakekit.Clock

// env is a fake instance, a connector on the same clock and one account with a token.
type env struct {
	fake  *mastodonfake.Server
	conn  *Connector
	clock *testClock
	acct  model.Account
	token string
}

func newEnv(t *testing.T, opts mastodonfake.Options) *env {
	t.Helper()
	clock := fakekit.NewClock(time.Date(2026, 11, 23, 10, 1, 30, 0, time.UTC))
	opts.Now = clock.Now
	fake := mastodonfake.New(opts)
	t.Cleanup(fake.Close)
	conn := New(nil)
	conn.PollInterval, conn.MaxPollInterval, conn.Now = time.Millisecond, 2*time.Millisecond, clock.Now
	acct := model.Account{ID: 7, Platform: model.Mastodon, InstanceURL: fake.URL + "/"}
	return &env{fake: fake, conn: conn, clock: clock, acct: acct, token: fake.IssueToken("alice")}
}

func (e *env) request(text, key string, media ...platforms.MediaFile) platforms.Request {
	return platforms.Request{Account: e.acct, Token: e.token, Text: text, Media: media, AttemptKey: key, StartedAt: e.clock.Now()}
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

func pngFile(t *testing.T) platforms.MediaFile {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4))))
	return platforms.MediaFile{Path: writeFile(t, "square.png", buf.Bytes()), Mime: "image/png", AltText: "A black square"}
}

func mp4File(t *testing.T) platforms.MediaFile {
	t.Helper()
	data := append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), make([]byte, 256)...)
	return platforms.MediaFile{Path: writeFile(t, "clip.mp4", data), Mime: "video/mp4"}
}

func asPlatformError(t *testing.T, err error) *platforms.Error {
	t.Helper()
	var pe *platforms.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, model.Mastodon, pe.Platform)
	return pe
}

func TestPublish(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		media     func(t *testing.T) []platforms.MediaFile
		check     func(t *testing.T, f *mastodonfake.Server, st mastodonfake.Status)
		wantErr   platforms.Kind
		wantWords string
	}{
		{name: "text", text: "Hello from Webox #launch https://example.com/a/very/long/path/that/is/shortened",
			check: func(t *testing.T, _ *mastodonfake.Server, st mastodonfake.Status) { assert.Empty(t, st.MediaIDs) }},
		{name: "image with alt text", text: "A picture", media: func(t *testing.T) []platforms.MediaFile { return []platforms.MediaFile{pngFile(t)} },
			check: func(t *testing.T, f *mastodonfake.Server, st mastodonfake.Status) {
				require.Len(t, st.MediaIDs, 1)
				m := f.MediaAttachments()[0]
				assert.Equal(t, "A black square", m.Description)
				assert.Equal(t, "image", m.Type)
			}},
		{name: "video waits for processing", text: "", media: func(t *testing.T) []platforms.MediaFile { return []platforms.MediaFile{mp4File(t)} },
			check: func(t *testing.T, f *mastodonfake.Server, st mastodonfake.Status) {
				require.Len(t, st.MediaIDs, 1)
				assert.Equal(t, 0, f.MediaAttachments()[0].PollsLeft)
			}},
		{name: "422 surfaced", text: strings.Repeat("x", 501), wantErr: platforms.Permanent,
			wantWords: "Validation failed: Text character limit of 500 exceeded"},
		{name: "image and video refused", text: "both", wantErr: platforms.Permanent,
			media:     func(t *testing.T) []platforms.MediaFile { return []platforms.MediaFile{pngFile(t), mp4File(t)} },
			wantWords: "Cannot attach a video to a post that already contains images"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, mastodonfake.Options{VideoPolls: 3})
			var media []platforms.MediaFile
			if tc.media != nil {
				media = tc.media(t)
			}
			res, err := e.conn.Publish(context.Background(), e.request(tc.text, "key-"+tc.name, media...))
			if tc.wantWords != "" {
				pe := asPlatformError(t, err)
				assert.Equal(t, tc.wantErr, pe.Kind)
				assert.Equal(t, http.StatusUnprocessableEntity, pe.Status)
				assert.Equal(t, tc.wantWords, pe.Message)
				assert.ErrorIs(t, err, model.ErrInvalid)
				return
			}
			require.NoError(t, err)
			sts := e.fake.Statuses()
			require.Len(t, sts, 1)
			assert.Equal(t, sts[0].ID, res.PlatformPostID)
			assert.Equal(t, e.fake.URL+"/@alice/"+sts[0].ID, res.Permalink)
			assert.True(t, res.PublishedAt.Equal(e.clock.Now()), "created_at %s", res.PublishedAt)
			assert.Equal(t, tc.text, sts[0].Text)
			assert.Equal(t, "key-"+tc.name, sts[0].IdempotencyKey)
			tc.check(t, e.fake, sts[0])
		})
	}
}

func TestPublishErrorKinds(t *testing.T) {
	t.Run("401 is an auth error", func(t *testing.T) {
		e := newEnv(t, mastodonfake.Options{})
		e.fake.RevokeToken(e.token)
		_, err := e.conn.Publish(context.Background(), e.request("hi", "k"))
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Auth, pe.Kind)
		assert.Equal(t, "The access token is invalid", pe.Message)
		assert.ErrorIs(t, err, model.ErrUnauthorized)
	})
	t.Run("429 carries the reset time", func(t *testing.T) {
		e := newEnv(t, mastodonfake.Options{AccountLimit: 1})
		_, err := e.conn.Publish(context.Background(), e.request("one", "k1"))
		require.NoError(t, err)
		_, err = e.conn.Publish(context.Background(), e.request("two", "k2"))
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Transient, pe.Kind)
		assert.False(t, pe.Uncertain)
		assert.Equal(t, "Too many requests", pe.Message)
		assert.Equal(t, time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC), pe.RetryAt.UTC())
	})
	t.Run("5xx is transient and uncertain", func(t *testing.T) {
		e := newEnv(t, mastodonfake.Options{})
		e.fake.FailNext(1, http.StatusBadGateway)
		_, err := e.conn.Publish(context.Background(), e.request("hi", "k"))
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Transient, pe.Kind)
		assert.True(t, pe.Uncertain)
		assert.Equal(t, http.StatusBadGateway, pe.Status)
	})
	t.Run("connection refused is transient and certain", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())
		req := platforms.Request{Account: model.Account{InstanceURL: "http://" + addr}, Token: "t", Text: "hi", AttemptKey: "k"}
		_, err = New(nil).Publish(context.Background(), req)
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Transient, pe.Kind)
		assert.False(t, pe.Uncertain, "nothing reached the instance")
		assert.Contains(t, pe.Message, "could not reach")
	})
	t.Run("lost answer after the status was stored is uncertain", func(t *testing.T) {
		e := newEnv(t, mastodonfake.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		e.fake.SetOnStatusPost(func(mastodonfake.Status) { cancel() })
		e.fake.SetDelayResponse(time.Minute) // ends when the client goes away
		_, err := e.conn.Publish(ctx, e.request("hi", "k"))
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Transient, pe.Kind)
		assert.True(t, pe.Uncertain)
		assert.Len(t, e.fake.Statuses(), 1)
	})
}

func TestIdempotentRetryReturnsSameStatus(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	req := e.request("only once", "attempt-key-1", pngFile(t))
	first, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	e.clock.Advance(30 * time.Minute)

	second, err := e.conn.Publish(context.Background(), req)

	require.NoError(t, err)
	assert.Equal(t, first.PlatformPostID, second.PlatformPostID)
	assert.Len(t, e.fake.Statuses(), 1)
}

func TestDelete(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	res, err := e.conn.Publish(context.Background(), e.request("to delete", "k"))
	require.NoError(t, err)

	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.token, res.PlatformPostID))
	assert.True(t, e.fake.Statuses()[0].Deleted)
	assert.NoError(t, e.conn.Delete(context.Background(), e.acct, e.token, res.PlatformPostID), "already gone counts as deleted")

	e.fake.RevokeToken(e.token)
	err = e.conn.Delete(context.Background(), e.acct, e.token, res.PlatformPostID)
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
}

func TestStatusMetrics(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	res, err := e.conn.Publish(context.Background(), e.request("counted", "k"))
	require.NoError(t, err)
	e.fake.SetCounts(res.PlatformPostID, 1, 2, 3)

	m, err := e.conn.StatusMetrics(context.Background(), e.acct, e.token, res.PlatformPostID)

	require.NoError(t, err)
	assert.Equal(t, Metrics{Replies: 1, Reblogs: 2, Favourites: 3, FetchedAt: e.clock.Now()}, m)
}

func TestRetryAtFallsBackToRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, now.Add(30*time.Second), retryAt(http.Header{"Retry-After": {"30"}}, now))
	assert.Equal(t, time.Date(2026, 11, 23, 10, 5, 0, 123456000, time.UTC),
		retryAt(http.Header{"X-Ratelimit-Reset": {"2026-11-23T10:05:00.123456Z"}}, now).UTC())
	assert.True(t, retryAt(http.Header{}, now).IsZero())
}

func TestInstanceBase(t *testing.T) {
	for in, want := range map[string]string{
		"mastodon.social":          "https://mastodon.social",
		"https://mastodon.social/": "https://mastodon.social",
		"http://127.0.0.1:3000":    "http://127.0.0.1:3000",
	} {
		got, err := instanceBase(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	_, err := instanceBase("")
	assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
	_, err = instanceBase("ftp://x")
	assert.Error(t, err)
}
