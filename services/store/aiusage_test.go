package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

func TestAIUsageSumsTheCallsOfAPeriod(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	march := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	calls := []store.AIUsage{
		{At: march.Add(-time.Second), Feature: "captions", Model: "gpt-4o-mini", PromptTokens: 1000, CompletionTokens: 500, CostUSD: 1},
		{At: march, Feature: "captions", Model: "gpt-4o-mini", PromptTokens: 120, CompletionTokens: 300, CostUSD: 0.25},
		{At: march.AddDate(0, 0, 30), Feature: "hashtags", Model: "llama3", PromptTokens: 80, CompletionTokens: 20},
		{At: march.AddDate(0, 1, 0), Feature: "feedback", Model: "gpt-4o", PromptTokens: 10, CompletionTokens: 10, CostUSD: 3},
	}
	for _, u := range calls {
		require.NoError(t, s.AddAIUsage(ctx, u))
	}

	got, err := s.AIUsageBetween(ctx, march, march.AddDate(0, 1, 0))
	require.NoError(t, err)
	assert.Equal(t, store.AIUsageTotals{Calls: 2, PromptTokens: 200, CompletionTokens: 320, CostUSD: 0.25}, got,
		"the first second of the month counts, the first of the next does not")
	assert.EqualValues(t, 520, got.Tokens())

	none, err := s.AIUsageBetween(ctx, march.AddDate(1, 0, 0), march.AddDate(1, 1, 0))
	require.NoError(t, err)
	assert.Zero(t, none, "a month without calls")
}

func TestAddAIUsageStampsNowWhenNoTimeIsGiven(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	before := time.Now().Add(-time.Second)
	require.NoError(t, s.AddAIUsage(ctx, store.AIUsage{Feature: "test", Model: "m", PromptTokens: 1}))
	got, err := s.AIUsageBetween(ctx, before, time.Now().Add(time.Second))
	require.NoError(t, err)
	assert.Equal(t, 1, got.Calls)
}

// published marks target's delivery published at at and stores its latest metrics.
func published(t *testing.T, s *store.Store, target model.Target, at time.Time, views, likes, comments, shares, saves int64) {
	t.Helper()
	const (
		pub     = `UPDATE post_targets SET status = 'published', published_at = ? WHERE id = ?`
		metrics = `INSERT INTO post_analytics (post_id, target_id, platform, views, likes, comments, shares, saves, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	)
	_, err := s.DB().ExecContext(t.Context(), pub, at.Unix(), target.ID)
	require.NoError(t, err)
	_, err = s.DB().ExecContext(t.Context(), metrics, target.PostID, target.ID, target.Platform, views, likes, comments,
		shares, saves, at.Unix())
	require.NoError(t, err)
}

func TestEngagementSamplesOfOneAccount(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	acct := storetest.NewAccount(t, s, func(a *model.Account) { a.Platform = model.Instagram })
	other := storetest.NewAccount(t, s)
	at := time.Date(2026, 2, 3, 17, 0, 0, 0, time.UTC)
	post := func(a model.Account) model.Target {
		p := storetest.NewPost(t, s, func(p *model.Post) {
			p.Targets = []model.Target{storetest.Target(a, model.TargetPending, p.ScheduledAt)}
		})
		return p.Targets[0]
	}
	published(t, s, post(acct), at.Add(48*time.Hour), 900, 30, 5, 2, 1)
	published(t, s, post(acct), at, 1000, 40, 10, 5, 3)
	published(t, s, post(other), at, 50, 1, 0, 0, 0)
	published(t, s, post(acct), at.AddDate(-2, 0, 0), 10, 1, 0, 0, 0)
	post(acct) // not published, no metrics

	got, err := s.EngagementSamples(ctx, acct.ID, at.AddDate(-1, 0, 0))
	require.NoError(t, err)
	assert.Equal(t, []store.EngagementSample{
		{PublishedAt: at, Platform: model.Instagram, Impressions: 1000, Engagements: 58},
		{PublishedAt: at.Add(48 * time.Hour), Platform: model.Instagram, Impressions: 900, Engagements: 38},
	}, got, "oldest first; other accounts, older posts and posts without metrics are left out")
}
