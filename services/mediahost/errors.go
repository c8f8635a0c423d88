package mediahost

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/smithy-go"

	"webox-social/services/model"
)

// Error is what S3 returns when a call fails. Error() reads "mediahost: OP: SENTENCE";
// Sentence is the part the Settings screen or the composer shows, with the server's own
// words attached. Neither ever contains the secret access key.
type Error struct {
	Op       string // "settings", "upload", "presign", "delete", "fetch", "check"
	Status   int    // HTTP status; 0 when the server never answered
	Code     string // the server's error code, e.g. "AccessDenied"; empty when none
	Sentence string
	// Err wraps model.ErrInvalid (bad settings), model.ErrUnauthorized (refused keys),
	// model.ErrNotFound (no such bucket) or the underlying transport error.
	Err error
}

// Error describes the failure for logs.
func (e *Error) Error() string { return "mediahost: " + e.Op + ": " + e.Sentence }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether trying again later may help: the server did not answer, or
// answered 429 or 5xx.
func (e *Error) Temporary() bool {
	return e.Status == 0 && !errors.Is(e.Err, model.ErrInvalid) || e.Status == 429 || e.Status >= 500
}

// Sentence returns the user-facing sentence of err: Error.Sentence for a media-host
// error, otherwise err's text.
func Sentence(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Sentence
	}
	return err.Error()
}

func invalid(sentence string) error {
	return &Error{Op: "settings", Sentence: sentence, Err: model.ErrInvalid}
}

// hints say what to check for the answers users most often get from a misconfigured bucket.
var hints = map[string]string{
	"SignatureDoesNotMatch":        "Check the secret access key.",
	"InvalidAccessKeyId":           "Check the access key ID.",
	"AccessDenied":                 "Check that this key may read, write and delete in the bucket.",
	"NoSuchBucket":                 "Check the bucket name.",
	"AuthorizationHeaderMalformed": "Check the region.",
	"PermanentRedirect":            "Check the region and the endpoint.",
	"RequestTimeTooSkewed":         "Check this computer's clock.",
}

// opError turns an SDK error into an *Error whose sentence quotes the server.
func (s *S3) opError(op string, err error) error {
	e := &Error{Op: op, Err: redacted{err: err, secret: s.cfg.SecretAccessKey}}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) {
		e.Status = status.HTTPStatusCode()
	}
	var apiErr smithy.APIError
	message := ""
	if errors.As(err, &apiErr) {
		e.Code, message = apiErr.ErrorCode(), apiErr.ErrorMessage()
	}
	if e.Status == 0 && e.Code == "" {
		e.Sentence = redact(unreachable(s.endpointName(), err), s.cfg.SecretAccessKey)
		return e
	}
	e.Sentence = redact(answered(e.Code, message, e.Status), s.cfg.SecretAccessKey)
	if kind := kindOf(e.Code, e.Status); kind != nil {
		e.Err = fmt.Errorf("%w: %w", kind, e.Err)
	}
	return e
}

// answered is "The bucket answered: MESSAGE (CODE). HINT" with whatever of those is known.
func answered(code, message string, status int) string {
	words := strings.TrimSpace(message)
	switch {
	case words == "" && code == "":
		words = fmt.Sprintf("HTTP %d", status)
	case words == "":
		words = code
	case code != "" && !strings.Contains(words, code):
		words = fmt.Sprintf("%s (%s)", strings.TrimRight(words, "."), code)
	}
	sentence := "The bucket answered: " + words
	if !strings.HasSuffix(sentence, ".") {
		sentence += "."
	}
	if hint := hints[code]; hint != "" {
		sentence += " " + hint
	}
	return sentence
}

// unreachable names the server and the network's reason when no answer came back.
func unreachable(endpoint string, err error) string {
	reason := err.Error()
	var uerr *url.Error
	if errors.As(err, &uerr) {
		reason = uerr.Err.Error()
	}
	return fmt.Sprintf("Could not reach the bucket at %s: %s.", endpoint, strings.TrimRight(reason, "."))
}

func (s *S3) endpointName() string {
	if s.cfg.Endpoint != "" {
		return s.cfg.Endpoint
	}
	return "AWS S3 (" + s.cfg.Region + ")"
}

// kindOf maps the server's answer to one of the model's sentinel errors, or nil.
func kindOf(code string, status int) error {
	switch {
	case code == "NoSuchBucket" || status == 404:
		return model.ErrNotFound
	case code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId" || status == 401 || status == 403:
		return model.ErrUnauthorized
	case code == "SlowDown" || status == 429:
		return model.ErrRateLimited
	}
	return nil
}

// redacted hides the secret from an underlying error's text while keeping it unwrappable.
type redacted struct {
	err    error
	secret string
}

func (r redacted) Error() string { return redact(r.err.Error(), r.secret) }
func (r redacted) Unwrap() error { return r.err }

func redact(text, secret string) string {
	if secret == "" {
		return text
	}
	return strings.ReplaceAll(text, secret, "[secret]")
}
