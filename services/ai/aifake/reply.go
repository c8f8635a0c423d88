package aifake

import (
	"fmt"
	"net/http"
	"strings"
)

// Usage is the token count a reply reports, as OpenAI's "usage" object.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// DefaultUsage is what an answer reports when its Reply sets no Usage: numbers no
// character-based estimate would give, so tests can tell the two apart.
var DefaultUsage = Usage{PromptTokens: 101, CompletionTokens: 37, TotalTokens: 138}

// APIError is OpenAI's error object, sent as {"error": {...}}.
type APIError struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

// Reply is one scripted answer. The server takes one from its queue for every request,
// except GET /v1/models when the queue is empty (it then lists its models).
type Reply struct {
	// Content is the assistant's text. For a streamed request it is sent in Chunks when
	// set, otherwise in pieces of about 16 bytes.
	Content string
	Chunks  []string
	// Usage replaces DefaultUsage; NoUsage sends none at all (some local servers don't).
	Usage   *Usage
	NoUsage bool

	// Status and Error make the reply an HTTP error with OpenAI's error JSON.
	Status int
	Error  *APIError
	// Body, when set with Status, is sent as is (text/plain): a proxy's or a wrong path's answer.
	Body string
	// RetryAfter is sent as the Retry-After header.
	RetryAfter string
	// Hang holds the request until the client gives up (or the server closes).
	Hang bool
	// HangAfterChunks streams the content, then holds the stream open without finishing
	// it: for cancelling or timing out a stream that has started.
	HangAfterChunks bool
}

func (r Reply) isError() bool { return r.Status >= http.StatusBadRequest }

func (r Reply) usage() Usage {
	if r.Usage != nil {
		return *r.Usage
	}
	return DefaultUsage
}

// chunks splits Content into streamed pieces, never inside a UTF-8 sequence.
func (r Reply) chunks() []string {
	if len(r.Chunks) > 0 {
		return r.Chunks
	}
	var out []string
	var b strings.Builder
	for _, c := range r.Content {
		b.WriteRune(c)
		if b.Len() >= 16 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// text is the whole answer of a reply given as Chunks or Content.
func (r Reply) text() string {
	if len(r.Chunks) > 0 {
		return strings.Join(r.Chunks, "")
	}
	return r.Content
}

func ptr(s string) *string { return &s }

// Answer is a successful chat completion whose text is content.
func Answer(content string) Reply { return Reply{Content: content} }

// Streamed is a successful chat completion sent in exactly these chunks when streamed.
func Streamed(chunks ...string) Reply { return Reply{Chunks: chunks} }

// Unauthorized is OpenAI's 401 for a wrong key; the key is masked as OpenAI does.
func Unauthorized(key string) Reply {
	msg := fmt.Sprintf("Incorrect API key provided: %s. You can find your API key at "+
		"https://platform.openai.com/account/api-keys.", mask(key))
	return Reply{Status: http.StatusUnauthorized, Error: &APIError{Message: msg,
		Type: "invalid_request_error", Code: ptr("invalid_api_key")}}
}

// ModelNotFound is OpenAI's 404 for a model that does not exist.
func ModelNotFound(model string) Reply {
	msg := fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", model)
	return Reply{Status: http.StatusNotFound, Error: &APIError{Message: msg,
		Type: "invalid_request_error", Param: ptr("model"), Code: ptr("model_not_found")}}
}

// RateLimited is OpenAI's 429 rate_limit_exceeded, with Retry-After when retryAfter is set.
func RateLimited(retryAfter string) Reply {
	msg := "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s."
	return Reply{Status: http.StatusTooManyRequests, RetryAfter: retryAfter, Error: &APIError{Message: msg,
		Type: "requests", Code: ptr("rate_limit_exceeded")}}
}

// QuotaExceeded is OpenAI's 429 insufficient_quota: no credit left, retrying will not help.
func QuotaExceeded() Reply {
	msg := "You exceeded your current quota, please check your plan and billing details."
	return Reply{Status: http.StatusTooManyRequests, Error: &APIError{Message: msg,
		Type: "insufficient_quota", Code: ptr("insufficient_quota")}}
}

// ServerError is OpenAI's 500.
func ServerError() Reply {
	msg := "The server had an error while processing your request. Sorry about that!"
	return Reply{Status: http.StatusInternalServerError, Error: &APIError{Message: msg, Type: "server_error"}}
}

// BadRequest is a 400 invalid_request_error naming param, as servers answer an option they
// do not support.
func BadRequest(param, message string) Reply {
	return Reply{Status: http.StatusBadRequest, Error: &APIError{Message: message,
		Type: "invalid_request_error", Param: ptr(param)}}
}

// Hang is a request that never gets an answer.
func Hang() Reply { return Reply{Hang: true} }

// mask hides all but the ends of a key: "sk-ab****wxyz".
func mask(key string) string {
	if len(key) <= 8 {
		return strings.Repeat("*", len(key))
	}
	return key[:5] + strings.Repeat("*", len(key)-9) + key[len(key)-4:]
}
