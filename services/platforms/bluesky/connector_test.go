package bluesky_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/png"
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
	"webox-social/services/platforms/bluesky"
	"webox-social/services/platforms/bluesky/blueskyfake"
)

// pubEnv is a fake PDS with a linked account and a Connector.
type pubEnv struct {
	*env
	conn  *bluesky.Connector
	acct  model.Account
	token string
}

func setupPublish(t *testing.T) *pubEnv {
	t.Helper()
	e := setup(t, blueskyfake.Options{})
	l, err := e.link(t, "alice.test", e.appPw)
	require.NoError(t, err)
	return &pubEnv{env: e, conn: bluesky.NewConnector(&http.Client{Timeout: 10 * time.Second}), acct: l.Account, token: l.Secrets[platforms.SecretAccess]}
}

func (p *pubEnv) request(key, text string, media ...platforms.MediaFile) platforms.Request {
	return platforms.Request{Account: p.acct, Token: p.token, Text: text, Media: media, AttemptKey: key,
		StartedAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
}

// stored reads the post a result points at from the fake.
func (p *pubEnv) stored(t *testing.T, res platforms.Result) map[string]any {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(res.PlatformPostID, "at://"), "/")
	require.Len(t, parts, 3)
	raw, ok := p.fake.Record(parts[0], parts[1], parts[2])
	require.True(t, ok, "the post is stored")
	var v map[string]any
	require.NoError(t, json.Unmarshal(raw, &v))
	return v
}

// facetsOf returns [byteStart, byteEnd, feature type, value] of each facet.
func facetsOf(v map[string]any) [][4]any {
	var out [][4]any
	fs, _ := v["facets"].([]any)
	for _, f := range fs {
		fm := f.(map[string]any)
		idx := fm["index"].(map[string]any)
		feat := fm["features"].([]any)[0].(map[string]any)
		val := feat["uri"]
		if val == nil {
			val = feat["did"]
		}
		if val == nil {
			val = feat["tag"]
		}
		out = append(out, [4]any{int(idx["byteStart"].(float64)), int(idx["byteEnd"].(float64)), feat["$type"], val})
	}
	return out
}

func TestPublishText(t *testing.T) {
	p := setupPublish(t)
	res, err := p.conn.Publish(context.Background(), p.request("k1", "Hello Bluesky"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(res.PlatformPostID, "at://"+p.did+"/app.bsky.feed.post/"), res.PlatformPostID)
	rkey := res.PlatformPostID[strings.LastIndex(res.PlatformPostID, "/")+1:]
	assert.Len(t, rkey, 13)
	assert.Equal(t, "https://bsky.app/profile/alice.test/post/"+rkey, res.Permalink)
	assert.False(t, res.PublishedAt.IsZero())
	v := p.stored(t, res)
	assert.Equal(t, "app.bsky.feed.post", v["$type"])
	assert.Equal(t, "Hello Bluesky", v["text"])
	_, err = time.Parse(time.RFC3339, v["createdAt"].(string))
	assert.NoError(t, err)
	assert.Nil(t, v["facets"])
}

func TestPublishFacets(t *testing.T) {
	p := setupPublish(t)
	bob := p.fake.AddAccount(blueskyfake.Account{Handle: "bob.test", Password: "x"})
	text := "👩‍💻 é → https://example.com/a?b=1. Hi @bob.test and @nobody.test #café #2024 (https://x.org/p)"
	res, err := p.conn.Publish(context.Background(), p.request("k-facets", text))
	require.NoError(t, err)
	link := strings.Index(text, "https://example.com")
	mention := strings.Index(text, "@bob.test")
	tag := strings.Index(text, "#café")
	paren := strings.Index(text, "https://x.org/p")
	assert.Equal(t, [][4]any{
		{link, link + len("https://example.com/a?b=1"), "app.bsky.richtext.facet#link", "https://example.com/a?b=1"},
		{mention, mention + len("@bob.test"), "app.bsky.richtext.facet#mention", bob},
		{tag, tag + len("#café"), "app.bsky.richtext.facet#tag", "café"},
		{paren, paren + len("https://x.org/p"), "app.bsky.richtext.facet#link", "https://x.org/p"},
	}, facetsOf(p.stored(t, res)), "UTF-8 byte offsets; the unresolvable @nobody.test and #2024 get none")
	assert.Equal(t, 2, p.fake.Calls("com.atproto.identity.resolveHandle"))
}

// writePNG makes a w×h PNG in a temp dir.
func writePNG(t *testing.T, w, h int) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h))))
	path := filepath.Join(t.TempDir(), "img.png")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	return path
}

func TestPublishImages(t *testing.T) {
	p := setupPublish(t)
	path := writePNG(t, 4, 3)
	var media []platforms.MediaFile
	for i := range 4 {
		media = append(media, platforms.MediaFile{Path: path, Mime: "image/png", AltText: "alt " + string(rune('A'+i)), Width: 4, Height: 3})
	}
	res, err := p.conn.Publish(context.Background(), p.request("k-img", "four", media...))
	require.NoError(t, err)
	embed := p.stored(t, res)["embed"].(map[string]any)
	assert.Equal(t, "app.bsky.embed.images", embed["$type"])
	imgs := embed["images"].([]any)
	require.Len(t, imgs, 4)
	for i, raw := range imgs {
		img := raw.(map[string]any)
		assert.Equal(t, "alt "+string(rune('A'+i)), img["alt"])
		assert.Equal(t, map[string]any{"width": 4.0, "height": 3.0}, img["aspectRatio"])
		assert.Equal(t, "image/png", img["image"].(map[string]any)["mimeType"])
	}
	assert.Equal(t, 4, p.fake.Calls("com.atproto.repo.uploadBlob"))

	_, err = p.conn.Publish(context.Background(), p.request("k-img5", "five", append(media, media[0])...))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "at most 4 images")
	assert.Equal(t, 4, p.fake.Calls("com.atproto.repo.uploadBlob"), "nothing uploaded for a refused post")
}

func TestPublishRefusals(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		prepare  func(p *pubEnv, req *platforms.Request)
		kind     platforms.Kind
		contains []string
	}{
		{name: "301 graphemes", text: strings.Repeat("é", 301), kind: platforms.Permanent,
			contains: []string{"Bluesky refused the post.", "grapheme too big (maximum 300, got 301)"}},
		{name: "over 3000 bytes", text: strings.Repeat("👨‍👩‍👧‍👦", 121), kind: platforms.Permanent,
			contains: []string{"string too big (maximum 3000"}},
		{name: "expired token", text: "hi", kind: platforms.Auth, contains: []string{"reconnect the account", "Token has expired"},
			prepare: func(p *pubEnv, _ *platforms.Request) { p.clk.Advance(3 * time.Hour) }},
		{name: "rate limited", text: "hi", kind: platforms.Transient, contains: []string{"limiting posts"},
			prepare: func(p *pubEnv, _ *platforms.Request) { p.fake.FailNext(http.StatusTooManyRequests) }},
		{name: "other repo", text: "hi", kind: platforms.Auth, contains: []string{"Authentication Required"},
			prepare: func(_ *pubEnv, req *platforms.Request) { req.Account.RemoteID = "did:plc:someoneelse" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := setupPublish(t)
			req := p.request("k-"+tc.name, tc.text)
			if tc.prepare != nil {
				tc.prepare(p, &req)
			}
			_, err := p.conn.Publish(context.Background(), req)
			pe := asPlatformError(t, err)
			assert.Equal(t, tc.kind, pe.Kind)
			for _, s := range tc.contains {
				assert.Contains(t, pe.Message, s)
			}
			assert.Equal(t, 0, p.fake.Records(p.did, "app.bsky.feed.post"))
		})
	}
}

func TestPublishRateLimitRetryAt(t *testing.T) {
	p := setupPublish(t)
	p.fake.FailNext(http.StatusTooManyRequests)
	_, err := p.conn.Publish(context.Background(), p.request("k", "hi"))
	pe := asPlatformError(t, err)
	assert.Equal(t, model.ErrRateLimited, pe.Err)
	assert.Equal(t, 429, pe.Status)
}

func TestPublishServerErrorIsUncertain(t *testing.T) {
	p := setupPublish(t)
	p.fake.FailNext(http.StatusBadGateway, http.StatusBadGateway)
	_, err := p.conn.Publish(context.Background(), p.request("k", "hi"))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.True(t, pe.Uncertain)
	assert.Contains(t, pe.Message, "may or may not have gone out")
}

func TestPublishTwiceReturnsTheFirstPost(t *testing.T) {
	p := setupPublish(t)
	req := p.request("same-key", "only once")
	first, err := p.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	req.StartedAt = req.StartedAt.In(time.FixedZone("X", 3600)) // the same instant
	again, err := p.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, first.PlatformPostID, again.PlatformPostID)
	assert.Equal(t, first.Permalink, again.Permalink)
	assert.Equal(t, 1, p.fake.Records(p.did, "app.bsky.feed.post"))
	assert.Equal(t, 2, p.fake.Calls("com.atproto.repo.createRecord"))

	other, err := p.conn.Publish(context.Background(), p.request("other-key", "only once"))
	require.NoError(t, err)
	assert.NotEqual(t, first.PlatformPostID, other.PlatformPostID)
}

func TestReconcile(t *testing.T) {
	p := setupPublish(t)
	_, found, err := p.conn.Reconcile(context.Background(), p.request("k", "hi"))
	require.NoError(t, err)
	assert.False(t, found)

	res, err := p.conn.Publish(context.Background(), p.request("k", "hi"))
	require.NoError(t, err)
	got, found, err := p.conn.Reconcile(context.Background(), p.request("k", "hi"))
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, res.PlatformPostID, got.PlatformPostID)
	assert.Equal(t, res.Permalink, got.Permalink)
	assert.True(t, res.PublishedAt.Equal(got.PublishedAt))

	p.fake.FailNext(http.StatusInternalServerError)
	_, found, err = p.conn.Reconcile(context.Background(), p.request("k", "hi"))
	assert.False(t, found)
	assert.Equal(t, platforms.Transient, asPlatformError(t, err).Kind)
}

func TestDelete(t *testing.T) {
	p := setupPublish(t)
	res, err := p.conn.Publish(context.Background(), p.request("k", "bye"))
	require.NoError(t, err)
	require.NoError(t, p.conn.Delete(context.Background(), p.acct, p.token, res.PlatformPostID))
	assert.Equal(t, 0, p.fake.Records(p.did, "app.bsky.feed.post"))
	require.NoError(t, p.conn.Delete(context.Background(), p.acct, p.token, res.PlatformPostID), "deleting twice is fine")
	_, found, err := p.conn.Reconcile(context.Background(), p.request("k", "bye"))
	require.NoError(t, err)
	assert.False(t, found)

	err = p.conn.Delete(context.Background(), p.acct, p.token, "not-a-uri")
	assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
}

func TestPublishNetworkFailure(t *testing.T) {
	p := setupPublish(t)
	p.fake.Close()
	_, err := p.conn.Publish(context.Background(), p.request("k", "hi"))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.False(t, pe.Uncertain, "a refused connection sent nothing")
}

// loseAnswer forwards requests but drops the answer of the first createRecord.
type loseAnswer struct{ lost bool }

func (l *loseAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && !l.lost && strings.HasSuffix(r.URL.Path, "/com.atproto.repo.createRecord") {
		l.lost = true
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

func TestPublishLostAnswerFindsThePost(t *testing.T) {
	p := setupPublish(t)
	conn := bluesky.NewConnector(&http.Client{Transport: &loseAnswer{}, Timeout: 10 * time.Second})
	res, err := conn.Publish(context.Background(), p.request("k", "went out"))
	require.NoError(t, err, "the post was written; getRecord finds it")
	assert.Equal(t, "went out", p.stored(t, res)["text"])
	assert.Equal(t, 1, p.fake.Calls("com.atproto.repo.getRecord"))
}
