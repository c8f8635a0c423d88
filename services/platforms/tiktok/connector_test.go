package tiktok

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/tiktok/tiktokfake"
)

const mediaBase = "https://media.example.com/"

var publishScopes = []string{"user.info.basic", "video.upload", "video.publish", "video.list"}

type pubEnv struct {
	*env
	token string
	host  *testHost
}

func newPubEnv(t *testing.T, opts tiktokfake.Options) *pubEnv {
	t.Helper()
	opts.VerifiedURLPrefixes = append(opts.VerifiedURLPrefixes, mediaBase)
	e := newEnv(t, opts)
	return &pubEnv{env: e, token: e.fake.IssueToken(tiktokfake.DefaultUser, publishScopes...), host: &testHost{}}
}

func (e *pubEnv) connector(opts ...Option) *Connector {
	base := []Option{WithBaseURL(e.fake.URL), WithClock(e.clock.Now), WithPollInterval(0), WithChunkSize(5 << 20), WithMediaHost(e.host)}
	return NewConnector(nil, append(base, opts...)...)
}

func (e *pubEnv) request(t *testing.T, text string, media ...platforms.MediaFile) platforms.Request {
	t.Helper()
	return platforms.Request{
		Account: model.Account{ID: 7, Platform: model.TikTok, RemoteID: tiktokfake.DefaultUser, Handle: "@boulangerie.martin", Scopes: publishScopes},
		Token:   e.token, Text: text, Media: media, AttemptKey: "attempt-" + text, StartedAt: e.clock.Now(),
		Options: model.TargetOptions{Privacy: PrivacyPublic},
	}
}

// videoFile writes an n-byte fake MP4.
func videoFile(t *testing.T, n int) platforms.MediaFile {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clip.mp4")
	require.NoError(t, os.WriteFile(path, bytes.Repeat([]byte("mp4."), n/4+1)[:n], 0o600))
	return platforms.MediaFile{Path: path, Mime: "video/mp4", Size: int64(n), DurationMS: 15_000}
}

func photoFile(t *testing.T, name string) platforms.MediaFile {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte("jpeg-bytes"), 0o600))
	return platforms.MediaFile{Path: path, Mime: "image/jpeg"}
}

// testHost is a MediaHost that names URLs under mediaBase and records removals.
type testHost struct {
	mu      sync.Mutex
	shared  []string
	removed []string
}

func (h *testHost) Share(_ context.Context, f platforms.MediaFile) (string, func(context.Context) error, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	u := mediaBase + filepath.Base(f.Path)
	h.shared = append(h.shared, u)
	return u, func(context.Context) error {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.removed = append(h.removed, u)
		return nil
	}, nil
}

func (h *testHost) removedURLs() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.removed...)
}

func published(ps []tiktokfake.Publish) int {
	n := 0
	for _, p := range ps {
		if p.Published {
			n++
		}
	}
	return n
}

func TestPublishVideoInChunks(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	f := videoFile(t, 12<<20+123)
	req := e.request(t, "Fresh croissants #bakery", f)
	req.Options.DisableDuet = true

	res, err := e.connector().Publish(context.Background(), req)
	require.NoError(t, err)

	ps := e.fake.Publishes()
	require.Len(t, ps, 1)
	p := ps[0]
	assert.Equal(t, "FILE_UPLOAD", p.Source)
	assert.EqualValues(t, 5<<20, p.ChunkSize)
	assert.EqualValues(t, 2, p.TotalChunkCount, "the last chunk absorbs the remainder")
	want, _ := os.ReadFile(f.Path)
	assert.True(t, bytes.Equal(want, p.Data), "the file arrived whole")
	assert.Equal(t, "Fresh croissants #bakery", p.Title)
	assert.Equal(t, PrivacyPublic, p.PrivacyLevel)
	assert.True(t, p.DisableDuet)
	assert.False(t, p.DisableComment)
	assert.Equal(t, 2, e.fake.Calls(tiktokfake.RouteUpload))
	assert.Equal(t, p.PostID, res.PlatformPostID)
	assert.Equal(t, "https://www.tiktok.com/@boulangerie.martin/video/"+p.PostID, res.Permalink)
}

func TestPublishSmallVideoWhole(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	_, err := e.connector(WithChunkSize(10_000_000)).Publish(context.Background(), e.request(t, "tiny", videoFile(t, 1000)))
	require.NoError(t, err)
	p := e.fake.Publishes()[0]
	assert.EqualValues(t, 1000, p.ChunkSize)
	assert.EqualValues(t, 1, p.TotalChunkCount)
	assert.Equal(t, 1, e.fake.Calls(tiktokfake.RouteUpload))
}

func TestPlanChunks(t *testing.T) {
	for _, tc := range []struct{ size, pref, chunk, count int64 }{
		{1000, 10_000_000, 1000, 1},
		{10_000_000, 10_000_000, 10_000_000, 1},
		{30_567_100, 10_000_000, 10_000_000, 3},
		{4 << 30, 10_000_000, 10_000_000, 429},
		{20_000_000_000, 10_000_000, 20_000_000, 1000},
		{70_000_000, 64_000_000, 35_000_000, 2},
	} {
		p := planChunks(tc.size, tc.pref)
		assert.Equal(t, chunkPlan{size: tc.chunk, count: tc.count}, p, tc.size)
		_, last := p.bounds(p.count-1, tc.size)
		assert.Equal(t, tc.size-1, last)
	}
}

func TestPublishToInbox(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	req := e.request(t, "draft", videoFile(t, 2048))
	req.Options = model.TargetOptions{Format: FormatInbox}
	res, err := e.connector().Publish(context.Background(), req)
	require.NoError(t, err)
	p := e.fake.Publishes()[0]
	assert.Equal(t, "MEDIA_UPLOAD", p.Mode)
	assert.Equal(t, "publish:"+p.ID, res.PlatformPostID)
	assert.Empty(t, res.Permalink)
	assert.Equal(t, 1, e.fake.Calls(tiktokfake.RouteInboxInit))
	assert.Zero(t, e.fake.Calls("POST /v2/post/publish/creator_info/query/"), "no privacy choice for the inbox")
}

func TestModerationDelayGivesPublishID(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{ModerationDelay: time.Hour})
	res, err := e.connector().Publish(context.Background(), e.request(t, "in review", videoFile(t, 100)))
	require.NoError(t, err)
	assert.Equal(t, "publish:"+e.fake.Publishes()[0].ID, res.PlatformPostID)
	assert.Empty(t, res.Permalink)
}

func TestPrivacyMustBeChosen(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	c := e.connector()
	req := e.request(t, "who sees it", videoFile(t, 100))
	req.Options.Privacy = ""
	_, err := c.Publish(context.Background(), req)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "Choose who can see this TikTok post (TikTok requires you to pick it each time).", pe.Message)

	req.Options.Privacy = PrivacyFollowers
	_, err = c.Publish(context.Background(), req)
	pe = asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY")
	assert.Zero(t, e.fake.Calls(tiktokfake.RouteVideoInit))
}

func TestCreatorSettingsAndDuration(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	e.fake.AddUser(tiktokfake.User{OpenID: tiktokfake.DefaultUser, Username: "martin", Nickname: "Martin",
		PrivacyLevelOptions: []string{PrivacyFriends, PrivacySelfOnly}, MaxVideoPostDurationSec: 60, CommentDisabled: true, StitchDisabled: true})
	c := e.connector()
	ci, err := c.CreatorInfo(context.Background(), e.token)
	require.NoError(t, err)
	assert.Equal(t, []string{PrivacyFriends, PrivacySelfOnly}, ci.PrivacyLevelOptions)
	assert.True(t, ci.CommentDisabled)
	assert.Equal(t, 60, ci.MaxVideoPostDurationSec)

	f := videoFile(t, 100)
	f.DurationMS = 61_000
	req := e.request(t, "too long", f)
	req.Options.Privacy = PrivacySelfOnly
	_, err = c.Publish(context.Background(), req)
	assert.Contains(t, asPlatformError(t, err).Message, "up to 60 seconds")

	req.Media[0].DurationMS = 59_000
	res, err := c.Publish(context.Background(), req)
	require.NoError(t, err)
	p := e.fake.Publishes()[0]
	assert.True(t, p.DisableComment, "the creator turned comments off")
	assert.True(t, p.DisableStitch)
	assert.False(t, p.DisableDuet)
	assert.Equal(t, "https://www.tiktok.com/@martin/video/"+p.PostID, res.Permalink)
}

func TestUnauditedAppIsPrivateOnly(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{Unaudited: true})
	c := e.connector()
	_, err := c.Publish(context.Background(), e.request(t, "public?", videoFile(t, 100)))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "unaudited_client_can_only_post_to_private_accounts", pe.Code)
	assert.Contains(t, pe.Message, "SELF_ONLY")
	assert.Contains(t, pe.Message, `"Only me"`)

	req := e.request(t, "private", videoFile(t, 100))
	req.Options.Privacy = PrivacySelfOnly
	_, err = c.Publish(context.Background(), req)
	require.NoError(t, err)
}

func TestPublishErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("expired token", func(t *testing.T) {
		e := newPubEnv(t, tiktokfake.Options{})
		e.fake.ExpireAccessTokens()
		_, err := e.connector().Publish(ctx, e.request(t, "x", videoFile(t, 100)))
		assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
	})
	t.Run("no video.publish", func(t *testing.T) {
		e := newPubEnv(t, tiktokfake.Options{})
		req := e.request(t, "x", videoFile(t, 100))
		req.Token = e.fake.IssueToken(tiktokfake.DefaultUser, "user.info.basic", "video.upload")
		_, err := e.connector().Publish(ctx, req)
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Permanent, pe.Kind)
		assert.Contains(t, pe.Message, "video.publish")
	})
	t.Run("rate limited", func(t *testing.T) {
		e := newPubEnv(t, tiktokfake.Options{})
		e.fake.FailNext(tiktokfake.RouteVideoInit, http.StatusTooManyRequests, "rate_limit_exceeded", "slow down")
		_, err := e.connector().Publish(ctx, e.request(t, "x", videoFile(t, 100)))
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Transient, pe.Kind)
		assert.ErrorIs(t, pe, model.ErrRateLimited)
		assert.Equal(t, e.clock.Now().Add(time.Minute), pe.RetryAt)
	})
	t.Run("server error after sending", func(t *testing.T) {
		e := newPubEnv(t, tiktokfake.Options{})
		e.fake.FailNext(tiktokfake.RouteVideoInit, http.StatusServiceUnavailable, "internal_error", "try later")
		_, err := e.connector().Publish(ctx, e.request(t, "x", videoFile(t, 100)))
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Transient, pe.Kind)
		assert.True(t, pe.Uncertain)
	})
	t.Run("failed at TikTok", func(t *testing.T) {
		e := newPubEnv(t, tiktokfake.Options{})
		e.fake.FailNextPublish("video_pull_failed")
		_, err := e.connector().Publish(ctx, e.request(t, "x", videoFile(t, 100)))
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Permanent, pe.Kind)
		assert.Contains(t, pe.Message, "video_pull_failed")
	})
	t.Run("nothing to post", func(t *testing.T) {
		e := newPubEnv(t, tiktokfake.Options{})
		_, err := e.connector().Publish(ctx, e.request(t, "text only"))
		assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
		_, err = e.connector().Publish(ctx, e.request(t, "mixed", videoFile(t, 10), photoFile(t, "a.jpg")))
		assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
	})
}

func TestDailyAndInboxCaps(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{DailyPostCap: 1, PendingInboxCap: 1})
	c := e.connector()
	ctx := context.Background()
	_, err := c.Publish(ctx, e.request(t, "one", videoFile(t, 10)))
	require.NoError(t, err)
	_, err = c.Publish(ctx, e.request(t, "two", videoFile(t, 10)))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "daily limit")

	inbox := func(text string) error {
		req := e.request(t, text, videoFile(t, 10))
		req.Options.Format = FormatInbox
		_, err := c.Publish(ctx, req)
		return err
	}
	require.NoError(t, inbox("draft one"))
	pe = asPlatformError(t, inbox("draft two"))
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "inbox")
}

func TestPublishPhotos(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	req := e.request(t, "Today's bakes", photoFile(t, "a.jpg"), photoFile(t, "b.jpg"))
	req.Options.Title = "Bakes"
	req.Options.MediaURLs = []string{mediaBase + "given.jpg"}
	res, err := e.connector().Publish(context.Background(), req)
	require.NoError(t, err)

	p := e.fake.Publishes()[0]
	assert.Equal(t, "PHOTO", p.MediaType)
	assert.Equal(t, "PULL_FROM_URL", p.Source)
	assert.Equal(t, []string{mediaBase + "given.jpg", mediaBase + "b.jpg"}, p.PhotoURLs, "a given URL first, then the media host")
	assert.Equal(t, "Bakes", p.Title)
	assert.Equal(t, "Today's bakes", p.Description)
	assert.Equal(t, []string{mediaBase + "b.jpg"}, e.host.removedURLs(), "shared copies are removed afterwards")
	assert.Equal(t, "https://www.tiktok.com/@boulangerie.martin/photo/"+p.PostID, res.Permalink)
}

func TestPhotosNeedAPublicAddress(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	c := NewConnector(nil, WithBaseURL(e.fake.URL), WithClock(e.clock.Now), WithPollInterval(0))
	_, err := c.Publish(context.Background(), e.request(t, "no host", photoFile(t, "a.jpg")))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.ErrorIs(t, err, platforms.ErrNoMediaHost)
	assert.Contains(t, pe.Message, "media host")

	req := e.request(t, "elsewhere", photoFile(t, "a.jpg"))
	req.Options.MediaURLs = []string{"https://cdn.unverified.example/a.jpg"}
	_, err = c.Publish(context.Background(), req)
	pe = asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "url_ownership_unverified", pe.Code)
	assert.Contains(t, pe.Message, "verified in the TikTok developer portal")
}

func TestRetryPollsInsteadOfPostingAgain(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	c := e.connector()
	req := e.request(t, "once only", videoFile(t, 100))
	e.fake.FailNext(tiktokfake.RouteStatus, http.StatusServiceUnavailable, "internal_error", "busy")
	_, err := c.Publish(context.Background(), req)
	assert.True(t, asPlatformError(t, err).Uncertain, "the post exists at TikTok")

	res, err := c.Publish(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, 1, e.fake.Calls(tiktokfake.RouteVideoInit), "not initialized again")
	assert.Equal(t, e.fake.Publishes()[0].PostID, res.PlatformPostID)
}

func TestInterruptedUploadIsContinued(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	c := e.connector()
	f := videoFile(t, 11<<20)
	req := e.request(t, "big one", f)
	e.fake.FailNext(tiktokfake.RouteUpload, http.StatusInternalServerError, "internal_error", "upload broke")
	_, err := c.Publish(context.Background(), req)
	assert.True(t, asPlatformError(t, err).Uncertain)

	_, found, err := c.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.False(t, found, "TikTok lacks part of the file")

	_, err = c.Publish(context.Background(), req)
	require.NoError(t, err)
	ps := e.fake.Publishes()
	require.Len(t, ps, 1)
	want, _ := os.ReadFile(f.Path)
	assert.True(t, bytes.Equal(want, ps[0].Data))
	assert.True(t, ps[0].Published)
}

func TestKilledMidFlightVideo(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	c := e.connector()
	req := e.request(t, "lost answer", videoFile(t, 100))
	e.fake.DropNextResponse(tiktokfake.RouteVideoInit)
	_, err := c.Publish(context.Background(), req)
	assert.True(t, asPlatformError(t, err).Uncertain)
	require.Len(t, e.fake.Publishes(), 1, "TikTok applied the init")

	_, found, err := c.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.False(t, found, "the video's bytes never left, so it cannot go out")

	res, err := c.Publish(context.Background(), req)
	require.NoError(t, err)
	ps := e.fake.Publishes()
	assert.Equal(t, 1, published(ps), "exactly one post")
	assert.Equal(t, ps[1].PostID, res.PlatformPostID)
}

func TestKilledMidFlightPhotosReadBack(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	c := e.connector()
	req := e.request(t, "pulled anyway", photoFile(t, "a.jpg"))
	e.fake.DropNextResponse(tiktokfake.RouteContentInit)
	_, err := c.Publish(context.Background(), req)
	assert.True(t, asPlatformError(t, err).Uncertain)

	for name, conn := range map[string]*Connector{"same process": c, "after a restart": e.connector()} {
		res, found, err := conn.Reconcile(context.Background(), req)
		require.NoError(t, err, name)
		require.True(t, found, name)
		assert.Equal(t, e.fake.Publishes()[0].PostID, res.PlatformPostID, name)
	}
	assert.Equal(t, 1, published(e.fake.Publishes()), "no second post")
	assert.Zero(t, e.fake.Calls(tiktokfake.RouteStatus))
}

func TestReconcileAfterRestart(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	ctx := context.Background()
	req := e.request(t, "went out", videoFile(t, 100))
	res, err := e.connector().Publish(ctx, req)
	require.NoError(t, err)

	got, found, err := e.connector().Reconcile(ctx, req)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, res.PlatformPostID, got.PlatformPostID)
	assert.Equal(t, res.Permalink, got.Permalink)

	missing := e.request(t, "never sent", videoFile(t, 100))
	_, _, err = e.connector().Reconcile(ctx, missing)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind, "maybe still in moderation")

	e.clock.Advance(25 * time.Hour)
	missing.Token = e.fake.IssueToken(tiktokfake.DefaultUser, publishScopes...)
	_, found, err = e.connector().Reconcile(ctx, missing)
	require.NoError(t, err)
	assert.False(t, found, "a public post would be listed by now")
}

func TestReconcileCannotAlwaysKnow(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	for name, change := range map[string]func(*platforms.Request){
		"inbox":      func(r *platforms.Request) { r.Options.Format = FormatInbox },
		"private":    func(r *platforms.Request) { r.Options.Privacy = PrivacySelfOnly },
		"no listing": func(r *platforms.Request) { r.Account.Scopes = Scopes },
	} {
		req := e.request(t, "unknowable", videoFile(t, 100))
		change(&req)
		_, _, err := e.connector().Reconcile(context.Background(), req)
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Permanent, pe.Kind, name)
		assert.True(t, strings.HasPrefix(pe.Message, "Whether the TikTok post went out cannot be checked"), name)
	}
}

func TestDeleteIsUnsupported(t *testing.T) {
	e := newPubEnv(t, tiktokfake.Options{})
	err := e.connector().Delete(context.Background(), model.Account{}, e.token, "7300000000000000001")
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.True(t, errors.Is(err, model.ErrUnsupported))
	assert.Contains(t, pe.Message, "delete it in the TikTok app")
}
