package ai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// ErrorKind says what went wrong with an AI call, so the UI can react (ask for a key, offer
// to retry later, point at the budget).
type ErrorKind string

// Error kinds.
const (
	ErrAuth          ErrorKind = "auth"            // the endpoint refused the key (401, 403)
	ErrModelNotFound ErrorKind = "model_not_found" // no such model, or none configured
	ErrRateLimited   ErrorKind = "rate_limited"    // 429 still there after the retries
	ErrQuota         ErrorKind = "quota"           // 429 insufficient_quota: no credit left
	ErrUnreachable   ErrorKind = "unreachable"     // no answer at all: DNS, refused connection, TLS
	ErrTimeout       ErrorKind = "timeout"         // Config.Timeout or the caller's deadline passed
	ErrBadAnswer     ErrorKind = "bad_answer"      // the model answered something unusable
	ErrBudget        ErrorKind = "budget"          // Meter.Allow refused the call
	// ErrServer: the endpoint answered with another error (5xx after the retries, 400, a
	// wrong path). Added to the brief's kinds.
	ErrServer ErrorKind = "server"
	// ErrCanceled: the caller cancelled (the composer's Stop button); not worth showing.
	// Added to the brief's kinds; errors.Is(err, context.Canceled) also holds.
	ErrCanceled ErrorKind = "canceled"
)

// Error is an AI call's failure. Message is a sentence for the user with the server's own
// words attached; it never contains the API key. Status is the HTTP status, 0 when no
// answer came.
type Error struct {
	Kind    ErrorKind
	Status  int
	Message string
	Err     error
}

// Error describes the failure for logs.
func (e *Error) Error() string { return "ai: " + e.Message }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Sentence returns the user-facing sentence of err: Error.Message for an AI error,
// otherwise err's text.
func Sentence(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// classify turns what go-openai or the transport returned into an *Error.
func (c *Client) classify(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.Is(err, context.Canceled):
		return &Error{Kind: ErrCanceled, Message: "The AI request was cancelled.", Err: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Kind: ErrTimeout, Message: c.timeoutSentence(), Err: err}
	case errors.As(err, &apiErr):
		return c.apiError(apiErr)
	case errors.As(err, &reqErr):
		return c.requestError(reqErr)
	}
	var u *url.Error
	if errors.As(err, &u) {
		return &Error{Kind: ErrUnreachable, Err: err,
			Message: fmt.Sprintf("Could not reach the AI endpoint at %s: %s.", c.host(), c.redact(rootCause(err)))}
	}
	return &Error{Kind: ErrBadAnswer, Err: err, Message: sentence(fmt.Sprintf(
		"The AI endpoint at %s sent an answer that could not be read: %s", c.host(), c.redact(err.Error())))}
}

func (c *Client) timeoutSentence() string {
	if c.cfg.Timeout > 0 {
		return fmt.Sprintf("The AI endpoint at %s did not answer within %s.", c.host(), c.cfg.Timeout)
	}
	return fmt.Sprintf("The AI endpoint at %s did not answer in time.", c.host())
}

// apiError reads OpenAI's error JSON: status, code and message.
func (c *Client) apiError(a *openai.APIError) *Error {
	words := c.redact(a.Message)
	code := fmt.Sprint(a.Code)
	e := &Error{Status: a.HTTPStatusCode, Err: a}
	switch {
	case a.HTTPStatusCode == http.StatusUnauthorized || a.HTTPStatusCode == http.StatusForbidden:
		e.Kind, e.Message = ErrAuth, "The AI endpoint refused the key: "+words
	case a.HTTPStatusCode == http.StatusTooManyRequests && isQuota(code, a.Type):
		e.Kind, e.Message = ErrQuota, "The AI account has no credit left: "+words
	case a.HTTPStatusCode == http.StatusTooManyRequests:
		e.Kind, e.Message = ErrRateLimited, "The AI endpoint is limiting requests; try again in a minute: "+words
	case a.HTTPStatusCode == http.StatusNotFound:
		e.Kind = ErrModelNotFound
		e.Message = fmt.Sprintf("The endpoint has no model named %s: %s", c.cfg.Model, words)
	default:
		e.Kind = ErrServer
		e.Message = fmt.Sprintf("The AI endpoint answered with an error (%d): %s", a.HTTPStatusCode, words)
	}
	e.Message = sentence(e.Message)
	return e
}

func isQuota(code, typ string) bool {
	return code == "insufficient_quota" || typ == "insufficient_quota"
}

// requestError reads an error answer that is not OpenAI's JSON: a proxy's page, or the
// plain 404 of a base URL without /v1.
func (c *Client) requestError(r *openai.RequestError) *Error {
	words := c.redact(excerpt(string(r.Body)))
	e := &Error{Kind: ErrServer, Status: r.HTTPStatusCode, Err: r}
	switch {
	case r.HTTPStatusCode == http.StatusUnauthorized || r.HTTPStatusCode == http.StatusForbidden:
		e.Kind, e.Message = ErrAuth, "The AI endpoint refused the key: "+words
	case r.HTTPStatusCode == http.StatusNotFound:
		e.Message = fmt.Sprintf("The AI endpoint %s has no such page (404); check that the base URL "+
			"ends in /v1: %s", c.host(), words)
	case r.HTTPStatusCode == http.StatusTooManyRequests:
		e.Kind, e.Message = ErrRateLimited, "The AI endpoint is limiting requests; try again in a minute: "+words
	default:
		e.Message = fmt.Sprintf("The AI endpoint answered with an error (%d): %s", r.HTTPStatusCode, words)
	}
	e.Message = sentence(e.Message)
	return e
}

// badAnswer is the error for an answer the app cannot use.
func badAnswer(format string, args ...any) *Error {
	return &Error{Kind: ErrBadAnswer, Message: sentence(fmt.Sprintf(format, args...))}
}

// host names the endpoint in sentences: scheme and host of the base URL.
func (c *Client) host() string {
	u, err := url.Parse(c.cfg.BaseURL)
	if err != nil || u.Host == "" {
		return c.cfg.BaseURL
	}
	return u.Scheme + "://" + u.Host
}

// redact removes the API key from server words: some servers echo it back.
func (c *Client) redact(s string) string {
	if len(c.cfg.APIKey) < 4 {
		return s
	}
	return strings.ReplaceAll(s, c.cfg.APIKey, "[API key]")
}

// rootCause is a transport error's text without url.Error's "Get URL:" prefix.
func rootCause(err error) string {
	var u *url.Error
	if errors.As(err, &u) {
		err = u.Err
	}
	return strings.TrimSuffix(err.Error(), ".")
}

// excerpt collapses whitespace and keeps the first 200 characters of a body.
func excerpt(body string) string {
	s := strings.Join(strings.Fields(body), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	if s == "" {
		return "(no details)"
	}
	return s
}

// sentence ends s with a full stop when it has no final punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if last, _ := utf8.DecodeLastRuneInString(s); s == "" || strings.ContainsRune(".!?…", last) {
		return s
	}
	return s + "."
}
