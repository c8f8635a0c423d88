package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/ai/aifake"
	"webox-social/services/model"
	"webox-social/services/secrets"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// aiRig is a core on a real store with a fixed clock (Sunday 15 March 2026, 12:00 UTC),
// the default zone in UTC, a made-up environment, and an OpenAI-compatible fake.
type aiRig struct {
	core    *app.App
	store   *store.Store
	secrets *secrets.Memory
	env     map[string]string
	fake    *aifake.Server
	now     time.Time
}

const fakeKey = "sk-test-0123456789abcdef"

func newAIRig(t *testing.T, env map[string]string) *aiRig {
	t.Helper()
	r := &aiRig{store: storetest.Open(t), secrets: secrets.NewMemory(), env: env,
		now: time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)}
	core, err := app.New(t.Context(), app.Params{Store: r.store, Secrets: r.secrets, DataDir: t.TempDir(),
		Getenv: func(k string) string { return r.env[k] }, Now: func() time.Time { return r.now }})
	require.NoError(t, err)
	r.core = core
	s := app.DefaultSettings()
	s.DefaultZone = "UTC"
	require.NoError(t, core.SaveSettings(t.Context(), s))
	return r
}

// setUp points the AI settings at a new fake that wants fakeKey.
func (r *aiRig) setUp(t *testing.T, s app.AISettings) {
	t.Helper()
	r.fake = aifake.New(t, aifake.Options{Key: fakeKey, Models: []string{"gpt-4o-mini", "llama3.2"}})
	s.Endpoint, s.APIKey = r.fake.URL, fakeKey
	require.NoError(t, r.core.SaveAISettings(t.Context(), s))
}

func TestCaptionsStreamAndAreRecordedWithTheirCost(t *testing.T) {
	r := newAIRig(t, nil)
	r.setUp(t, app.AISettings{Model: "gpt-4o-mini"})
	r.fake.Enqueue(aifake.Reply{
		Chunks: []string{`{"variants": {"mastodon": ["Fresh bread `, `today!", "Our sourdough\nis back."], `,
			`"instagram": ["Warm loaves, cold mornings. ☀", "Saturday means sourdough."]}}`},
		Usage: &aifake.Usage{PromptTokens: 1000, CompletionTokens: 2000, TotalTokens: 3000}})

	var streamed strings.Builder
	res, err := r.core.GenerateCaption(t.Context(), app.CaptionRequest{Topic: " Our sourdough ", Tone: "friendly",
		Language: "en", Networks: []model.Platform{model.Mastodon, model.Instagram, model.Mastodon}},
		func(s string) { streamed.WriteString(s) })
	require.NoError(t, err)
	assert.Equal(t, []string{"Fresh bread today!", "Our sourdough\nis back."}, res.Variants[model.Mastodon])
	assert.Equal(t, []string{"Warm loaves, cold mornings. ☀", "Saturday means sourdough."}, res.Variants[model.Instagram])
	assert.Equal(t, "Fresh bread today!\n\nOur sourdough\nis back.\n\nWarm loaves, cold mornings. ☀\n\nSaturday means sourdough.\n\n",
		streamed.String(), "the texts are streamed without the JSON around them")

	used, err := r.core.AIUsageThisMonth(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, used.Calls)
	assert.EqualValues(t, 3000, used.Tokens)
	assert.InDelta(t, (1000*0.15+2000*0.60)/1e6, used.CostUSD, 1e-12, "gpt-4o-mini's default price")
	assert.Equal(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), used.Since)
	var feature, modelName string
	require.NoError(t, r.store.DB().QueryRowContext(t.Context(), `SELECT feature, model FROM ai_usage`).Scan(&feature, &modelName))
	assert.Equal(t, "captions", feature)
	assert.Equal(t, "gpt-4o-mini", modelName)
}

func TestEditedPriceAndUnknownModels(t *testing.T) {
	r := newAIRig(t, nil)
	r.setUp(t, app.AISettings{Model: "llama3.2"})
	s, err := r.core.AISettings(t.Context())
	require.NoError(t, err)
	assert.False(t, s.Price.Known(), "a model without a default price")

	r.fake.Enqueue(aifake.Reply{Content: `{"hashtags": ["#bread"]}`, Usage: &aifake.Usage{PromptTokens: 500, CompletionTokens: 500}})
	_, err = r.core.SuggestHashtags(t.Context(), "Fresh bread", model.Mastodon, 3)
	require.NoError(t, err)
	used, err := r.core.AIUsageThisMonth(t.Context())
	require.NoError(t, err)
	assert.Equal(t, app.AIUsage{Since: used.Since, Calls: 1, Tokens: 1000}, used, "counted at $0 while the price is not set")

	s.Price = app.AIPrice{InputPerM: 1, OutputPerM: 3}
	require.NoError(t, r.core.SaveAISettings(t.Context(), s))
	got, err := r.core.AISettings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, app.AIPrice{InputPerM: 1, OutputPerM: 3}, got.Price)
	r.fake.Enqueue(aifake.Reply{Content: `{"hashtags": ["#bread"]}`, Usage: &aifake.Usage{PromptTokens: 500, CompletionTokens: 500}})
	_, err = r.core.SuggestHashtags(t.Context(), "Fresh bread", model.Mastodon, 3)
	require.NoError(t, err)
	used, err = r.core.AIUsageThisMonth(t.Context())
	require.NoError(t, err)
	assert.InDelta(t, 0.002, used.CostUSD, 1e-12)

	s.Price = app.AIPrice{InputPerM: 1, OutputPerM: 3000}
	err = r.core.SaveAISettings(t.Context(), s)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "price per million tokens")
}

func TestMonthlyBudgetStopsAICalls(t *testing.T) {
	r := newAIRig(t, nil)
	r.setUp(t, app.AISettings{Model: "gpt-4o-mini", BudgetUSD: 5})
	last := store.AIUsage{At: r.now.AddDate(0, -1, 0), Feature: "captions", Model: "gpt-4o", CostUSD: 40}
	require.NoError(t, r.store.AddAIUsage(t.Context(), last))
	for _, c := range []float64{3, 2.03} {
		require.NoError(t, r.store.AddAIUsage(t.Context(), store.AIUsage{At: r.now.Add(-time.Hour), Feature: "captions",
			Model: "gpt-4o", CostUSD: c}))
	}

	const want = "This month's AI budget of $5.00 is used up ($5.03 spent); raise it in Settings."
	_, err := r.core.GenerateCaption(t.Context(), app.CaptionRequest{Topic: "Bread", Networks: []model.Platform{model.X}}, nil)
	require.Error(t, err)
	assert.Equal(t, want, app.UserMessage(err))
	_, err = r.core.SuggestHashtags(t.Context(), "Bread", model.X, 3)
	assert.Equal(t, want, app.UserMessage(err), "no local fallback: AI is set up, the budget says no")
	_, err = r.core.AIFeedback(t.Context(), "Bread", []model.Platform{model.X})
	assert.Equal(t, want, app.UserMessage(err))
	assert.Empty(t, r.fake.ChatRequests(), "nothing was sent")

	r.now = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	r.fake.Enqueue(aifake.Answer(`{"hashtags": ["#bread"]}`))
	tags, err := r.core.SuggestHashtags(t.Context(), "Bread", model.X, 3)
	require.NoError(t, err, "a new month, a new budget")
	assert.Equal(t, app.HashtagSuggestion{Tags: []string{"#bread"}}, tags)
}

func TestEnvironmentOverridesTheStoredEndpointAndKey(t *testing.T) {
	fake := aifake.New(t, aifake.Options{Key: "sk-from-env-0123456789"})
	r := newAIRig(t, map[string]string{"OPENAI_API_KEY": "sk-from-env-0123456789", "OPENAI_BASE_URL": fake.URL + "/"})
	require.NoError(t, r.core.SaveAISettings(t.Context(), app.AISettings{Endpoint: "https://llm.example.com/v1", APIKey: "sk-stored"}))

	s, err := r.core.AISettings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "https://llm.example.com/v1", s.Endpoint, "the stored endpoint is kept")
	assert.Equal(t, fake.URL, s.EndpointEnv)
	assert.True(t, s.KeyFromEnv)
	require.NoError(t, r.core.TestAI(t.Context()), "the environment's endpoint and key are used")
	assert.Equal(t, "Bearer sk-from-env-0123456789", fake.Requests()[0].Header.Get("Authorization"))

	r.env["OPENAI_API_KEY"] = ""
	err = r.core.TestAI(t.Context())
	require.Error(t, err, "the stored key is wrong for this endpoint")
	msg := app.UserMessage(err)
	assert.Contains(t, msg, "The AI endpoint refused the key")
	assert.NotContains(t, msg, "sk-stored")

	r.env["OPENAI_BASE_URL"] = "http://llm.example.com/v1"
	err = r.core.TestAI(t.Context())
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "OPENAI_BASE_URL")
}

func TestTestAISaysWhatIsWrong(t *testing.T) {
	r := newAIRig(t, nil)
	assert.Equal(t, "AI is not set up: add an OpenAI-compatible endpoint, a model and a key in Settings.",
		app.UserMessage(r.core.TestAI(t.Context())))

	r.setUp(t, app.AISettings{Model: "gpt-4o-mini"})
	require.NoError(t, r.core.TestAI(t.Context()))
	r.setUp(t, app.AISettings{Model: "mistral-small"})
	assert.Contains(t, app.UserMessage(r.core.TestAI(t.Context())), "no model named mistral-small")
	used, err := r.core.AIUsageThisMonth(t.Context())
	require.NoError(t, err)
	assert.Zero(t, used.Calls, "testing costs nothing and is not counted")
}

func TestHashtagsFallBackToLocalKeywordsWithoutAI(t *testing.T) {
	r := newAIRig(t, nil)
	got, err := r.core.SuggestHashtags(t.Context(), "Sourdough bread from our bakery in Lyon: sourdough every Saturday.",
		model.Instagram, 4)
	require.NoError(t, err)
	assert.True(t, got.Local)
	require.NotEmpty(t, got.Tags)
	assert.LessOrEqual(t, len(got.Tags), 4)
	assert.Contains(t, got.Tags, "#sourdough")
	for _, tag := range got.Tags {
		assert.True(t, strings.HasPrefix(tag, "#"), tag)
	}
	_, err = r.core.SuggestHashtags(t.Context(), "  ", model.Instagram, 4)
	assert.Equal(t, "Write the text first: the hashtags are chosen for it.", app.UserMessage(err))
}

func TestCaptionRequestIsChecked(t *testing.T) {
	r := newAIRig(t, nil)
	_, err := r.core.GenerateCaption(t.Context(), app.CaptionRequest{Networks: []model.Platform{model.X}}, nil)
	assert.Equal(t, "Say what the post is about, then try again.", app.UserMessage(err))
	_, err = r.core.GenerateCaption(t.Context(), app.CaptionRequest{Topic: "Bread"}, nil)
	assert.Equal(t, "Choose at least one account first: the text is written for its network.", app.UserMessage(err))
	_, err = r.core.GenerateCaption(t.Context(), app.CaptionRequest{Topic: "Bread", Networks: []model.Platform{model.X}}, nil)
	assert.Equal(t, "AI is not set up: add an OpenAI-compatible endpoint, a model and a key in Settings.", app.UserMessage(err))
}

func TestAIFeedbackReturnsRewrites(t *testing.T) {
	r := newAIRig(t, nil)
	r.setUp(t, app.AISettings{Model: "gpt-4o-mini"})
	r.fake.Enqueue(aifake.Answer(`{"summary": "Clear, but no call to action.", "rewrites": ["Fresh bread today: come early!"]}`))
	fb, err := r.core.AIFeedback(t.Context(), "Fresh bread today.", []model.Platform{model.Mastodon})
	require.NoError(t, err)
	assert.Equal(t, app.Feedback{Summary: "Clear, but no call to action.", Rewrites: []string{"Fresh bread today: come early!"}}, fb)
}

func TestAnalyzeReadsEachAccountsText(t *testing.T) {
	r := newAIRig(t, nil)
	accounts := []model.Account{{ID: 1, Platform: model.X}, {ID: 2, Platform: model.Mastodon}}
	long := strings.Repeat("Bread is good. ", 30)
	rep, err := r.core.Analyze(t.Context(), app.Draft{Content: long, Overrides: map[int64]string{2: "Short and sweet."}}, accounts)
	require.NoError(t, err)
	var xProblem, mastodonProblem bool
	for _, f := range rep.Items {
		xProblem = xProblem || (f.Network == model.X && f.Level == app.LevelProblem)
		mastodonProblem = mastodonProblem || (f.Network == model.Mastodon && f.Level == app.LevelProblem)
	}
	assert.True(t, xProblem, "the main text is too long for X: %+v", rep.Items)
	assert.False(t, mastodonProblem, "Mastodon gets its own short text: %+v", rep.Items)
}
