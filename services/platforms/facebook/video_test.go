package facebook_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
	"webox-social/services/platforms/facebook/facebookfake"
)

// videoFile writes an n-byte stand-in for an MP4 (upload mechanics only).
func videoFile(t *testing.T, n int) platforms.MediaFile {
	t.Helper()
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	p := filepath.Join(t.TempDir(), "clip"+strconv.Itoa(n)+".mp4")
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return platforms.MediaFile{Path: p, Mime: "video/mp4", Size: int64(n)}
}

func TestConnectorPublishVideoInChunks(t *testing.T) {
	e := newPubEnvWith(t, facebookfake.Options{VideoChunk: 4, VideoReads: 3})
	f := videoFile(t, 10)
	r := e.req("Our oven, in slow motion", f)
	r.Options.Title = "Oven"
	res, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)

	vids := e.fake.Videos("p1")
	require.Len(t, vids, 1)
	v := vids[0]
	want, _ := os.ReadFile(f.Path)
	assert.Equal(t, want, v.Data, "every byte arrived, in order")
	assert.Equal(t, "Our oven, in slow motion", v.Description)
	assert.Equal(t, "Oven", v.Title)
	assert.Equal(t, "ready", v.Status)
	assert.True(t, v.Published)
	assert.Equal(t, v.ID, res.PlatformPostID)
	assert.Equal(t, "https://www.facebook.com/p1/videos/"+v.ID+"/", res.Permalink)
	assert.Equal(t, 1, e.fake.Calls("videos:start"))
	assert.Equal(t, 3, e.fake.Calls("videos:transfer"), "4 + 4 + 2 bytes at the offsets the fake named")
	assert.Equal(t, 1, e.fake.Calls("videos:finish"))
	assert.Equal(t, 3, e.fake.Calls("node"), "status read until ready")
	assert.Empty(t, e.fake.Posts("p1"), "a video is not a /feed post")
}

func TestConnectorVideoWithoutTitle(t *testing.T) {
	e := newPubEnv(t)
	_, err := e.conn.Publish(context.Background(), e.req("clip", videoFile(t, 3)))
	require.NoError(t, err)
	v := e.fake.Videos("p1")[0]
	assert.Empty(t, v.Title)
	assert.Equal(t, 1, e.fake.Calls("videos:transfer"))
}

func TestConnectorVideoProcessingFails(t *testing.T) {
	e := newPubEnv(t)
	e.fake.FailNextVideo("The video file you selected is in a format that we don't support.")
	_, err := e.conn.Publish(context.Background(), e.req("clip", videoFile(t, 5)))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.False(t, pe.Uncertain)
	assert.Equal(t, "Facebook could not process the video: The video file you selected is in a format that we don't support.", pe.Message)
}

func TestConnectorVideoNeedsPublishVideo(t *testing.T) {
	e := newPubEnv(t)
	r := e.req("clip", videoFile(t, 5))
	r.Token = e.fake.IssuePageToken("u1", "app-1", "p1", "pages_manage_posts", "pages_read_engagement")
	_, err := e.conn.Publish(context.Background(), r)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "200", pe.Code)
	assert.Contains(t, pe.Message, "publish_video")
	assert.False(t, pe.Uncertain, "no post can exist before finish")
	assert.Empty(t, e.fake.Videos("p1"))
}

func TestConnectorVideoUserTokenRefused(t *testing.T) {
	e := newPubEnv(t)
	r := e.req("clip", videoFile(t, 5))
	r.Token = e.fake.IssueUserToken("u1", "app-1", pubScopes...)
	_, err := e.conn.Publish(context.Background(), r)
	assert.Equal(t, "200", asPlatformError(t, err).Code)
	assert.Empty(t, e.fake.Videos("p1"))
}

func TestConnectorVideoKilledAtFinish(t *testing.T) {
	e := newPubEnvWith(t, facebookfake.Options{VideoChunk: 4})
	r := e.req("Lost video answer", videoFile(t, 9))
	e.fake.LoseNextResponse("videos:finish")
	_, err := e.conn.Publish(context.Background(), r)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.True(t, pe.Uncertain, "the video may have been published")
	require.Len(t, e.fake.Videos("p1"), 1, "the fake finished the video")

	res, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	require.True(t, found)
	vids := e.fake.Videos("p1")
	require.Len(t, vids, 1, "no duplicate")
	assert.Equal(t, vids[0].ID, res.PlatformPostID)
	assert.Equal(t, "https://www.facebook.com/p1/videos/"+vids[0].ID+"/", res.Permalink)
	assert.False(t, res.Scheduled)
}

func TestConnectorVideoKilledDuringTransferIsSafeToRetry(t *testing.T) {
	e := newPubEnvWith(t, facebookfake.Options{VideoChunk: 4})
	r := e.req("Half a video", videoFile(t, 9))
	e.fake.LoseNextResponse("videos:transfer")
	_, err := e.conn.Publish(context.Background(), r)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.False(t, pe.Uncertain, "nothing is posted before finish")

	_, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	assert.False(t, found)

	_, err = e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	finished := 0
	for _, v := range e.fake.Videos("p1") {
		if v.Finished {
			finished++
		}
	}
	assert.Equal(t, 1, finished)
}

func TestConnectorReconcileVideoByTitleWithoutText(t *testing.T) {
	e := newPubEnv(t)
	r := e.req("", videoFile(t, 4))
	r.Options.Title = "Only a title"
	_, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	assert.False(t, found)
	res, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	got, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, res.PlatformPostID, got.PlatformPostID)

	r.Options.Title = ""
	_, _, err = e.conn.Reconcile(context.Background(), r)
	assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind, "nothing to match on")
}

func TestConnectorVideoReconcileOutsideWindow(t *testing.T) {
	e := newPubEnv(t)
	r := e.req("Old clip", videoFile(t, 4))
	_, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	e.clk.Advance(time.Hour)
	r.StartedAt = e.clk.Now()
	_, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	assert.False(t, found)
}

func TestConnectorDeleteVideo(t *testing.T) {
	e := newPubEnv(t)
	res, err := e.conn.Publish(context.Background(), e.req("Bye", videoFile(t, 4)))
	require.NoError(t, err)
	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.tok, res.PlatformPostID))
	assert.Empty(t, e.fake.Videos("p1"))
}

func TestConnectorVideoHostOption(t *testing.T) {
	e := newPubEnv(t)
	conn := facebook.NewConnector(nil, facebook.WithEndpoints(facebook.Endpoints{GraphURL: e.fake.GraphURL(), VideoURL: e.fake.GraphURL() + "/"}),
		facebook.WithPollInterval(0))
	_, err := conn.Publish(context.Background(), e.req("clip", videoFile(t, 4)))
	require.NoError(t, err)
	assert.Equal(t, facebook.Endpoints{AuthURL: "https://www.facebook.com/v23.0/dialog/oauth", GraphURL: "https://graph.facebook.com/v23.0",
		VideoURL: "https://graph-video.facebook.com/v23.0"}, facebook.DefaultEndpoints())
}
