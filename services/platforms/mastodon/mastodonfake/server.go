// Package mastodonfake is a strict in-process Mastodon server for tests. It enforces the
// protocol rules of platforms.md §9 "Mastodon fake" (app registration, authorize with
// loopback port matching and scope subsets, token with PKCE S256 and single-use codes,
// status validation with grapheme counting, Idempotency-Key, media processing, scheduled
// statuses (at least 5 minutes ahead; listed, read and cancelled at
// /api/v1/scheduled_statuses; published when the fake's clock reaches their time, as
// the instance's scheduler does), rate limits with ISO-8601 X-RateLimit-Reset, revoked tokens) and answers
// violations with Mastodon's real status codes and error shapes. Test hooks inspect what
// was created, issue tokens without OAuth, inject failures and hold responses.
package mastodonfake

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	"webox-social/services/platforms/fakekit"
)

// Options configures a Server. Zero values take Mastodon's defaults.
type Options struct {
	// Now is the server's clock (idempotency expiry, rate-limit windows, scheduled_at,
	// created_at); time.Now by default.
	Now func() time.Time
	// MaxCharacters is statuses.max_characters (500).
	MaxCharacters int
	// MaxMediaAttachments is statuses.max_media_attachments (4).
	MaxMediaAttachments int
	// VideoPolls is how many GET /api/v1/media/:id answer 206 before a video, gifv or
	// audio upload is ready (2). Use -1 for "ready at once" (still answered 202 on upload).
	VideoPolls int
	// AccountLimit is requests per 5 minutes per account, all endpoints (300).
	AccountLimit int
	// MediaLimit is media uploads per 30 minutes per account (30).
	MediaLimit int
	// DeleteLimit is status deletions per 30 minutes per account (30).
	DeleteLimit int
	// IPLimit is unauthenticated API requests per 5 minutes per IP (300).
	IPLimit int
	// ImageSizeLimit and VideoSizeLimit are media_attachments.*_size_limit in bytes
	// (16 MiB and 99 MiB).
	ImageSizeLimit int64
	VideoSizeLimit int64
	// AuthorizeUser is the username that approves /oauth/authorize ("alice"); the
	// account is created on first use.
	AuthorizeUser string
	// DelayResponse holds every POST /api/v1/statuses response this long after the status
	// is stored (a client can be killed mid-flight).
	DelayResponse time.Duration
	// OnStatusPost is called after a status is stored and before its response is written.
	OnStatusPost func(Status)
	// StateFile, when set, is loaded by New if it exists and rewritten after every
	// request, so a test can count statuses across restarts.
	StateFile string
	// Logger receives one line per request (slog.Default if nil).
	Logger *slog.Logger
}

func (o *Options) setDefaults() {
	o.Now = fakekit.OrNow(o.Now)
	fakekit.Default(&o.MaxCharacters, 500)
	fakekit.Default(&o.MaxMediaAttachments, 4)
	fakekit.Default(&o.VideoPolls, 2)
	fakekit.Default(&o.AccountLimit, 300)
	fakekit.Default(&o.MediaLimit, 30)
	fakekit.Default(&o.DeleteLimit, 30)
	fakekit.Default(&o.IPLimit, 300)
	fakekit.Default(&o.ImageSizeLimit, 16<<20)
	fakekit.Default(&o.VideoSizeLimit, 99<<20)
	fakekit.Default(&o.AuthorizeUser, "alice")
	fakekit.Default(&o.Logger, slog.Default())
}

// Server is the fake instance. It is an http.Handler; New also serves it on 127.0.0.1.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234 (set by New and Listen).
	URL string

	ts   *httptest.Server
	mux  *http.ServeMux
	opts Options

	mu       sync.Mutex
	st       *State
	counters map[string]int
	fails    []int
	deny     bool
	// metrics holds the counters SetAccountCounts and SetQuotes give (metrics.go).
	metrics metricsState
}

// New starts a fake on a random 127.0.0.1 port. It panics if it cannot listen, like
// httptest.NewServer. Close it when done.
func New(opts Options) *Server {
	s, err := Listen("127.0.0.1:0", opts)
	if err != nil {
		panic(err)
	}
	return s
}

// Listen starts a fake on addr, which must be a loopback address.
func Listen(addr string, opts Options) (*Server, error) {
	s, err := NewHandler(opts)
	if err != nil {
		return nil, err
	}
	ts, err := fakekit.ServeOn(addr, s)
	if err != nil {
		return nil, fmt.Errorf("mastodonfake: listen on %s: %w", addr, err)
	}
	s.ts = ts
	s.URL = s.ts.URL
	return s, nil
}

// NewHandler builds a fake without serving it (mount it on your own server).
func NewHandler(opts Options) (*Server, error) {
	opts.setDefaults()
	s := &Server{opts: opts, st: newState(), counters: map[string]int{}}
	if opts.StateFile != "" {
		if err := s.load(opts.StateFile); err != nil {
			return nil, err
		}
	}
	s.routes()
	return s, nil
}

// Close stops serving.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// ServeHTTP answers one request: injected failures first, then the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.opts.Logger.Debug("mastodonfake: request", "method", r.Method, "path", r.URL.Path)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		if status, ok := s.popFailure(); ok {
			writeFailure(w, status, s.opts.Now())
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("POST /api/v1/apps", s.wrap(s.registerApp))
	m.HandleFunc("GET /oauth/authorize", s.wrap(s.authorize))
	m.HandleFunc("POST /oauth/token", s.wrap(s.token))
	m.HandleFunc("POST /oauth/revoke", s.wrap(s.revoke))
	m.HandleFunc("GET /api/v1/accounts/verify_credentials", s.wrap(s.verifyCredentialsWithCounts))
	m.HandleFunc("GET /api/v1/accounts/{id}/statuses", s.wrap(s.accountStatuses))
	m.HandleFunc("POST /api/v1/statuses", s.wrap(s.postStatus))
	m.HandleFunc("GET /api/v1/statuses/{id}", s.wrap(s.getStatusWithCounts))
	m.HandleFunc("DELETE /api/v1/statuses/{id}", s.wrap(s.deleteStatus))
	m.HandleFunc("POST /api/v2/media", s.wrap(s.uploadMedia))
	m.HandleFunc("GET /api/v1/media/{id}", s.wrap(s.getMedia))
	m.HandleFunc("GET /api/v1/scheduled_statuses", s.wrap(s.listScheduled))
	m.HandleFunc("GET /api/v1/scheduled_statuses/{id}", s.wrap(s.getScheduled))
	m.HandleFunc("DELETE /api/v1/scheduled_statuses/{id}", s.wrap(s.deleteScheduled))
	m.HandleFunc("GET /api/v2/instance", s.wrap(s.instance))
	m.HandleFunc("GET /_fake/statuses", s.fakeStatuses)
	m.HandleFunc("/", s.wrap(func(*call) reply { return errReply(http.StatusNotFound, "Record not found") }))
	s.mux = m
}

// call is one request being handled under the lock.
type call struct {
	r      *http.Request
	base   string
	now    time.Time
	header http.Header
	token  *Token
	acct   *Account
}

// reply is what a handler computed under the lock; it is written after the lock is
// released so that a held response does not block other clients.
type reply struct {
	status int
	body   any // JSON-encoded
	html   string
	header http.Header
	stored *Status // a status just created: run OnStatusPost and DelayResponse first
}

func (s *Server) wrap(h func(*call) reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		c := &call{r: r, base: "http://" + r.Host, now: s.opts.Now().UTC(), header: http.Header{}}
		s.publishDueLocked(c.now)
		rep := h(c)
		s.persistLocked()
		hook, delay := s.opts.OnStatusPost, s.opts.DelayResponse
		s.mu.Unlock()
		if rep.stored != nil {
			s.holdResponse(r, *rep.stored, hook, delay)
		}
		for k, v := range c.header {
			w.Header()[k] = v
		}
		rep.write(w)
	}
}

func (s *Server) holdResponse(r *http.Request, st Status, hook func(Status), delay time.Duration) {
	if hook != nil {
		hook(st)
	}
	if delay <= 0 {
		return
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

func (rep reply) write(w http.ResponseWriter) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	if rep.html != "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(rep.status)
		_, _ = w.Write([]byte(rep.html))
		return
	}
	if rep.status == http.StatusFound || rep.status == http.StatusNoContent {
		w.WriteHeader(rep.status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(rep.status)
	_ = json.NewEncoder(w).Encode(rep.body)
}

func jsonReply(status int, body any) reply { return reply{status: status, body: body} }

// errReply is Mastodon's API error shape: {"error": "..."}.
func errReply(status int, msg string) reply {
	return reply{status: status, body: map[string]string{"error": msg}}
}

// oauthErr is Doorkeeper's error shape.
func oauthErr(status int, code, desc string) reply {
	return reply{status: status, body: map[string]string{"error": code, "error_description": desc}}
}

func (s *Server) persistLocked() {
	if s.opts.StateFile == "" {
		return
	}
	if err := s.saveLocked(s.opts.StateFile); err != nil {
		s.opts.Logger.Error("mastodonfake: save state", "err", err)
	}
}

// writeFailure answers an injected failure the way Mastodon (or its proxy) would.
func writeFailure(w http.ResponseWriter, status int, now time.Time) {
	switch {
	case status == http.StatusTooManyRequests:
		reset := now.UTC().Truncate(5 * time.Minute).Add(5 * time.Minute)
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", isoMicro(reset))
		errReply(status, "Too many requests").write(w)
	case status == http.StatusInternalServerError:
		errReply(status, "We're sorry, but something went wrong on our end.").write(w)
	case status >= 500:
		reply{status: status, html: fmt.Sprintf("<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center><hr><center>nginx</center></body></html>\n",
			status, http.StatusText(status), status, http.StatusText(status))}.write(w)
	default:
		errReply(status, http.StatusText(status)).write(w)
	}
}

// isoMicro formats t the way Mastodon's X-RateLimit-Reset does (ISO-8601, microseconds).
func isoMicro(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// apiTime formats created_at like Mastodon (ISO-8601, milliseconds).
func apiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
