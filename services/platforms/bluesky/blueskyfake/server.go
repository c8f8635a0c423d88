// Package blueskyfake is a strict in-process Bluesky PDS for tests of app-password sign-in
// and publishing. It enforces platforms.md §9 "Bluesky fake" rules 1–5 as the reference PDS
// (@atproto/pds 0.5.35) does them: createSession validation with the XRPC error shapes,
// 30 sessions per 5 minutes (and 300 per day) per identifier with RateLimit-* headers,
// HS256 access JWTs of 120 minutes and refresh JWTs of 90 days, expired tokens answered
// with HTTP 400 ExpiredToken (not 401), refreshSession only with the refresh JWT, refresh
// rotation with a 2-hour grace for the old refresh JWT, and deleteSession. Test hooks add
// accounts and app passwords, take accounts down, ask for an email sign-in code, revoke
// sessions, count calls and inject failures; the clock is injectable. Publishing:
// createRecord of app.bsky.feed.post ($type, text of ≤300 graphemes and ≤3,000 bytes,
// RFC 3339 createdAt, repo = the session's DID, facets with byte offsets on UTF-8
// boundaries, image embeds of ≤4 uploaded image/* blobs ≤2,000,000 bytes), a second
// record at a taken rkey refused with HTTP 500 as the reference PDS does, uploadBlob,
// getRecord (400 RecordNotFound), idempotent deleteRecord and resolveHandle.
package blueskyfake

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"webox-social/services/platforms/fakekit"
)

// Options configures a Server. Zero values take the reference PDS's defaults.
type Options struct {
	// Now is the server's clock (token lifetimes, grace period, rate-limit windows).
	Now func() time.Time
	// AccessTTL (120 min), RefreshTTL (90 days) and RefreshGrace (2 h) are the token
	// lifetimes of the reference PDS.
	AccessTTL    time.Duration
	RefreshTTL   time.Duration
	RefreshGrace time.Duration
	// SessionLimit is createSession calls per 5 minutes per identifier (30);
	// DailySessionLimit per day (300).
	SessionLimit      int
	DailySessionLimit int
	// ServiceEndpoint is the #atproto_pds endpoint put in session didDocs (the server's
	// own URL by default). An entryway such as bsky.social names another host here.
	ServiceEndpoint string
	// OmitDIDDoc leaves didDoc out of session answers, as a PDS does by default
	// (PDS_ENABLE_DID_DOC_WITH_SESSION unset); bsky.social includes it.
	OmitDIDDoc bool
	// NoAppView answers app.bsky.* calls like a PDS without an AppView: 400
	// InvalidRequest "No service configured for ...".
	NoAppView bool
	// Logger receives one line per request (slog.Default if nil).
	Logger *slog.Logger
}

func (o *Options) setDefaults() {
	o.Now = fakekit.OrNow(o.Now)
	fakekit.Default(&o.AccessTTL, 120*time.Minute)
	fakekit.Default(&o.RefreshTTL, 90*24*time.Hour)
	fakekit.Default(&o.RefreshGrace, 2*time.Hour)
	fakekit.Default(&o.SessionLimit, 30)
	fakekit.Default(&o.DailySessionLimit, 300)
	fakekit.Default(&o.Logger, slog.Default())
}

// ServiceDID is the audience of every JWT the fake issues.
const ServiceDID = "did:web:localhost"

// Server is the fake PDS. It is an http.Handler; New also serves it on 127.0.0.1.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234 (set by New).
	URL string

	ts   *httptest.Server
	opts Options
	key  []byte // HS256 signing key

	mu       sync.Mutex
	accounts []*Account
	refresh  map[string]*refreshRow // by jti
	windows  map[string]*window
	calls    map[string]int
	fails    []int
	records  map[string]*record // by did/collection/rkey
	blobs    map[string]*blob   // by CID
	// metrics holds the counters SetPostCounts and SetProfileCounts give (metrics.go).
	metrics metricsState
}

// New starts a fake on a random 127.0.0.1 port. It panics if it cannot listen, like
// httptest.NewServer. Close it when done.
func New(opts Options) *Server {
	s := NewHandler(opts)
	ts, err := fakekit.ServeOn("127.0.0.1:0", s)
	if err != nil {
		panic(fmt.Sprintf("blueskyfake: listen on 127.0.0.1: %v", err))
	}
	s.ts = ts
	s.URL = s.ts.URL
	return s
}

// NewHandler builds a fake without serving it (mount it on your own server and set URL).
func NewHandler(opts Options) *Server {
	opts.setDefaults()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &Server{opts: opts, key: key, refresh: map[string]*refreshRow{}, windows: map[string]*window{}, calls: map[string]int{},
		records: map[string]*record{}, blobs: map[string]*blob{}}
}

// Close stops serving.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// Calls returns how many requests reached the XRPC method nsid (e.g.
// "com.atproto.server.createSession"), failed ones included.
func (s *Server) Calls(nsid string) int { return fakekit.Count(&s.mu, s.calls, nsid) }

// SetServiceEndpoint changes the #atproto_pds endpoint put in session didDocs.
func (s *Server) SetServiceEndpoint(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.ServiceEndpoint = url
}

// FailNext makes the next XRPC requests answer with these HTTP statuses (one each, in
// order) before any other check, with the XRPC error shape the status has in atproto.
func (s *Server) FailNext(statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails = append(s.fails, statuses...)
}

// xrpcError is the error body of every XRPC method.
type xrpcError struct {
	Status  int    `json:"-"`
	Name    string `json:"error"`
	Message string `json:"message"`
}

func (e *xrpcError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Name, e.Message) }

func invalidRequest(msg string) *xrpcError {
	return &xrpcError{Status: http.StatusBadRequest, Name: "InvalidRequest", Message: msg}
}

// method is one XRPC handler: it runs under the lock and returns the JSON body (nil for
// an empty 200) or an error.
type method struct {
	post    bool
	noInput bool // a procedure without input: a request body is refused
	handler func(*call) (any, *xrpcError)
}

// call is one request being handled under the lock.
type call struct {
	r      *http.Request
	now    time.Time
	header http.Header
}

func (s *Server) methods() map[string]method {
	return map[string]method{
		"com.atproto.server.createSession":   {post: true, handler: s.createSession},
		"com.atproto.server.refreshSession":  {post: true, noInput: true, handler: s.refreshSession},
		"com.atproto.server.deleteSession":   {post: true, noInput: true, handler: s.deleteSession},
		"com.atproto.server.getSession":      {handler: s.getSession},
		"app.bsky.actor.getProfile":          {handler: s.getProfileWithCounts},
		"app.bsky.feed.getPosts":             {handler: s.getPosts},
		"com.atproto.repo.createRecord":      {post: true, handler: s.createRecord},
		"com.atproto.repo.uploadBlob":        {post: true, handler: s.uploadBlob},
		"com.atproto.repo.getRecord":         {handler: s.getRecord},
		"com.atproto.repo.deleteRecord":      {post: true, handler: s.deleteRecord},
		"com.atproto.identity.resolveHandle": {handler: s.resolveHandle},
	}
}

// ServeHTTP answers one XRPC request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	nsid, ok := strings.CutPrefix(r.URL.Path, "/xrpc/")
	if !ok {
		http.Error(w, "Cannot "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		return
	}
	s.opts.Logger.Debug("blueskyfake: request", "method", r.Method, "nsid", nsid)
	c := &call{r: r, header: w.Header()}
	body, xerr := s.dispatch(c, nsid)
	if xerr != nil {
		writeJSON(w, xerr.Status, xerr)
		return
	}
	if body == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) dispatch(c *call, nsid string) (any, *xrpcError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.now = s.opts.Now()
	s.calls[nsid]++
	if len(s.fails) > 0 {
		status := s.fails[0]
		s.fails = s.fails[1:]
		return nil, injected(status)
	}
	m, ok := s.methods()[nsid]
	if !ok || (s.opts.NoAppView && strings.HasPrefix(nsid, "app.bsky.")) {
		return nil, invalidRequest("No service configured for " + nsid)
	}
	want := http.MethodGet
	if m.post {
		want = http.MethodPost
	}
	if c.r.Method != want {
		return nil, invalidRequest(fmt.Sprintf("Incorrect HTTP method (%s) expected %s", c.r.Method, want))
	}
	if m.noInput && c.r.ContentLength > 0 {
		return nil, invalidRequest("A request body was provided when none was expected")
	}
	return m.handler(c)
}

// injected is the XRPC answer for an injected status.
func injected(status int) *xrpcError {
	switch status {
	case http.StatusTooManyRequests:
		return &xrpcError{Status: status, Name: "RateLimitExceeded", Message: "Rate Limit Exceeded"}
	case http.StatusBadGateway:
		return &xrpcError{Status: status, Name: "UpstreamFailure", Message: "Upstream Failure"}
	case http.StatusServiceUnavailable:
		return &xrpcError{Status: status, Name: "NotEnoughResources", Message: "Not Enough Resources"}
	}
	return &xrpcError{Status: status, Name: "InternalServerError", Message: "Internal Server Error"}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// readJSON decodes a POST body the way the XRPC server checks it.
func readJSON(c *call, into any) *xrpcError {
	if c.r.ContentLength == 0 {
		return invalidRequest("A request body is expected but none was provided")
	}
	ct := c.r.Header.Get("Content-Type")
	if mt, _, _ := strings.Cut(ct, ";"); strings.TrimSpace(mt) != "application/json" {
		return invalidRequest("Wrong request encoding (Content-Type): " + ct)
	}
	if err := json.NewDecoder(c.r.Body).Decode(into); err != nil {
		return invalidRequest("Unable to parse request body: " + err.Error())
	}
	return nil
}
