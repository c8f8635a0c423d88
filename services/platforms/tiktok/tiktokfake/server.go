// Package tiktokfake is a strict in-process TikTok for tests of account connection
// (platforms.md §5 OAuth and §9 "TikTok fake"): the desktop authorization page with
// client_key (client_id alone is refused), redirect URIs on localhost/127.0.0.1 with a
// port or a "*" port, PKCE required and verified in the configured encoding (hex or
// base64url), single-use codes, the token endpoint with client_key, client_secret,
// redirect_uri and code_verifier, 24-hour access tokens and rotating refresh tokens
// whose 365-day deadline never moves, revocation, creator_info/query and /v2/user/info/,
// all with TikTok's error shapes. For publishing (§9 rules 3–8) it serves the video,
// inbox and photo init endpoints, the chunked upload URL, status/fetch and
// /v2/video/list/, with privacy, scope, chunk, rate, daily-cap, inbox-cap, verified-URL
// and unaudited-app rules; there is no delete endpoint. Hooks register apps and users,
// pick the authorizing user, issue, expire or revoke tokens, move the clock, count
// calls, fail or drop the answer of a route, and fail the next publish.
package tiktokfake

import (
	"crypto/rand"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"webox-social/services/platforms/fakekit"
)

// Challenge is the PKCE challenge encoding the fake verifies.
type Challenge string

// Challenge encodings.
const (
	ChallengeHex  Challenge = "hex"  // hex(SHA-256(verifier)), the default
	ChallengeS256 Challenge = "s256" // base64url(SHA-256(verifier)), RFC 7636
)

// Lifetimes (the code lifetime is not in platforms.md: unverified).
const (
	DefaultCodeTTL    = 10 * time.Minute
	DefaultAccessTTL  = 24 * time.Hour
	DefaultRefreshTTL = 365 * 24 * time.Hour
)

// Options configures a Server; zero values take TikTok's defaults.
type Options struct {
	Now        func() time.Time
	Challenge  Challenge
	CodeTTL    time.Duration
	AccessTTL  time.Duration
	RefreshTTL time.Duration
	// TokenErrorStatus is the HTTP status of token endpoint errors (400); TikTok has
	// been seen answering 200 with the error body, so tests may set 200.
	TokenErrorStatus int

	// Publishing (publish.go). Zero values take the defaults named.

	// Unaudited makes every direct post whose privacy_level is not SELF_ONLY fail with
	// unaudited_client_can_only_post_to_private_accounts.
	Unaudited bool
	// DailyPostCap is how many direct posts a creator may make in 24 hours
	// (DefaultDailyPostCap; TikTok does not publish its number).
	DailyPostCap int
	// PendingInboxCap is how many inbox uploads may wait in 24 hours (5).
	PendingInboxCap int
	// InitPerMinute and StatusPerMinute are the per-token rate limits (6 and 30).
	InitPerMinute   int
	StatusPerMinute int
	// ProcessingFetches is how many status fetches after the transfer still answer
	// PROCESSING_UPLOAD or PROCESSING_DOWNLOAD (1; negative for none).
	ProcessingFetches int
	// ModerationDelay keeps publicaly_available_post_id empty, and the post out of
	// /v2/video/list/, for this long after it is published.
	ModerationDelay time.Duration
	// VerifiedURLPrefixes are the URL prefixes (domains) verified in the developer
	// portal; PULL_FROM_URL from anywhere else fails with url_ownership_unverified.
	VerifiedURLPrefixes []string
}

func (o *Options) setDefaults() {
	o.Now = fakekit.OrNow(o.Now)
	fakekit.Default(&o.Challenge, ChallengeHex)
	fakekit.Default(&o.CodeTTL, DefaultCodeTTL)
	fakekit.Default(&o.AccessTTL, DefaultAccessTTL)
	fakekit.Default(&o.RefreshTTL, DefaultRefreshTTL)
	fakekit.Default(&o.TokenErrorStatus, http.StatusBadRequest)
	fakekit.Default(&o.DailyPostCap, DefaultDailyPostCap)
	fakekit.Default(&o.PendingInboxCap, 5)
	fakekit.Default(&o.InitPerMinute, 6)
	fakekit.Default(&o.StatusPerMinute, 30)
	fakekit.Default(&o.ProcessingFetches, 1)
	o.ProcessingFetches = max(o.ProcessingFetches, 0)
}

// App is a developer app registered with the fake.
type App struct {
	ClientKey    string
	ClientSecret string
	// RedirectURIs: at most 10, each under 512 characters, http(s) on localhost or
	// 127.0.0.1 with a port ("*" allowed), no query or fragment.
	RedirectURIs []string
}

// User is a TikTok creator.
type User struct {
	OpenID                  string
	UnionID                 string
	Username                string
	Nickname                string
	AvatarURL               string
	PrivacyLevelOptions     []string
	MaxVideoPostDurationSec int
	CommentDisabled         bool
	DuetDisabled            bool
	StitchDisabled          bool
}

// DefaultUser is the open_id of the user who approves authorizations unless AuthorizeAs says otherwise.
const DefaultUser = "-000Ab3kJ2xq9"

// Scopes the fake knows.
var knownScopes = []string{"user.info.basic", "user.info.profile", "user.info.stats", "video.list", "video.upload", "video.publish"}

type grant struct {
	openID, clientKey string
	scopes            []string
	refreshDeadline   time.Time // from first issuance, never reset
	revoked           bool
}

type accessToken struct {
	g       *grant
	expires time.Time
}

type refreshToken struct {
	g    *grant
	used bool
}

type code struct {
	g         *grant
	redirect  string
	challenge string
	expires   time.Time
}

// Server is the fake. Its URL serves both the consent host and the API host.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234.
	URL string

	ts   *httptest.Server
	opts Options

	mu       sync.Mutex
	apps     map[string]*App
	users    map[string]*User
	codes    map[string]*code
	access   map[string]*accessToken
	refresh  map[string]*refreshToken
	authUser string
	deny     bool
	calls    map[string]int

	publishes []*publish          // in init order
	byID      map[string]*publish // by publish_id
	rates     map[string][]time.Time
	drop      map[string]bool
	fail      map[string]reply
	failNext  string // the fail_reason of the next publish
	postSeq   int64
	stats     statsState
}

// New starts a fake on a random 127.0.0.1 port with one user, DefaultUser.
func New(opts Options) *Server {
	opts.setDefaults()
	s := &Server{
		opts: opts, apps: map[string]*App{}, users: map[string]*User{}, codes: map[string]*code{},
		access: map[string]*accessToken{}, refresh: map[string]*refreshToken{}, authUser: DefaultUser, calls: map[string]int{},
		byID: map[string]*publish{}, rates: map[string][]time.Time{}, drop: map[string]bool{}, fail: map[string]reply{},
	}
	s.users[DefaultUser] = &User{OpenID: DefaultUser, UnionID: "union-1", Username: "boulangerie.martin", Nickname: "Boulangerie Martin",
		AvatarURL: "https://p16-sign.tiktokcdn.com/avatar.jpeg", PrivacyLevelOptions: []string{"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"},
		MaxVideoPostDurationSec: 600}
	s.ts = httptest.NewServer(s.routes())
	s.URL = s.ts.URL
	return s
}

// Close stops serving.
func (s *Server) Close() { s.ts.Close() }

// RegisterApp adds (or replaces) a developer app after checking TikTok's desktop
// redirect URI rules.
func (s *Server) RegisterApp(a App) error {
	if len(a.RedirectURIs) == 0 || len(a.RedirectURIs) > 10 {
		return fmt.Errorf("tiktokfake: an app needs 1 to 10 redirect URIs, got %d", len(a.RedirectURIs))
	}
	for _, r := range a.RedirectURIs {
		if err := validRedirect(r); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps[a.ClientKey] = &a
	return nil
}

// validRedirect applies the desktop rules: static http(s) URL on localhost or
// 127.0.0.1 with a port (or "*"), shorter than 512 characters.
func validRedirect(r string) error {
	u, err := url.Parse(strings.Replace(r, ":*", ":0", 1))
	switch {
	case err != nil || len(r) >= 512:
		return fmt.Errorf("tiktokfake: redirect URI %q is not a valid URL under 512 characters", r)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("tiktokfake: redirect URI %q must be http or https", r)
	case u.Hostname() != "localhost" && u.Hostname() != "127.0.0.1":
		return fmt.Errorf("tiktokfake: redirect URI %q must be on localhost or 127.0.0.1", r)
	case u.Port() == "":
		return fmt.Errorf("tiktokfake: redirect URI %q needs a port", r)
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("tiktokfake: redirect URI %q must be static (no query or fragment)", r)
	}
	return nil
}

// redirectMatches compares a requested redirect with a registered one: exactly, or any
// port when the registration's port is "*".
func redirectMatches(registered, requested string) bool {
	if registered == requested {
		return true
	}
	prefix, rest, ok := strings.Cut(registered, ":*")
	if !ok || !strings.HasPrefix(requested, prefix+":") {
		return false
	}
	port, path, _ := strings.Cut(strings.TrimPrefix(requested, prefix+":"), "/")
	return port != "" && strings.Trim(port, "0123456789") == "" && "/"+path == rest
}

// AddUser adds (or replaces) a user.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.OpenID] = &u
}

// AuthorizeAs picks the user who approves the next authorizations.
func (s *Server) AuthorizeAs(openID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authUser = openID
}

// DenyAuthorization makes the consent page answer access_denied.
func (s *Server) DenyAuthorization(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = deny
}

// RevokeUser revokes every authorization of a user (as when they remove the app).
func (s *Server) RevokeUser(openID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.access {
		t.g.revoked = t.g.revoked || t.g.openID == openID
	}
}

// ExpireAccessTokens makes every access token issued so far expired.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.access {
		t.expires = s.opts.Now().Add(-time.Second)
	}
}

// AccessTokenValid reports whether token would be accepted by the API now.
func (s *Server) AccessTokenValid(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.access[token]
	return t != nil && !t.g.revoked && s.opts.Now().Before(t.expires)
}

// Calls counts the requests a route received, e.g. "POST /v2/oauth/token/".
func (s *Server) Calls(route string) int { return fakekit.Count(&s.mu, s.calls, route) }

func (s *Server) routes() http.Handler {
	m := http.NewServeMux()
	for route, h := range map[string]func(*call) reply{
		"GET /v2/auth/authorize/":                   s.authorize,
		"POST /v2/oauth/token/":                     s.token,
		"POST /v2/oauth/revoke/":                    s.revoke,
		"POST /v2/post/publish/creator_info/query/": s.creatorInfo,
		"GET /v2/user/info/":                        s.userInfoWithStats,
		RouteVideoInit:                              s.videoInit,
		RouteInboxInit:                              s.inboxInit,
		RouteContentInit:                            s.contentInit,
		RouteUpload:                                 s.upload,
		RouteStatus:                                 s.status,
		RouteVideoList:                              s.videoList,
		RouteVideoQuery:                             s.videoQuery,
	} {
		m.HandleFunc(route, s.wrap(route, h))
	}
	m.HandleFunc("/", s.wrap("other", func(*call) reply {
		return apiErr(http.StatusNotFound, "not_found", "The requested resource does not exist.")
	}))
	return m
}

// call is one request handled under the lock.
type call = fakekit.Call

// reply is a computed answer: JSON, an HTML page or a redirect.
type reply = fakekit.Reply

// wrap runs h under the lock, counted by route, unless a test queued a failure for the
// route; a reply a test asked to drop is not written: the connection is closed.
func (s *Server) wrap(route string, h func(*call) reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[route]++
		rep, queued := s.fail[route]
		delete(s.fail, route)
		if !queued {
			rep = h(&call{R: r, Now: s.opts.Now().UTC()})
		}
		drop := s.drop[route] && rep.Status < 300
		s.drop[route] = s.drop[route] && !drop
		s.mu.Unlock()
		if drop {
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		rep.Write(w, "application/json")
	}
}

// apiErr is the v2 API error envelope.
func apiErr(status int, code, msg string) reply {
	return reply{Status: status, Body: map[string]any{"data": map[string]any{}, "error": map[string]string{"code": code, "message": msg, "log_id": logID()}}}
}

// apiOK wraps data in the v2 envelope.
func apiOK(data any) reply {
	return reply{Status: http.StatusOK, Body: map[string]any{"data": data, "error": map[string]string{"code": "ok", "message": "", "log_id": logID()}}}
}

// oauthErr is the OAuth endpoints' error shape.
func (s *Server) oauthErr(code, desc string) reply {
	return reply{Status: s.opts.TokenErrorStatus, Body: map[string]string{"error": code, "error_description": desc, "log_id": logID()}}
}

func logID() string { return time.Now().UTC().Format("20060102150405") + rand.Text()[:12] }

func randomToken() string { return "act." + rand.Text() + rand.Text() }

// page is TikTok's error page around msg.
func page(msg string) string {
	return "<!doctype html><title>TikTok</title><h1>Something went wrong</h1><p>" + html.EscapeString(msg) + "</p>"
}
