package facebook_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
)

func (e *pubEnv) scheduled(text string, in time.Duration, media ...platforms.MediaFile) platforms.Request {
	r := e.req(text, media...)
	r.ScheduleAt = e.clk.Now().Add(in)
	r.Options.Native = true
	return r
}

func TestNativeWindow(t *testing.T) {
	var c platforms.Connector = newPubEnv(t).conn
	ns, ok := c.(platforms.NativeScheduler)
	require.True(t, ok)
	lo, hi := ns.NativeWindow()
	assert.Equal(t, 10*time.Minute, lo)
	assert.Equal(t, 30*24*time.Hour, hi)
}

func TestScheduleTextThenConfirm(t *testing.T) {
	e := newPubEnv(t)
	r := e.scheduled("Opening at noon", 2*time.Hour)
	res, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	assert.True(t, res.Scheduled)
	assert.Equal(t, r.ScheduleAt, res.PublishedAt)
	posts := e.fake.Posts("p1")
	require.Len(t, posts, 1)
	assert.Equal(t, res.PlatformPostID, posts[0].ID)
	assert.False(t, posts[0].Published)
	assert.Equal(t, r.ScheduleAt, posts[0].ScheduledAt)

	_, published, err := e.conn.Confirm(context.Background(), r, res.PlatformPostID)
	require.NoError(t, err)
	assert.False(t, published, "still waiting")

	e.clk.Advance(2 * time.Hour)
	got, published, err := e.conn.Confirm(context.Background(), r, res.PlatformPostID)
	require.NoError(t, err)
	require.True(t, published)
	assert.Equal(t, res.PlatformPostID, got.PlatformPostID)
	assert.Equal(t, r.ScheduleAt, got.PublishedAt)
	assert.Equal(t, res.Permalink, got.Permalink)
}

func TestSchedulePhotosUseAttachedMedia(t *testing.T) {
	for _, n := range []int{1, 2} {
		e := newPubEnv(t)
		var media []platforms.MediaFile
		for i := range n {
			media = append(media, photoFile(t, string(rune('a'+i))+".jpg"))
		}
		r := e.scheduled("Photos later", time.Hour, media...)
		res, err := e.conn.Publish(context.Background(), r)
		require.NoError(t, err)
		assert.True(t, res.Scheduled)
		posts := e.fake.Posts("p1")
		require.Len(t, posts, 1)
		assert.Len(t, posts[0].Photos, n)
		assert.False(t, posts[0].Published)
		assert.Equal(t, 1, e.fake.Calls("feed"), "unpublished uploads attached to one scheduled /feed post")
	}
}

func TestScheduleVideoThenConfirm(t *testing.T) {
	e := newPubEnv(t)
	r := e.scheduled("Film at eight", 3*time.Hour, videoFile(t, 6))
	r.Options.Title = "Film"
	res, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	assert.True(t, res.Scheduled)
	v := e.fake.Videos("p1")[0]
	assert.Equal(t, v.ID, res.PlatformPostID)
	assert.Equal(t, "ready", v.Status)
	assert.False(t, v.Published)
	assert.Equal(t, r.ScheduleAt, v.ScheduledAt)

	_, published, err := e.conn.Confirm(context.Background(), r, res.PlatformPostID)
	require.NoError(t, err)
	assert.False(t, published)
	e.clk.Advance(3 * time.Hour)
	got, published, err := e.conn.Confirm(context.Background(), r, res.PlatformPostID)
	require.NoError(t, err)
	require.True(t, published)
	assert.Equal(t, "https://www.facebook.com/p1/videos/"+v.ID+"/", got.Permalink)
	assert.Equal(t, r.ScheduleAt, got.PublishedAt)
}

func TestScheduleOutsideWindowIsPermanent(t *testing.T) {
	for _, in := range []time.Duration{5 * time.Minute, facebook.MaxSchedule + time.Hour, -time.Hour} {
		e := newPubEnv(t)
		_, err := e.conn.Publish(context.Background(), e.scheduled("too soon or too late", in))
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Permanent, pe.Kind, in)
		assert.Equal(t, "(#100) The specified scheduled publish time is invalid.", pe.Message)
		assert.Empty(t, e.fake.Posts("p1"))

		_, err = e.conn.Publish(context.Background(), e.scheduled("video too", in, videoFile(t, 3)))
		assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
		assert.False(t, e.fake.Videos("p1")[0].Finished, "the video was never finished")
	}
}

func TestDeleteScheduledPost(t *testing.T) {
	e := newPubEnv(t)
	r := e.scheduled("Never mind", time.Hour)
	res, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.tok, res.PlatformPostID))
	assert.Empty(t, e.fake.Posts("p1"))

	e.clk.Advance(2 * time.Hour)
	_, published, err := e.conn.Confirm(context.Background(), r, res.PlatformPostID)
	assert.False(t, published)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "100/33", pe.Code)
}

func TestScheduledKilledMidFlightReconciles(t *testing.T) {
	e := newPubEnv(t)
	r := e.scheduled("Lost scheduled answer", time.Hour)
	e.fake.LoseNextResponse("feed")
	_, err := e.conn.Publish(context.Background(), r)
	assert.True(t, asPlatformError(t, err).Uncertain)

	res, found, err := e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	require.True(t, found)
	assert.True(t, res.Scheduled, "found waiting in /scheduled_posts")
	assert.Equal(t, e.fake.Posts("p1")[0].ID, res.PlatformPostID)

	e.clk.Advance(time.Hour)
	res, found, err = e.conn.Reconcile(context.Background(), r)
	require.NoError(t, err)
	require.True(t, found)
	assert.False(t, res.Scheduled, "it went out meanwhile: found in /posts")
	assert.Len(t, e.fake.Posts("p1"), 1, "no duplicate")
}

func TestScheduledReconcileNotFound(t *testing.T) {
	e := newPubEnv(t)
	_, found, err := e.conn.Reconcile(context.Background(), e.scheduled("never sent", time.Hour))
	require.NoError(t, err)
	assert.False(t, found)
}
