package ai_test

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/ai"
	"webox-social/services/ai/aifake"
)

func TestRecordsTheServersUsage(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Reply{Content: `{"summary": "Fine."}`, Usage: &aifake.Usage{PromptTokens: 12, CompletionTokens: 5}})

	_, err := r.c.Feedback(t.Context(), "Draft", nil)

	require.NoError(t, err)
	assert.Equal(t, []ai.Usage{{Feature: ai.FeatureFeedback, Model: testModel, PromptTokens: 12, CompletionTokens: 5}},
		r.meter.Records())
	assert.Equal(t, 1, r.meter.allows)
}

func TestRecordsStreamedUsageFromTheLastChunk(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer(`{"variants": {"twitter": ["Ship it."]}}`))

	_, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: xOnly, Alternatives: 1}, nil)

	require.NoError(t, err)
	req := r.srv.ChatRequests()[0]
	require.NotNil(t, req.StreamOptions)
	assert.True(t, req.StreamOptions.IncludeUsage)
	assert.Equal(t, []ai.Usage{{Feature: ai.FeatureCaptions, Model: testModel,
		PromptTokens: aifake.DefaultUsage.PromptTokens, CompletionTokens: aifake.DefaultUsage.CompletionTokens}},
		r.meter.Records())
}

func TestEstimatesUsageWhenTheServerSendsNone(t *testing.T) {
	r := newRig(t)
	answer := `{"variants": {"twitter": ["Ship it."]}}`
	r.srv.Enqueue(aifake.Reply{Content: answer, NoUsage: true})

	_, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: xOnly, Alternatives: 1}, nil)

	require.NoError(t, err)
	msgs := r.srv.ChatRequests()[0].Messages
	quarter := func(s string) int { return (utf8.RuneCountInString(s) + 3) / 4 }
	assert.Equal(t, []ai.Usage{{Feature: ai.FeatureCaptions, Model: testModel,
		PromptTokens: quarter(msgs[0].Content) + quarter(msgs[1].Content), CompletionTokens: quarter(answer)}},
		r.meter.Records())
}

func TestRecordsAnAnswerThatCouldNotBeUsed(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer("Sorry, I cannot help with that."))

	_, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: xOnly}, nil)

	e := aiError(t, err, ai.ErrBadAnswer)
	assert.Equal(t, "The model's answer was not the JSON that was asked for: Sorry, I cannot help with that.", e.Message)
	assert.Len(t, r.meter.Records(), 1)
}

func TestRecordsNothingWithoutAnAnswer(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Unauthorized("x"))

	_, err := r.c.Feedback(t.Context(), "Draft", nil)

	aiError(t, err, ai.ErrAuth)
	assert.Empty(t, r.meter.Records())
}
