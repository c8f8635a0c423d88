package wire

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

func TestPostOfUsesTheSeedsNames(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	p := model.Post{ID: 7, Content: "Bonjour", ScheduledAt: at, Status: model.PostScheduled, Targets: []model.Target{
		{ID: 1, AccountID: 1, Platform: model.Mastodon, Status: model.TargetPending},
		{ID: 2, AccountID: 2, Platform: model.Mastodon, Status: model.TargetPending},
		{ID: 3, AccountID: 3, Platform: model.Bluesky, Status: model.TargetFailed, LastError: "Bluesky said no."}}}
	raw, err := json.Marshal(PostOf(p))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	assert.Equal(t, []any{"mastodon", "bluesky"}, m["platforms"], "each network once, in target order")
	assert.Equal(t, "2026-12-01T09:00:00Z", m["scheduled_time"])
	assert.Nil(t, m["published_at"])
	assert.Equal(t, []any{}, m["media_ids"])
	assert.Equal(t, "Bluesky said no.", m["targets"].([]any)[2].(map[string]any)["error_message"])
}

func TestOverviewOfSaysUnknownAsNull(t *testing.T) {
	o := model.StatsOverview{Posts: 3, Views: 0, Followers: 120, FollowersOK: true,
		Previous: &model.StatsOverview{Posts: 1, Followers: 100, FollowersOK: true, EngagementRate: 2.5, RateOK: true}}
	raw, err := json.Marshal(OverviewOf(o))
	require.NoError(t, err)
	assert.JSONEq(t, `{"posts_published":3,"views":0,"likes":0,"comments":0,"shares":0,"saves":0,
		"engagement_rate":null,"followers":120,"follower_change":20,
		"previous":{"posts_published":1,"views":0,"likes":0,"comments":0,"shares":0,"saves":0,
		"engagement_rate":2.5,"followers":100}}`, string(raw))
}
