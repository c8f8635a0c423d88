// Package xcomfake is a strict in-process fake of X's OAuth 2.0 endpoints and the
// profile endpoint account linking reads, for tests. It enforces platforms.md §1 (OAuth)
// and §9 "X fake" rule 1, 2 and 7: exact redirect_uri matching against the registered
// list, PKCE (S256 or plain) verified at the code exchange, codes single-use and dead
// after 30 s, public clients (client_id in the body, no Basic header) versus confidential
// ones (HTTP Basic), refresh tokens only with offline.access, 2-hour access tokens,
// single-use rotating refresh tokens whose reuse kills the token family, revocation,
// and X's error shapes: {"error","error_description"} at the token endpoint and
// problem+json {"title","detail","type","status"} on the API. It also serves publishing
// (§9 rules 3–8): POST /2/tweets with weighted-length and media checks, replies
// (reply.in_reply_to_tweet_id to a live post) and the duplicate-content 403, the chunked
// media upload state machine with processing polls (succeeded, or failed on request),
// POST /2/media/metadata for alt text (at most 1,000 characters, the caller's media),
// GET /2/users/{id}/tweets with start_time, pagination and referenced_tweets,
// DELETE /2/tweets/{id}, and per-endpoint rate limits with x-rate-limit-* headers. Test
// hooks register apps, pick the authorizing user, revoke and expire tokens, set limits,
// fail processing, drop a tweet's answer after storing it and count calls.
package xcomfake

import (
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"webox-social/services/platforms/fakekit"
)

// Defaults for Options' zero values (platforms.md §1).
const (
	DefaultCodeTTL   = 30 * time.Second
	DefaultAccessTTL = 2 * time.Hour
	DefaultUser      = "alice"
)

// Options configures a Server. Zero values take X's behaviour.
type Options struct {
	// Now is the server's clock (code and token expiry); time.Now by default.
	Now func() time.Time
	// CodeTTL is how long an authorization code can be exchanged (30 s).
	CodeTTL time.Duration
	// AccessTTL is the access token lifetime (2 h; expires_in 7200).
	AccessTTL time.Duration
	// RefreshTTL makes refresh tokens expire; zero (the default) means they do not,
	// since X documents no lifetime for them.
	RefreshTTL time.Duration
	// SpareFamilyOnReuse keeps the token family alive when an already-rotated refresh
	// token is presented again (the reuse still fails). By default the whole family —
	// every access and refresh token descended from the same authorization — dies, as
	// third parties report X does [X14].
	SpareFamilyOnReuse bool
	// AuthorizeUser is the username that approves /i/oauth2/authorize ("alice"); the
	// user is created on first use.
	AuthorizeUser string
	// Logger receives one line per request (slog.Default if nil).
	Logger *slog.Logger
}

func (o *Options) setDefaults() {
	o.Now = fakekit.OrNow(o.Now)
	fakekit.Default(&o.CodeTTL, DefaultCodeTTL)
	fakekit.Default(&o.AccessTTL, DefaultAccessTTL)
	fakekit.Default(&o.AuthorizeUser, DefaultUser)
	fakekit.Default(&o.Logger, slog.Default())
}

// Server is the fake. It is an http.Handler; New also serves it on 127.0.0.1.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234 (set by New and Listen). The
	// fake serves authorize, token, revoke and API paths on this one host.
	URL string

	ts   *httptest.Server
	mux  *http.ServeMux
	opts Options

	mu    sync.Mutex
	st    state
	calls map[string]int
	deny  bool
	// dropTweet counts down the POST /2/tweets calls to the one whose answer is dropped.
	dropTweet int
	// metrics holds the counters set by SetTweetMetrics and SetUserMetrics (metrics.go).
	metrics metricsState
}

// New starts a fake on a random 127.0.0.1 port and panics if it cannot listen, like
// httptest.NewServer. Close it when done.
func New(opts Options) *Server {
	s, err := Listen("127.0.0.1:0", opts)
	if err != nil {
		panic(err)
	}
	return s
}

// Listen starts a fake on addr (a loopback address).
func Listen(addr string, opts Options) (*Server, error) {
	s := NewHandler(opts)
	ts, err := fakekit.ServeOn(addr, s)
	if err != nil {
		return nil, fmt.Errorf("xcomfake: listen on %s: %w", addr, err)
	}
	s.ts = ts
	s.URL = s.ts.URL
	return s, nil
}

// NewHandler builds a fake without serving it (mount it on your own server).
func NewHandler(opts Options) *Server {
	opts.setDefaults()
	s := &Server{opts: opts, st: newState(), calls: map[string]int{}}
	s.routes()
	return s
}

// Close stops serving.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.opts.Logger.Debug("xcomfake: request", "method", r.Method, "path", r.URL.Path)
	s.mux.ServeHTTP(w, r)
}

// Route names for Calls.
const (
	RouteAuthorize = "authorize"
	RouteToken     = "token"
	RouteRevoke    = "revoke"
	RouteUsersMe   = "users/me"
	RouteTweets    = "tweets"        // POST /2/tweets
	RouteDelete    = "tweets/delete" // DELETE /2/tweets/{id}
	RouteTimeline  = "users/tweets"  // GET /2/users/{id}/tweets
	RouteInit      = "media/initialize"
	RouteAppend    = "media/append"
	RouteFinalize  = "media/finalize"
	RouteStatus    = "media/status"   // GET /2/media/upload?media_id=
	RouteMetadata  = "media/metadata" // POST /2/media/metadata
	RouteLookup    = "tweets/lookup"  // GET /2/tweets?ids=
)

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /i/oauth2/authorize", s.wrap(RouteAuthorize, s.authorize))
	m.HandleFunc("POST /2/oauth2/token", s.wrap(RouteToken, s.token))
	m.HandleFunc("POST /2/oauth2/revoke", s.wrap(RouteRevoke, s.revoke))
	m.HandleFunc("GET /2/users/me", s.wrap(RouteUsersMe, s.usersMeWithMetrics))
	m.HandleFunc("GET /2/tweets", s.wrap(RouteLookup, s.lookupTweets))
	m.HandleFunc("POST /2/tweets", s.tweetsHandler)
	m.HandleFunc("DELETE /2/tweets/{id}", s.wrap(RouteDelete, s.deleteTweet))
	m.HandleFunc("GET /2/users/{id}/tweets", s.wrap(RouteTimeline, s.userTweets))
	m.HandleFunc("POST /2/media/upload/initialize", s.wrap(RouteInit, s.mediaInit))
	m.HandleFunc("POST /2/media/upload/{id}/append", s.wrap(RouteAppend, s.mediaAppend))
	m.HandleFunc("POST /2/media/upload/{id}/finalize", s.wrap(RouteFinalize, s.mediaFinalize))
	m.HandleFunc("GET /2/media/upload", s.wrap(RouteStatus, s.mediaStatus))
	m.HandleFunc("POST /2/media/metadata", s.wrap(RouteMetadata, s.mediaMetadata))
	m.HandleFunc("/", s.wrap("other", func(c *call) reply {
		return problem(http.StatusNotFound, "Not Found Error", "Sorry, that page does not exist.", typeNotFound)
	}))
	s.mux = m
}

// call is one request being handled under the lock.
type call = fakekit.Call

// reply is what a handler computed under the lock, written after it is released.
type reply = fakekit.Reply

// jsonType is the Content-Type of the API's JSON answers.
const jsonType = "application/json;charset=utf-8"

func (s *Server) wrap(route string, h func(*call) reply) http.HandlerFunc {
	return fakekit.Handlers{Mu: &s.mu, Calls: s.calls, Now: s.opts.Now, JSONType: jsonType}.Wrap(route, h)
}

func jsonReply(status int, body any) reply { return reply{Status: status, Body: body} }

// oauthErr is the token and revoke endpoints' error shape.
func oauthErr(status int, code, desc string) reply {
	return reply{Status: status, Body: map[string]string{"error": code, "error_description": desc}}
}

// Problem types the API uses.
const (
	typeAboutBlank     = "about:blank"
	typeInvalidRequest = "https://api.twitter.com/2/problems/invalid-request"
	typeNotFound       = "https://api.twitter.com/2/problems/resource-not-found"
)

// problem is the API's RFC 7807 error shape.
func problem(status int, title, detail, typ string) reply {
	return reply{Status: status, ContentType: "application/problem+json",
		Body: map[string]any{"title": title, "detail": detail, "type": typ, "status": status}}
}

// errorPage is what the browser shows when X refuses an authorization request that it
// cannot send back to a redirect URI it does not trust.
func errorPage(status int, msg string) reply {
	return reply{Status: status, HTML: "<!doctype html><title>X</title><h1>Something went wrong</h1><p>" + html.EscapeString(msg) + "</p>"}
}
