package xcomfake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// X's wording at the OAuth endpoints. "Missing valid authorization header" and "Value
// passed for the authorization code was invalid." are observed; the rest follow their
// pattern.
const (
	descNoBasic      = "Missing valid authorization header"
	descBadCode      = "Value passed for the authorization code was invalid."
	descBadToken     = "Value passed for the token was invalid."
	descBadVerifier  = "Value passed for the code verifier was invalid."
	descBadRedirect  = "Value passed for the redirect uri was invalid."
	descBadGrantType = "Value passed for the grant type was invalid."
	descBadClientID  = "Value passed for the client id was invalid."
	descBadMethod    = "Value passed for the code challenge method was invalid."
	descBadRespType  = "Value passed for the response type was invalid."
	descBadState     = "Value passed for the state was invalid."
	descBadScope     = "Value passed for the scope was invalid."
	descDenied       = "The user denied the request."
	descContentType  = "Content-Type must be application/x-www-form-urlencoded."
	pageRefused      = "You weren't able to give access to the App. Go back and try logging in again."
	maxStateLen      = 500
)

func missing(param string) string { return "Missing required parameter [" + param + "]." }

// KnownScopes are the OAuth 2.0 scopes X accepts.
var KnownScopes = strings.Fields(`tweet.read tweet.write tweet.moderate.write users.email users.read
follows.read follows.write offline.access space.read mute.read mute.write like.read like.write
list.read list.write block.read block.write bookmark.read bookmark.write media.write dm.read dm.write`)

// authorize is GET /i/oauth2/authorize. The fake auto-approves as the authorize user and
// redirects to redirect_uri with code and state. An unknown client or an unregistered
// redirect URI gets an error page and no redirect.
func (s *Server) authorize(c *call) reply {
	q := c.R.URL.Query()
	app := s.st.apps[q.Get("client_id")]
	redirect := q.Get("redirect_uri")
	if app == nil || !slices.Contains(app.RedirectURIs, redirect) {
		return errorPage(http.StatusBadRequest, pageRefused)
	}
	back := func(v url.Values) reply { return redirectReply(redirect, v, q.Get("state")) }
	if code, desc := s.checkAuthorize(q); code != "" {
		return back(url.Values{"error": {code}, "error_description": {desc}})
	}
	g := &grant{code: randomToken(), clientID: app.ClientID, userID: s.userLocked(s.opts.AuthorizeUser).ID,
		redirectURI: redirect, scopes: strings.Fields(q.Get("scope")), challenge: q.Get("code_challenge"),
		method: q.Get("code_challenge_method"), createdAt: c.Now}
	s.st.codes[g.code] = g
	return back(url.Values{"code": {g.code}})
}

// checkAuthorize validates the authorization request's parameters; it returns the
// error code and description to redirect with, or "" when the request is fine.
func (s *Server) checkAuthorize(q url.Values) (code, desc string) {
	scopes := strings.Fields(q.Get("scope"))
	switch {
	case q.Get("response_type") == "":
		return "invalid_request", missing("response_type")
	case q.Get("response_type") != "code":
		return "unsupported_response_type", descBadRespType
	case len(scopes) == 0:
		return "invalid_request", missing("scope")
	case !allKnown(scopes):
		return "invalid_scope", descBadScope
	case q.Get("state") == "":
		return "invalid_request", missing("state")
	case len(q.Get("state")) > maxStateLen:
		return "invalid_request", descBadState
	case q.Get("code_challenge") == "":
		return "invalid_request", missing("code_challenge")
	case q.Get("code_challenge_method") == "":
		return "invalid_request", missing("code_challenge_method")
	case q.Get("code_challenge_method") != "S256" && q.Get("code_challenge_method") != "plain":
		return "invalid_request", descBadMethod
	case s.deny:
		return "access_denied", descDenied
	}
	return "", ""
}

func allKnown(scopes []string) bool {
	for _, sc := range scopes {
		if !slices.Contains(KnownScopes, sc) {
			return false
		}
	}
	return true
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
	return reply{Status: http.StatusFound, Header: http.Header{"Location": {u.String()}}}
}

// token is POST /2/oauth2/token.
func (s *Server) token(c *call) reply {
	v, rep := formParams(c.R)
	if rep != nil {
		return *rep
	}
	app, rep := s.clientAuth(c.R, v)
	if rep != nil {
		return *rep
	}
	switch v.Get("grant_type") {
	case "":
		return oauthErr(http.StatusBadRequest, "invalid_request", missing("grant_type"))
	case "authorization_code":
		return s.exchangeCode(c, app, v)
	case "refresh_token":
		return s.refresh(c, app, v)
	}
	return oauthErr(http.StatusBadRequest, "invalid_request", descBadGrantType)
}

// formParams requires an urlencoded body and parses it.
func formParams(r *http.Request) (url.Values, *reply) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" {
		rep := oauthErr(http.StatusBadRequest, "invalid_request", descContentType)
		return nil, &rep
	}
	if err := r.ParseForm(); err != nil {
		rep := oauthErr(http.StatusBadRequest, "invalid_request", descContentType)
		return nil, &rep
	}
	return r.PostForm, nil
}

// clientAuth identifies the client: a confidential app by HTTP Basic only, a public
// app by client_id in the body and no Basic header.
func (s *Server) clientAuth(r *http.Request, v url.Values) (*App, *reply) {
	if id, secret, ok := r.BasicAuth(); ok {
		app := s.st.apps[id]
		if app == nil || !app.Confidential() || subtle.ConstantTimeCompare([]byte(secret), []byte(app.ClientSecret)) != 1 {
			return nil, unauthorizedClient()
		}
		return app, nil
	}
	id := v.Get("client_id")
	if id == "" {
		rep := oauthErr(http.StatusBadRequest, "invalid_request", missing("client_id"))
		return nil, &rep
	}
	app := s.st.apps[id]
	switch {
	case app == nil:
		rep := oauthErr(http.StatusBadRequest, "invalid_request", descBadClientID)
		return nil, &rep
	case app.Confidential():
		return nil, unauthorizedClient()
	}
	return app, nil
}

func unauthorizedClient() *reply {
	rep := oauthErr(http.StatusUnauthorized, "unauthorized_client", descNoBasic)
	return &rep
}

// exchangeCode is grant_type=authorization_code: the code is single-use, expires after
// CodeTTL, and must come with the same client, the exact redirect_uri and the verifier.
func (s *Server) exchangeCode(c *call, app *App, v url.Values) reply {
	for _, p := range []string{"code", "redirect_uri", "code_verifier"} {
		if v.Get(p) == "" {
			return oauthErr(http.StatusBadRequest, "invalid_request", missing(p))
		}
	}
	g := s.st.codes[v.Get("code")]
	if g != nil && c.Now.Sub(g.createdAt) > s.opts.CodeTTL {
		delete(s.st.codes, g.code)
		g = nil
	}
	switch {
	case g == nil || g.clientID != app.ClientID:
		return oauthErr(http.StatusBadRequest, "invalid_request", descBadCode)
	case g.redirectURI != v.Get("redirect_uri"):
		return oauthErr(http.StatusBadRequest, "invalid_request", descBadRedirect)
	case !pkceOK(g.method, g.challenge, v.Get("code_verifier")):
		return oauthErr(http.StatusBadRequest, "invalid_request", descBadVerifier)
	}
	delete(s.st.codes, g.code) // single use
	access, refresh := s.issueLocked(app.ClientID, g.userID, g.scopes, randomToken(), c.Now)
	return tokenReply(access, refresh, s.opts.AccessTTL.Seconds())
}

// pkceOK checks a verifier against the stored challenge (RFC 7636 S256 or plain).
func pkceOK(method, challenge, verifier string) bool {
	want := verifier
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		want = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

// refresh is grant_type=refresh_token: a live refresh token is used up and replaced by
// a new pair in the same family; presenting a used one fails and, unless
// SpareFamilyOnReuse, revokes the whole family.
func (s *Server) refresh(c *call, app *App, v url.Values) reply {
	value := v.Get("refresh_token")
	if value == "" {
		return oauthErr(http.StatusBadRequest, "invalid_request", missing("refresh_token"))
	}
	t := s.st.tokens[value]
	if t == nil || !t.Refresh || t.ClientID != app.ClientID {
		return oauthErr(http.StatusBadRequest, "invalid_request", descBadToken)
	}
	if t.Used && !t.Revoked && !s.opts.SpareFamilyOnReuse {
		s.opts.Logger.Info("xcomfake: rotated refresh token reused, token family revoked", "user", t.UserID)
		s.killFamilyLocked(t.Family)
	}
	if !t.alive(c.Now) {
		return oauthErr(http.StatusBadRequest, "invalid_request", descBadToken)
	}
	t.Used = true
	access, refresh := s.issueLocked(app.ClientID, t.UserID, t.Scopes, t.Family, c.Now)
	return tokenReply(access, refresh, s.opts.AccessTTL.Seconds())
}

func tokenReply(access, refresh *Token, expiresIn float64) reply {
	body := map[string]any{"token_type": "bearer", "expires_in": int(expiresIn),
		"access_token": access.Value, "scope": strings.Join(access.Scopes, " ")}
	if refresh != nil {
		body["refresh_token"] = refresh.Value
	}
	return reply{Status: http.StatusOK, Body: body, Header: http.Header{"Cache-Control": {"no-store"}}}
}

// revoke is POST /2/oauth2/revoke: a token of this client is revoked (a refresh token
// with its family); an unknown token is not an error (RFC 7009).
func (s *Server) revoke(c *call) reply {
	v, rep := formParams(c.R)
	if rep != nil {
		return *rep
	}
	app, rep := s.clientAuth(c.R, v)
	if rep != nil {
		return *rep
	}
	value := v.Get("token")
	if value == "" {
		return oauthErr(http.StatusBadRequest, "invalid_request", missing("token"))
	}
	if t := s.st.tokens[value]; t != nil && t.ClientID == app.ClientID {
		s.revokeLocked(value)
	}
	return jsonReply(http.StatusOK, map[string]bool{"revoked": true})
}
