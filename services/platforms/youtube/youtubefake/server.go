// Package youtubefake is a strict in-process fake of Google's OAuth 2.0 endpoints and
// of the YouTube Data API calls that connecting a channel needs. It follows
// platforms.md §6 and §9 "YouTube fake": the authorization endpoint auto-approves as the
// chosen user and redirects with code and state; desktop clients may use any port on a
// loopback redirect, web clients must match a registered URI exactly; the token endpoint
// requires the client secret, verifies PKCE (S256 or plain), uses single-use codes that
// expire, issues refresh tokens only for access_type=offline (and, after the first
// consent, only with prompt=consent), expires access tokens after an hour and refresh
// tokens after 7 days in "Testing" mode or 6 months unused, and answers a dead refresh
// token with invalid_grant. Errors use Google's real status codes and JSON shapes.
//
// All endpoints are served on one host under Google's paths: /o/oauth2/v2/auth,
// /token, /revoke and /youtube/v3/channels.
package youtubefake

import (
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Paths of the fake's endpoints (Google's own paths on their own hosts).
const (
	AuthPath     = "/o/oauth2/v2/auth"
	TokenPath    = "/token"
	RevokePath   = "/revoke"
	ChannelsPath = "/youtube/v3/channels"
)

// Client types of an OAuth client in the Google Cloud console.
const (
	// Desktop clients have no redirect URI to register: any loopback redirect
	// (127.0.0.1, [::1] or localhost, any port) is accepted.
	Desktop = "desktop"
	// Web clients must send one of their registered redirect URIs exactly.
	Web = "web"
)

// Options configures a Server. Zero values take Google's defaults.
type Options struct {
	// Now is the server's clock; time.Now by default.
	Now func() time.Time
	// CodeTTL is how long an authorization code may be exchanged (10 minutes).
	CodeTTL time.Duration
	// AccessTTL is an access token's lifetime (1 hour; expires_in says one second less).
	AccessTTL time.Duration
	// TestingMode is the consent screen's "Testing" publishing status: refresh tokens
	// expire 7 days after they are issued.
	TestingMode bool
	// UnusedRefreshTTL kills a refresh token not used for this long (6 months).
	UnusedRefreshTTL time.Duration
	// MaxRefreshTokens is the live refresh tokens per client and user; issuing one more
	// invalidates the oldest (100).
	MaxRefreshTokens int
	// RotateRefreshTokens issues a new refresh token on every refresh and kills the old
	// one. Google does not do this by default; it exercises a client's rotation path.
	RotateRefreshTokens bool
	// RequirePKCE refuses authorization requests without a code_challenge. Google
	// itself accepts them; the fake is stricter so a client that forgets PKCE is caught.
	RequirePKCE bool
	// Logger receives one line per request (slog.Default if nil).
	Logger *slog.Logger
}

func (o *Options) setDefaults() {
	if o.Now == nil {
		o.Now = time.Now
	}
	setDuration(&o.CodeTTL, 10*time.Minute)
	setDuration(&o.AccessTTL, time.Hour)
	setDuration(&o.UnusedRefreshTTL, 183*24*time.Hour)
	if o.MaxRefreshTokens == 0 {
		o.MaxRefreshTokens = 100
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

func setDuration(p *time.Duration, def time.Duration) {
	if *p == 0 {
		*p = def
	}
}

// Server is the fake. It is an http.Handler; New also serves it on 127.0.0.1.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234.
	URL string

	ts   *httptest.Server
	mux  *http.ServeMux
	opts Options

	mu        sync.Mutex
	st        state
	authUser  string
	deny      bool
	grantOnly []string
	fails     []int
	calls     map[string]int
	lastAuth  map[string][]string
}

// New starts a fake on a random 127.0.0.1 port with one user, "alice", who has one
// channel and approves every authorization. Close it when done.
func New(opts Options) *Server {
	opts.setDefaults()
	s := &Server{opts: opts, st: newState(), calls: map[string]int{}}
	s.AddUser(User{ID: "alice", Email: "alice@example.com", Channels: []Channel{{
		ID: "UCaliceAAAAAAAAAAAAAAAAA", Title: "Alice Makes Things", CustomURL: "@alicemakesthings",
		ThumbnailURL: "https://yt3.ggpht.example/alice=s240",
	}}})
	s.authUser = "alice"
	s.routes()
	s.ts = httptest.NewUnstartedServer(s)
	_ = s.ts.Listener.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("youtubefake: listen: %v", err))
	}
	s.ts.Listener = ln
	s.ts.Start()
	s.URL = s.ts.URL
	return s
}

// Close stops serving.
func (s *Server) Close() { s.ts.Close() }

// ServeHTTP answers one request: injected failures first, then the endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.opts.Logger.Debug("youtubefake: request", "method", r.Method, "path", r.URL.Path)
	if r.URL.Path != AuthPath {
		if status, ok := s.popFailure(); ok {
			writeFailure(w, status)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET "+AuthPath, s.wrap("authorize", s.authorize))
	m.HandleFunc("POST "+TokenPath, s.wrap("token", s.token))
	m.HandleFunc("POST "+RevokePath, s.wrap("revoke", s.revoke))
	m.HandleFunc("GET "+ChannelsPath, s.wrap("channels", s.channels))
	m.HandleFunc("/", s.wrap("other", func(*call) reply {
		return apiErr(http.StatusNotFound, "notFound", "global", "Not Found", "NOT_FOUND")
	}))
	s.mux = m
}

// call is one request being handled under the lock.
type call struct {
	r   *http.Request
	now time.Time
}

// reply is what a handler computed under the lock.
type reply struct {
	status int
	body   any // JSON-encoded unless nil
	html   string
	header http.Header
}

func (s *Server) wrap(name string, h func(*call) reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[name]++
		rep := h(&call{r: r, now: s.opts.Now().UTC()})
		s.mu.Unlock()
		rep.write(w)
	}
}

func (rep reply) write(w http.ResponseWriter) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	switch {
	case rep.html != "":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(rep.status)
		_, _ = w.Write([]byte(rep.html))
	case rep.body == nil:
		w.WriteHeader(rep.status)
	default:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(rep.status)
		_ = json.NewEncoder(w).Encode(rep.body)
	}
}

// oauthErr is the token and revoke endpoints' error shape.
func oauthErr(status int, code, desc string) reply {
	return reply{status: status, body: map[string]string{"error": code, "error_description": desc}}
}

// errorPage is what Google's authorization endpoint shows in the browser instead of
// redirecting: "Access blocked: ... Error 400: redirect_uri_mismatch".
func errorPage(status int, code, detail string) reply {
	return reply{status: status, html: "<!doctype html><title>Error " + fmt.Sprint(status) + "</title>" +
		"<h1>Access blocked: This app's request is invalid</h1>" +
		"<p>You can't sign in because this app sent an invalid request.</p>" +
		"<p>Error " + fmt.Sprint(status) + ": " + html.EscapeString(code) + "</p>" +
		"<p>" + html.EscapeString(detail) + "</p>"}
}

// apiErr is the Google API error envelope of the YouTube Data API.
func apiErr(status int, reason, domain, message, gstatus string) reply {
	return reply{status: status, body: map[string]any{"error": map[string]any{
		"code": status, "message": message, "status": gstatus,
		"errors": []map[string]string{{"message": message, "domain": domain, "reason": reason}},
	}}}
}

// writeFailure answers an injected failure the way Google's front ends do.
func writeFailure(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusTooManyRequests:
		apiErr(status, "rateLimitExceeded", "usageLimits", "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED").write(w)
	case http.StatusServiceUnavailable:
		apiErr(status, "backendError", "global", "The service is currently unavailable.", "UNAVAILABLE").write(w)
	default:
		apiErr(status, "backendError", "global", "Internal error encountered.", "INTERNAL").write(w)
	}
}
