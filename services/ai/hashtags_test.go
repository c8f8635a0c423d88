package ai_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/ai"
	"webox-social/services/ai/aifake"
	"webox-social/services/model"
)

func TestHashtagsAreNormalisedAndRanked(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer(`{"hashtags": ["#Boulangerie", "pain au levain", "#boulangerie", "#Lyon!", "#2026", "#FaitMaison"]}`))

	tags, err := r.c.Hashtags(t.Context(), "Notre pain au levain sort du four à Lyon.", model.Instagram, 10)

	require.NoError(t, err)
	assert.Equal(t, []string{"#Boulangerie", "#painaulevain", "#Lyon", "#FaitMaison"}, tags)
	user := r.srv.ChatRequests()[0].Messages[1].Content
	assert.Contains(t, user, "Suggest 10 hashtags for this Instagram post.")
	assert.Contains(t, user, "Notre pain au levain sort du four à Lyon.")
}

func TestHashtagsCount(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer(`{"hashtags": ["#a", "#b", "#c"]}`), aifake.Answer(`{"hashtags": ["#a", "#b", "#c", "#d", "#e", "#f"]}`))

	two, err := r.c.Hashtags(t.Context(), "Post", model.Instagram, 2)
	require.NoError(t, err)
	capped, err := r.c.Hashtags(t.Context(), "Post", model.X, 0)
	require.NoError(t, err)

	assert.Equal(t, []string{"#a", "#b"}, two)
	assert.Equal(t, []string{"#a", "#b", "#c", "#d", "#e"}, capped, "X's cap is 5")
	assert.Contains(t, r.srv.ChatRequests()[1].Messages[1].Content, "Suggest 5 hashtags", "no tags paid for that the cap drops")
}

func TestHashtagsReadLooseAnswers(t *testing.T) {
	for name, answer := range map[string]string{
		"bare array":       `["#a", "#b"]`,
		"one string":       `{"hashtags": "#a #b"}`,
		"plain text":       "Sure! #a, #b",
		"other key":        `{"tags": ["a", "b"]}`,
		"fenced bare list": "```\n[\"a\", \"b\"]\n```",
	} {
		t.Run(name, func(t *testing.T) {
			r := newRig(t)
			r.srv.Enqueue(aifake.Answer(answer))

			tags, err := r.c.Hashtags(t.Context(), "Post", model.Instagram, 5)

			require.NoError(t, err)
			assert.Equal(t, []string{"#a", "#b"}, tags)
		})
	}
}

func TestHashtagsWithNothingUsable(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer(`{"hashtags": ["#!!", "#2026"]}`))

	_, err := r.c.Hashtags(t.Context(), "Post", model.Instagram, 5)

	e := aiError(t, err, ai.ErrBadAnswer)
	assert.Equal(t, `The model suggested no usable hashtag: {"hashtags": ["#!!", "#2026"]}.`, e.Message)
}

func TestHashtagsOfAnEmptyPostSendNothing(t *testing.T) {
	r := newRig(t)
	_, err := r.c.Hashtags(t.Context(), " \n", model.Instagram, 5)
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.Empty(t, r.srv.Requests())
}
