package mastodonfake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"html"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"webox-social/services/platforms/fakekit"
)

const oob = "urn:ietf:wg:oauth:2.0:oob"

// Doorkeeper's error descriptions.
const (
	descInvalidClient  = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."
	descInvalidGrant   = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
	descInvalidScope   = "The requested scope is invalid, unknown, or malformed."
	descInvalidRedir   = "The redirect uri included is not valid."
	descDenied         = "The resource owner or authorization server denied the request."
	descUnsupportedRT  = "The authorization server does not support this response type."
	descUnsupportedGT  = "The authorization grant type is not supported by the authorization server."
	descInvalidRequest = "The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed."
	msgInvalidToken    = "The access token is invalid"
	msgOutsideScopes   = "This action is outside the authorized scopes"
)

// knownScopes are the scopes Mastodon accepts.
var knownScopes = strings.Fields(`read write follow push profile admin:read admin:write
read:accounts read:blocks read:bookmarks read:favourites read:filters read:follows read:lists
read:mutes read:notifications read:search read:statuses
write:accounts write:blocks write:bookmarks write:conversations write:favourites write:filters
write:follows write:lists write:media write:mutes write:notifications write:reports write:statuses`)

// params reads a request's parameters from a form (urlencoded or multipart) or a JSON body.
func params(r *http.Request) (url.Values, map[string]any) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var m map[string]any
		_ = json.NewDecoder(r.Body).Decode(&m)
		v := url.Values{}
		for k, x := range m {
			switch t := x.(type) {
			case string:
				v.Set(k, t)
			case []any:
				for _, e := range t {
					if str, ok := e.(string); ok {
						v.Add(k+"[]", str)
					}
				}
			case bool:
				v.Set(k, map[bool]string{true: "true", false: "false"}[t])
			}
		}
		return v, m
	}
	if ct == "multipart/form-data" {
		_ = r.ParseMultipartForm(32 << 20)
	} else {
		_ = r.ParseForm()
	}
	return r.Form, nil
}

// registerApp is POST /api/v1/apps.
func (s *Server) registerApp(c *call) reply {
	if rep := s.limitIP(c); rep != nil {
		return *rep
	}
	v, _ := params(c.r)
	name := strings.TrimSpace(v.Get("client_name"))
	if name == "" {
		return errReply(http.StatusUnprocessableEntity, "Validation failed: Application name can't be blank")
	}
	redirects := redirectList(v)
	if len(redirects) == 0 {
		return errReply(http.StatusUnprocessableEntity, "Validation failed: Redirect URI can't be blank")
	}
	for _, u := range redirects {
		if p, err := url.Parse(u); u != oob && (err != nil || !p.IsAbs() || p.Fragment != "") {
			return errReply(http.StatusUnprocessableEntity, "Validation failed: Redirect URI must be an absolute URI.")
		}
	}
	scopes := strings.Fields(v.Get("scopes"))
	if len(scopes) == 0 {
		scopes = []string{"read"}
	}
	if !allKnown(scopes) {
		return errReply(http.StatusUnprocessableEntity, "Validation failed: Scopes doesn't match configured on the server.")
	}
	app := &App{ID: s.nextID(c.now), Name: name, Website: v.Get("website"), ClientID: randomToken(),
		ClientSecret: randomToken(), RedirectURIs: redirects, Scopes: scopes, CreatedAt: c.now}
	s.st.Apps[app.ClientID] = app
	return jsonReply(http.StatusOK, map[string]any{
		"id": app.ID, "name": app.Name, "website": nullable(app.Website), "scopes": app.Scopes,
		"redirect_uri": strings.Join(app.RedirectURIs, "\n"), "redirect_uris": app.RedirectURIs,
		"client_id": app.ClientID, "client_secret": app.ClientSecret, "client_secret_expires_at": 0,
		"vapid_key": "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=",
	})
}

// redirectList reads redirect_uris as a string (newline/space separated) or an array.
func redirectList(v url.Values) []string {
	var out []string
	for _, s := range append(v["redirect_uris"], v["redirect_uris[]"]...) {
		out = append(out, strings.Fields(s)...)
	}
	return out
}

func allKnown(scopes []string) bool {
	for _, sc := range scopes {
		if !slices.Contains(knownScopes, sc) {
			return false
		}
	}
	return true
}

// authorize is GET /oauth/authorize. The fake auto-approves as Options.AuthorizeUser
// and redirects to redirect_uri with code and state (or shows the code for oob).
func (s *Server) authorize(c *call) reply {
	q := c.r.URL.Query()
	app := s.st.Apps[q.Get("client_id")]
	if app == nil {
		return errorPage(http.StatusUnauthorized, descInvalidClient)
	}
	redirect := q.Get("redirect_uri")
	if !slices.ContainsFunc(app.RedirectURIs, func(reg string) bool { return redirectMatches(reg, redirect) }) {
		return errorPage(http.StatusBadRequest, descInvalidRedir)
	}
	back := func(v url.Values) reply { return redirectReply(redirect, v, q.Get("state")) }
	scopes := strings.Fields(q.Get("scope"))
	if len(scopes) == 0 {
		scopes = []string{"read"}
	}
	switch {
	case q.Get("response_type") != "code":
		return back(url.Values{"error": {"unsupported_response_type"}, "error_description": {descUnsupportedRT}})
	case !subset(scopes, app.Scopes) || !allKnown(scopes):
		return back(url.Values{"error": {"invalid_scope"}, "error_description": {descInvalidScope}})
	case q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256":
		return back(url.Values{"error": {"invalid_request"}, "error_description": {"The code challenge method must be S256."}})
	case s.deny:
		return back(url.Values{"error": {"access_denied"}, "error_description": {descDenied}})
	}
	g := &Grant{Code: randomToken(), ClientID: app.ClientID, AccountID: s.accountLocked(s.opts.AuthorizeUser, c.now).ID,
		RedirectURI: redirect, Scopes: scopes, Challenge: q.Get("code_challenge"), CreatedAt: c.now}
	s.st.Codes[g.Code] = g
	if redirect == oob {
		return reply{status: http.StatusOK, html: "<!doctype html><p>Copy this authorization code: <code>" + html.EscapeString(g.Code) + "</code></p>"}
	}
	return back(url.Values{"code": {g.Code}})
}

func redirectReply(redirect string, v url.Values, state string) reply {
	if state != "" {
		v.Set("state", state)
	}
	u, _ := url.Parse(redirect)
	q := u.Query()
	for k, vals := range v {
		q[k] = vals
	}
	u.RawQuery = q.Encode()
	return reply{status: http.StatusFound, header: http.Header{"Location": {u.String()}}}
}

func errorPage(status int, msg string) reply {
	return reply{status: status, html: "<!doctype html><h1>An error has occurred</h1><p>" + html.EscapeString(msg) + "</p>"}
}

// redirectMatches compares a requested redirect URI with a registered one the way
// Doorkeeper does: exactly, except that the port is ignored when both are loopback IP
// literals (127.0.0.1 or [::1], never "localhost").
func redirectMatches(registered, requested string) bool {
	if registered == requested {
		return true
	}
	a, err1 := url.Parse(registered)
	b, err2 := url.Parse(requested)
	if err1 != nil || err2 != nil || !isLoopbackIP(a.Hostname()) || !isLoopbackIP(b.Hostname()) {
		return false
	}
	return a.Scheme == b.Scheme && a.Hostname() == b.Hostname() && a.Path == b.Path && a.RawQuery == b.RawQuery
}

func isLoopbackIP(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func subset(want, have []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// token is POST /oauth/token.
func (s *Server) token(c *call) reply {
	v, _ := params(c.r)
	app, rep := s.clientAuth(c.r, v)
	if rep != nil {
		return *rep
	}
	if gt := v.Get("grant_type"); gt != "authorization_code" {
		if gt == "" {
			return oauthErr(http.StatusBadRequest, "invalid_request", descInvalidRequest)
		}
		return oauthErr(http.StatusBadRequest, "unsupported_grant_type", descUnsupportedGT)
	}
	g := s.st.Codes[v.Get("code")]
	if g == nil || g.ClientID != app.ClientID || g.RedirectURI != v.Get("redirect_uri") ||
		c.now.Sub(g.CreatedAt) > 10*time.Minute || !pkceOK(g.Challenge, v.Get("code_verifier")) {
		return oauthErr(http.StatusBadRequest, "invalid_grant", descInvalidGrant)
	}
	delete(s.st.Codes, g.Code) // single use
	tok := s.newTokenLocked(g.AccountID, app.ClientID, g.Scopes, c.now)
	// Mastodon tokens never expire: no expires_in and no refresh_token.
	return jsonReply(http.StatusOK, map[string]any{
		"access_token": tok.Value, "token_type": "Bearer", "scope": strings.Join(tok.Scopes, " "), "created_at": c.now.Unix(),
	})
}

func pkceOK(challenge, verifier string) bool {
	if challenge == "" {
		return true
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return verifier != "" && subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

// clientAuth checks client_id and client_secret (body or HTTP Basic).
func (s *Server) clientAuth(r *http.Request, v url.Values) (*App, *reply) {
	id, secret := v.Get("client_id"), v.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
	}
	app := s.st.Apps[id]
	if app == nil || secret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(app.ClientSecret)) != 1 {
		rep := oauthErr(http.StatusUnauthorized, "invalid_client", descInvalidClient)
		return nil, &rep
	}
	return app, nil
}

// revoke is POST /oauth/revoke.
func (s *Server) revoke(c *call) reply {
	v, _ := params(c.r)
	app, rep := s.clientAuth(c.r, v)
	if rep != nil {
		return *rep
	}
	if t := s.st.Tokens[v.Get("token")]; t != nil && t.ClientID == app.ClientID {
		t.Revoked = true
	}
	return jsonReply(http.StatusOK, map[string]any{})
}

func (s *Server) newTokenLocked(accountID, clientID string, scopes []string, now time.Time) *Token {
	t := &Token{Value: randomToken(), AccountID: accountID, ClientID: clientID, Scopes: slices.Clone(scopes), CreatedAt: now}
	s.st.Tokens[t.Value] = t
	return t
}

func (s *Server) testAppLocked(now time.Time) *App {
	for _, a := range s.st.Apps {
		if a.Name == "mastodonfake tests" {
			return a
		}
	}
	a := &App{ID: s.nextID(now), Name: "mastodonfake tests", ClientID: randomToken(), ClientSecret: randomToken(),
		RedirectURIs: []string{oob}, Scopes: []string{"read", "write", "follow", "push", "profile"}, CreatedAt: now}
	s.st.Apps[a.ClientID] = a
	return a
}

// auth requires a valid bearer token holding one of scopes, then applies the account's
// rate limit. It returns a non-nil reply when the request must stop.
func (s *Server) auth(c *call, scopes ...string) *reply {
	raw, ok := strings.CutPrefix(c.r.Header.Get("Authorization"), "Bearer ")
	t := s.st.Tokens[strings.TrimSpace(raw)]
	if !ok || t == nil || t.Revoked || s.st.Accounts[t.AccountID] == nil {
		rep := errReply(http.StatusUnauthorized, msgInvalidToken)
		return &rep
	}
	c.token, c.acct = t, s.st.Accounts[t.AccountID]
	if rep := s.limit(c, "account", c.acct.ID, s.opts.AccountLimit, 5*time.Minute, true); rep != nil {
		return rep
	}
	if !hasScope(t.Scopes, scopes) {
		rep := errReply(http.StatusForbidden, msgOutsideScopes)
		return &rep
	}
	return nil
}

// authIfToken is Mastodon's authorize_if_got_token!: anonymous requests pass (limited
// per IP), a token given must be valid and hold one of scopes.
func (s *Server) authIfToken(c *call, scopes ...string) *reply {
	if c.r.Header.Get("Authorization") == "" {
		return s.limitIP(c)
	}
	return s.auth(c, scopes...)
}

// hasScope reports whether granted covers one of want: "read" covers "read:statuses".
func hasScope(granted, want []string) bool {
	for _, w := range want {
		parent, _, _ := strings.Cut(w, ":")
		if slices.Contains(granted, w) || slices.Contains(granted, parent) {
			return true
		}
	}
	return false
}

func randomToken() string { return fakekit.RandomToken(32) }

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
