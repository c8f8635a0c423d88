package ai_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/ai"
	"webox-social/services/ai/aifake"
	"webox-social/services/model"
)

func TestFeedback(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer(`{"summary": "Good hook; add a call to action.", "rewrites": ["A.", "B.", "A.", "C.", "D."]}`))

	fb, err := r.c.Feedback(t.Context(), "We launch tomorrow.", []model.Platform{model.X, model.LinkedIn, model.X})

	require.NoError(t, err)
	assert.Equal(t, ai.Feedback{Summary: "Good hook; add a call to action.", Rewrites: []string{"A.", "B.", "C."}}, fb)
	req := r.srv.ChatRequests()[0]
	assert.False(t, req.Stream)
	user := req.Messages[1].Content
	assert.Contains(t, user, "- X: at most 280 weighted characters")
	assert.Contains(t, user, "- LinkedIn: professional and concrete, at most 3000 characters")
	assert.Contains(t, user, "We launch tomorrow.")
}

func TestFeedbackReadsLooseAnswers(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer("```json\n{\"feedback\": \"Clear.\", \"suggestions\": [{\"text\": \"A.\"}]}\n```"))

	fb, err := r.c.Feedback(t.Context(), "Draft", nil)

	require.NoError(t, err)
	assert.Equal(t, ai.Feedback{Summary: "Clear.", Rewrites: []string{"A."}}, fb)
}

func TestFeedbackWithNothingUsable(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Answer(`{"verdict": 3}`))

	_, err := r.c.Feedback(t.Context(), "Draft", nil)

	e := aiError(t, err, ai.ErrBadAnswer)
	assert.Equal(t, `The model's review was not the JSON that was asked for: {"verdict": 3}.`, e.Message)
}

func TestFeedbackOfAnEmptyPostSendsNothing(t *testing.T) {
	r := newRig(t)
	_, err := r.c.Feedback(t.Context(), "", nil)
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.Empty(t, r.srv.Requests())
}
