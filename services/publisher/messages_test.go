package publisher

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

func TestBackoffStaysWithinJitterBounds(t *testing.T) {
	base, maxDelay := 30*time.Second, 30*time.Minute
	for attempt := 1; attempt <= 12; attempt++ {
		d := min(base<<(attempt-1), maxDelay)
		assert.Equal(t, d/2, backoff(attempt, base, maxDelay, 0), "attempt %d lower bound", attempt)
		assert.Less(t, backoff(attempt, base, maxDelay, 0.999999), d, "attempt %d upper bound", attempt)
		for range 100 {
			got := backoff(attempt, base, maxDelay, rand.Float64())
			assert.GreaterOrEqual(t, got, d/2)
			assert.Less(t, got, d)
		}
	}
}

func TestPostTextUsesTheOverrideAsWritten(t *testing.T) {
	job := Job{Post: model.Post{Content: "Long text", Hashtags: []string{"go"}}, Target: model.Target{TextOverride: "Short"}}
	assert.Equal(t, "Short", postText(job))
	job.Target.TextOverride = ""
	assert.Equal(t, "Long text\n\n#go", postText(job))
}

func TestHumanDuration(t *testing.T) {
	cases := map[time.Duration]string{
		40 * time.Second:                "40 s",
		time.Minute:                     "1 min",
		45*time.Minute + 20*time.Second: "45 min",
		2 * time.Hour:                   "2 h",
		2*time.Hour + 5*time.Minute:     "2 h 5 min",
		26*time.Hour + 30*time.Minute:   "1 d 2 h",
		48 * time.Hour:                  "2 d",
	}
	for d, want := range cases {
		assert.Equal(t, want, humanDuration(d), "%v", d)
	}
}

func TestClockUsesThePostsZoneAndAddsTheDateOnOtherDays(t *testing.T) {
	now := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	job := Job{Post: model.Post{Zone: "UTC"}}
	assert.Equal(t, "09:30", clock(job, now.Add(90*time.Minute), now))
	assert.Equal(t, "Wed 11 Mar 09:30", clock(job, now.Add(25*time.Hour+30*time.Minute), now))
}

func TestWordsFallBackToTheWrappedError(t *testing.T) {
	assert.Equal(t, "Too many requests", words(&platforms.Error{Message: "Too many requests."}))
	assert.Equal(t, "connection reset", words(&platforms.Error{Err: errors.New("connection reset")}))
	assert.Equal(t, "no details given", words(&platforms.Error{}))
}

func TestTokenErrorClassification(t *testing.T) {
	missing := tokenError(model.Mastodon, errors.Join(model.ErrNotFound, errors.New("keychain")))
	assert.Equal(t, platforms.Auth, missing.Kind)
	locked := tokenError(model.Mastodon, model.ErrNoKeychain)
	assert.Equal(t, platforms.Transient, locked.Kind)
	assert.False(t, locked.Uncertain, "nothing was sent")
}
