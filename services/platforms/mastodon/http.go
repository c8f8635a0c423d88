package mastodon

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// maxBody bounds how much of a response is read.
const maxBody = 4 << 20

// apiRequest is one call to an instance.
type apiRequest struct {
	method      string
	base        string // instance base URL, no trailing slash
	path        string // with query, e.g. /api/v1/statuses
	token       string // bearer token; empty for unauthenticated calls
	body        io.Reader
	contentType string
	header      http.Header
}

// form returns a request body and content type for urlencoded values.
func formBody(v url.Values) (io.Reader, string) {
	return strings.NewReader(v.Encode()), "application/x-www-form-urlencoded"
}

// do sends r and decodes a JSON answer into out (when non-nil). It returns the HTTP
// status; every error is a *platforms.Error.
func (c *Connector) do(ctx context.Context, r apiRequest, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, r.method, r.base+r.path, r.body)
	if err != nil {
		return 0, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent, Message: "the instance address is not valid: " + err.Error(), Err: err}
	}
	var gotConn, wrote atomic.Bool
	req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn:      func(httptrace.GotConnInfo) { gotConn.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) { wrote.Store(info.Err == nil) },
	}))
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		// A context that ends on an open connection may race the write trace: uncertain.
		return 0, networkError(req.URL.Host, err, wrote.Load() || (gotConn.Load() && ctx.Err() != nil))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return resp.StatusCode, networkError(req.URL.Host, err, true)
	}
	if resp.StatusCode >= 400 {
		return resp.StatusCode, apiError(resp, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return resp.StatusCode, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Uncertain: true, Status: resp.StatusCode,
				Message: "the instance sent an answer that could not be read", Err: fmt.Errorf("mastodon: decode %s %s: %w", r.method, r.path, err)}
		}
	}
	return resp.StatusCode, nil
}

// networkError classifies a failure without an HTTP answer: before the request was
// written (refused connection, DNS) nothing reached the instance; after it (timeout,
// reset) the instance may have acted on it (sent is true).
func networkError(host string, err error, sent bool) *platforms.Error {
	msg := "could not reach " + host + ": " + platforms.UnwrapURLError(err).Error()
	if sent {
		msg = "no answer from " + host + " (the post may have gone out): " + platforms.UnwrapURLError(err).Error()
	}
	return &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Uncertain: sent, Message: msg, Err: err}
}

// apiError maps an error answer to a *platforms.Error with the instance's own words.
func apiError(resp *http.Response, body []byte) *platforms.Error {
	code, msg := errorText(resp.StatusCode, body)
	e := &platforms.Error{Platform: model.Mastodon, Status: resp.StatusCode, Code: code, Message: msg}
	switch s := resp.StatusCode; {
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		e.Kind, e.Err = platforms.Auth, model.ErrUnauthorized
	case s == http.StatusTooManyRequests:
		e.Kind, e.Err, e.RetryAt = platforms.Transient, model.ErrRateLimited, retryAt(resp.Header, time.Now())
	case s >= 500 || s == http.StatusRequestTimeout:
		e.Kind, e.Uncertain = platforms.Transient, true
	case s == http.StatusNotFound:
		e.Kind, e.Err = platforms.Permanent, model.ErrNotFound
	default:
		e.Kind, e.Err = platforms.Permanent, model.ErrInvalid
	}
	return e
}

// errorText reads {"error": "...", "error_description": "..."}; other bodies (an HTML
// proxy page) give the status text.
func errorText(status int, body []byte) (code, msg string) {
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error != "" {
		if e.Description != "" {
			return e.Error, e.Description
		}
		return "", e.Error
	}
	return "", fmt.Sprintf("the instance answered %d %s", status, http.StatusText(status))
}

// retryAt reads X-RateLimit-Reset (ISO-8601 with microseconds), falling back to
// Retry-After (seconds or an HTTP date). Zero when neither is usable.
func retryAt(h http.Header, now time.Time) time.Time {
	if v := h.Get("X-RateLimit-Reset"); v != "" {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t
		}
	}
	v := h.Get("Retry-After")
	if secs, err := strconv.Atoi(v); err == nil {
		return now.Add(time.Duration(secs) * time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return t
	}
	return time.Time{}
}

// instanceBase normalises an instance address: "mastodon.social" becomes
// "https://mastodon.social"; the trailing slash is dropped.
func instanceBase(instanceURL string) (string, error) {
	s := strings.TrimRight(strings.TrimSpace(instanceURL), "/")
	if s == "" {
		return "", &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent, Message: "the account has no instance address", Err: model.ErrInvalid}
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent, Message: fmt.Sprintf("%q is not a valid instance address", instanceURL), Err: model.ErrInvalid}
	}
	return u.Scheme + "://" + u.Host + strings.TrimRight(u.Path, "/"), nil
}
