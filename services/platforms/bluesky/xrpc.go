package bluesky

import (
	"bytes"
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

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// maxBody bounds how much of a response is read.
const maxBody = 1 << 20

// call is one XRPC request.
type call struct {
	base  string // service base URL, no trailing slash
	nsid  string // e.g. com.atproto.server.createSession
	query url.Values
	token string // bearer token; "" for none
	input any    // JSON body of a procedure
	post  bool   // a procedure (POST); with a nil input it is sent with no body
	// raw, with rawType, is a non-JSON body (uploadBlob); it wins over input.
	raw     []byte
	rawType string
	// write marks a call that changes the repo: a context ending on an open connection
	// is then Uncertain too, as it may race the write trace.
	write bool
}

// xrpc sends c and decodes a JSON answer into out (when non-nil). Every error is a
// *platforms.Error whose Message is the server's own words; callers turn it into a
// sentence with explain.
func (a *Authorizer) xrpc(ctx context.Context, c call, out any) error {
	return send(ctx, a.hc, c, out)
}

// send is xrpc with an explicit client, shared by the Authorizer and the Connector.
func send(ctx context.Context, hc *http.Client, c call, out any) error {
	req, err := newRequest(ctx, c)
	if err != nil {
		return &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Message: "the server address is not valid: " + err.Error(), Err: err}
	}
	var gotConn, wrote atomic.Bool
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GotConn:      func(httptrace.GotConnInfo) { gotConn.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) { wrote.Store(info.Err == nil) },
	}))
	resp, err := hc.Do(req)
	if err != nil {
		return networkError(req.URL.Host, err, wrote.Load() || (c.write && gotConn.Load() && ctx.Err() != nil))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return networkError(req.URL.Host, err, true)
	}
	if resp.StatusCode >= 400 {
		return apiError(resp, body)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &platforms.Error{Platform: model.Bluesky, Kind: platforms.Transient, Uncertain: c.write, Status: resp.StatusCode,
			Message: "the server sent an answer that could not be read", Err: fmt.Errorf("bluesky: decode %s: %w", c.nsid, err)}
	}
	return nil
}

func newRequest(ctx context.Context, c call) (*http.Request, error) {
	u := c.base + "/xrpc/" + c.nsid
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	method, body := http.MethodGet, io.Reader(nil)
	if c.post {
		method = http.MethodPost
	}
	contentType := "application/json"
	switch {
	case c.raw != nil:
		body, contentType = bytes.NewReader(c.raw), c.rawType
	case c.input != nil:
		raw, err := json.Marshal(c.input)
		if err != nil {
			return nil, fmt.Errorf("bluesky: encode %s: %w", c.nsid, err)
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return req, nil
}

// networkFailure is the Err of a failure without an HTTP answer.
type networkFailure struct {
	host string
	sent bool // the request was written: the server may have acted on it
	err  error
}

func (n *networkFailure) Error() string {
	if n.sent {
		return "no answer from " + n.host + ": " + n.err.Error()
	}
	return "could not reach " + n.host + ": " + n.err.Error()
}

func (n *networkFailure) Unwrap() error { return n.err }

// networkError classifies a failure without an HTTP answer as Transient, Uncertain once
// the request was sent.
func networkError(host string, err error, sent bool) *platforms.Error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	nf := &networkFailure{host: host, sent: sent, err: err}
	return &platforms.Error{Platform: model.Bluesky, Kind: platforms.Transient, Uncertain: sent, Message: nf.Error(), Err: nf}
}

// apiError maps an XRPC error answer ({"error": NAME, "message": TEXT}) to a
// *platforms.Error: expired or invalid tokens (HTTP 400, not 401) and 401s are Auth,
// 429 is Transient with RetryAt from RateLimit-Reset, 5xx Transient, the rest Permanent.
func apiError(resp *http.Response, body []byte) *platforms.Error {
	var x struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &x) != nil || (x.Error == "" && x.Message == "") {
		x.Message = fmt.Sprintf("the server answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if x.Message == "" {
		x.Message = x.Error
	}
	e := &platforms.Error{Platform: model.Bluesky, Status: resp.StatusCode, Code: x.Error, Message: x.Message}
	switch s := resp.StatusCode; {
	case x.Error == "ExpiredToken" || x.Error == "InvalidToken" || s == http.StatusUnauthorized || s == http.StatusForbidden:
		e.Kind, e.Err = platforms.Auth, model.ErrUnauthorized
	case s == http.StatusTooManyRequests:
		e.Kind, e.Err, e.RetryAt = platforms.Transient, model.ErrRateLimited, retryAt(resp.Header, time.Now())
	case s >= 500 && s != http.StatusNotImplemented, s == http.StatusRequestTimeout:
		e.Kind, e.Uncertain = platforms.Transient, true
	default:
		e.Kind, e.Err = platforms.Permanent, model.ErrInvalid
	}
	return e
}

// retryAt reads RateLimit-Reset (Unix seconds), falling back to Retry-After (seconds).
func retryAt(h http.Header, now time.Time) time.Time {
	if secs, err := strconv.ParseInt(h.Get("RateLimit-Reset"), 10, 64); err == nil && secs > 0 {
		return time.Unix(secs, 0)
	}
	if secs, err := strconv.Atoi(h.Get("Retry-After")); err == nil {
		return now.Add(time.Duration(secs) * time.Second)
	}
	return time.Time{}
}

// serviceBase normalises a PDS or entryway address: "bsky.social" becomes
// "https://bsky.social"; "" is the default service.
func serviceBase(raw, def string) (string, error) {
	s := strings.TrimRight(strings.TrimSpace(raw), "/")
	if s == "" {
		s = def
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: fmt.Sprintf("%q is not a server address; leave it empty for bsky.social or enter your PDS, e.g. https://pds.example.com", raw)}
	}
	return u.Scheme + "://" + u.Host + strings.TrimRight(u.Path, "/"), nil
}
