package linkedinfake

import (
	"crypto/subtle"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// LinkedIn's words for the refusals the fake reproduces. The refresh-token wording is
// not documented (unverified).
const (
	msgBadRedirect   = "The redirect_uri does not match the registered value"
	msgBadClientID   = "The passed in client_id is invalid"
	msgCodeMismatch  = "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists"
	msgClientAuth    = "Client authentication failed"
	msgCancelled     = "The user cancelled the authorization"
	msgRefreshBad    = "The provided refresh token is invalid or has expired"
	msgRefreshNotApp = "Refresh tokens are not enabled for this application"
)

// authorize is GET /oauth/v2/authorization: it auto-approves as the chosen member and
// redirects to redirect_uri with code and state.
func (s *Server) authorize(c *call) reply {
	q := c.R.URL.Query()
	app := s.apps[q.Get("client_id")]
	if app == nil {
		return reply{Status: http.StatusBadRequest, HTML: page(msgBadClientID)}
	}
	redirect := q.Get("redirect_uri")
	if !slices.Contains(app.RedirectURIs, redirect) {
		return reply{Status: http.StatusBadRequest, HTML: page(msgBadRedirect)}
	}
	back := func(v url.Values) reply { return redirectTo(redirect, v, q.Get("state")) }
	scopes := strings.Fields(strings.ReplaceAll(q.Get("scope"), ",", " "))
	if q.Get("response_type") != "code" {
		return back(url.Values{"error": {"invalid_request"}, "error_description": {"Invalid response_type: " + q.Get("response_type")}})
	}
	for _, sc := range scopes {
		if !slices.Contains(app.Scopes, sc) {
			return back(url.Values{"error": {"unauthorized_scope_error"}, "error_description": {fmt.Sprintf("Scope %q is not authorized for your application", sc)}})
		}
	}
	if s.deny {
		return back(url.Values{"error": {"user_cancelled_authorize"}, "error_description": {msgCancelled}})
	}
	cd := randomToken()
	s.codes[cd] = &code{g: &grant{memberID: s.authUser, clientID: app.ClientID, scopes: scopes}, redirect: redirect, expires: c.Now.Add(s.opts.CodeTTL)}
	return back(url.Values{"code": {cd}})
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

// token is POST /oauth/v2/accessToken: authorization_code and refresh_token grants.
func (s *Server) token(c *call) reply {
	v, rep := formBody(c.R)
	if rep != nil {
		return *rep
	}
	app, rep := s.clientAuth(v)
	if rep != nil {
		return *rep
	}
	switch v.Get("grant_type") {
	case "authorization_code":
		return s.exchangeCode(c, app, v)
	case "refresh_token":
		return s.refreshGrant(c, app, v)
	case "":
		return missing("grant_type")
	}
	return oauthErr(http.StatusBadRequest, "unsupported_grant_type", "The grant_type is not supported: "+v.Get("grant_type"))
}

// formBody reads an urlencoded body; parameters in the query string do not count.
func formBody(r *http.Request) (url.Values, *reply) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" || r.ParseForm() != nil {
		rep := oauthErr(http.StatusBadRequest, "invalid_request", "The request must be application/x-www-form-urlencoded")
		return nil, &rep
	}
	return r.PostForm, nil
}

func missing(param string) reply {
	return oauthErr(http.StatusBadRequest, "invalid_request", fmt.Sprintf("A required parameter %q is missing", param))
}

// clientAuth checks client_id and client_secret in the body; HTTP Basic alone is refused.
func (s *Server) clientAuth(v url.Values) (*App, *reply) {
	for _, p := range []string{"client_id", "client_secret"} {
		if v.Get(p) == "" {
			rep := missing(p)
			return nil, &rep
		}
	}
	app := s.apps[v.Get("client_id")]
	if app == nil || subtle.ConstantTimeCompare([]byte(v.Get("client_secret")), []byte(app.ClientSecret)) != 1 {
		rep := oauthErr(http.StatusUnauthorized, "invalid_client", msgClientAuth)
		return nil, &rep
	}
	return app, nil
}

func (s *Server) exchangeCode(c *call, app *App, v url.Values) reply {
	for _, p := range []string{"code", "redirect_uri"} {
		if v.Get(p) == "" {
			return missing(p)
		}
	}
	cd := s.codes[v.Get("code")]
	delete(s.codes, v.Get("code")) // single use, even when refused
	if cd == nil || cd.g.clientID != app.ClientID || cd.redirect != v.Get("redirect_uri") || !c.Now.Before(cd.expires) {
		return oauthErr(http.StatusBadRequest, "invalid_request", msgCodeMismatch)
	}
	body := s.issueAccess(cd.g, c.Now)
	if app.Partner {
		rt := randomToken()
		s.refresh[rt] = &refreshToken{g: cd.g, deadline: c.Now.Add(s.opts.RefreshTTL)}
		body["refresh_token"], body["refresh_token_expires_in"] = rt, int64(s.opts.RefreshTTL/time.Second)
	}
	return reply{Status: http.StatusOK, Body: body}
}

// refreshGrant renews the access token; the refresh token and its deadline stay.
func (s *Server) refreshGrant(c *call, app *App, v url.Values) reply {
	if !app.Partner {
		return oauthErr(http.StatusBadRequest, "invalid_request", msgRefreshNotApp)
	}
	if v.Get("refresh_token") == "" {
		return missing("refresh_token")
	}
	rt := s.refresh[v.Get("refresh_token")]
	if rt == nil || rt.revoked || rt.g.clientID != app.ClientID || !c.Now.Before(rt.deadline) {
		return oauthErr(http.StatusBadRequest, "invalid_request", msgRefreshBad)
	}
	body := s.issueAccess(rt.g, c.Now)
	body["refresh_token"], body["refresh_token_expires_in"] = v.Get("refresh_token"), int64(rt.deadline.Sub(c.Now)/time.Second)
	return reply{Status: http.StatusOK, Body: body}
}

func (s *Server) issueAccess(g *grant, now time.Time) map[string]any {
	at := randomToken()
	s.access[at] = &accessToken{g: g, expires: now.Add(s.opts.AccessTTL)}
	return map[string]any{"access_token": at, "expires_in": int64(s.opts.AccessTTL / time.Second), "scope": strings.Join(g.scopes, ",")}
}

// revoke is POST /oauth/v2/revoke: client credentials and the token in the body.
func (s *Server) revoke(c *call) reply {
	v, rep := formBody(c.R)
	if rep != nil {
		return *rep
	}
	app, rep := s.clientAuth(v)
	if rep != nil {
		return *rep
	}
	tok := v.Get("token")
	if tok == "" {
		return missing("token")
	}
	if t := s.access[tok]; t != nil && t.g.clientID == app.ClientID {
		t.revoked = true
	}
	if t := s.refresh[tok]; t != nil && t.g.clientID == app.ClientID {
		t.revoked = true
	}
	return reply{Status: http.StatusOK}
}
