package oauthtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Browser plays the user's browser: it opens the authorization URL, fills in the
// provider's login form and follows the redirects up to the app's loopback callback.
type Browser struct {
	Username, Password string
	// BeforeCallback, if set, runs with the callback URL before the browser follows it;
	// an error stops the browser.
	BeforeCallback func(callback *url.URL) error

	provider *url.URL
	client   *http.Client
}

// NewBrowser returns a browser with its own cookie jar that signs in as the test user.
func (p *Provider) NewBrowser() *Browser {
	jar, _ := cookiejar.New(nil) // never fails without options
	b := &Browser{Username: Username, Password: Password}
	b.provider, _ = url.Parse(p.Issuer)
	b.client = &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: b.stayOnProvider}
	return b
}

// stayOnProvider follows redirects within the provider and stops at the first one that
// leaves it (the redirect back to the app).
func (b *Browser) stayOnProvider(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("oauthtest: too many redirects")
	}
	if req.URL.Host != b.provider.Host {
		return http.ErrUseLastResponse
	}
	return nil
}

// Open signs in at authURL and follows the final redirect to the app's callback, which
// must answer 200. It has the shape of oauth.Flow.OpenURL.
func (b *Browser) Open(authURL string) error {
	cb, err := b.Authorize(authURL)
	if err != nil {
		return err
	}
	if b.BeforeCallback != nil {
		if err := b.BeforeCallback(cb); err != nil {
			return err
		}
	}
	status, body, err := b.Get(cb.String())
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("oauthtest: the callback answered HTTP %d: %s", status, body)
	}
	return nil
}

// Authorize signs in at authURL and returns the URL the provider redirects back to
// (carrying code and state, or an error) without following it.
func (b *Browser) Authorize(authURL string) (*url.URL, error) {
	resp, err := b.client.Get(authURL)
	if err != nil {
		return nil, fmt.Errorf("oauthtest: open the authorization URL: %w", err)
	}
	if cb, ok := leftProvider(resp); ok {
		return cb, nil
	}
	form, err := readLoginForm(resp)
	if err != nil {
		return nil, err
	}
	return b.submit(form)
}

// submit posts the login form and expects the redirect back to the app.
func (b *Browser) submit(form loginForm) (*url.URL, error) {
	form.values.Set("username", b.Username)
	form.values.Set("password", b.Password)
	resp, err := b.client.PostForm(form.action.String(), form.values)
	if err != nil {
		return nil, fmt.Errorf("oauthtest: submit the login form: %w", err)
	}
	if cb, ok := leftProvider(resp); ok {
		return cb, nil
	}
	again, err := readLoginForm(resp)
	if err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("oauthtest: the provider refused the sign-in: %s", again.message)
}

// Get fetches u with the browser's client and returns the status and the body's text.
func (b *Browser) Get(u string) (int, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, "", fmt.Errorf("oauthtest: %w", err)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("oauthtest: get %s: %w", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(body), err
}

// leftProvider reports the redirect that leaves the provider, closing resp's body if so.
func leftProvider(resp *http.Response) (*url.URL, bool) {
	if resp.StatusCode < 300 || resp.StatusCode >= 400 {
		return nil, false
	}
	resp.Body.Close()
	loc, err := resp.Location()
	return loc, err == nil
}

// loginForm is the provider's login page: where to post, the hidden fields and the
// message shown (the provider's words after a failed attempt).
type loginForm struct {
	action  *url.URL
	values  url.Values
	message string
}

// readLoginForm parses the login page in resp and closes its body.
func readLoginForm(resp *http.Response) (loginForm, error) {
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return loginForm{}, fmt.Errorf("oauthtest: expected the login page, got HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	doc, err := html.Parse(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return loginForm{}, fmt.Errorf("oauthtest: read the login page: %w", err)
	}
	form := loginForm{values: url.Values{}}
	action := ""
	for n := range doc.Descendants() {
		switch {
		case n.Type != html.ElementNode:
		case n.Data == "form":
			action = attr(n, "action")
		case n.Data == "input" && attr(n, "name") != "":
			form.values.Set(attr(n, "name"), attr(n, "value"))
		case n.Data == "p":
			form.message += strings.TrimSpace(text(n))
		}
	}
	if action == "" {
		return loginForm{}, errors.New("oauthtest: the login page has no form")
	}
	ref, err := url.Parse(action)
	if err != nil {
		return loginForm{}, fmt.Errorf("oauthtest: the login form's action %q: %w", action, err)
	}
	form.action = resp.Request.URL.ResolveReference(ref)
	return form, nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var sb strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			sb.WriteString(d.Data)
		}
	}
	return sb.String()
}
