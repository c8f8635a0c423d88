package xcom_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/xcom/xcomfake"
)

func (e *pubEnv) thread(head string, parts ...string) platforms.Request {
	req := e.req(head)
	req.Options = model.TargetOptions{Thread: parts}
	return req
}

// assertThread checks that alice's live tweets are exactly texts, each replying to the
// one before, and returns them.
func assertThread(t *testing.T, e *pubEnv, texts ...string) []xcomfake.Tweet {
	t.Helper()
	tweets := e.fake.Tweets("alice")
	require.Len(t, tweets, len(texts))
	for i, tw := range tweets {
		assert.Equal(t, texts[i], tw.Text)
		assert.False(t, tw.Deleted)
		if i == 0 {
			assert.Empty(t, tw.InReplyTo)
			continue
		}
		assert.Equal(t, tweets[i-1].ID, tw.InReplyTo, "part %d replies to part %d", i+1, i)
	}
	return tweets
}

func TestPublishThread(t *testing.T) {
	e := newPubEnv(t, nil)
	img := file(t, "a.png", "image/png", 10)
	req := e.thread("1/3 the head", "2/3 more https://example.com/x", "3/3 the end")
	req.Media = []platforms.MediaFile{img}
	res, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	tweets := assertThread(t, e, "1/3 the head", "2/3 more https://example.com/x", "3/3 the end")
	assert.Equal(t, tweets[0].ID, res.PlatformPostID)
	assert.Len(t, tweets[0].MediaIDs, 1, "the media go with the head")
	assert.Empty(t, tweets[1].MediaIDs)

	res2, found, err := e.conn.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, res.PlatformPostID, res2.PlatformPostID)
}

func TestThreadKilledAtSecondReplyResumesWithoutDuplicates(t *testing.T) {
	e := newPubEnv(t, nil)
	req := e.thread("head", "reply one", "reply two", "reply three")
	e.fake.DropTweetResponse(3) // head, reply one, then reply two: stored, answer lost
	_, err := e.conn.Publish(context.Background(), req)
	pe := platformErr(t, err)
	assert.True(t, pe.Uncertain, "%v", err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.Contains(t, pe.Message, "The thread stopped after 2 of 4 posts")
	require.Len(t, e.fake.Tweets("alice"), 3)

	_, found, err := e.conn.Reconcile(context.Background(), req)
	require.NoError(t, err, "a partly published thread is safe to publish again")
	assert.False(t, found)

	res, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	tweets := assertThread(t, e, "head", "reply one", "reply two", "reply three")
	assert.Equal(t, tweets[0].ID, res.PlatformPostID)

	again, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err, "a thread already out is found, not posted again")
	assert.Equal(t, res.PlatformPostID, again.PlatformPostID)
	assertThread(t, e, "head", "reply one", "reply two", "reply three")
}

func TestThreadKilledAtLastReplyReconciles(t *testing.T) {
	e := newPubEnv(t, nil)
	req := e.thread("head", "reply one", "reply two")
	e.fake.DropTweetResponse(3)
	_, err := e.conn.Publish(context.Background(), req)
	assert.True(t, platformErr(t, err).Uncertain)

	res, found, err := e.conn.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.True(t, found)
	tweets := assertThread(t, e, "head", "reply one", "reply two")
	assert.Equal(t, tweets[0].ID, res.PlatformPostID)
}

func TestThreadKilledAtHeadResumes(t *testing.T) {
	e := newPubEnv(t, nil)
	req := e.thread("head", "reply one")
	e.fake.DropTweetResponse(1)
	_, err := e.conn.Publish(context.Background(), req)
	assert.True(t, platformErr(t, err).Uncertain)

	_, err = e.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	assertThread(t, e, "head", "reply one")
}

func TestThreadLongPartRefusedBeforeTheHead(t *testing.T) {
	e := newPubEnv(t, nil)
	_, err := e.conn.Publish(context.Background(), e.thread("fine", "also fine", strings.Repeat("é", 281)))
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.Equal(t, "Post 3 of 3 in the thread: X allows 280 characters (links count as 23, emoji and CJK characters as 2); this post has 281.", pe.Message)
	assert.Zero(t, e.fake.Calls(xcomfake.RouteTweets))
	assert.Zero(t, e.fake.Calls(xcomfake.RouteTimeline))
}

func TestThreadWeightedCount(t *testing.T) {
	e := newPubEnv(t, nil)
	// 141 emoji weigh 282: over, though only 141 characters.
	_, err := e.conn.Publish(context.Background(), e.thread("head", strings.Repeat("😀", 141)))
	assert.Contains(t, platformErr(t, err).Message, "this post has 282")
	_, err = e.conn.Publish(context.Background(), e.thread("head", strings.Repeat("😀", 140)))
	require.NoError(t, err)
}

func TestThreadEmptyPartRefused(t *testing.T) {
	e := newPubEnv(t, nil)
	_, err := e.conn.Publish(context.Background(), e.thread("head", " "))
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "Post 2 of 2 in the thread")
	assert.Zero(t, e.fake.Calls(xcomfake.RouteTweets))
}

func TestThreadReplyRefusedKeepsXWords(t *testing.T) {
	e := newPubEnv(t, nil)
	_, err := e.conn.Publish(context.Background(), e.req("already said"))
	require.NoError(t, err)
	e.clock.Advance(time.Hour)
	_, err = e.conn.Publish(context.Background(), e.thread("new head", "already said"))
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, http.StatusForbidden, pe.Status)
	assert.Equal(t, "The thread stopped after 1 of 2 posts: X said: "+xcomfake.DuplicateDetail, pe.Message)
}
