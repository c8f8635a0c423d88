package ai_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/ai"
	"webox-social/services/ai/aifake"
	"webox-social/services/model"
	"webox-social/services/text"
)

var xOnly = []model.Platform{model.X}

// deltas collects what onDelta receives.
type deltas struct {
	mu    sync.Mutex
	parts []string
}

func (d *deltas) add(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.parts = append(d.parts, s)
}

func TestCaptionsStreamOneRequestForAllNetworks(t *testing.T) {
	r := newRig(t)
	chunks := []string{`{"variants": {"twitter": ["Lancement `, `demain à 9h !", "C'est parti."],`,
		` "linkedin": ["Nous lançons demain.", "Une nouvelle étape."]}}`}
	r.srv.Enqueue(aifake.Streamed(chunks...))
	var got deltas

	res, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Lancement", Tone: "enthousiaste", Language: "fr",
		Networks: []model.Platform{model.X, model.LinkedIn}}, got.add)

	require.NoError(t, err)
	assert.Equal(t, map[model.Platform][]string{
		model.X:        {"Lancement demain à 9h !", "C'est parti."},
		model.LinkedIn: {"Nous lançons demain.", "Une nouvelle étape."},
	}, res.Variants)
	assert.Equal(t, chunks, got.parts, "onDelta gets the raw text as it arrives")
	reqs := r.srv.ChatRequests()
	require.Len(t, reqs, 1)
	assert.True(t, reqs[0].Stream)
	require.NotNil(t, reqs[0].ResponseFormat)
	assert.Equal(t, "json_object", reqs[0].ResponseFormat.Type)
	user := reqs[0].Messages[1].Content
	assert.Contains(t, user, "Language: French.")
	assert.Contains(t, user, "Tone: enthousiaste.")
	assert.Contains(t, user, `- "twitter" (X): at most 280 weighted characters`)
	assert.Contains(t, user, `{"variants": {"twitter": ["...", "..."], "linkedin": ["...", "..."]}}`)
}

func TestCaptionsAlternatives(t *testing.T) {
	four := `{"variants": {"twitter": ["One.", "Two.", "Three.", "Four."]}}`
	cases := []struct {
		asked int
		want  []string
		shape string
	}{
		{0, []string{"One.", "Two."}, `["...", "..."]`},
		{1, []string{"One."}, `["..."]`},
		{3, []string{"One.", "Two.", "Three."}, `["...", "...", "..."]`},
		{9, []string{"One.", "Two.", "Three."}, `["...", "...", "..."]`},
	}
	for _, tc := range cases {
		r := newRig(t)
		r.srv.Enqueue(aifake.Answer(four))

		res, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: xOnly, Alternatives: tc.asked}, nil)

		require.NoError(t, err)
		assert.Equal(t, tc.want, res.Variants[model.X], "asked %d", tc.asked)
		assert.Contains(t, r.srv.ChatRequests()[0].Messages[1].Content, `"twitter": `+tc.shape)
	}
}

func TestCaptionsReadLooseAnswers(t *testing.T) {
	cases := map[string]string{
		"fenced":            "Here you go:\n```json\n{\"variants\": {\"twitter\": [\"A.\", \"B.\"]}}\n```\nEnjoy!",
		"no wrapper":        `{"twitter": ["A.", "B."]}`,
		"network titles":    `{"variants": {"X": ["A.", "B."]}}`,
		"bare array":        `["A.", "B."]`,
		"objects with text": `{"variants": {"twitter": [{"text": "A."}, {"text": "B."}]}}`,
		"thinking first":    "<think>The user wants {json}.</think>{\"variants\": {\"twitter\": [\"A.\", \"B.\"]}}",
		"duplicates":        `{"variants": {"twitter": ["A.", "A.", "B."]}}`,
	}
	for name, answer := range cases {
		t.Run(name, func(t *testing.T) {
			r := newRig(t)
			r.srv.Enqueue(aifake.Answer(answer))

			res, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: xOnly}, nil)

			require.NoError(t, err)
			assert.Equal(t, []string{"A.", "B."}, res.Variants[model.X])
		})
	}
}

func TestCaptionOverTheLimitIsShortenedOnce(t *testing.T) {
	r := newRig(t)
	long := strings.Repeat("word ", 70) + "end." // 354 characters
	r.srv.Enqueue(
		aifake.Answer(`{"variants": {"twitter": ["Short one.", "`+long+`"]}}`),
		aifake.Answer(`{"text": "A shorter take."}`),
	)

	res, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: xOnly}, nil)

	require.NoError(t, err)
	assert.Equal(t, []string{"Short one.", "A shorter take."}, res.Variants[model.X])
	reqs := r.srv.ChatRequests()
	require.Len(t, reqs, 2)
	follow := reqs[1]
	assert.False(t, follow.Stream, "the follow-up is not streamed")
	assert.Nil(t, follow.StreamOptions)
	assert.Contains(t, follow.Messages[1].Content, "Shorten this X post to at most 252 weighted characters (X's limit is 280).")
	assert.Contains(t, follow.Messages[1].Content, "- X allows 280 characters (links count as 23, emoji and CJK characters as 2); this post has 354.")
	assert.Contains(t, follow.Messages[1].Content, long)
	features := []string{}
	for _, u := range r.meter.Records() {
		features = append(features, u.Feature)
	}
	assert.Equal(t, []string{ai.FeatureCaptions, ai.FeatureShorten}, features)
	assert.Equal(t, 2, r.meter.allows, "the follow-up asks the meter too")
}

func TestCaptionStillTooLongIsDroppedNeverCut(t *testing.T) {
	r := newRig(t, testModel)
	long := strings.Repeat("word ", 70) + "end."
	r.srv.Enqueue(
		aifake.Answer(`{"variants": {"twitter": ["`+long+`"], "linkedin": ["Fine.", "Also fine."]}}`),
		aifake.Answer(`{"text": "`+long+` still"}`),
	)

	res, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch",
		Networks: []model.Platform{model.X, model.LinkedIn}}, nil)

	e := aiError(t, err, ai.ErrBadAnswer)
	assert.Equal(t, "The model's X captions stayed too long after one shortening: X allows 280 characters "+
		"(links count as 23, emoji and CJK characters as 2); this post has 360. Try again, or change the topic or the length.", e.Message)
	assert.Equal(t, map[model.Platform][]string{model.LinkedIn: {"Fine.", "Also fine."}}, res.Variants,
		"the other network's captions are still there")
	assert.Len(t, r.srv.ChatRequests(), 2, "one follow-up only")
}

func TestCaptionsSayWhichNetworkGotNothing(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer(`{"variants": {"twitter": ["A.", "B."], "tiktok": ["\u200b", " "]}}`))

	res, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch",
		Networks: []model.Platform{model.X, model.TikTok, model.Bluesky}}, nil)

	e := aiError(t, err, ai.ErrBadAnswer)
	assert.Equal(t, "The model's TikTok captions were empty. The model wrote no Bluesky caption. "+
		"Try again, or change the topic or the length.", e.Message)
	assert.Equal(t, []string{"A.", "B."}, res.Variants[model.X])
	assert.Len(t, r.srv.ChatRequests(), 1, "blank texts are not sent for shortening")
}

func TestEveryCaptionPassesItsNetworksRules(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer(`{"variants": {
		"twitter": ["Launch day 🚀 https://example.com/a/very/long/path/that/counts/as/23"],
		"bluesky": ["Ready. Set. Go."], "instagram": ["Hello!\n\n#launch #day"],
		"mastodon": ["Out now."], "facebook": ["What do you think?"], "youtube": ["In this video…"],
		"tiktok": ["Wait for it"], "linkedin": ["We shipped."]}}`))

	res, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: model.Platforms, Alternatives: 1}, nil)

	require.NoError(t, err)
	require.Len(t, res.Variants, len(model.Platforms))
	for p, texts := range res.Variants {
		for _, s := range texts {
			assert.Empty(t, text.Validate(p, s, text.Options{}), "%s: %q", p, s)
		}
	}
}

func TestCaptionsRejectABadRequestWithoutSending(t *testing.T) {
	r := newRig(t)
	for _, req := range []ai.CaptionRequest{
		{Topic: " ", Networks: xOnly},
		{Topic: "Launch"},
		{Topic: "Launch", Networks: []model.Platform{"myspace"}},
	} {
		_, err := r.c.Captions(t.Context(), req, nil)
		assert.ErrorIs(t, err, model.ErrInvalid)
	}
	assert.Empty(t, r.srv.Requests())
}

func TestCaptionsWithoutJSONModeWhenTheServerRefusesIt(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(
		aifake.BadRequest("response_format", "'response_format.type' must be 'json_schema' or 'text'"),
		aifake.Answer(`{"variants": {"twitter": ["A."]}}`),
		aifake.Answer(`{"hashtags": ["#a"]}`),
	)

	res, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: xOnly, Alternatives: 1}, nil)
	require.NoError(t, err)
	_, err = r.c.Hashtags(t.Context(), "Launch", model.X, 1)
	require.NoError(t, err)

	assert.Equal(t, []string{"A."}, res.Variants[model.X])
	reqs := r.srv.ChatRequests()
	require.Len(t, reqs, 3)
	assert.NotNil(t, reqs[0].ResponseFormat)
	assert.Nil(t, reqs[1].ResponseFormat)
	assert.Nil(t, reqs[2].ResponseFormat, "remembered for later calls")
	assert.Empty(t, r.sleep.Waits())
}

func TestCaptionsRetryBeforeTheStreamStarts(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.RateLimited(""), aifake.Answer(`{"variants": {"twitter": ["A."]}}`))
	var got deltas

	res, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: xOnly, Alternatives: 1}, got.add)

	require.NoError(t, err)
	assert.Equal(t, []string{"A."}, res.Variants[model.X])
	assert.Equal(t, `{"variants": {"twitter": ["A."]}}`, strings.Join(got.parts, ""), "no text is repeated")
}

func TestCancellingAStreamStopsIt(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Reply{Chunks: []string{`{"variants": {"twitter": ["Hal`}, HangAfterChunks: true})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	_, err := r.c.Captions(ctx, ai.CaptionRequest{Topic: "Launch", Networks: xOnly}, func(string) { cancel() })

	aiError(t, err, ai.ErrCanceled)
	assert.True(t, errors.Is(err, context.Canceled))
	assert.Len(t, r.srv.Requests(), 1, "a stream that started is never sent again")
	assert.Len(t, r.meter.Records(), 1, "the text that arrived is paid for")
}
