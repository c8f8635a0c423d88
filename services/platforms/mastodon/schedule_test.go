package mastodon

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
	"webox-social/services/platforms/mastodon/mastodonfake"
)

func (e *env) scheduled(text, key string, at time.Time, media ...platforms.MediaFile) platforms.Request {
	req := e.request(text, key, media...)
	req.ScheduleAt = at
	req.Options = model.TargetOptions{Native: true}
	return req
}

func TestNativeWindow(t *testing.T) {
	lo, hi := New(nil).NativeWindow()
	assert.GreaterOrEqual(t, lo, 5*time.Minute, "Mastodon's minimum")
	assert.Greater(t, hi, 100*365*24*time.Hour, "no maximum")
}

func TestScheduleThenConfirm(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	at := e.clock.Now().Add(time.Hour).Truncate(time.Second)
	req := e.scheduled("Later today", "key-1", at, pngFile(t))

	res, err := e.conn.Publish(context.Background(), req)

	require.NoError(t, err)
	assert.True(t, res.Scheduled)
	scs := e.fake.ScheduledStatuses()
	require.Len(t, scs, 1)
	assert.Equal(t, "scheduled:"+scs[0].ID, res.PlatformPostID)
	assert.True(t, scs[0].ScheduledAt.Equal(at))
	assert.Equal(t, "key-1", scs[0].IdempotencyKey)
	assert.Len(t, scs[0].MediaIDs, 1)
	assert.Empty(t, e.fake.Statuses())

	confirmReq := req
	confirmReq.ScheduleAt = time.Time{} // the engine confirms without the time
	_, published, err := e.conn.Confirm(context.Background(), confirmReq, res.PlatformPostID)
	require.NoError(t, err)
	assert.False(t, published, "still waiting on the instance")

	e.clock.Advance(time.Hour + time.Minute)
	got, published, err := e.conn.Confirm(context.Background(), confirmReq, res.PlatformPostID)
	require.NoError(t, err)
	assert.True(t, published)
	sts := e.fake.Statuses()
	require.Len(t, sts, 1)
	assert.Equal(t, sts[0].ID, got.PlatformPostID)
	assert.Equal(t, e.fake.URL+"/@alice/"+sts[0].ID, got.Permalink)
	assert.True(t, got.PublishedAt.Equal(at))
	assert.False(t, got.Scheduled)
}

func TestScheduleRetryFindsTheEarlierOne(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	req := e.scheduled("Tomorrow", "key-1", e.clock.Now().Add(24*time.Hour), pngFile(t))
	first, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err)

	e.clock.Advance(2 * time.Hour) // the instance has forgotten the Idempotency-Key
	again, err := e.conn.Publish(context.Background(), req)

	require.NoError(t, err)
	assert.Equal(t, first, again)
	assert.Len(t, e.fake.ScheduledStatuses(), 1)
	assert.Len(t, e.fake.MediaAttachments(), 1, "nothing uploaded again")
}

// dropStatusPost delivers requests but drops the answer of POST /api/v1/statuses, as
// when the app is killed after the instance stored the post.
type dropStatusPost struct{ drops int }

func (d *dropStatusPost) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || r.Method != http.MethodPost || r.URL.Path != "/api/v1/statuses" || d.drops == 0 {
		return resp, err
	}
	d.drops--
	resp.Body.Close()
	return nil, &cutOffError{}
}

type cutOffError struct{}

func (*cutOffError) Error() string { return "connection reset by peer" }

func TestScheduleKilledMidFlightIsScheduledOnce(t *testing.T) {
	for _, wait := range []time.Duration{time.Minute, 2 * time.Hour} {
		t.Run(wait.String(), func(t *testing.T) {
			e := newEnv(t, mastodonfake.Options{})
			e.conn.hc = &http.Client{Transport: &dropStatusPost{drops: 1}}
			req := e.scheduled("Once only", "key-1", e.clock.Now().Add(24*time.Hour))
			_, err := e.conn.Publish(context.Background(), req)
			pe := asPlatformError(t, err)
			assert.True(t, pe.Uncertain, "%v", err)
			require.Len(t, e.fake.ScheduledStatuses(), 1)

			e.clock.Advance(wait)
			_, found, err := e.conn.Reconcile(context.Background(), req)
			require.NoError(t, err)
			assert.False(t, found, "not published yet")
			res, err := e.conn.Publish(context.Background(), req)
			require.NoError(t, err)
			scs := e.fake.ScheduledStatuses()
			require.Len(t, scs, 1)
			assert.Equal(t, "scheduled:"+scs[0].ID, res.PlatformPostID)
		})
	}
}

func TestScheduleTooSoon(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	_, err := e.conn.Publish(context.Background(), e.scheduled("soon", "k", e.clock.Now().Add(5*time.Minute+30*time.Second)))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind, "the engine publishes it itself instead")
	assert.Equal(t, "the post is due in 5m30s: Mastodon schedules posts only at least 5 minutes ahead", pe.Message)
	assert.Empty(t, e.fake.ScheduledStatuses())

	// The instance's clock runs 3 minutes ahead: it refuses with its own words.
	e.conn.Now = func() time.Time { return e.clock.Now().Add(-3 * time.Minute) }
	_, err = e.conn.Publish(context.Background(), e.scheduled("soon", "k", e.clock.Now().Add(4*time.Minute)))
	pe = asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, http.StatusUnprocessableEntity, pe.Status)
	assert.Equal(t, "Validation failed: Scheduled at The scheduled date must be in the future", pe.Message)
}

func TestDeleteScheduled(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	req := e.scheduled("cancel me", "k", e.clock.Now().Add(time.Hour))
	res, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err)

	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.token, res.PlatformPostID))
	assert.Empty(t, e.fake.ScheduledStatuses())
	e.clock.Advance(2 * time.Hour)
	assert.Empty(t, e.fake.Statuses(), "it never goes out")

	err = e.conn.Delete(context.Background(), e.acct, e.token, res.PlatformPostID)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.ErrorIs(t, err, model.ErrNotFound)

	_, _, err = e.conn.Confirm(context.Background(), req, res.PlatformPostID)
	pe = asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind, "gone and not found: not known yet")
	assert.ErrorIs(t, err, model.ErrNotFound)
	assert.True(t, strings.HasPrefix(pe.Message, "the scheduled post is no longer waiting on the instance"), pe.Message)
}

func TestConfirmErrors(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	req := e.request("x", "k")
	_, _, err := e.conn.Confirm(context.Background(), req, "12345")
	assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)

	e.fake.RevokeToken(e.token)
	_, _, err = e.conn.Confirm(context.Background(), req, "scheduled:1")
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
}
