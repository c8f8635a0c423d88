// Package aifake is a strict, local OpenAI-compatible server for tests: GET /v1/models and
// POST /v1/chat/completions (JSON or SSE streaming), with answers and errors scripted per
// test and every request recorded for assertions. It checks requests as OpenAI does (the
// key, the model, "json" in the messages for json_object, stream_options only when
// streaming) and fails the test on a request it has no script for. It listens on 127.0.0.1.
package aifake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Options configure a Server. The zero value accepts any key and offers "gpt-4o-mini".
type Options struct {
	Key    string   // when set, requests must carry "Authorization: Bearer Key"
	Models []string // what GET /v1/models lists and chat completions accept
}

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL a client is configured with: "http://127.0.0.1:PORT/v1".
	URL string

	t        testing.TB
	ts       *httptest.Server
	stop     chan struct{}
	mu       sync.Mutex
	key      string
	models   []string
	queue    []Reply
	requests []Request
}

// Request is one request the server received.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
	Chat   *ChatRequest // the decoded body of a chat completion; nil otherwise
}

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ChatRequest is the part of a chat completion request the fake understands; any other
// field fails the test.
type ChatRequest struct {
	Model               string          `json:"model"`
	Messages            []Message       `json:"messages"`
	Stream              bool            `json:"stream"`
	StreamOptions       *StreamOptions  `json:"stream_options,omitempty"`
	ResponseFormat      *ResponseFormat `json:"response_format,omitempty"`
	Temperature         float64         `json:"temperature,omitempty"`
	MaxTokens           int             `json:"max_tokens,omitempty"`
	MaxCompletionTokens int             `json:"max_completion_tokens,omitempty"`
}

// StreamOptions is the request's stream_options.
type StreamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// ResponseFormat is the request's response_format.
type ResponseFormat struct {
	Type string `json:"type"`
}

// New starts a fake for the test's duration. At the end of the test it fails the test
// if scripted replies were never used.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{t: t, stop: make(chan struct{}), key: opts.Key, models: opts.Models}
	if len(s.models) == 0 {
		s.models = []string{"gpt-4o-mini"}
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.ts.URL + "/v1"
	t.Cleanup(s.close)
	return s
}

func (s *Server) close() {
	close(s.stop)
	s.ts.Close()
	if n := s.Pending(); n > 0 {
		s.t.Errorf("aifake: %d scripted replies were never requested", n)
	}
}

// Enqueue adds replies, answered in order, one per request.
func (s *Server) Enqueue(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, replies...)
}

// Pending is how many scripted replies are still waiting for a request.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// Requests returns every request received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// ChatRequests returns the decoded chat completion requests received so far.
func (s *Server) ChatRequests() []ChatRequest {
	var out []ChatRequest
	for _, r := range s.Requests() {
		if r.Chat != nil {
			out = append(out, *r.Chat)
		}
	}
	return out
}

// serve records the request, checks it, and answers with the next scripted reply.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	if r.Method == http.MethodPost && r.URL.Path == "/v1/chat/completions" {
		req.Chat = s.decodeChat(body)
	}
	rep, ok := s.next(req)
	if !ok {
		writeNothing(w)
		return
	}
	if rep.Hang {
		s.hang(r)
		return
	}
	s.write(w, r, req, rep)
}

// writeNothing answers a request the test did not expect.
func writeNothing(w http.ResponseWriter) {
	writeError(w, Reply{Status: http.StatusInternalServerError, Error: &APIError{
		Message: "aifake: no scripted reply for this request", Type: "server_error"}})
}

// next records req and picks its reply: a check failure, the queued reply, or the model list.
func (s *Server) next(req Request) (Reply, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
	if rep, failed := s.check(req); failed {
		return rep, true
	}
	if len(s.queue) > 0 {
		rep := s.queue[0]
		s.queue = s.queue[1:]
		return rep, true
	}
	if req.Method == http.MethodGet && req.Path == "/v1/models" {
		return Reply{}, true
	}
	s.t.Errorf("aifake: no scripted reply for %s %s", req.Method, req.Path)
	return Reply{}, false
}

// check answers what a real server refuses before looking at the script: a wrong key, an
// unknown path, an unknown model.
func (s *Server) check(req Request) (Reply, bool) {
	if s.key != "" && req.Header.Get("Authorization") != "Bearer "+s.key {
		return Unauthorized(strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")), true
	}
	switch {
	case req.Method == http.MethodGet && req.Path == "/v1/models":
		return Reply{}, false
	case req.Method == http.MethodPost && req.Path == "/v1/chat/completions":
		if req.Chat != nil && !slices.Contains(s.models, req.Chat.Model) {
			return ModelNotFound(req.Chat.Model), true
		}
		return Reply{}, false
	}
	return Reply{Status: http.StatusNotFound, Body: "404 page not found"}, true
}

// decodeChat decodes a chat completion strictly, failing the test on anything OpenAI refuses.
func (s *Server) decodeChat(body []byte) *ChatRequest {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var c ChatRequest
	if err := dec.Decode(&c); err != nil {
		s.t.Errorf("aifake: chat request: %v: %s", err, body)
		return &c
	}
	for _, problem := range chatProblems(c) {
		s.t.Errorf("aifake: chat request: %s", problem)
	}
	return &c
}

// chatProblems lists what OpenAI would refuse in c.
func chatProblems(c ChatRequest) []string {
	var out []string
	if c.Model == "" || len(c.Messages) == 0 {
		out = append(out, "model and messages are required")
	}
	hasJSON := false
	for _, m := range c.Messages {
		if !slices.Contains([]string{"system", "user", "assistant"}, m.Role) || m.Content == "" {
			out = append(out, "message with role "+m.Role+" is invalid or empty")
		}
		hasJSON = hasJSON || strings.Contains(strings.ToLower(m.Content), "json")
	}
	if c.StreamOptions != nil && !c.Stream {
		out = append(out, "The 'stream_options' parameter is only allowed when 'stream' is enabled.")
	}
	if c.ResponseFormat != nil && c.ResponseFormat.Type == "json_object" && !hasJSON {
		out = append(out, "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.")
	}
	return out
}

// hang waits until the client gives up or the server closes.
func (s *Server) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.stop:
	}
}
