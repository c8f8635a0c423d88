package tiktok

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/tiktok/tiktokfake"
)

var statsScopes = []string{"user.info.basic", "user.info.stats", "video.publish", "video.list"}

// statsEnv publishes with a token holding the statistics scopes.
type statsEnv struct {
	*pubEnv
	acct model.Account
}

func newStatsEnv(t *testing.T, opts tiktokfake.Options) *statsEnv {
	t.Helper()
	e := newPubEnv(t, opts)
	e.token = e.fake.IssueToken(tiktokfake.DefaultUser, statsScopes...)
	return &statsEnv{pubEnv: e, acct: model.Account{ID: 7, Platform: model.TikTok, RemoteID: tiktokfake.DefaultUser, Scopes: statsScopes}}
}

// publish posts a public video and returns its PlatformPostID.
func (e *statsEnv) publish(t *testing.T, text string) string {
	t.Helper()
	res, err := e.connector().Publish(context.Background(), e.request(t, text, videoFile(t, 100)))
	require.NoError(t, err)
	return res.PlatformPostID
}

func TestVideoMetrics(t *testing.T) {
	e := newStatsEnv(t, tiktokfake.Options{})
	a, b := e.publish(t, "first"), e.publish(t, "second")
	e.fake.SetVideoStats(a, tiktokfake.VideoStats{Views: 5000, Likes: 310, Comments: 22, Shares: 17})

	got, err := e.connector().PostMetrics(context.Background(), e.acct, e.token, []string{a, b, "publish:v_pub_file~v2-1.9", a, "7300000000000009999"})

	require.NoError(t, err)
	np := platforms.NotProvided
	assert.Equal(t, map[string]platforms.PostMetrics{
		a: {Views: 5000, Likes: 310, Comments: 22, Shares: 17, Saves: np},
		b: {Saves: np},
	}, got, "a post still in moderation is skipped, one TikTok does not know is left out")
	assert.Equal(t, 1, e.fake.Calls(tiktokfake.RouteVideoQuery))
}

func TestVideoMetricsAskTwentyIDsACall(t *testing.T) {
	e := newStatsEnv(t, tiktokfake.Options{})
	ids := []string{e.publish(t, "only")}
	for i := range 24 {
		ids = append(ids, fmt.Sprintf("73000000000000%05d", i))
	}
	got, err := e.connector().PostMetrics(context.Background(), e.acct, e.token, ids)
	require.NoError(t, err)
	assert.Len(t, got, 1)
	assert.Equal(t, 2, e.fake.Calls(tiktokfake.RouteVideoQuery), "25 ids: 20 + 5")
}

func TestOnlyPostsInModerationMakeNoCall(t *testing.T) {
	e := newStatsEnv(t, tiktokfake.Options{})
	got, err := e.connector().PostMetrics(context.Background(), e.acct, e.token, []string{"publish:x", ""})
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Zero(t, e.fake.Calls(tiktokfake.RouteVideoQuery))
}

func TestVideoMetricsWithoutVideoListNamesIt(t *testing.T) {
	e := newStatsEnv(t, tiktokfake.Options{})
	id := e.publish(t, "post")
	ctx := context.Background()

	acct := e.acct
	acct.Scopes = Scopes
	_, err := e.connector().PostMetrics(ctx, acct, e.token, []string{id})
	pe := platforms.AsError(model.TikTok, err)
	require.NotNil(t, pe)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "video.list")
	assert.Zero(t, e.fake.Calls(tiktokfake.RouteVideoQuery), "known to be missing: no call")

	noList := e.fake.IssueToken(tiktokfake.DefaultUser, "user.info.basic", "video.publish")
	_, err = e.connector().PostMetrics(ctx, model.Account{ID: 7, Platform: model.TikTok}, noList, []string{id})
	pe = platforms.AsError(model.TikTok, err)
	require.NotNil(t, pe)
	assert.Equal(t, platforms.Permanent, pe.Kind, "TikTok's scope_not_authorized (401) is not an expired sign-in")
	assert.Equal(t, "scope_not_authorized", pe.Code)
	assert.Contains(t, pe.Message, "video.list")
	assert.Contains(t, pe.Message, "TikTok says:")
}

func TestVideoMetricsErrors(t *testing.T) {
	e := newStatsEnv(t, tiktokfake.Options{})
	id := e.publish(t, "post")
	ctx := context.Background()

	e.fake.FailNext(tiktokfake.RouteVideoQuery, http.StatusTooManyRequests, "rate_limit_exceeded", "Too many requests.")
	_, err := e.connector().PostMetrics(ctx, e.acct, e.token, []string{id})
	pe := platforms.AsError(model.TikTok, err)
	require.NotNil(t, pe)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.ErrorIs(t, err, model.ErrRateLimited)
	assert.Equal(t, e.clock.Now().Add(time.Minute), pe.RetryAt)

	e.fake.ExpireAccessTokens()
	_, err = e.connector().PostMetrics(ctx, e.acct, e.token, []string{id})
	pe = platforms.AsError(model.TikTok, err)
	require.NotNil(t, pe)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
}

func TestAccountMetrics(t *testing.T) {
	e := newStatsEnv(t, tiktokfake.Options{})
	e.fake.SetUserStats(tiktokfake.DefaultUser, tiktokfake.UserStats{Followers: 1520, Following: 80, Likes: 9000, Videos: 41})

	got, err := e.connector().AccountMetrics(context.Background(), e.acct, e.token)

	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: 1520, Following: 80, Posts: 41}, got)
}

func TestAccountMetricsWithoutStatsScopeNamesIt(t *testing.T) {
	e := newStatsEnv(t, tiktokfake.Options{})
	acct := e.acct
	acct.Scopes = Scopes
	_, err := e.connector().AccountMetrics(context.Background(), acct, e.token)
	pe := platforms.AsError(model.TikTok, err)
	require.NotNil(t, pe)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "user.info.stats")

	basic := e.fake.IssueToken(tiktokfake.DefaultUser, "user.info.basic")
	_, err = e.connector().AccountMetrics(context.Background(), model.Account{ID: 7, Platform: model.TikTok}, basic)
	pe = platforms.AsError(model.TikTok, err)
	require.NotNil(t, pe)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "user.info.stats")
}

// TestFakeVideoQueryRules checks the fake refuses what TikTok would.
func TestFakeVideoQueryRules(t *testing.T) {
	e := newStatsEnv(t, tiktokfake.Options{})
	post := func(fields, body string) fakekit.Answer {
		req, _ := http.NewRequest(http.MethodPost, e.fake.URL+"/v2/video/query/?fields="+fields, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.token)
		return fakekit.Do(t, req)
	}
	ids := make([]string, 21)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprint(i))
	}
	assert.Equal(t, 400, post("id,view_count", `{"filters":{"video_ids":[`+strings.Join(ids, ",")+`]}}`).Status, "more than 20 ids")
	assert.Equal(t, 400, post("id,view_count", `{"filters":{"video_ids":[]}}`).Status, "no ids")
	assert.Equal(t, 400, post("id,play_count", `{"filters":{"video_ids":["1"]}}`).Status, "unknown field")
	assert.Equal(t, 200, post("id,view_count", `{"filters":{"video_ids":["1"]}}`).Status)
}
