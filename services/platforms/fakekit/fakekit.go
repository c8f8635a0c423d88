// Package fakekit is the scaffolding the network fakes (linkedinfake, tiktokfake,
// xcomfake, youtubefake, ...) share: a request handled under the fake's lock, the
// reply it computes, written once the lock is released, per-route call counting and
// option defaults. Each fake keeps its own protocol rules; only tests and fakes import
// this package.
package fakekit

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Call is one request handled under the fake's lock, with the fake's clock at its arrival.
type Call struct {
	R   *http.Request
	Now time.Time
}

// Reply is what a handler computed under the lock: a redirect, an HTML page, a JSON
// body or a bare status, with extra headers.
type Reply struct {
	Status      int
	Body        any    // JSON-encoded unless nil
	ContentType string // of a JSON body; "" takes the Handlers' JSONType
	HTML        string // a whole page, written as it is
	Location    string // a 302 redirect
	Header      http.Header
}

// Write sends the reply; jsonType is the Content-Type of a JSON body without its own.
func (rep Reply) Write(w http.ResponseWriter, jsonType string) {
	for k, v := range rep.Header {
		w.Header()[k] = v
	}
	switch {
	case rep.Location != "":
		w.Header().Set("Location", rep.Location)
		w.WriteHeader(http.StatusFound)
	case rep.HTML != "":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(rep.Status)
		_, _ = w.Write([]byte(rep.HTML))
	case rep.Body == nil:
		w.WriteHeader(rep.Status)
	default:
		if rep.ContentType != "" {
			jsonType = rep.ContentType
		}
		w.Header().Set("Content-Type", jsonType)
		w.WriteHeader(rep.Status)
		_ = json.NewEncoder(w).Encode(rep.Body)
	}
}

// Handlers wraps a fake's handlers: each runs under Mu, counted in Calls by route.
type Handlers struct {
	Mu    *sync.Mutex
	Calls map[string]int
	// Now is the fake's clock; the Call gets its time in UTC.
	Now func() time.Time
	// JSONType is the Content-Type of JSON replies that name none.
	JSONType string
}

// Wrap returns the http.HandlerFunc for route: h computes the reply under the lock, and
// it is written after the lock is released.
func (hs Handlers) Wrap(route string, h func(*Call) Reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hs.Mu.Lock()
		hs.Calls[route]++
		rep := h(&Call{R: r, Now: hs.Now().UTC()})
		hs.Mu.Unlock()
		rep.Write(w, hs.JSONType)
	}
}

// Count reads calls[route] under mu.
func Count(mu *sync.Mutex, calls map[string]int, route string) int {
	mu.Lock()
	defer mu.Unlock()
	return calls[route]
}

// Default sets *p to def when it holds the zero value (an unset option).
func Default[T comparable](p *T, def T) {
	var zero T
	if *p == zero {
		*p = def
	}
}

// OrNow returns now, or time.Now when now is nil.
func OrNow(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}

// Clock is a clock tests set and move; the fake reads it from its handlers, so it is
// safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a Clock showing t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now reads the clock; pass it as a fake's (or an authorizer's) Now option.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// ServeOn serves h on addr ("127.0.0.1:0" for any free loopback port), like
// httptest.NewServer on a chosen address. The error is net.Listen's, unwrapped.
func ServeOn(addr string, h http.Handler) (*httptest.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	ts := httptest.NewUnstartedServer(h)
	_ = ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	return ts, nil
}

// RandomToken is n random bytes in unpadded base64url: an opaque token, code or id.
func RandomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
