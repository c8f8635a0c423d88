package oauth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

// Errors a flow can end with, besides *ProviderError and the code exchange's own errors.
var (
	// ErrTimeout: no valid answer arrived before Flow.Timeout.
	ErrTimeout = errors.New("oauth: no answer from the browser in time")
	// ErrStateMismatch: an answer carried a state this flow did not issue.
	ErrStateMismatch = errors.New("oauth: this answer does not belong to this sign-in (state mismatch)")
	// ErrNoCode: an answer carried neither a code nor an error.
	ErrNoCode = errors.New("oauth: the answer has no authorization code")
	// ErrClosed: the flow was closed before an answer arrived.
	ErrClosed = errors.New("oauth: sign-in cancelled")
	// ErrAlreadyAnswered: a second answer arrived after the first valid one.
	ErrAlreadyAnswered = errors.New("oauth: this sign-in already has its answer")
)

// ProviderError is a refusal sent by the authorization server in the redirect
// (RFC 6749 §4.1.2.1), with the provider's own words.
type ProviderError struct {
	Code        string // e.g. access_denied, invalid_scope
	Description string // the provider's error_description
	URI         string // the provider's error_uri
}

// Error reads like "oauth: the network refused the authorization: access_denied: ...".
func (e *ProviderError) Error() string {
	msg := "oauth: the network refused the authorization: " + e.Code
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// Pending is one started authorization waiting for its answer, from the loopback
// listener or from a redirect URL the user pasted.
type Pending struct {
	cfg      oauth2.Config
	state    string
	verifier string
	authURL  string
	timeout  time.Duration
	deadline time.Time

	srv       *http.Server
	results   chan callbackResult
	answered  atomic.Bool
	done      chan struct{}
	closeOnce sync.Once
}

type callbackResult struct {
	code string
	err  error
}

// AuthURL is the URL to open in the browser.
func (p *Pending) AuthURL() string { return p.authURL }

// RedirectURL is the redirect_uri sent to the provider (the listener's actual URL).
func (p *Pending) RedirectURL() string { return p.cfg.RedirectURL }

// Complete hands in the final redirect URL the user pasted. A URL with the wrong state or
// without a code is refused with an error and the flow keeps waiting; a provider error
// ends the flow and is returned as well. Wait returns the outcome.
func (p *Pending) Complete(redirectURL string) error {
	u, err := url.Parse(redirectURL)
	if err != nil {
		return fmt.Errorf("oauth: read the pasted address: %w", err)
	}
	return p.accept(u.Query())
}

// forwardPasted hands every pasted redirect URL to Complete until the flow ends; a
// refused one (wrong state, no code) is logged and the flow waits on.
func (p *Pending) forwardPasted(pasted <-chan string) {
	if pasted == nil {
		return
	}
	for {
		select {
		case <-p.done:
			return
		case u := <-pasted:
			if err := p.Complete(u); err != nil && !isProviderError(err) {
				slog.Info("oauth: pasted address refused", "err", err)
			}
		}
	}
}

// ExchangeRedirectURL completes the flow with a pasted redirect URL and waits for the
// token: Complete followed by Wait.
func (p *Pending) ExchangeRedirectURL(ctx context.Context, pasted string) (*oauth2.Token, error) {
	if err := p.Complete(pasted); err != nil && !isProviderError(err) {
		return nil, err
	}
	return p.Wait(ctx)
}

// Wait blocks until a valid answer, a provider error, the timeout, ctx's end or Close,
// then shuts the listener down and exchanges the code for a token.
func (p *Pending) Wait(ctx context.Context) (*oauth2.Token, error) {
	timer := time.NewTimer(time.Until(p.deadline))
	defer timer.Stop()
	defer p.Close()
	select {
	case res := <-p.results:
		p.Close() // shut the listener before the (possibly slow) exchange
		if res.err != nil {
			return nil, res.err
		}
		return p.exchange(ctx, res.code)
	case <-timer.C:
		return nil, fmt.Errorf("%w (waited %s)", ErrTimeout, p.timeout)
	case <-ctx.Done():
		return nil, fmt.Errorf("oauth: wait for the browser: %w", ctx.Err())
	case <-p.done:
		return nil, ErrClosed
	}
}

// Close stops the listener; a Wait in progress returns ErrClosed. Safe to call twice.
func (p *Pending) Close() {
	p.closeOnce.Do(func() {
		close(p.done)
		if p.srv == nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := p.srv.Shutdown(ctx); err != nil {
			slog.Debug("oauth: stop the redirect listener", "err", err)
		}
	})
}

func (p *Pending) exchange(ctx context.Context, code string) (*oauth2.Token, error) {
	var opts []oauth2.AuthCodeOption
	if p.verifier != "" {
		opts = append(opts, oauth2.VerifierOption(p.verifier))
	}
	tok, err := p.cfg.Exchange(ctx, code, opts...)
	if err != nil {
		return nil, fmt.Errorf("oauth: exchange the authorization code: %w", err)
	}
	return tok, nil
}

// accept checks one answer's parameters and, when it ends the flow, hands it to Wait.
func (p *Pending) accept(q url.Values) error {
	res, final := p.check(q)
	if !final {
		return res.err
	}
	if !p.answered.CompareAndSwap(false, true) {
		return ErrAlreadyAnswered
	}
	p.results <- res // buffered for exactly this one answer
	return res.err
}

// check validates an answer: final is false when the answer is refused and the flow keeps
// waiting for the right one.
func (p *Pending) check(q url.Values) (res callbackResult, final bool) {
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(p.state)) != 1 {
		return callbackResult{err: ErrStateMismatch}, false
	}
	if code := q.Get("error"); code != "" {
		return callbackResult{err: &ProviderError{Code: code, Description: q.Get("error_description"), URI: q.Get("error_uri")}}, true
	}
	if q.Get("code") == "" {
		return callbackResult{err: ErrNoCode}, false
	}
	return callbackResult{code: q.Get("code")}, true
}

// serve runs the one-shot redirect server on ln.
func (p *Pending) serve(ln net.Listener, path string) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+path, p.handleCallback)
	p.srv = httpServer(mux)
	go func() {
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Warn("oauth: redirect listener stopped", "err", err)
		}
	}()
}

func (p *Pending) handleCallback(w http.ResponseWriter, r *http.Request) {
	err := p.accept(r.URL.Query())
	var pe *ProviderError
	switch {
	case err == nil:
		writePage(w, http.StatusOK, "Signed in", "You can close this tab and go back to Webox Social.")
	case errors.As(err, &pe):
		writePage(w, http.StatusOK, "Sign-in refused", "The network said: "+providerWords(pe)+". You can close this tab and go back to Webox Social.")
	case errors.Is(err, ErrAlreadyAnswered):
		writePage(w, http.StatusConflict, "Already signed in", "This sign-in is already complete. You can close this tab.")
	default:
		slog.Info("oauth: refused a redirect", "err", err)
		writePage(w, http.StatusBadRequest, "Sign-in link not recognised", "This answer does not match the sign-in Webox Social started. Start again from the app.")
	}
}

func providerWords(pe *ProviderError) string {
	if pe.Description != "" {
		return pe.Description
	}
	return pe.Code
}

func isProviderError(err error) bool {
	var pe *ProviderError
	return errors.As(err, &pe)
}
