// Package facebookfake is a strict in-process Facebook Graph API server for the auth
// part of platforms.md §3 and §9 "Facebook Pages fake": the Login dialog (registered
// redirect URIs matched exactly, permissions checked, auto-approval by a chosen user),
// the code exchange with the app secret (single-use codes with an expiry), the
// long-lived exchange (fb_exchange_token), /me/permissions, /me/accounts with Page
// tokens, Page and Instagram professional account nodes, and DELETE /me/permissions;
// and publishing (publish.go): /{page}/feed with attached_media and native scheduling
// (published=false + scheduled_publish_time inside a window; the post stays unpublished
// until the fake clock passes its time), /{page}/photos, /{page}/posts,
// /{page}/scheduled_posts, the resumable /{page}/videos upload (video.go: start,
// transfer at the offsets the fake hands out, finish; processing → ready status walk),
// post and video nodes and DELETE /{id}, with Page-token and permission checks.
// Violations are answered with Meta's error envelope and status. Test hooks register
// apps, users and Pages, pick the authorizing user, decline permissions, expire and
// revoke tokens and count calls.
package facebookfake

import (
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"webox-social/services/platforms/fakekit"
)

// Options configures a Server; zero values take Meta's defaults.
type Options struct {
	// Now is the server's clock (code and token expiry); time.Now by default.
	Now func() time.Time
	// Version is the Graph API version served ("v23.0").
	Version string
	// CodeTTL is how long an authorization code is valid (10 minutes).
	CodeTTL time.Duration
	// ShortTTL is the short-lived user token's lifetime (2 hours).
	ShortTTL time.Duration
	// LongTTL is the long-lived user token's lifetime (60 days).
	LongTTL time.Duration
	// Logger receives one line per request (slog.Default if nil).
	Logger *slog.Logger
	// ScheduleMin and ScheduleMax bound scheduled_publish_time ahead of the request
	// (10 minutes and 30 days). platforms.md §3 gives 10 min..~6 months or 30 days
	// (unverified), so tests can set either.
	ScheduleMin, ScheduleMax time.Duration
	// VideoChunk is how many bytes each resumable video transfer is asked for (1 MiB).
	VideoChunk int64
	// VideoReads is how many status reads a finished video takes to be ready (2: one
	// "processing" answer, then "ready").
	VideoReads int
}

func (o *Options) setDefaults() {
	o.Now = fakekit.OrNow(o.Now)
	fakekit.Default(&o.Version, "v23.0")
	fakekit.Default(&o.CodeTTL, 10*time.Minute)
	fakekit.Default(&o.ShortTTL, 2*time.Hour)
	fakekit.Default(&o.LongTTL, 60*24*time.Hour)
	fakekit.Default(&o.Logger, slog.Default())
	fakekit.Default(&o.ScheduleMin, 10*time.Minute)
	fakekit.Default(&o.ScheduleMax, 30*24*time.Hour)
	fakekit.Default(&o.VideoChunk, 1<<20)
	fakekit.Default(&o.VideoReads, 2)
}

// App is a registered Meta app.
type App struct {
	ID, Secret string
	Redirects  []string // Valid OAuth Redirect URIs, matched exactly
}

// User is a Facebook user who can approve the Login dialog.
type User struct {
	ID, Name string
}

// Page is a Facebook Page a user manages.
type Page struct {
	ID, Name   string
	Tasks      []string // CREATE_CONTENT, MANAGE, MODERATE, ... (all four by default)
	PictureURL string
	// Instagram is the Instagram professional account linked to the Page, if any.
	Instagram *InstagramAccount
}

// InstagramAccount is an Instagram professional account linked to a Page.
type InstagramAccount struct {
	ID, Username, Name, ProfilePictureURL string
}

// Token kinds.
const (
	KindUser = "user"
	KindPage = "page"
)

// Token is an issued access token, as the fake sees it.
type Token struct {
	Value     string
	Kind      string // KindUser or KindPage
	AppID     string
	UserID    string
	PageID    string // for Page tokens
	Scopes    []string
	LongLived bool
	Issued    time.Time
	Expires   time.Time // zero: never
	epoch     int
	deauth    int
}

type code struct {
	appID, userID, redirect string
	scopes                  []string
	issued                  time.Time
	used                    bool
}

type userRec struct {
	User
	pages    []string
	epoch    int            // bumped by InvalidateSessions (password change)
	deauth   map[string]int // per app, bumped by DELETE /me/permissions
	declined map[string]bool
}

// Server is the fake Graph API. Serve it with New.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234.
	URL string

	ts   *httptest.Server
	opts Options

	mu       sync.Mutex
	apps     map[string]*App
	users    map[string]*userRec
	pages    map[string]*Page
	owner    map[string]string // page id -> user id
	igPage   map[string]string // instagram account id -> page id
	codes    map[string]*code
	tokens   map[string]*Token
	authUser string
	deny     bool
	calls    map[string]int
	pub      pubState
	stats    statsState
}

// New starts a fake on a random 127.0.0.1 port. Close it when done.
func New(opts Options) *Server {
	opts.setDefaults()
	s := &Server{
		opts: opts, apps: map[string]*App{}, users: map[string]*userRec{}, pages: map[string]*Page{},
		owner: map[string]string{}, igPage: map[string]string{}, codes: map[string]*code{},
		tokens: map[string]*Token{}, calls: map[string]int{},
	}
	s.ts = httptest.NewServer(s.routes())
	s.URL = s.ts.URL
	return s
}

// Close stops serving.
func (s *Server) Close() { s.ts.Close() }

// AuthURL is the Login dialog address (www.facebook.com/vNN.0/dialog/oauth).
func (s *Server) AuthURL() string { return s.URL + "/" + s.opts.Version + "/dialog/oauth" }

// GraphURL is the versioned Graph API base (graph.facebook.com/vNN.0).
func (s *Server) GraphURL() string { return s.URL + "/" + s.opts.Version }

// RegisterApp registers an app with its exact redirect URIs.
func (s *Server) RegisterApp(id, secret string, redirects ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps[id] = &App{ID: id, Secret: secret, Redirects: redirects}
}

// AddUser adds a user managing pages. The first user added approves the dialog.
func (s *Server) AddUser(u User, pages ...Page) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := &userRec{User: u, deauth: map[string]int{}, declined: map[string]bool{}}
	for _, p := range pages {
		if p.Tasks == nil {
			p.Tasks = []string{"ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"}
		}
		s.pages[p.ID] = &p
		s.owner[p.ID] = u.ID
		if p.Instagram != nil {
			s.igPage[p.Instagram.ID] = p.ID
		}
		rec.pages = append(rec.pages, p.ID)
	}
	s.users[u.ID] = rec
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

// Decline makes the authorizing user untick these permissions in the dialog.
func (s *Server) Decline(userID string, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sc := range scopes {
		s.users[userID].declined[sc] = true
	}
}

// DenyNext makes the next dialog end with "Cancel" (error=access_denied).
func (s *Server) DenyNext() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = true
}

// InvalidateSessions kills every token of the user (as a password change does: 190/460).
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

// Authorized reports whether the user still has the app authorized (no DELETE
// /me/permissions since the last login).
func (s *Server) Authorized(userID, appID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if t.UserID == userID && t.AppID == appID && s.aliveLocked(t) {
			return true
		}
	}
	return false
}

// Calls returns how many requests reached a route: "dialog", "access_token",
// "exchange", "permissions", "revoke", "accounts", "node", "feed", "photos", "posts",
// "scheduled_posts", "videos" (and per phase "videos:start", "videos:transfer",
// "videos:finish"), "video_list", "delete".
func (s *Server) Calls(route string) int { return fakekit.Count(&s.mu, s.calls, route) }

// IssueUserToken issues a long-lived user token without the dialog (for other tests).
func (s *Server) IssueUserToken(userID, appID string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newUserTokenLocked(appID, userID, scopes, true).Value
}

func (s *Server) newUserTokenLocked(appID, userID string, scopes []string, long bool) *Token {
	now := s.opts.Now()
	ttl := s.opts.ShortTTL
	if long {
		ttl = s.opts.LongTTL
	}
	u := s.users[userID]
	t := &Token{Value: "EAA" + rand.Text(), Kind: KindUser, AppID: appID, UserID: userID, Scopes: scopes,
		LongLived: long, Issued: now, Expires: now.Add(ttl), epoch: u.epoch, deauth: u.deauth[appID]}
	s.tokens[t.Value] = t
	return t
}

// newPageTokenLocked derives a Page token: it does not expire when the user token is
// long-lived, and otherwise expires with it.
func (s *Server) newPageTokenLocked(user *Token, pageID string) *Token {
	t := *user
	t.Value, t.Kind, t.PageID, t.Issued = "EAAP"+rand.Text(), KindPage, pageID, s.opts.Now()
	if user.LongLived {
		t.Expires = time.Time{}
	}
	s.tokens[t.Value] = &t
	return &t
}

func (s *Server) aliveLocked(t *Token) bool {
	u := s.users[t.UserID]
	return t.epoch == u.epoch && t.deauth == u.deauth[t.AppID] && (t.Expires.IsZero() || s.opts.Now().Before(t.Expires))
}

func (s *Server) routes() http.Handler {
	m := http.NewServeMux()
	m.HandleFunc("GET /{version}/dialog/oauth", s.wrap("dialog", s.dialog))
	m.HandleFunc("GET /{version}/oauth/access_token", s.wrap("access_token", s.accessToken))
	m.HandleFunc("POST /{version}/oauth/access_token", s.wrap("access_token", s.accessToken))
	m.HandleFunc("GET /{version}/me/permissions", s.wrap("permissions", s.permissions))
	m.HandleFunc("DELETE /{version}/me/permissions", s.wrap("revoke", s.revoke))
	m.HandleFunc("GET /{version}/me/accounts", s.wrap("accounts", s.accounts))
	m.HandleFunc("GET /{version}/{id}", s.wrap("node", s.metricsNode))
	m.HandleFunc("GET /{version}/{id}/insights", s.wrap("insights", s.insights))
	s.publishRoutes(m)
	m.HandleFunc("/", s.wrap("unknown", func(*call) reply {
		return graphErr(http.StatusBadRequest, "Unknown path components", "OAuthException", 2500, 0)
	}))
	return m
}

// call is one request handled under the lock.
type call struct {
	r   *http.Request
	q   url.Values
	now time.Time
}

// reply is a computed answer.
type reply struct {
	status   int
	body     any
	html     string
	location string
	header   http.Header
	hangUp   bool // close the connection instead of answering
}

func (s *Server) wrap(name string, h func(*call) reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.opts.Logger.Debug("facebookfake: request", "method", r.Method, "path", r.URL.Path)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			_ = r.ParseMultipartForm(32 << 20) // also fills r.Form
		}
		_ = r.ParseForm() // query and urlencoded body
		s.mu.Lock()
		s.calls[name]++
		if r.PathValue("version") != "" && r.PathValue("version") != s.opts.Version {
			s.mu.Unlock()
			graphErr(http.StatusBadRequest, "Unknown path components: /"+r.PathValue("version"), "OAuthException", 2500, 0).write(w)
			return
		}
		rep := h(&call{r: r, q: r.Form, now: s.opts.Now()})
		s.mu.Unlock()
		if rep.hangUp {
			hangUp(w)
			return
		}
		rep.write(w)
	}
}

// hangUp closes the connection without an answer (LoseNextResponse).
func hangUp(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
	}
}

func (rep reply) write(w http.ResponseWriter) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	switch {
	case rep.location != "":
		w.Header().Set("Location", rep.location)
		w.WriteHeader(http.StatusFound)
	case rep.html != "":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(rep.status)
		_, _ = w.Write([]byte(rep.html))
	default:
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(rep.status)
		_ = json.NewEncoder(w).Encode(rep.body)
	}
}

func jsonReply(body any) reply { return reply{status: http.StatusOK, body: body} }

// GraphError is Meta's error object, as this fake sends it.
type GraphError struct {
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode,omitempty"`
	FBTraceID string `json:"fbtrace_id"`
	// ErrorData carries extra details, e.g. the offsets a video transfer must use.
	ErrorData any `json:"error_data,omitempty"`
}

// graphErr is Meta's envelope {"error":{message,type,code,error_subcode,fbtrace_id}}.
func graphErr(status int, msg, typ string, code, subcode int) reply {
	rep := reply{status: status, body: map[string]GraphError{"error": {Message: msg, Type: typ, Code: code, Subcode: subcode, FBTraceID: "A" + rand.Text()[:20]}}}
	if code == 190 {
		rep.header = http.Header{"Www-Authenticate": {`OAuth "Facebook Platform" "invalid_token" "` + msg + `"`}}
	}
	return rep
}

func htmlPage(status int, title, msg string) reply {
	return reply{status: status, html: "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><p>" + msg + "</p></body></html>"}
}
