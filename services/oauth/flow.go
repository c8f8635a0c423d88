// Package oauth runs the OAuth 2.0 authorization code flow for a desktop app on
// golang.org/x/oauth2: a one-shot loopback redirect listener on 127.0.0.1 (RFC 8252), a
// random state, PKCE S256 and a timeout, plus a "paste the redirect URL" fallback for
// networks that refuse loopback redirects. The browser is opened through an injected func.
package oauth

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"
)

// Defaults used for the zero values of Flow's fields.
const (
	DefaultListenAddr   = "127.0.0.1:0"
	DefaultCallbackPath = "/callback"
	DefaultTimeout      = 5 * time.Minute
)

// Flow describes one authorization: who to ask, where to listen for the answer and how
// long to wait. A Flow may be run more than once; each run gets its own state and verifier.
type Flow struct {
	// Config holds the client and the provider's endpoints. Its RedirectURL is ignored by
	// Run and Start (they use the listener's actual URL) and required by StartManual.
	// Config itself is never modified.
	Config *oauth2.Config
	// ListenAddr is the loopback address of the redirect listener; "127.0.0.1:0" (any
	// free port) by default. Set a fixed port for networks that match redirect URIs exactly.
	ListenAddr string
	// CallbackPath is the redirect path, "/callback" by default.
	CallbackPath string
	// OpenURL opens the authorization URL in the user's browser (injected by the window).
	OpenURL func(string) error
	// Timeout bounds the wait for the browser's answer; 5 minutes by default.
	Timeout time.Duration
	// AuthParams are extra parameters for the authorization URL (scopes go in Config).
	AuthParams []oauth2.AuthCodeOption
	// UsePKCE adds a PKCE S256 challenge and sends the verifier at the code exchange.
	UsePKCE bool
	// RedirectURL, when set, makes Run skip the loopback listener and send the browser to
	// this redirect registered at the network (one that refuses loopback redirects); the
	// answer then arrives only through Pasted.
	RedirectURL string
	// Pasted delivers redirect URLs the user pasted into the app: each completes the
	// sign-in as the loopback callback would (a wrong one is refused and Run waits on).
	Pasted <-chan string
}

// Run starts the listener, opens the browser on the authorization URL, waits for one
// valid answer and exchanges its code for a token. The exchange uses the HTTP client
// in ctx under oauth2.HTTPClient, if any.
func (f *Flow) Run(ctx context.Context) (*oauth2.Token, error) {
	if f.OpenURL == nil {
		return nil, errors.New("oauth: no way to open the browser (OpenURL is nil)")
	}
	start := f.Start
	if f.RedirectURL != "" {
		start = f.StartManual
	}
	p, err := start()
	if err != nil {
		return nil, err
	}
	defer p.Close()
	go p.forwardPasted(f.Pasted)
	if err := f.OpenURL(p.AuthURL()); err != nil {
		return nil, fmt.Errorf("oauth: open the browser: %w", err)
	}
	return p.Wait(ctx)
}

// Start opens the loopback listener and prepares the authorization URL without opening
// the browser. The caller shows or opens Pending.AuthURL, then calls Wait (and may call
// Complete with a pasted redirect URL meanwhile). Close releases the listener.
func (f *Flow) Start() (*Pending, error) {
	if f.Config == nil {
		return nil, errors.New("oauth: no client configuration")
	}
	ln, err := listenLoopback(orDefault(f.ListenAddr, DefaultListenAddr))
	if err != nil {
		return nil, err
	}
	path := orDefault(f.CallbackPath, DefaultCallbackPath)
	redirect := (&url.URL{Scheme: "http", Host: ln.Addr().String(), Path: path}).String()
	p := f.newPending(redirect)
	p.serve(ln, path)
	slog.Debug("oauth: waiting for the browser", "redirect_uri", redirect, "pkce", f.UsePKCE)
	return p, nil
}

// StartManual prepares an authorization without a listener: RedirectURL (or
// Config.RedirectURL) must be the redirect registered with the network, and the user pastes the final redirect URL
// into the app, which hands it to Pending.Complete or Pending.ExchangeRedirectURL.
func (f *Flow) StartManual() (*Pending, error) {
	if f.Config == nil {
		return nil, errors.New("oauth: no client configuration")
	}
	redirect := cmp.Or(f.RedirectURL, f.Config.RedirectURL)
	if redirect == "" {
		return nil, errors.New("oauth: a manual sign-in needs the registered redirect URL")
	}
	return f.newPending(redirect), nil
}

// newPending builds the per-run state: a copy of Config with the redirect, a random
// state and, with PKCE, a verifier.
func (f *Flow) newPending(redirect string) *Pending {
	cfg := *f.Config
	cfg.RedirectURL = redirect
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	p := &Pending{
		cfg:      cfg,
		state:    rand.Text(),
		timeout:  timeout,
		deadline: time.Now().Add(timeout),
		results:  make(chan callbackResult, 1),
		done:     make(chan struct{}),
	}
	opts := append([]oauth2.AuthCodeOption(nil), f.AuthParams...)
	if f.UsePKCE {
		p.verifier = oauth2.GenerateVerifier()
		opts = append(opts, oauth2.S256ChallengeOption(p.verifier))
	}
	p.authURL = cfg.AuthCodeURL(p.state, opts...)
	return p
}

// listenLoopback listens on addr, which must be a loopback IP literal with a port.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("oauth: listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("oauth: listen address %q is not a loopback IP such as 127.0.0.1", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("oauth: listen for the browser's answer on %s: %w", addr, err)
	}
	return ln, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// httpServer returns the one-shot redirect server.
func httpServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
}
