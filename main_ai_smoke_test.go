//go:build smoke

package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/ai/aifake"
	"webox-social/services/platforms/mastodon/mastodonfake"
	"webox-social/services/secrets"
)

// The AI run of the smoke test: the app talks to a local OpenAI-compatible server
// (aifake) set up in Settings; on Compose, Generate with AI streams the variants for the
// chosen network and Hashtags proposes tags. Coordinates as in main_journey_test.go.
const (
	aiButtonX, aiButtonY = 270, 447
	aiTopicX, aiTopicY   = 732, 230
	aiWriteX, aiWriteY   = 710, 621
	aiUseX, aiUseY       = 881, 296
	aiCloseX, aiCloseY   = 639, 621
	hashtagsX, hashtagsY = 430, 447
	aiKey                = "local-test-key"
	aiModel              = "gpt-4o-mini"
)

// runAI starts the window with the AI endpoint set to a local fake and saves the
// composer with generated variants and with suggested hashtags.
func runAI(t *testing.T, dir string) {
	fake := mastodonfake.New(mastodonfake.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer fake.Close()
	llm := aifake.New(t, aifake.Options{Key: aiKey, Models: []string{aiModel}})
	r := newRig(t, fake)
	sc := r.seedShowcase()
	r.setAI(llm.URL)
	w := r.startWindow(false)
	sc.waitDelivered(r)
	w.last = w.settle()
	w.click(navX, navFirstY+navStep) // Compose
	w.click(composeCheckX, composeCheckY)
	w.last = w.settle()
	w.click(aiButtonX, aiButtonY)
	w.last = w.settle()
	w.fill(aiTopicX, aiTopicY, "Our new sourdough loaf, out every Saturday morning")
	llm.Enqueue(aifake.Streamed(captionChunks...))
	w.click(aiWriteX, aiWriteY)
	w.last = w.settle()
	w.save(filepath.Join(dir, "11-ai-variants.png"))
	w.click(aiUseX, aiUseY)
	w.click(aiCloseX, aiCloseY)
	w.settle()
	llm.Enqueue(aifake.Answer(`["#sourdough", "#bakery", "#saturdaymorning", "#realbread", "#ruedeslilas"]`))
	w.click(hashtagsX, hashtagsY)
	w.last = w.settle()
	w.save(filepath.Join(dir, "12-ai-hashtags.png"))
	w.quit()
	assert.Len(t, llm.ChatRequests(), 2, "one request per click: the caption, then the hashtags")
	st := r.openStore()
	defer st.Close()
	used, err := st.AIUsageBetween(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 2, used.Calls, "both calls are in ai_usage")
	assert.Positive(t, used.CostUSD, "with their estimated cost")
	r.assertNotLeaked(aiKey)
}

// captionChunks is the model's streamed answer: two variants for Mastodon.
var captionChunks = []string{
	`{"variants": {"mastodon": ["Our new sourdough loaf is here! Slow-fermented for 48 hours, `,
	`crackling crust, open crumb. Out of the oven every Saturday at 8 am, while it lasts. #bread #sourdough",`,
	` "Saturday mornings just got better: meet our sourdough, 48 hours in the making. Come early, `,
	`it goes fast! #bakery #sourdough"]}}`,
}

// setAI stores the AI endpoint, model and key the way Settings does.
func (r *rig) setAI(endpoint string) {
	st := r.openStore()
	defer st.Close()
	ctx := context.Background()
	require.NoError(r.t, st.SetSetting(ctx, "ai.endpoint", endpoint))
	require.NoError(r.t, st.SetSetting(ctx, "ai.model", aiModel))
	sec, _, err := secrets.Open(r.dir)
	require.NoError(r.t, err)
	require.NoError(r.t, sec.Set("app/ai/api_key", aiKey))
}
