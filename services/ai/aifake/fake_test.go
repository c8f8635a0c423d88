package aifake_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/ai/aifake"
)

// strictTB records the failures the fake reports instead of failing the test.
type strictTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (s *strictTB) Errorf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, fmt.Sprintf(format, args...))
}

func (s *strictTB) Errors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.errs...)
}

func post(t *testing.T, srv *aifake.Server, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(srv.URL+"/chat/completions", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestStreamsServerSentEventsWithUsageLast(t *testing.T) {
	srv := aifake.New(t, aifake.Options{})
	srv.Enqueue(aifake.Streamed("Hel", "lo"))

	status, body := post(t, srv, `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}],
		"stream": true, "stream_options": {"include_usage": true}}`)

	require.Equal(t, http.StatusOK, status)
	events := strings.Split(strings.TrimSpace(body), "\n\n")
	require.Len(t, events, 6)
	assert.Contains(t, events[1], `"delta":{"content":"Hel"}`)
	assert.Contains(t, events[2], `"delta":{"content":"lo"}`)
	assert.Contains(t, events[3], `"finish_reason":"stop"`)
	assert.Contains(t, events[4], `"choices":[]`)
	assert.Contains(t, events[4], `"usage":{"prompt_tokens":101,"completion_tokens":37,"total_tokens":138}`)
	assert.Equal(t, "data: [DONE]", events[5])
}

func TestStreamsWithoutUsageUnlessAsked(t *testing.T) {
	srv := aifake.New(t, aifake.Options{})
	srv.Enqueue(aifake.Answer("Hi"))

	_, body := post(t, srv, `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": true}`)

	assert.NotContains(t, body, "usage")
	assert.True(t, strings.HasSuffix(body, "data: [DONE]\n\n"))
}

func TestAnswersJSONWhenNotStreaming(t *testing.T) {
	srv := aifake.New(t, aifake.Options{})
	srv.Enqueue(aifake.Answer("Hi"))

	status, body := post(t, srv, `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": false}`)

	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"id": "chatcmpl-aifake", "object": "chat.completion", "created": 1767225600, "model": "gpt-4o-mini",
		"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hi"}}],
		"usage": {"prompt_tokens": 101, "completion_tokens": 37, "total_tokens": 138}}`, body)
}

func TestRefusesWhatOpenAIRefuses(t *testing.T) {
	cases := map[string]string{
		"unknown field":           `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": false, "foo": 1}`,
		"json mode without json":  `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": false, "response_format": {"type": "json_object"}}`,
		"stream options unstream": `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": false, "stream_options": {"include_usage": true}}`,
		"empty message":           `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": ""}], "stream": false}`,
		"bad role":                `{"model": "gpt-4o-mini", "messages": [{"role": "robot", "content": "hi"}], "stream": false}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			tb := &strictTB{TB: t}
			srv := aifake.New(tb, aifake.Options{})
			srv.Enqueue(aifake.Answer("Hi"))

			post(t, srv, body)

			assert.Len(t, tb.Errors(), 1)
		})
	}
}

func TestFailsOnAnUnscriptedChat(t *testing.T) {
	tb := &strictTB{TB: t}
	srv := aifake.New(tb, aifake.Options{})

	status, _ := post(t, srv, `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": false}`)

	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Equal(t, []string{"aifake: no scripted reply for POST /v1/chat/completions"}, tb.Errors())
}

func TestChecksKeyAndModelBeforeTheScript(t *testing.T) {
	srv := aifake.New(t, aifake.Options{Key: "sk-right-000000000", Models: []string{"m"}})

	resp, err := http.Get(srv.URL + "/models")
	require.NoError(t, err)
	resp.Body.Close()
	status, body := post(t, srv, `{"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": false}`)

	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Contains(t, body, `"code":"invalid_api_key"`)
	assert.Len(t, srv.Requests(), 2)
}

func TestErrorRepliesCarryOpenAIsShape(t *testing.T) {
	srv := aifake.New(t, aifake.Options{})
	srv.Enqueue(aifake.RateLimited("3"), aifake.QuotaExceeded())

	resp, err := http.Get(srv.URL + "/models")
	require.NoError(t, err)
	resp.Body.Close()
	_, body := post(t, srv, `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": false}`)

	assert.Equal(t, "3", resp.Header.Get("Retry-After"))
	assert.JSONEq(t, `{"error": {"message": "You exceeded your current quota, please check your plan and billing details.",
		"type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}`, body)
}
