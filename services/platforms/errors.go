package platforms

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"webox-social/services/model"
)

// Kind classifies a connector error for the delivery engine.
type Kind int

// Error kinds.
const (
	// Transient errors (network, 5xx, 429) are retried with backoff.
	Transient Kind = iota
	// Auth errors (401, Meta 190, Bluesky ExpiredToken) trigger one token refresh, then reconnect_needed.
	Auth
	// Permanent errors (validation) fail the target with the platform's own words.
	Permanent
)

// String names the kind for logs.
func (k Kind) String() string {
	switch k {
	case Transient:
		return "transient"
	case Auth:
		return "auth"
	case Permanent:
		return "permanent"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is the one error type connectors return.
type Error struct {
	Platform model.Platform
	Kind     Kind
	Status   int       // HTTP status, 0 when no response arrived
	Code     string    // the platform's error code, if any
	Message  string    // the platform's own words, shown to the user
	RetryAt  time.Time // from a reset header; zero when unknown
	// Uncertain is true when the request may have reached the platform and been acted
	// on (timeout, connection reset after sending, some 5xx): the engine reconciles
	// before any retry.
	Uncertain bool
	Err       error
}

// Error describes the failure for logs.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Status != 0 {
		return fmt.Sprintf("%s: %s (HTTP %d)", e.Platform, msg, e.Status)
	}
	return fmt.Sprintf("%s: %s", e.Platform, msg)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// AsError returns err as *Error, or wraps an unknown error as an uncertain transient one.
func AsError(p model.Platform, err error) *Error {
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	return &Error{Platform: p, Kind: Transient, Uncertain: true, Message: err.Error(), Err: err}
}

// KindForStatus classifies an HTTP error status the way most networks mean it: 401 is
// Auth (model.ErrUnauthorized), 429 Transient (model.ErrRateLimited), 5xx Transient
// (no sentinel), 404 Permanent (model.ErrNotFound), anything else Permanent
// (model.ErrInvalid).
func KindForStatus(status int) (Kind, error) {
	switch {
	case status == http.StatusUnauthorized:
		return Auth, model.ErrUnauthorized
	case status == http.StatusTooManyRequests:
		return Transient, model.ErrRateLimited
	case status >= 500:
		return Transient, nil
	case status == http.StatusNotFound:
		return Permanent, model.ErrNotFound
	}
	return Permanent, model.ErrInvalid
}

// StatusWords is the sentence for an error answer without words of its own, e.g.
// "LinkedIn answered 503 Service Unavailable".
func StatusWords(p model.Platform, status int) string {
	return fmt.Sprintf("%s answered %d %s", p.Title(), status, http.StatusText(status))
}

// UnwrapURLError drops the *url.Error wrapper, whose text holds the URL (and so, in a
// query, possibly a token); other errors come back as they are.
func UnwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
