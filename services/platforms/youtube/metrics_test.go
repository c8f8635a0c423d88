package youtube

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/youtube/youtubefake"
)

// publishVideos uploads n videos and returns their ids.
func (e *pubEnv) publishVideos(n int) []string {
	e.t.Helper()
	ids := make([]string, n)
	for i := range n {
		res, err := e.c.Publish(context.Background(), e.req(fmt.Sprintf("Clip %d", i), videoFile(e.t, 1000)))
		require.NoError(e.t, err)
		ids[i] = res.PlatformPostID
	}
	return ids
}

func (e *pubEnv) account() model.Account {
	return model.Account{ID: 7, Platform: model.YouTube, RemoteID: aliceChannel, Scopes: Scopes}
}

func TestVideoStatistics(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	ids := e.publishVideos(3)
	e.fake.SetVideoStats(ids[0], youtubefake.VideoStats{Views: 1200, Likes: 80, Comments: 12})
	e.fake.SetVideoStats(ids[1], youtubefake.VideoStats{Views: 50, Likes: 9, LikesHidden: true, CommentsOff: true})
	require.NoError(t, e.c.Delete(context.Background(), e.account(), e.token, ids[2]))

	got, err := e.c.PostMetrics(context.Background(), e.account(), e.token, append(ids, ids[0], ""))

	require.NoError(t, err)
	np := platforms.NotProvided
	assert.Equal(t, map[string]platforms.PostMetrics{
		ids[0]: {Views: 1200, Likes: 80, Comments: 12, Shares: np, Saves: np},
		ids[1]: {Views: 50, Likes: np, Comments: np, Shares: np, Saves: np},
	}, got, "the deleted video is left out; YouTube gives no shares or saves")
}

func TestVideoStatisticsAskFiftyIDsACall(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	ids := e.publishVideos(1)
	e.fake.SetVideoStats(ids[0], youtubefake.VideoStats{Views: 3})
	for i := range 119 {
		ids = append(ids, fmt.Sprintf("gone%07d", i))
	}
	before := e.fake.Calls("videos")

	got, err := e.c.PostMetrics(context.Background(), e.account(), e.token, ids)

	require.NoError(t, err)
	assert.Equal(t, 3, e.fake.Calls("videos")-before, "120 ids: 50 + 50 + 20")
	assert.Equal(t, int64(3), got[ids[0]].Views)
	assert.Len(t, got, 1)
}

func TestFakeRefusesMoreThanFiftyIDs(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	ids := make([]string, 51)
	for i := range ids {
		ids[i] = fmt.Sprintf("v%d", i)
	}
	var out struct{}
	err := e.c.a.getJSON(context.Background(), "/youtube/v3/videos?part=statistics&id="+strings.Join(ids, ","), e.token, &out)
	pe := asError(t, err)
	assert.Equal(t, 400, pe.Status)
	assert.Equal(t, "invalidFilters", pe.Code)
}

func asError(t *testing.T, err error) *platforms.Error {
	t.Helper()
	require.Error(t, err)
	pe := platforms.AsError(model.YouTube, err)
	require.NotNil(t, pe)
	return pe
}

func TestChannelStatistics(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	e.publishVideos(2)
	e.fake.SetChannelStats(aliceChannel, youtubefake.ChannelStats{Subscribers: 4100, Views: 90000, Videos: -1})

	got, err := e.c.AccountMetrics(context.Background(), e.account(), e.token)

	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: 4100, Following: platforms.NotProvided, Posts: 2}, got)

	e.fake.SetChannelStats(aliceChannel, youtubefake.ChannelStats{Subscribers: 4100, HiddenSubscribers: true, Videos: 31})
	got, err = e.c.AccountMetrics(context.Background(), e.account(), e.token)
	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: platforms.NotProvided, Following: platforms.NotProvided, Posts: 31}, got)
}

func TestStatisticsErrors(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	ids := e.publishVideos(1)
	ctx := context.Background()

	t.Run("expired token is Auth", func(t *testing.T) {
		e.clock.Advance(2 * time.Hour)
		_, err := e.c.PostMetrics(ctx, e.account(), e.token, ids)
		pe := asError(t, err)
		assert.Equal(t, platforms.Auth, pe.Kind)
		assert.ErrorIs(t, err, model.ErrUnauthorized)
	})
	tok := e.fake.IssueAccessToken("alice", Scopes...)

	t.Run("missing permission names youtube.readonly", func(t *testing.T) {
		uploadOnly := e.fake.IssueAccessToken("alice", ScopeUpload)
		_, err := e.c.AccountMetrics(ctx, e.account(), uploadOnly)
		pe := asError(t, err)
		assert.Equal(t, platforms.Permanent, pe.Kind)
		assert.Contains(t, pe.Message, "youtube.readonly")
		assert.Contains(t, pe.Message, "insufficient authentication scopes")
	})

	t.Run("429 retries after a minute", func(t *testing.T) {
		e.fake.FailNext(1, 429)
		_, err := e.c.PostMetrics(ctx, e.account(), tok, ids)
		pe := asError(t, err)
		assert.Equal(t, platforms.Transient, pe.Kind)
		assert.ErrorIs(t, err, model.ErrRateLimited)
		assert.Equal(t, e.clock.Now().Add(rateRetry), pe.RetryAt)
	})

	t.Run("daily quota retries at midnight Pacific", func(t *testing.T) {
		e.fake.SetReadQuota(1)
		_, err := e.c.PostMetrics(ctx, e.account(), tok, ids)
		require.NoError(t, err)
		_, err = e.c.AccountMetrics(ctx, e.account(), tok)
		pe := asError(t, err)
		assert.Equal(t, platforms.Transient, pe.Kind)
		assert.Equal(t, "quotaExceeded", pe.Code)
		assert.Equal(t, NextQuotaReset(e.clock.Now()), pe.RetryAt)
	})
}
