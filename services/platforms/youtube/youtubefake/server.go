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
// Publishing follows the resumable upload protocol: POST /upload/youtube/v3/videos
// (uploadType=resumable) checks the headers, the video metadata, the daily
// videos.insert quota and a per-channel upload cap, and answers with a session URI in
// Location; PUTs to it take chunks in multiples of 256 KiB (308 with Range while
// incomplete, 201 with the video once complete) and answer a "bytes */total" status
// query. An "unverified project" switch locks uploads to private. videos.list,
// videos.delete, playlistItems.list (the channel's uploads playlist) and
// channels.list contentDetails serve what reconciliation and confirmation read. The
// fake can drop a connection mid-chunk or lose the answer to the completing PUT.
//
// All endpoints are served on one host under Google's paths: /o/oauth2/v2/auth,
// /token, /revoke, /youtube/v3/channels, /youtube/v3/videos,
// /youtube/v3/playlistItems and /upload/youtube/v3/videos.
package youtubefake

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

// Paths of the fake's endpoints (Google's own paths on their own hosts).
const (
	AuthPath     = "/o/oauth2/v2/auth"
	TokenPath    = "/token"
	RevokePath   = "/revoke"
	ChannelsPath = "/youtube/v3/channels"
	// UploadPath starts resumable uploads (POST) and takes their chunks (PUT).
	UploadPath        = "/upload/youtube/v3/videos"
	VideosPath        = "/youtube/v3/videos"
	PlaylistItemsPath = "/youtube/v3/playlistItems"
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
	// UploadQuota is how many videos.insert calls (upload sessions) the project may make
	// per day, counted in their own bucket and reset at midnight Pacific time (100).
	UploadQuota int
	// ChannelUploadLimit caps the uploads of one channel in 24 hours (400
	// uploadLimitExceeded beyond it); 0 means no cap.
	ChannelUploadLimit int
	// Unverified is an API project that has not passed YouTube's audit: every upload is
	// locked to private, whatever the request asked.
	Unverified bool
	// SessionTTL is how long an upload session URI stays valid (7 days).
	SessionTTL time.Duration
	// Logger receives one line per request (slog.Default if nil).
	Logger *slog.Logger
}

func (o *Options) setDefaults() {
	o.Now = fakekit.OrNow(o.Now)
	fakekit.Default(&o.CodeTTL, 10*time.Minute)
	fakekit.Default(&o.AccessTTL, time.Hour)
	fakekit.Default(&o.UnusedRefreshTTL, 183*24*time.Hour)
	fakekit.Default(&o.MaxRefreshTokens, 100)
	fakekit.Default(&o.UploadQuota, 100)
	fakekit.Default(&o.SessionTTL, 7*24*time.Hour)
	fakekit.Default(&o.Logger, slog.Default())
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
	vid       videoState
	stats     statsState
}

// New starts a fake on a random 127.0.0.1 port with one user, "alice", who has one
// channel and approves every authorization. Close it when done.
func New(opts Options) *Server {
	opts.setDefaults()
	s := &Server{opts: opts, st: newState(), calls: map[string]int{}, vid: newVideoState()}
	s.AddUser(User{ID: "alice", Email: "alice@example.com", Channels: []Channel{{
		ID: "UCaliceAAAAAAAAAAAAAAAAA", Title: "Alice Makes Things", CustomURL: "@alicemakesthings",
		ThumbnailURL: "https://yt3.ggpht.example/alice=s240",
	}}})
	s.authUser = "alice"
	s.routes()
	ts, err := fakekit.ServeOn("127.0.0.1:0", s)
	if err != nil {
		panic(fmt.Sprintf("youtubefake: listen: %v", err))
	}
	s.ts = ts
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
	m.HandleFunc("GET "+ChannelsPath, s.wrap("channels", s.channelsWithStats))
	m.HandleFunc("POST "+UploadPath, s.wrap("insert", s.insert))
	m.HandleFunc("PUT "+UploadPath, s.uploadChunk)
	m.HandleFunc("GET "+VideosPath, s.wrap("videos", s.videosWithStats))
	m.HandleFunc("DELETE "+VideosPath, s.wrap("delete", s.deleteVideo))
	m.HandleFunc("GET "+PlaylistItemsPath, s.wrap("playlistItems", s.playlistItems))
	m.HandleFunc("/", s.wrap("other", func(*call) reply {
		return apiErr(http.StatusNotFound, "notFound", "global", "Not Found", "NOT_FOUND")
	}))
	s.mux = m
}

// call is one request being handled under the lock.
type call = fakekit.Call

// reply is what a handler computed under the lock.
type reply = fakekit.Reply

func (s *Server) wrap(route string, h func(*call) reply) http.HandlerFunc {
	return fakekit.Handlers{Mu: &s.mu, Calls: s.calls, Now: s.opts.Now, JSONType: jsonType}.Wrap(route, h)
}

// oauthErr is the token and revoke endpoints' error shape.
func oauthErr(status int, code, desc string) reply {
	return reply{Status: status, Body: map[string]string{"error": code, "error_description": desc}}
}

// errorPage is what Google's authorization endpoint shows in the browser instead of
// redirecting: "Access blocked: ... Error 400: redirect_uri_mismatch".
func errorPage(status int, code, detail string) reply {
	return reply{Status: status, HTML: "<!doctype html><title>Error " + fmt.Sprint(status) + "</title>" +
		"<h1>Access blocked: This app's request is invalid</h1>" +
		"<p>You can't sign in because this app sent an invalid request.</p>" +
		"<p>Error " + fmt.Sprint(status) + ": " + html.EscapeString(code) + "</p>" +
		"<p>" + html.EscapeString(detail) + "</p>"}
}

// apiErr is the Google API error envelope of the YouTube Data API.
func apiErr(status int, reason, domain, message, gstatus string) reply {
	return reply{Status: status, Body: map[string]any{"error": map[string]any{
		"code": status, "message": message, "status": gstatus,
		"errors": []map[string]string{{"message": message, "domain": domain, "reason": reason}},
	}}}
}

// writeFailure answers an injected failure the way Google's front ends do.
func writeFailure(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusTooManyRequests:
		apiErr(status, "rateLimitExceeded", "usageLimits", "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED").Write(w, jsonType)
	case http.StatusServiceUnavailable:
		apiErr(status, "backendError", "global", "The service is currently unavailable.", "UNAVAILABLE").Write(w, jsonType)
	default:
		apiErr(status, "backendError", "global", "Internal error encountered.", "INTERNAL").Write(w, jsonType)
	}
}

// jsonType is the Content-Type of Google's JSON answers.
const jsonType = "application/json; charset=utf-8"
