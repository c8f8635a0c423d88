package tiktokfake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Descriptions the fake answers with. The categories are TikTok's documented ones;
// the exact descriptions are the fake's (unverified).
const (
	descNoClientKey   = "The client_key parameter is missing or invalid."
	descBadRedirect   = "redirect_uri is not registered for this client_key."
	descBadClient     = "Client key or client secret is invalid."
	descBadCode       = "Authorization code is expired or invalid, or redirect_uri does not match the one used to authorize."
	descBadVerifier   = "Code verifier or code challenge is invalid."
	descBadRefresh    = "Refresh token is invalid or expired."
	descNoChallenge   = "code_challenge is required for desktop apps."
	descBadChallenge  = "code_challenge is malformed or code_challenge_method is not S256."
	descDenied        = "The resource owner or authorization server denied the request."
	descBadGrantType  = "The authorization grant type is not supported by the authorization server."
	descFormRequired  = "The request must be application/x-www-form-urlencoded."
	descMissingParam  = "The request misses a required parameter: %s."
	descInvalidScope  = "The requested scope is invalid, unknown, or malformed: %s."
	descResponseType  = "The authorization server does not support this response type."
	descVerifierShape = "code_verifier must be 43 to 128 characters."
)

var (
	hexChallenge = regexp.MustCompile(`^[0-9a-f]{64}$`)
	b64Challenge = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
)

// authorize is GET /v2/auth/authorize/: it auto-approves as the chosen user and
// redirects to redirect_uri with code, scopes and state.
func (s *Server) authorize(c *call) reply {
	q := c.R.URL.Query()
	app := s.apps[q.Get("client_key")]
	if app == nil {
		return reply{Status: http.StatusBadRequest, HTML: page(descNoClientKey)}
	}
	redirect := q.Get("redirect_uri")
	if !slices.ContainsFunc(app.RedirectURIs, func(reg string) bool { return redirectMatches(reg, redirect) }) {
		return reply{Status: http.StatusBadRequest, HTML: page(descBadRedirect)}
	}
	back := func(code, desc string) reply {
		return redirectTo(redirect, url.Values{"error": {code}, "error_description": {desc}}, q.Get("state"))
	}
	scopes := strings.Split(q.Get("scope"), ",")
	if rep, bad := s.authorizeChecks(q, scopes, back); bad {
		return rep
	}
	cd := randomToken()
	s.codes[cd] = &code{g: &grant{openID: s.authUser, clientKey: app.ClientKey, scopes: scopes}, redirect: redirect,
		challenge: q.Get("code_challenge"), expires: c.Now.Add(s.opts.CodeTTL)}
	return redirectTo(redirect, url.Values{"code": {cd}, "scopes": {strings.Join(scopes, ",")}}, q.Get("state"))
}

// authorizeChecks refuses a bad response_type, scope or PKCE challenge, or a denial.
func (s *Server) authorizeChecks(q url.Values, scopes []string, back func(code, desc string) reply) (reply, bool) {
	if q.Get("response_type") != "code" {
		return back("unsupported_response_type", descResponseType), true
	}
	for _, sc := range scopes {
		if !slices.Contains(knownScopes, sc) {
			return back("invalid_scope", fmt.Sprintf(descInvalidScope, sc)), true
		}
	}
	ch := q.Get("code_challenge")
	switch {
	case ch == "":
		return back("invalid_request", descNoChallenge), true
	case q.Get("code_challenge_method") != "S256" || !s.challengeShapeOK(ch):
		return back("invalid_request", descBadChallenge), true
	case s.deny:
		return back("access_denied", descDenied), true
	}
	return reply{}, false
}

func (s *Server) challengeShapeOK(ch string) bool {
	if s.opts.Challenge == ChallengeHex {
		return hexChallenge.MatchString(ch)
	}
	return b64Challenge.MatchString(ch)
}

// pkceOK verifies the verifier against the challenge in the configured encoding.
func (s *Server) pkceOK(challenge, verifier string) bool {
	sum := sha256.Sum256([]byte(verifier))
	want := base64.RawURLEncoding.EncodeToString(sum[:])
	if s.opts.Challenge == ChallengeHex {
		want = hex.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

func redirectTo(redirect string, v url.Values, state string) reply {
	if state != "" {
		v.Set("state", state)
	}
	u, _ := url.Parse(redirect)
	q := u.Query()
	for k, vals := range v {
		q[k] = vals
	}
	u.RawQuery = q.Encode()
	return reply{Location: u.String()}
}

// token is POST /v2/oauth/token/: authorization_code and refresh_token grants.
func (s *Server) token(c *call) reply {
	v, app, rep := s.clientAuth(c.R)
	if rep != nil {
		return *rep
	}
	switch v.Get("grant_type") {
	case "authorization_code":
		return s.exchangeCode(c, app, v)
	case "refresh_token":
		return s.refreshGrant(c, app, v)
	case "":
		return s.oauthErr("invalid_request", fmt.Sprintf(descMissingParam, "grant_type"))
	}
	return s.oauthErr("unsupported_grant_type", descBadGrantType)
}

// clientAuth reads the form body and checks client_key and client_secret.
func (s *Server) clientAuth(r *http.Request) (url.Values, *App, *reply) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" || r.ParseForm() != nil {
		rep := s.oauthErr("invalid_request", descFormRequired)
		return nil, nil, &rep
	}
	v := r.PostForm
	if v.Get("client_key") == "" {
		rep := s.oauthErr("invalid_request", fmt.Sprintf(descMissingParam, "client_key"))
		return nil, nil, &rep
	}
	app := s.apps[v.Get("client_key")]
	if app == nil || subtle.ConstantTimeCompare([]byte(v.Get("client_secret")), []byte(app.ClientSecret)) != 1 {
		rep := s.oauthErr("invalid_client", descBadClient)
		return nil, nil, &rep
	}
	return v, app, nil
}

func (s *Server) exchangeCode(c *call, app *App, v url.Values) reply {
	for _, p := range []string{"code", "redirect_uri", "code_verifier"} {
		if v.Get(p) == "" {
			return s.oauthErr("invalid_request", fmt.Sprintf(descMissingParam, p))
		}
	}
	if n := len(v.Get("code_verifier")); n < 43 || n > 128 {
		return s.oauthErr("invalid_request", descVerifierShape)
	}
	cd := s.codes[v.Get("code")]
	delete(s.codes, v.Get("code")) // single use, even when refused
	if cd == nil || cd.g.clientKey != app.ClientKey || cd.redirect != v.Get("redirect_uri") || !c.Now.Before(cd.expires) {
		return s.oauthErr("invalid_grant", descBadCode)
	}
	if !s.pkceOK(cd.challenge, v.Get("code_verifier")) {
		return s.oauthErr("invalid_grant", descBadVerifier)
	}
	cd.g.refreshDeadline = c.Now.Add(s.opts.RefreshTTL)
	return s.issue(cd.g, c.Now)
}

// refreshGrant rotates: the old refresh token dies, the deadline stays.
func (s *Server) refreshGrant(c *call, app *App, v url.Values) reply {
	if v.Get("refresh_token") == "" {
		return s.oauthErr("invalid_request", fmt.Sprintf(descMissingParam, "refresh_token"))
	}
	rt := s.refresh[v.Get("refresh_token")]
	if rt == nil || rt.used || rt.g.revoked || rt.g.clientKey != app.ClientKey || !c.Now.Before(rt.g.refreshDeadline) {
		return s.oauthErr("invalid_grant", descBadRefresh)
	}
	rt.used = true
	return s.issue(rt.g, c.Now)
}

func (s *Server) issue(g *grant, now time.Time) reply {
	at, rt := randomToken(), "rft."+randomToken()[4:]
	s.access[at] = &accessToken{g: g, expires: now.Add(s.opts.AccessTTL)}
	s.refresh[rt] = &refreshToken{g: g}
	return reply{Status: http.StatusOK, Body: map[string]any{
		"open_id": g.openID, "scope": strings.Join(g.scopes, ","), "access_token": at, "expires_in": int64(s.opts.AccessTTL / time.Second),
		"refresh_token": rt, "refresh_expires_in": int64(g.refreshDeadline.Sub(now) / time.Second), "token_type": "Bearer",
	}}
}

// revoke is POST /v2/oauth/revoke/: the whole authorization (access and refresh) ends.
func (s *Server) revoke(c *call) reply {
	v, app, rep := s.clientAuth(c.R)
	if rep != nil {
		return *rep
	}
	if v.Get("token") == "" {
		return s.oauthErr("invalid_request", fmt.Sprintf(descMissingParam, "token"))
	}
	if t := s.access[v.Get("token")]; t != nil && t.g.clientKey == app.ClientKey {
		t.g.revoked = true
	}
	return reply{Status: http.StatusOK}
}
