package youtube

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
)

// googleError is the Google API error envelope:
// {"error":{"code","message","errors":[{"reason","domain","message"}],"status"}}.
type googleError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
		Errors  []struct {
			Reason  string `json:"reason"`
			Domain  string `json:"domain"`
			Message string `json:"message"`
		} `json:"errors"`
	} `json:"error"`
}

// apiError maps a Data API error answer to a *platforms.Error with YouTube's words.
func apiError(status int, body []byte) *platforms.Error {
	var g googleError
	_ = json.Unmarshal(body, &g)
	code, msg := g.Error.Status, htmlTag.ReplaceAllString(g.Error.Message, "")
	if len(g.Error.Errors) > 0 && g.Error.Errors[0].Reason != "" {
		code = g.Error.Errors[0].Reason
	}
	e := &platforms.Error{Platform: model.YouTube, Status: status, Code: code}
	if msg == "" {
		e.Message = fmt.Sprintf("YouTube answered %d %s.", status, http.StatusText(status))
	} else {
		e.Message = fmt.Sprintf("YouTube said: %q (%s).", msg, code)
	}
	e.Kind, e.Err = apiKind(status, code)
	return e
}

// apiKind classifies a Data API error: 401 is an auth error; quota and rate limits
// (403 quotaExceeded, rateLimitExceeded, userRateLimitExceeded) and 5xx are transient.
func apiKind(status int, reason string) (platforms.Kind, error) {
	switch {
	case status == http.StatusUnauthorized:
		return platforms.Auth, model.ErrUnauthorized
	case reason == "quotaExceeded", reason == "rateLimitExceeded", reason == "userRateLimitExceeded":
		return platforms.Transient, model.ErrRateLimited
	case status == http.StatusForbidden:
		return platforms.Permanent, model.ErrUnauthorized
	}
	return platforms.KindForStatus(status)
}

// networkError is a failure without an HTTP answer. Connecting and refreshing change
// nothing that a retry could duplicate, so it is never uncertain.
func networkError(host string, err error) *platforms.Error {
	if ctxErr := contextError(err); ctxErr != nil {
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient, Message: "the request to " + host + " was cancelled", Err: ctxErr}
	}
	var ue *url.Error
	inner := err
	if errors.As(err, &ue) {
		inner = ue.Err
	}
	return &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient, Message: "could not reach " + host + ": " + inner.Error(), Err: err}
}

func contextError(err error) error {
	for _, target := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, target) {
			return err
		}
	}
	return nil
}

// tokenError maps a failed call to Google's token endpoint at host. doing completes "Google
// refused to ..." ("accept the sign-in", "renew access to the channel"). From a
// refresh, a dead refresh token (invalid_grant) or a client Google no longer knows
// (invalid_client, unauthorized_client) means the user must reconnect: Kind Auth.
func tokenError(err error, host, doing string, refresh bool) *platforms.Error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return networkError(host, err)
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	e := &platforms.Error{Platform: model.YouTube, Status: status, Code: re.ErrorCode, Err: err}
	switch {
	case re.ErrorCode == "" && status != 0:
		e.Message = fmt.Sprintf("Google refused to %s: the token endpoint answered %d %s.", doing, status, http.StatusText(status))
	case re.ErrorDescription == "":
		e.Message = fmt.Sprintf("Google refused to %s (%s).", doing, re.ErrorCode)
	default:
		e.Message = fmt.Sprintf("Google refused to %s: %q (%s).", doing, re.ErrorDescription, re.ErrorCode)
	}
	e.Kind = tokenKind(status, re.ErrorCode, refresh)
	if re.ErrorCode == "invalid_client" && !refresh {
		e.Message += " Check the Google client ID and secret in Settings."
	}
	if e.Kind == platforms.Auth {
		e.Message += " Connect the channel again."
		e.Err = errors.Join(model.ErrUnauthorized, err)
	}
	return e
}

func tokenKind(status int, code string, refresh bool) platforms.Kind {
	switch {
	case status >= 500 || status == http.StatusTooManyRequests:
		return platforms.Transient
	case refresh && (code == "invalid_grant" || code == "invalid_client" || code == "unauthorized_client"):
		return platforms.Auth
	}
	return platforms.Permanent
}

// flowError maps the outcome of a failed browser sign-in to a sentence.
func flowError(err error, host string) error {
	var pe *oauth.ProviderError
	switch {
	case errors.As(err, &pe) && pe.Code == "access_denied":
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Code: pe.Code, Err: err,
			Message: "Access was not allowed on Google's consent screen (access_denied)."}
	case errors.As(err, &pe):
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Code: pe.Code, Err: err,
			Message: fmt.Sprintf("Google refused the sign-in: %s.", providerWords(pe))}
	case errors.Is(err, oauth.ErrTimeout):
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Err: err,
			Message: "No answer came back from Google's sign-in page in time. If Google showed \"Error 400: redirect_uri_mismatch\", " +
				"the OAuth client is not of type \"Desktop app\"; create one of that type and try again."}
	case errors.Is(err, oauth.ErrClosed), contextError(err) != nil:
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Err: err, Message: "The sign-in was cancelled."}
	}
	var re *oauth2.RetrieveError
	var ue *url.Error
	switch {
	case errors.As(err, &re):
		return tokenError(err, host, "accept the sign-in", false)
	case errors.As(err, &ue):
		return networkError(host, err)
	}
	return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Err: err,
		Message: "The sign-in with Google could not be completed: " + err.Error()}
}

func providerWords(pe *oauth.ProviderError) string {
	if pe.Description != "" {
		return fmt.Sprintf("%q (%s)", pe.Description, pe.Code)
	}
	return pe.Code
}

// permission names what a call needs, for the sentence that explains a 403
// insufficientPermissions.
type permission struct{ doing, scope string }

var (
	toUpload = permission{"upload videos", "youtube.upload"}
	toRead   = permission{"read the channel's videos", "youtube.readonly"}
	toDelete = permission{"delete videos", "youtube.force-ssl"}
)

// publishError is apiError with what publishing needs said plainly: the daily upload
// quota (Transient until midnight Pacific time, when it resets), the channel's
// 24-hour upload cap (Permanent) and a missing permission (Permanent, naming the scope).
func publishError(status int, body []byte, now time.Time, perm permission) *platforms.Error {
	e := apiError(status, body)
	switch e.Code {
	case "quotaExceeded":
		e.RetryAt = NextQuotaReset(now)
		e.Message = "The Google Cloud project has used up its daily YouTube upload quota; it resets at midnight Pacific time, " +
			"and the upload will be tried again then. " + e.Message
	case "uploadLimitExceeded":
		e.Kind, e.Err = platforms.Permanent, model.ErrRateLimited
		e.Message = "This channel has reached YouTube's limit of uploads for the past 24 hours; publish the video again tomorrow. " + e.Message
	case "insufficientPermissions":
		e.Kind = platforms.Permanent
		e.Message = fmt.Sprintf("Webox Social is not allowed to %s on this channel: connect the channel again and allow that permission (%s). %s",
			perm.doing, perm.scope, e.Message)
	}
	return e
}

// pacific is the zone YouTube's quotas reset in; a fixed UTC−8 without a zone database
// (an hour late in summer, which only delays a retry).
var pacific = func() *time.Location {
	if l, err := time.LoadLocation("America/Los_Angeles"); err == nil {
		return l
	}
	return time.FixedZone("PST", -8*3600)
}()

// NextQuotaReset is the next midnight Pacific time after now, when YouTube's daily
// quotas reset.
func NextQuotaReset(now time.Time) time.Time {
	t := now.In(pacific)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, pacific)
}

// htmlTag matches the markup Google puts in some messages ("<a href=…>quota</a>").
var htmlTag = regexp.MustCompile(`<[^>]*>`)
