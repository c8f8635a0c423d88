package app

import (
	"context"
	"errors"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// UserMessage turns any error into a sentence for the user. Platform errors keep the
// platform's own words; validation errors are already sentences; anything unexpected
// gets a generic sentence with the detail attached.
func UserMessage(err error) string {
	if err == nil {
		return ""
	}
	var pe *platforms.Error
	switch {
	case errors.As(err, &pe):
		return platformMessage(pe)
	case errors.Is(err, context.DeadlineExceeded):
		return "The operation took too long and was stopped. Check your connection and try again."
	case errors.Is(err, context.Canceled):
		return "The operation was cancelled."
	case errors.Is(err, model.ErrInvalid), errors.Is(err, model.ErrNoKeychain),
		errors.Is(err, model.ErrConflict), errors.Is(err, model.ErrAlreadyRunning):
		return sentence(innermostText(err))
	case errors.Is(err, model.ErrNotFound):
		return "That item no longer exists. It may have been deleted in another window."
	}
	return sentence("Something went wrong: " + err.Error())
}

func platformMessage(pe *platforms.Error) string {
	name := pe.Platform.Title()
	words := pe.Message
	if words == "" && pe.Err != nil {
		words = pe.Err.Error()
	}
	switch pe.Kind {
	case platforms.Auth:
		return sentence(name + " no longer accepts this account's sign-in; reconnect it in Accounts. " + name + " said: " + words)
	case platforms.Transient:
		return sentence(name + " could not be reached or is busy; Webox Social will try again. " + name + " said: " + words)
	}
	return sentence(name + " refused the request. " + name + " said: " + words)
}

// innermostText returns the message of a user-facing error without the wrapping
// prefixes added for logs: errors we raise for users are built with userError.
func innermostText(err error) string {
	var ue *userError
	if errors.As(err, &ue) {
		return ue.msg
	}
	return err.Error()
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// userError is an error whose message is already a sentence for the user; it wraps a
// sentinel so callers can still test it with errors.Is.
type userError struct {
	msg  string
	kind error
}

func (e *userError) Error() string { return e.msg }
func (e *userError) Unwrap() error { return e.kind }

// invalidf returns a validation error whose text is shown to the user as is.
func invalid(msg string) error { return &userError{msg: msg, kind: model.ErrInvalid} }

// PlatformStatus reports whether err carries a network's refusal, with the HTTP status
// the network answered (0 when no answer arrived): front-ends map it to their own codes.
func PlatformStatus(err error) (status int, ok bool) {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return 0, false
	}
	return pe.Status, true
}
