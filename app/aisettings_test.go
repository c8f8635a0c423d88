package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
)

// noAIEnv hides the developer's own OpenAI variables from a test that reads the settings.
func noAIEnv(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("OPENAI_BASE_URL", "")
}

func TestAISettingsDefaults(t *testing.T) {
	noAIEnv(t)
	r := newSettingsRig(t)
	s, err := r.core.AISettings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, app.AISettings{Endpoint: "https://api.openai.com/v1", Model: "gpt-4o-mini",
		Price: app.AIPrice{InputPerM: 0.15, OutputPerM: 0.60}}, s, "gpt-4o-mini's list price")
}

func TestAIKeyGoesToTheKeychainNeverToTheStore(t *testing.T) {
	noAIEnv(t)
	r := newSettingsRig(t)
	const key = "sk-test-0123456789abcdef"
	err := r.core.SaveAISettings(t.Context(), app.AISettings{
		Endpoint: "https://llm.example.com/v1/", Model: "mistral-small", APIKey: key, BudgetUSD: 12.5,
	})
	require.NoError(t, err)

	stored, err := r.secrets.Get("app/ai/api_key")
	require.NoError(t, err)
	assert.Equal(t, key, stored)
	all, err := r.store.AllSettings(t.Context())
	require.NoError(t, err)
	for k, v := range all {
		assert.NotContains(t, v, key, "setting %s holds the key", k)
	}
	s, err := r.core.AISettings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, app.AISettings{Endpoint: "https://llm.example.com/v1", Model: "mistral-small", HasKey: true, BudgetUSD: 12.5}, s)
}

func TestAISettingsKeepOrClearTheKey(t *testing.T) {
	r := newSettingsRig(t)
	require.NoError(t, r.core.SaveAISettings(t.Context(), app.AISettings{APIKey: "sk-first"}))
	require.NoError(t, r.core.SaveAISettings(t.Context(), app.AISettings{Model: "gpt-4o"}))
	stored, err := r.secrets.Get("app/ai/api_key")
	require.NoError(t, err)
	assert.Equal(t, "sk-first", stored, "an empty key keeps the stored one")

	require.NoError(t, r.core.SaveAISettings(t.Context(), app.AISettings{ClearKey: true}))
	s, err := r.core.AISettings(t.Context())
	require.NoError(t, err)
	assert.False(t, s.HasKey)
	assert.Equal(t, "gpt-4o-mini", s.Model, "an empty model is the default")
	assert.Zero(t, s.BudgetUSD)
}

func TestAISettingsValidation(t *testing.T) {
	cases := []struct {
		name string
		in   app.AISettings
		want string
	}{
		{"not an address", app.AISettings{Endpoint: "api.openai.com"}, "is not a web address"},
		{"other scheme", app.AISettings{Endpoint: "ftp://example.com/v1"}, "is not a web address"},
		{"query", app.AISettings{Endpoint: "https://example.com/v1?x=1"}, "base address only"},
		{"http far away", app.AISettings{Endpoint: "http://llm.example.com/v1"}, "unencrypted"},
		{"model with spaces", app.AISettings{Model: "gpt 4o"}, "not a model name"},
		{"negative budget", app.AISettings{BudgetUSD: -1}, "monthly budget"},
		{"huge budget", app.AISettings{BudgetUSD: 1e9}, "monthly budget"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newSettingsRig(t)
			err := r.core.SaveAISettings(t.Context(), tc.in)
			require.ErrorIs(t, err, model.ErrInvalid)
			assert.Contains(t, app.UserMessage(err), tc.want)
		})
	}
}

func TestAISettingsAcceptLocalServersOverHTTP(t *testing.T) {
	r := newSettingsRig(t)
	for _, ep := range []string{"http://localhost:11434/v1", "http://127.0.0.1:1234/v1", "http://192.168.1.20:8080/v1"} {
		assert.NoError(t, r.core.SaveAISettings(t.Context(), app.AISettings{Endpoint: ep}), ep)
	}
}
