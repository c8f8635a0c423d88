package views

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

func TestExcerpt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"short", "short"},
		{"  one\ntwo", "one …"},
		{"abcdefghijkl", "abcdefghi…"},
		{"👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦", "👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, excerpt(tc.in, 10), "excerpt(%q)", tc.in)
	}
}

func TestNextRoundHour(t *testing.T) {
	kolkata := time.FixedZone("IST", 5*3600+1800)
	now := time.Date(2030, 5, 1, 14, 10, 0, 0, kolkata)
	assert.Equal(t, time.Date(2030, 5, 1, 15, 0, 0, 0, kolkata), nextRoundHour(now, kolkata))
}

func TestNormalizeInstance(t *testing.T) {
	assert.Equal(t, "https://mastodon.social", normalizeInstance(" mastodon.social/ "))
	assert.Equal(t, "http://127.0.0.1:8080", normalizeInstance("http://127.0.0.1:8080"))
	assert.Equal(t, "", normalizeInstance("  "))
}

func TestZoneLocation(t *testing.T) {
	loc, name := zoneLocation("Local")
	assert.Equal(t, time.Local, loc)
	assert.NotEmpty(t, name)
	_, name = zoneLocation("UTC")
	assert.Equal(t, "UTC", name)
}

func TestWhenLineShowsThePostsZoneAndLocalTime(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	at := time.Date(2026, 11, 26, 17, 0, 0, 0, time.UTC) // 18:00 in Paris
	tests := []struct {
		zone  string
		local *time.Location
		want  string
	}{
		{"Europe/Paris", time.UTC, "Scheduled for Thu 26 Nov 2026, 18:00 Europe/Paris (17:00 your time)"},
		{"Europe/Paris", paris, "Scheduled for Thu 26 Nov 2026, 18:00 Europe/Paris"},
		{"Asia/Tokyo", time.UTC, "Scheduled for Fri 27 Nov 2026, 02:00 Asia/Tokyo (Thu 26 Nov, 17:00 your time)"},
		{"", paris, "Scheduled for Thu 26 Nov 2026, 18:00"},
		{"Local", time.UTC, "Scheduled for Thu 26 Nov 2026, 17:00"},
		{"Mars/Olympus", time.UTC, "Scheduled for Thu 26 Nov 2026, 17:00"},
	}
	for _, tc := range tests {
		p := model.Post{ScheduledAt: at, Zone: tc.zone}
		assert.Equal(t, tc.want, whenLine(p, tc.local), "zone %q, local %s", tc.zone, tc.local)
	}
	published := model.Post{ScheduledAt: at, Zone: "Europe/Paris", PublishedAt: at.Add(time.Minute)}
	assert.Equal(t, "Published Thu 26 Nov 2026, 17:01", whenLine(published, time.UTC), "in local time, no zone claimed")
	assert.Equal(t, "Not scheduled", whenLine(model.Post{Zone: "Europe/Paris"}, time.UTC))
}

func TestTargetHintsNameOnlyExistingActions(t *testing.T) {
	failed := model.Target{Platform: model.Mastodon, Status: model.TargetFailed}
	assert.Equal(t, "Edit the post and publish again.", targetHint(failed, false, true))
	assert.Equal(t, "Choose Publish now to try this account again.", targetHint(failed, false, false))
	assert.Equal(t, "Reconnect the account in Accounts, then choose Publish now.", targetHint(failed, true, true))
	missed := model.Target{Platform: model.Mastodon, Status: model.TargetMissed}
	assert.Equal(t, "To reschedule, choose Edit and pick a new time.", targetHint(missed, false, true))
	assert.NotContains(t, targetHint(missed, false, false), "Edit")
	unconfirmed := model.Target{Platform: model.Mastodon, Status: model.TargetUnconfirmed}
	assert.Equal(t, "Check the account on Mastodon: if the post is not there, choose Publish now.",
		targetHint(unconfirmed, false, true))
	assert.Empty(t, targetHint(model.Target{Status: model.TargetPublished}, false, true))
	assert.Empty(t, targetHint(model.Target{Status: model.TargetPending}, false, true))
}

func TestTargetMessagePrefersTheEnginesSentence(t *testing.T) {
	tg := model.Target{Platform: model.Mastodon, Status: model.TargetFailed, LastError: "Mastodon refused the post: Nope"}
	assert.Equal(t, "Mastodon refused the post: Nope", targetMessage(tg))
	tg.LastError = ""
	assert.Equal(t, "Not published: Mastodon refused the post.", targetMessage(tg))
	assert.Empty(t, targetMessage(model.Target{Status: model.TargetPublished}))
}

func TestEditable(t *testing.T) {
	p := model.Post{Targets: []model.Target{{Status: model.TargetFailed}, {Status: model.TargetMissed}}}
	assert.True(t, editable(p))
	p.Targets = append(p.Targets, model.Target{Status: model.TargetPublished})
	assert.False(t, editable(p))
	assert.False(t, editable(model.Post{Targets: []model.Target{{Status: model.TargetPublishing}}}))
	assert.True(t, editable(model.Post{MediaIDs: []int64{3}}), "attachments are kept through Draft.MediaIDs")
	assert.True(t, editable(model.Post{}), "a draft without accounts")
}
