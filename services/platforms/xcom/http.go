package xcom

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
)

// maxBody bounds how much of a response is read.
const maxBody = 1 << 20

// user is the data of GET /2/users/me.
type user struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Username        string `json:"username"`
	ProfileImageURL string `json:"profile_image_url"`
}

// me reads the authorized user's profile.
func (a *Authorizer) me(ctx context.Context, token string) (user, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.ep.APIBase+"/2/users/me?user.fields=profile_image_url", nil)
	if err != nil {
		return user{}, fmt.Errorf("xcom: build the profile request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	var out struct {
		Data   user `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := a.send(req, &out); err != nil {
		return user{}, err
	}
	if out.Data.ID == "" {
		words := "no user data"
		if len(out.Errors) > 0 {
			words = out.Errors[0].Message
		}
		return user{}, &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Status: http.StatusOK, Err: model.ErrInvalid,
			Message: "X did not return the connected account's profile: " + words}
	}
	return out.Data, nil
}

// revokeOne revokes one token at POST /2/oauth2/revoke, authenticating as the client
// does at the token endpoint (client_id in the body, or HTTP Basic with a secret).
func (a *Authorizer) revokeOne(ctx context.Context, app platforms.AppCredentials, token string) error {
	form := url.Values{"token": {token}}
	if app.ClientSecret == "" {
		form.Set("client_id", app.ClientID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.ep.RevokeURL, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("xcom: build the revoke request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if app.ClientSecret != "" {
		req.SetBasicAuth(url.QueryEscape(app.ClientID), url.QueryEscape(app.ClientSecret))
	}
	return a.send(req, nil)
}

// send runs req and decodes a JSON answer into out (when non-nil); every error is a
// *platforms.Error.
func (a *Authorizer) send(req *http.Request, out any) error {
	req.Header.Set("Accept", "application/json")
	resp, err := a.hc.Do(req)
	if err != nil {
		return networkError(err, false)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return networkError(err, false)
	}
	if resp.StatusCode >= 400 {
		return apiError(resp, body)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &platforms.Error{Platform: model.X, Kind: platforms.Transient, Status: resp.StatusCode,
			Message: "X sent an answer that could not be read.", Err: fmt.Errorf("xcom: decode %s: %w", req.URL.Path, err)}
	}
	return nil
}

// apiError maps an API error answer (problem+json, or the OAuth shape from the revoke
// endpoint) to a *platforms.Error with X's words.
func apiError(resp *http.Response, body []byte) *platforms.Error {
	code, words := errorWords(resp.StatusCode, body)
	e := &platforms.Error{Platform: model.X, Status: resp.StatusCode, Code: code, Message: "X said: " + words}
	switch s := resp.StatusCode; {
	case s == http.StatusUnauthorized:
		e.Kind, e.Err = platforms.Auth, model.ErrUnauthorized
	case s == http.StatusTooManyRequests:
		e.Kind, e.Err, e.RetryAt = platforms.Transient, model.ErrRateLimited, resetAt(resp.Header)
	case s >= 500 || s == http.StatusRequestTimeout:
		e.Kind, e.Uncertain = platforms.Transient, true
	case s == http.StatusNotFound:
		e.Kind, e.Err = platforms.Permanent, model.ErrNotFound
	default:
		e.Kind, e.Err = platforms.Permanent, model.ErrInvalid
	}
	return e
}

// errorWords reads X's words from a problem ({"title","detail","type"} with an optional
// errors[] array) or an OAuth error ({"error","error_description"}); other bodies (an
// HTML proxy page) give the status text.
func errorWords(status int, body []byte) (code, words string) {
	var p struct {
		Title, Detail, Type string
		Error               string `json:"error"`
		Description         string `json:"error_description"`
		Errors              []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &p) != nil {
		return "", fmt.Sprintf("%d %s", status, http.StatusText(status))
	}
	switch {
	case p.Error != "":
		return p.Error, cmp.Or(p.Description, p.Error)
	case len(p.Errors) > 0 && p.Errors[0].Message != "":
		return p.Type, cmp.Or(p.Detail, p.Title) + " " + p.Errors[0].Message
	case p.Detail != "" || p.Title != "":
		return p.Type, cmp.Or(p.Detail, p.Title)
	}
	return "", fmt.Sprintf("%d %s", status, http.StatusText(status))
}

// resetAt reads x-rate-limit-reset (epoch seconds); zero when absent.
func resetAt(h http.Header) time.Time {
	secs, err := strconv.ParseInt(h.Get("X-Rate-Limit-Reset"), 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(secs, 0)
}

// networkError classifies a failure without an HTTP answer; sent is true when the
// request was written, so X may have acted on it.
func networkError(err error, sent bool) *platforms.Error {
	msg := "Could not reach X: " + platforms.UnwrapURLError(err).Error()
	if sent {
		msg = "No answer from X: " + platforms.UnwrapURLError(err).Error()
	}
	return &platforms.Error{Platform: model.X, Kind: platforms.Transient, Uncertain: sent, Message: msg, Err: err}
}

// traceSent returns ctx with a trace recording whether a request was written.
func traceSent(ctx context.Context) (context.Context, func() bool) {
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) { wrote.Store(info.Err == nil) },
	})
	return ctx, wrote.Load
}

// tokenError maps a token endpoint refusal. At refresh a 4xx means the grant is gone
// (Kind Auth: reconnect); at link it is a configuration problem (Permanent).
func tokenError(re *oauth2.RetrieveError, refresh bool) *platforms.Error {
	status := 0
	var hdr http.Header
	if re.Response != nil {
		status, hdr = re.Response.StatusCode, re.Response.Header
	}
	words := cmp.Or(re.ErrorDescription, re.ErrorCode, fmt.Sprintf("%d %s", status, http.StatusText(status)))
	e := &platforms.Error{Platform: model.X, Status: status, Code: re.ErrorCode, Err: re}
	switch {
	case status == http.StatusTooManyRequests:
		e.Kind, e.RetryAt, e.Message = platforms.Transient, resetAt(hdr), "X is rate limiting sign-ins: "+words
	case status >= 500:
		e.Kind, e.Uncertain, e.Message = platforms.Transient, refresh, "X could not answer just now: "+words
	case refresh:
		e.Kind, e.Message = platforms.Auth, "X refused to renew the sign-in: "+words+" Reconnect the account."
	default:
		e.Kind, e.Message = platforms.Permanent, "X refused the sign-in: "+words
	}
	return e
}

// refreshError maps a failed refresh; sent tells whether the request reached X, in
// which case the refresh token may already be rotated.
func refreshError(err error, sent bool) *platforms.Error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return tokenError(re, true)
	}
	return networkError(err, sent)
}

// linkError maps a failed authorization to a sentence with X's words.
func linkError(err error) *platforms.Error {
	var pe *oauth.ProviderError
	var re *oauth2.RetrieveError
	switch {
	case errors.As(err, &pe):
		return &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Code: pe.Code, Err: err,
			Message: "X refused the sign-in: " + cmp.Or(pe.Description, pe.Code)}
	case errors.As(err, &re):
		return tokenError(re, false)
	case errors.Is(err, oauth.ErrTimeout):
		return &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Err: err,
			Message: "No answer came back from X in the browser in time; start connecting again."}
	case errors.Is(err, context.Canceled), errors.Is(err, oauth.ErrClosed):
		return &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Err: err, Message: "The X sign-in was cancelled."}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return networkError(err, false)
	}
	return &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Err: err, Message: "The X sign-in could not finish: " + err.Error()}
}
