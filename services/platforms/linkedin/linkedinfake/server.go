// Package linkedinfake is a strict in-process LinkedIn for tests of account connection
// (platforms.md §4 OAuth and §9 "LinkedIn fake"): the authorization page with exact
// redirect_uri matching and per-app scopes, the token endpoint with client credentials
// in the body only, single-use 30-minute codes, 60-day access tokens, refresh tokens
// only for apps flagged as partners (whose 365-day deadline refreshing never resets),
// revocation, /v2/userinfo, /rest/organizationAcls and /rest/organizations with the
// LinkedIn-Version and X-Restli-Protocol-Version checks, all with LinkedIn's error
// shapes; and publishing: POST/GET /rest/posts (author checks, w_*_social scopes,
// escaping-agnostic storage, x-restli-id; content.media for one image or video,
// content.multiImage for 2..MaxImages images, each owned by the author and usable),
// DELETE /rest/posts/{urn}, the image upload (one PUT) and the video upload
// (initializeUpload → uploadInstructions, one PUT per part answered with an ETag,
// finalizeUpload with every ETag in order, PROCESSING → AVAILABLE over status reads).
// Hooks register apps, members and organizations, pick the authorizing member, expire
// or revoke tokens, fail a video's processing, move the clock and count calls.
package linkedinfake

import (
	"crypto/rand"
	"html"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"

	"webox-social/services/platforms/fakekit"
)

// Lifetimes LinkedIn documents.
const (
	DefaultCodeTTL    = 30 * time.Minute
	DefaultAccessTTL  = 60 * 24 * time.Hour  // expires_in=5184000
	DefaultRefreshTTL = 365 * 24 * time.Hour // refresh_token_expires_in=31536000
)

// Options configures a Server; zero values take LinkedIn's defaults.
type Options struct {
	// Now is the server's clock (time.Now by default).
	Now        func() time.Time
	CodeTTL    time.Duration
	AccessTTL  time.Duration
	RefreshTTL time.Duration
	// MinVersion is the oldest LinkedIn-Version (YYYYMM) still active ("202501");
	// older ones are answered with SunsetStatus (426 by default, 400 is also seen).
	MinVersion   string
	SunsetStatus int
	// RejectUnescaped answers 422 to commentary with an unescaped reserved character;
	// by default the text is cut there, as LinkedIn does.
	RejectUnescaped bool
	// VideoPart is the size of each video uploadInstruction (4 MiB).
	VideoPart int64
	// VideoReads is how many GET /rest/videos/{urn} a finalized video takes to be
	// AVAILABLE (2: one PROCESSING answer first).
	VideoReads int
	// MaxImages is the most images a multiImage post takes (20; platforms.md marks the
	// bound unverified).
	MaxImages int
}

func (o *Options) setDefaults() {
	o.Now = fakekit.OrNow(o.Now)
	fakekit.Default(&o.CodeTTL, DefaultCodeTTL)
	fakekit.Default(&o.AccessTTL, DefaultAccessTTL)
	fakekit.Default(&o.RefreshTTL, DefaultRefreshTTL)
	fakekit.Default(&o.MinVersion, "202501")
	fakekit.Default(&o.SunsetStatus, http.StatusUpgradeRequired)
	fakekit.Default(&o.VideoPart, 4<<20)
	fakekit.Default(&o.VideoReads, 2)
	fakekit.Default(&o.MaxImages, 20)
}

// App is a developer app registered with the fake.
type App struct {
	ClientID     string
	ClientSecret string
	RedirectURIs []string // matched exactly
	// Scopes are those the app's products allow; nil allows the member and
	// organization scopes.
	Scopes []string
	// Partner marks an approved Marketing Developer Platform / Community Management
	// partner: only then does the token endpoint issue refresh tokens.
	Partner bool
}

// DefaultScopes are the scopes an App with nil Scopes may ask for.
var DefaultScopes = []string{"openid", "profile", "email", "w_member_social", "r_organization_social", "w_organization_social", "rw_organization_admin", "r_organization_admin"}

// Role is a member's role on an organization (organizationAcls).
type Role struct {
	OrganizationID string
	Role           string // ADMINISTRATOR, DIRECT_SPONSORED_CONTENT_POSTER, ...
	State          string // APPROVED, REQUESTED, REJECTED, REVOKED
}

// Member is a LinkedIn member.
type Member struct {
	ID         string // the person id in urn:li:person:<ID>, /v2/userinfo's "sub"
	Name       string
	GivenName  string
	FamilyName string
	Picture    string
	Roles      []Role
}

// Organization is a company page.
type Organization struct {
	ID         string // numeric, as in urn:li:organization:<ID>
	Name       string
	VanityName string
}

// DefaultMember is the member who approves the authorization unless AuthorizeAs says otherwise.
const DefaultMember = "aBcD3fGh1j"

type grant struct {
	memberID, clientID string
	scopes             []string
}

type accessToken struct {
	g       *grant
	expires time.Time
	revoked bool
}

type refreshToken struct {
	g        *grant
	deadline time.Time // set at first issuance, never reset
	revoked  bool
}

type code struct {
	g        *grant
	redirect string
	expires  time.Time
}

// Server is the fake. Its URL serves both the OAuth host and the API host.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234.
	URL string

	ts   *httptest.Server
	opts Options

	mu       sync.Mutex
	apps     map[string]*App
	members  map[string]*Member
	orgs     map[string]*Organization
	codes    map[string]*code
	access   map[string]*accessToken
	refresh  map[string]*refreshToken
	authUser string
	deny     bool
	calls    map[string]int
	posts    []*Post
	images   map[string]*image
	videos   map[string]*video
	seq      int
	// failVideo is the processingFailureReason of the next finalized video.
	failVideo string
	dropPost  bool
	failPost  *reply
	// metrics holds the statistics SetPostStats and SetFollowers give (metrics.go).
	metrics metricsState
}

// New starts a fake on a random 127.0.0.1 port with one member, DefaultMember.
func New(opts Options) *Server {
	opts.setDefaults()
	s := &Server{
		opts: opts, apps: map[string]*App{}, members: map[string]*Member{}, orgs: map[string]*Organization{},
		codes: map[string]*code{}, access: map[string]*accessToken{}, refresh: map[string]*refreshToken{},
		authUser: DefaultMember, calls: map[string]int{}, images: map[string]*image{}, videos: map[string]*video{},
	}
	s.members[DefaultMember] = &Member{ID: DefaultMember, Name: "Alice Martin", GivenName: "Alice", FamilyName: "Martin",
		Picture: "https://media.licdn.com/dms/image/alice.jpg"}
	s.ts = httptest.NewServer(s.routes())
	s.URL = s.ts.URL
	return s
}

// Close stops serving.
func (s *Server) Close() { s.ts.Close() }

// RegisterApp adds (or replaces) a developer app.
func (s *Server) RegisterApp(a App) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.Scopes == nil {
		a.Scopes = DefaultScopes
	}
	s.apps[a.ClientID] = &a
}

// AddMember adds (or replaces) a member.
func (s *Server) AddMember(m Member) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[m.ID] = &m
}

// AddOrganization adds (or replaces) an organization.
func (s *Server) AddOrganization(o Organization) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orgs[o.ID] = &o
}

// AuthorizeAs picks the member who approves the next authorizations.
func (s *Server) AuthorizeAs(memberID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authUser = memberID
}

// DenyAuthorization makes the authorization page answer as if the member cancelled.
func (s *Server) DenyAuthorization(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = deny
}

// RevokeMember revokes every token of a member (as when they remove the app).
func (s *Server) RevokeMember(memberID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.access {
		t.revoked = t.revoked || t.g.memberID == memberID
	}
	for _, t := range s.refresh {
		t.revoked = t.revoked || t.g.memberID == memberID
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
	return t != nil && !t.revoked && s.opts.Now().Before(t.expires)
}

// Calls counts the requests a route received, e.g. "POST /oauth/v2/accessToken".
func (s *Server) Calls(route string) int { return fakekit.Count(&s.mu, s.calls, route) }

func (s *Server) routes() http.Handler {
	m := http.NewServeMux()
	for route, h := range map[string]func(*call) reply{
		"GET /oauth/v2/authorization":    s.authorize,
		"POST /oauth/v2/accessToken":     s.token,
		"POST /oauth/v2/revoke":          s.revoke,
		"GET /v2/userinfo":               s.userInfo,
		"GET /rest/organizationAcls":     s.organizationAcls,
		"GET /rest/organizations/{id}":   s.organization,
		"GET /rest/posts":                s.listPosts,
		"DELETE /rest/posts/{urn}":       s.deletePost,
		"POST /rest/images":              s.initializeImage,
		"PUT /dms-uploads/{id}":          s.uploadImage,
		"POST /rest/videos":              s.videosAction,
		"GET /rest/videos/{urn}":         s.getVideo,
		"PUT /video-uploads/{id}/{part}": s.uploadVideoPart,

		RouteMemberAnalytics: s.memberPostAnalytics,
		RouteShareStats:      s.shareStatistics,
		RouteNetworkSizes:    s.networkSizes,
	} {
		m.HandleFunc(route, s.wrap(route, h))
	}
	m.HandleFunc("POST /rest/posts", s.postsHandler)
	m.HandleFunc("/", s.wrap("other", func(*call) reply { return apiErr(http.StatusNotFound, 0, "NOT_FOUND", "Resource not found") }))
	return m
}

// call is one request handled under the lock.
type call = fakekit.Call

// reply is a computed answer: JSON, an HTML page or a redirect.
type reply = fakekit.Reply

func (s *Server) wrap(route string, h func(*call) reply) http.HandlerFunc {
	return fakekit.Handlers{Mu: &s.mu, Calls: s.calls, Now: s.opts.Now, JSONType: "application/json"}.Wrap(route, h)
}

// apiErr is LinkedIn's API error shape.
func apiErr(status, serviceCode int, code, msg string) reply {
	body := map[string]any{"status": status, "message": msg}
	if code != "" {
		body["code"] = code
	}
	if serviceCode != 0 {
		body["serviceErrorCode"] = serviceCode
	}
	return reply{Status: status, Body: body}
}

// oauthErr is the token endpoint's error shape.
func oauthErr(status int, code, desc string) reply {
	return reply{Status: status, Body: map[string]string{"error": code, "error_description": desc}}
}

func randomToken() string { return rand.Text() + rand.Text() }

func hasAll(granted, want []string) bool {
	for _, w := range want {
		if !slices.Contains(granted, w) {
			return false
		}
	}
	return true
}

// page is LinkedIn's error page around msg.
func page(msg string) string {
	return "<!doctype html><title>LinkedIn</title><h1>Bummer, something went wrong.</h1><p>" + html.EscapeString(msg) + "</p>"
}
