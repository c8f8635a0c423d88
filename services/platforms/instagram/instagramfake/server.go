// Package instagramfake is a strict in-process fake of Instagram's auth and publishing
// endpoints in both styles of platforms.md §2 and §9 "Instagram fake". URL serves the
// Instagram Login style: instagram.com/oauth/authorize (registered redirect URIs matched
// exactly), api.instagram.com/oauth/access_token (app secret, single-use codes valid 1
// hour, 1-hour tokens), graph.instagram.com/access_token (ig_exchange_token, 60 days),
// /refresh_access_token (ig_refresh_token, refused while the token is under 24 hours
// old) and /me. FB is a facebookfake.Server for the graph.facebook.com style (Facebook
// Login, Pages linked to Instagram professional accounts). Both URL and FBURL serve
// publishing (publish.go, containers.go, nodes.go): media containers fetched from
// their image_url/video_url, polled from IN_PROGRESS to FINISHED, published once with
// media_publish within the content_publishing_limit quota, read back with permalinks,
// and the Business Use Case call budget. Violations get Meta's real error shapes. Test
// hooks register apps and users, pick the authorizing user, expire and invalidate
// tokens, set the polls a container needs, fail a container, drop an answer after
// acting on it, use up the quota, inject the clock and count calls.
package instagramfake

import (
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"

	"webox-social/services/platforms/facebook/facebookfake"
	"webox-social/services/platforms/fakekit"
)

// Options configures a Server; zero values take Meta's defaults.
type Options struct {
	// Now is the clock of both styles; time.Now by default.
	Now func() time.Time
	// CodeTTL is how long an authorization code is valid (1 hour).
	CodeTTL time.Duration
	// ShortTTL is the short-lived token's lifetime (1 hour).
	ShortTTL time.Duration
	// LongTTL is the long-lived token's lifetime (60 days).
	LongTTL time.Duration
	// MinRefreshAge is how old a long-lived token must be to be refreshed (24 hours).
	MinRefreshAge time.Duration
	// WrapCodeResponse answers the code exchange as {"data":[{...}]} instead of flat
	// (Meta's pages show both).
	WrapCodeResponse bool
	// Logger receives one line per request (slog.Default if nil).
	Logger *slog.Logger

	// PublishQuota is the number of posts one account may publish in QuotaWindow (50,
	// the reference page's value; the guide says 100).
	PublishQuota int
	// QuotaWindow is the moving window of the publishing quota (24 hours).
	QuotaWindow time.Duration
	// ContainerTTL is how long a container may wait to be published (24 hours).
	ContainerTTL time.Duration
	// CallsPerHour is each account's Business Use Case call budget per hour (4,800);
	// beyond it calls fail with ThrottleCode.
	CallsPerHour int
	// ThrottleCode is the error code of an exhausted call budget: 4, 17, 32 or 613 (4).
	ThrottleCode int
	// Fetch is the client that fetches image_url (a 10-second client by default).
	Fetch *http.Client
}

func (o *Options) setDefaults() {
	o.Now = fakekit.OrNow(o.Now)
	fakekit.Default(&o.CodeTTL, time.Hour)
	fakekit.Default(&o.ShortTTL, time.Hour)
	fakekit.Default(&o.LongTTL, 60*24*time.Hour)
	fakekit.Default(&o.MinRefreshAge, 24*time.Hour)
	fakekit.Default(&o.Logger, slog.Default())
	fakekit.Default(&o.PublishQuota, 50)
	fakekit.Default(&o.QuotaWindow, 24*time.Hour)
	fakekit.Default(&o.ContainerTTL, 24*time.Hour)
	fakekit.Default(&o.CallsPerHour, 4800)
	fakekit.Default(&o.ThrottleCode, 4)
	fakekit.Default(&o.Fetch, &http.Client{Timeout: 10 * time.Second})
}

// User is an Instagram professional account that can approve Instagram Login.
type User struct {
	ID                string // the app-scoped id (/me id)
	UserID            string // the professional account id (/me user_id); ID when empty
	Username, Name    string
	ProfilePictureURL string
}

// Token is an issued Instagram User token, as the fake sees it.
type Token struct {
	Value     string
	AppID     string
	UserID    string
	Scopes    []string
	LongLived bool
	Issued    time.Time
	Expires   time.Time
	epoch     int
}

type app struct {
	id, secret string
	redirects  []string
}

type code struct {
	appID, userID, redirect string
	scopes                  []string
	issued                  time.Time
	used                    bool
}

type userRec struct {
	User
	epoch int
}

// Server is the fake. Close it when done.
type Server struct {
	// URL is the Instagram Login style base (instagram.com, api.instagram.com and
	// graph.instagram.com paths on one host).
	URL string
	// FB serves the graph.facebook.com style (Instagram via Facebook Login): the
	// Login dialog, token exchanges, Pages and their Page tokens.
	FB *facebookfake.Server
	// FBURL is graph.facebook.com for Instagram publishing: the IG User media routes
	// with Facebook Page tokens checked against FB; every other request is forwarded
	// to FB, so it can stand in for FB's address everywhere.
	FBURL string

	ts   *httptest.Server
	fbts *httptest.Server
	opts Options

	mu       sync.Mutex
	apps     map[string]*app
	users    map[string]*userRec
	codes    map[string]*code
	tokens   map[string]*Token
	authUser string
	deny     bool
	calls    map[string]int
	pub      pubState
	stats    statsState
}

// New starts both styles on random 127.0.0.1 ports.
func New(opts Options) *Server {
	opts.setDefaults()
	s := &Server{opts: opts, apps: map[string]*app{}, users: map[string]*userRec{}, codes: map[string]*code{},
		tokens: map[string]*Token{}, calls: map[string]int{}}
	s.FB = facebookfake.New(facebookfake.Options{Now: opts.Now, Logger: opts.Logger})
	s.pub.init(opts.Now())
	s.ts = httptest.NewServer(s.routes())
	s.URL = s.ts.URL
	s.fbts = httptest.NewServer(s.fbRoutes())
	s.FBURL = s.fbts.URL
	return s
}

// Close stops both styles.
func (s *Server) Close() {
	s.ts.Close()
	s.fbts.Close()
	s.FB.Close()
}

// FBGraphURL is the versioned graph.facebook.com base for Instagram publishing through
// Facebook Login (FBURL + "/v23.0"), for facebook.Endpoints.GraphURL.
func (s *Server) FBGraphURL() string { return s.FBURL + "/" + facebookVersion }

// AuthURL is instagram.com/oauth/authorize.
func (s *Server) AuthURL() string { return s.URL + "/oauth/authorize" }

// TokenURL is api.instagram.com/oauth/access_token.
func (s *Server) TokenURL() string { return s.URL + "/oauth/access_token" }

// GraphURL is graph.instagram.com (unversioned).
func (s *Server) GraphURL() string { return s.URL }

// RegisterApp registers an Instagram app with its exact redirect URIs.
func (s *Server) RegisterApp(id, secret string, redirects ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps[id] = &app{id: id, secret: secret, redirects: redirects}
}

// AddUser adds an Instagram user; the first one added approves the dialog.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.UserID == "" {
		u.UserID = u.ID
	}
	s.users[u.ID] = &userRec{User: u}
	if s.authUser == "" {
		s.authUser = u.ID
	}
}

// SetAuthorizingUser picks the user who approves the next dialogs.
func (s *Server) SetAuthorizingUser(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authUser = id
}

// DenyNext makes the next dialog end with "Not now" (error=access_denied).
func (s *Server) DenyNext() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = true
}

// InvalidateSessions kills every token of the user (190/460).
func (s *Server) InvalidateSessions(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[userID].epoch++
}

// ExpireToken makes a token expire now (190/463 on next use).
func (s *Server) ExpireToken(value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[value]; ok {
		t.Expires = s.opts.Now().Add(-time.Second)
	}
}

// TokenInfo returns what the fake knows about a token.
func (s *Server) TokenInfo(value string) (Token, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[value]
	if !ok {
		return Token{}, false
	}
	return *t, true
}

// IssueToken issues a long-lived token without the dialog (for other tests).
func (s *Server) IssueToken(userID, appID string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newTokenLocked(appID, userID, scopes, true).Value
}

// Calls returns how many requests reached a route of the Instagram Login style:
// "authorize", "code", "exchange", "refresh", "me".
func (s *Server) Calls(route string) int { return fakekit.Count(&s.mu, s.calls, route) }

func (s *Server) newTokenLocked(appID, userID string, scopes []string, long bool) *Token {
	now := s.opts.Now()
	ttl := s.opts.ShortTTL
	if long {
		ttl = s.opts.LongTTL
	}
	t := &Token{Value: "IGAA" + rand.Text(), AppID: appID, UserID: userID, Scopes: scopes, LongLived: long,
		Issued: now, Expires: now.Add(ttl), epoch: s.users[userID].epoch}
	s.tokens[t.Value] = t
	return t
}

func (s *Server) routes() http.Handler {
	m := http.NewServeMux()
	m.HandleFunc("GET /oauth/authorize", s.wrap("authorize", s.authorize))
	m.HandleFunc("POST /oauth/access_token", s.wrap("code", s.codeExchange))
	m.HandleFunc("GET /access_token", s.wrap("exchange", s.exchange))
	m.HandleFunc("GET /refresh_access_token", s.wrap("refresh", s.refresh))
	m.HandleFunc("GET /me", s.wrap("me", s.me))
	m.HandleFunc("GET /{version}/me", s.wrap("me", s.me))
	s.publishRoutes(m, styleInstagram)
	m.HandleFunc("/", s.wrap("unknown", func(*call) reply {
		return graphErr(http.StatusBadRequest, "Unknown path components", "OAuthException", 2500, 0)
	}))
	return m
}

type call struct {
	r   *http.Request
	q   url.Values
	now time.Time
}

type reply struct {
	status   int
	body     any
	location string
}

func (s *Server) wrap(name string, h func(*call) reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.opts.Logger.Debug("instagramfake: request", "method", r.Method, "path", r.URL.Path)
		_ = r.ParseForm()
		s.mu.Lock()
		s.calls[name]++
		rep := h(&call{r: r, q: r.Form, now: s.opts.Now()})
		s.mu.Unlock()
		if rep.location != "" {
			w.Header().Set("Location", rep.location)
			w.WriteHeader(http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(rep.status)
		_ = json.NewEncoder(w).Encode(rep.body)
	}
}

func jsonReply(body any) reply { return reply{status: http.StatusOK, body: body} }

// graphErr is the Graph envelope graph.instagram.com answers with.
func graphErr(status int, msg, typ string, code, subcode int) reply {
	e := map[string]any{"message": msg, "type": typ, "code": code, "fbtrace_id": "A" + rand.Text()[:20]}
	if subcode != 0 {
		e["error_subcode"] = subcode
	}
	return reply{status: status, body: map[string]any{"error": e}}
}

// igErr is the flat shape instagram.com and api.instagram.com answer with.
func igErr(msg string) reply {
	return reply{status: http.StatusBadRequest, body: map[string]any{"error_type": "OAuthException", "code": 400, "error_message": msg}}
}
