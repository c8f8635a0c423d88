package ai_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/ai"
	"webox-social/services/ai/aifake"
)

func TestModelsListsSortedIDsWithTheKey(t *testing.T) {
	r := newRig(t, "gpt-4o-mini", "gpt-4o", "o3-mini")

	ids, err := r.c.Models(t.Context())

	require.NoError(t, err)
	assert.Equal(t, []string{"gpt-4o", "gpt-4o-mini", "o3-mini"}, ids)
	reqs := r.srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/v1/models", reqs[0].Path)
	assert.Equal(t, "Bearer "+testKey, reqs[0].Header.Get("Authorization"))
	assert.Empty(t, r.meter.Records(), "listing models costs no tokens")
}

func TestTestPassesWhenTheModelIsOffered(t *testing.T) {
	r := newRig(t, "gpt-4o", testModel)
	require.NoError(t, r.c.Test(t.Context()))
}

func TestTestAcceptsOllamasLatestTag(t *testing.T) {
	srv := aifake.New(t, aifake.Options{Models: []string{"llama3.2:latest", "qwen2.5:7b"}})
	r := newRigFor(t, srv, ai.Config{BaseURL: srv.URL, Model: "llama3.2"})
	require.NoError(t, r.c.Test(t.Context()))
}

func TestTestExplainsEachFailureInASentence(t *testing.T) {
	cases := []struct {
		name    string
		replies []aifake.Reply
		cfg     func(c *ai.Config)
		kind    ai.ErrorKind
		want    string
	}{
		{name: "bad key", cfg: func(c *ai.Config) { c.APIKey = "sk-wrong-key-000000" }, kind: ai.ErrAuth,
			want: "The AI endpoint refused the key: Incorrect API key provided: sk-wr**********0000. " +
				"You can find your API key at https://platform.openai.com/account/api-keys."},
		{name: "model not offered", cfg: func(c *ai.Config) { c.Model = "gpt-5" }, kind: ai.ErrModelNotFound,
			want: "The endpoint has no model named gpt-5; it offers: a-model, b-model, c-model."},
		{name: "no model set", cfg: func(c *ai.Config) { c.Model = " " }, kind: ai.ErrModelNotFound,
			want: "No AI model is set; enter the name of one the endpoint offers."},
		{name: "quota", replies: []aifake.Reply{aifake.QuotaExceeded()}, kind: ai.ErrQuota,
			want: "The AI account has no credit left: You exceeded your current quota, please check your plan and billing details."},
		{name: "rate limited", replies: []aifake.Reply{aifake.RateLimited("1"), aifake.RateLimited("1"), aifake.RateLimited("1")},
			kind: ai.ErrRateLimited,
			want: "The AI endpoint is limiting requests; try again in a minute: Rate limit reached for requests per min (RPM): " +
				"Limit 3, Used 3, Requested 1. Please try again in 20s."},
		{name: "base URL without /v1", cfg: func(c *ai.Config) { c.BaseURL = c.BaseURL[:len(c.BaseURL)-3] }, kind: ai.ErrServer,
			want: "has no such page (404); check that the base URL ends in /v1: 404 page not found."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := aifake.New(t, aifake.Options{Key: testKey, Models: []string{"c-model", "a-model", "b-model"}})
			srv.Enqueue(tc.replies...)
			cfg := ai.Config{BaseURL: srv.URL, Model: "a-model", APIKey: testKey}
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			r := newRigFor(t, srv, cfg)

			e := aiError(t, r.c.Test(t.Context()), tc.kind)

			assert.Contains(t, e.Message, tc.want)
			assert.NotContains(t, e.Error(), cfg.APIKey)
		})
	}
}

func TestUnreachableEndpointIsTriedThreeTimes(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	srv := aifake.New(t, aifake.Options{})
	r := newRigFor(t, srv, ai.Config{BaseURL: closed.URL + "/v1", Model: testModel})

	e := aiError(t, r.c.Test(t.Context()), ai.ErrUnreachable)

	assert.Contains(t, e.Message, "Could not reach the AI endpoint at "+closed.URL+": ")
	assert.Equal(t, []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}, r.sleep.Waits())
}

func TestRetriesServerErrorsWithBackoffThenSucceeds(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.ServerError(), aifake.ServerError(), aifake.Answer(`{"hashtags": ["#go"]}`))

	tags, err := r.c.Hashtags(t.Context(), "Go 1.26 is out", "twitter", 1)

	require.NoError(t, err)
	assert.Equal(t, []string{"#go"}, tags)
	assert.Len(t, r.srv.ChatRequests(), 3)
	assert.Equal(t, []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}, r.sleep.Waits())
	assert.Len(t, r.meter.Records(), 1, "only the answered try is recorded")
}

func TestGivesUpAfterThreeServerErrors(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.ServerError(), aifake.ServerError(), aifake.ServerError())

	_, err := r.c.Hashtags(t.Context(), "Go 1.26 is out", "twitter", 1)

	e := aiError(t, err, ai.ErrServer)
	assert.Equal(t, 500, e.Status)
	assert.Equal(t, "The AI endpoint answered with an error (500): The server had an error while processing "+
		"your request. Sorry about that!", e.Message)
	assert.Len(t, r.srv.ChatRequests(), 3)
	assert.Empty(t, r.meter.Records())
}

func TestHonoursRetryAfter(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.RateLimited("7"), aifake.Answer(`{"hashtags": ["#go"]}`))

	_, err := r.c.Hashtags(t.Context(), "Go 1.26 is out", "twitter", 1)

	require.NoError(t, err)
	assert.Equal(t, []time.Duration{7 * time.Second}, r.sleep.Waits())
}

func TestDoesNotWaitForALongRetryAfter(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.RateLimited("3600"))

	_, err := r.c.Hashtags(t.Context(), "Go 1.26 is out", "twitter", 1)

	aiError(t, err, ai.ErrRateLimited)
	assert.Empty(t, r.sleep.Waits())
}

func TestNeverRetriesOtherClientErrors(t *testing.T) {
	for name, rep := range map[string]aifake.Reply{
		"401":                aifake.Unauthorized("sk-x"),
		"404 model":          aifake.ModelNotFound(testModel),
		"429 quota":          aifake.QuotaExceeded(),
		"400 bad parameters": aifake.BadRequest("temperature", "Invalid temperature."),
	} {
		t.Run(name, func(t *testing.T) {
			r := newRig(t)
			r.srv.Enqueue(rep)

			_, err := r.c.Hashtags(t.Context(), "Go 1.26 is out", "twitter", 1)

			require.Error(t, err)
			assert.Len(t, r.srv.Requests(), 1)
			assert.Empty(t, r.sleep.Waits())
		})
	}
}

func TestModelNotFoundOnChat(t *testing.T) {
	srv := aifake.New(t, aifake.Options{Key: testKey})
	r := newRigFor(t, srv, ai.Config{BaseURL: srv.URL, Model: "gpt-9", APIKey: testKey})

	_, err := r.c.Hashtags(t.Context(), "Go 1.26 is out", "twitter", 1)

	e := aiError(t, err, ai.ErrModelNotFound)
	assert.Equal(t, "The endpoint has no model named gpt-9: The model `gpt-9` does not exist or you do not have access to it.", e.Message)
}

func TestServerWordsNeverCarryTheKey(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Reply{Status: 401, Error: &aifake.APIError{Message: "Key " + testKey + " is revoked", Type: "auth"}})

	_, err := r.c.Hashtags(t.Context(), "Go 1.26 is out", "twitter", 1)

	e := aiError(t, err, ai.ErrAuth)
	assert.Equal(t, "The AI endpoint refused the key: Key [API key] is revoked.", e.Message)
	assert.NotContains(t, e.Error(), testKey)
}

func TestTimeoutFromConfig(t *testing.T) {
	srv := aifake.New(t, aifake.Options{})
	r := newRigFor(t, srv, ai.Config{BaseURL: srv.URL, Model: testModel, Timeout: 50 * time.Millisecond})
	srv.Enqueue(aifake.Hang())

	_, err := r.c.Hashtags(t.Context(), "Go 1.26 is out", "twitter", 1)

	e := aiError(t, err, ai.ErrTimeout)
	assert.Equal(t, "The AI endpoint at "+srv.URL[:len(srv.URL)-3]+" did not answer within 50ms.", e.Message)
	assert.True(t, errors.Is(err, context.DeadlineExceeded))
	assert.Len(t, srv.Requests(), 1, "a timeout is not retried")
}

func TestCallerDeadline(t *testing.T) {
	r := newRig(t)
	r.srv.Enqueue(aifake.Hang())
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()

	_, err := r.c.Feedback(ctx, "Draft", nil)

	aiError(t, err, ai.ErrTimeout)
}

func TestBudgetRefusalSendsNothing(t *testing.T) {
	r := newRig(t)
	r.meter.allowErr = errors.New("This month's AI budget of $5.00 is used up; raise the cap in Settings")

	_, err := r.c.Captions(t.Context(), ai.CaptionRequest{Topic: "Launch", Networks: xOnly}, nil)

	e := aiError(t, err, ai.ErrBudget)
	assert.Equal(t, "This month's AI budget of $5.00 is used up; raise the cap in Settings.", e.Message)
	assert.Empty(t, r.srv.Requests())
	assert.Equal(t, "This month's AI budget of $5.00 is used up; raise the cap in Settings.", ai.Sentence(err))
}

func TestNilMeterIsFine(t *testing.T) {
	srv := aifake.New(t, aifake.Options{})
	c := ai.New(ai.Config{BaseURL: srv.URL, Model: testModel}, nil)
	srv.Enqueue(aifake.Answer(`{"summary": "Clear.", "rewrites": []}`))

	fb, err := c.Feedback(t.Context(), "Draft", nil)

	require.NoError(t, err)
	assert.Equal(t, "Clear.", fb.Summary)
}

func TestSentenceOfAnotherError(t *testing.T) {
	assert.Equal(t, "boom", ai.Sentence(errors.New("boom")))
}

func TestNothingIsSentUntilAMethodIsCalled(t *testing.T) {
	srv := aifake.New(t, aifake.Options{})
	_ = ai.New(ai.Config{BaseURL: srv.URL, Model: testModel}, &meter{})
	assert.Empty(t, srv.Requests())
}
