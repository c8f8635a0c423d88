package youtubefake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Google's words, as its endpoints send them.
const (
	descClientNotFound  = "The OAuth client was not found."
	descUnauthorized    = "Unauthorized"
	descSecretMissing   = "client_secret is missing."
	descBadRequest      = "Bad Request"
	descMissingVerifier = "Missing code verifier."
	descInvalidVerifier = "Invalid code verifier."
	descExpiredOrRevoke = "Token has been expired or revoked."
	descRevokeInvalid   = "Token expired or revoked"
)

// knownScopes are the scopes the fake accepts (YouTube, YouTube Analytics, sign-in).
var knownScopes = []string{
	"https://www.googleapis.com/auth/youtube",
	"https://www.googleapis.com/auth/youtube.upload",
	"https://www.googleapis.com/auth/youtube.readonly",
	"https://www.googleapis.com/auth/youtube.force-ssl",
	"https://www.googleapis.com/auth/youtubepartner",
	"https://www.googleapis.com/auth/yt-analytics.readonly",
	"https://www.googleapis.com/auth/yt-analytics-monetary.readonly",
	"openid", "email", "profile",
}

// authorize is GET /o/oauth2/v2/auth. Request errors are shown as a page in the
// browser (no redirect), as Google does; a valid request is approved at once by the
// AuthorizeAs user and redirected to redirect_uri with code, scope and state.
func (s *Server) authorize(c *call) reply {
	q := c.R.URL.Query()
	s.lastAuth = q
	app := s.st.apps[q.Get("client_id")]
	if app == nil {
		return errorPage(http.StatusUnauthorized, "invalid_client", descClientNotFound)
	}
	redirect := q.Get("redirect_uri")
	if rep := checkRedirect(app, redirect); rep != nil {
		return *rep
	}
	scopes := strings.Fields(q.Get("scope"))
	if rep := s.checkAuthParams(q, scopes); rep != nil {
		return *rep
	}
	if s.deny {
		return redirectReply(redirect, url.Values{"error": {"access_denied"}}, q)
	}
	cd := s.issueCodeLocked(c, app, q, scopes)
	return redirectReply(redirect, url.Values{"code": {cd.value}, "scope": {strings.Join(cd.scopes, " ")},
		"authuser": {"0"}, "prompt": {"consent"}}, q)
}

// checkRedirect applies the client type's redirect rule.
func checkRedirect(app *App, redirect string) *reply {
	if redirect == "" {
		rep := errorPage(http.StatusBadRequest, "invalid_request", "Missing required parameter: redirect_uri")
		return &rep
	}
	ok := slices.Contains(app.RedirectURIs, redirect)
	if app.Type == Desktop {
		ok = ok || loopbackRedirect(redirect)
	}
	if !ok {
		rep := errorPage(http.StatusBadRequest, "redirect_uri_mismatch",
			"You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. "+
				"If you're the app developer, register the redirect URI in the Google Cloud Console. Request details: redirect_uri="+redirect)
		return &rep
	}
	return nil
}

// loopbackRedirect is a desktop client's rule: http, a loopback IP literal or
// localhost, any port (or none: the client file Google hands out lists
// "http://localhost"), any path, no fragment and no user info.
func loopbackRedirect(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Fragment != "" || u.User != nil {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())
}

// checkAuthParams validates response_type, scope, access_type and PKCE.
func (s *Server) checkAuthParams(q url.Values, scopes []string) *reply {
	bad := func(code, detail string) *reply {
		rep := errorPage(http.StatusBadRequest, code, detail)
		return &rep
	}
	switch {
	case q.Get("response_type") != "code":
		return bad("invalid_request", "Invalid response_type: "+q.Get("response_type"))
	case len(scopes) == 0:
		return bad("invalid_request", "Missing required parameter: scope")
	case !allKnown(scopes):
		return bad("invalid_scope", "Some requested scopes were invalid. {invalid=["+strings.Join(unknown(scopes), ", ")+"]}")
	case q.Has("access_type") && q.Get("access_type") != "offline" && q.Get("access_type") != "online":
		return bad("invalid_request", "Invalid access_type: "+q.Get("access_type"))
	case q.Get("code_challenge") != "" && !slices.Contains([]string{"", "S256", "plain"}, q.Get("code_challenge_method")):
		return bad("invalid_request", "Invalid code_challenge_method: "+q.Get("code_challenge_method"))
	case q.Get("code_challenge") == "" && s.opts.RequirePKCE:
		return bad("invalid_request", "Missing required parameter: code_challenge")
	}
	return nil
}

func allKnown(scopes []string) bool { return len(unknown(scopes)) == 0 }

func unknown(scopes []string) []string {
	var out []string
	for _, sc := range scopes {
		if !slices.Contains(knownScopes, sc) {
			out = append(out, sc)
		}
	}
	return out
}

// issueCodeLocked records the consent and returns a fresh code. A refresh token is due
// for access_type=offline on the first consent of this client and user, or whenever
// prompt=consent asks for consent again.
func (s *Server) issueCodeLocked(c *call, app *App, q url.Values, requested []string) *code {
	granted := requested
	if s.grantOnly != nil {
		granted = slices.DeleteFunc(slices.Clone(requested), func(sc string) bool { return !slices.Contains(s.grantOnly, sc) })
	}
	key := consentKey(app.ClientID, s.authUser)
	previous, consentedBefore := s.st.consents[key]
	if q.Get("include_granted_scopes") == "true" {
		granted = union(previous, granted)
	}
	s.st.consents[key] = union(previous, granted)
	offline := q.Get("access_type") == "offline"
	forced := slices.Contains(strings.Fields(q.Get("prompt")), "consent")
	method := q.Get("code_challenge_method")
	if method == "" && q.Get("code_challenge") != "" {
		method = "plain"
	}
	cd := &code{value: randomToken("4/0A"), clientID: app.ClientID, userID: s.authUser, redirect: q.Get("redirect_uri"),
		challenge: q.Get("code_challenge"), method: method, scopes: granted,
		refresh: offline && (forced || !consentedBefore), issued: c.Now}
	s.st.codes[cd.value] = cd
	return cd
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func redirectReply(redirect string, v url.Values, q url.Values) reply {
	if q.Has("state") {
		v.Set("state", q.Get("state"))
	}
	u, _ := url.Parse(redirect)
	qq := u.Query()
	for k, vals := range v {
		qq[k] = vals
	}
	u.RawQuery = qq.Encode()
	return reply{Status: http.StatusFound, Header: http.Header{"Location": {u.String()}}}
}

// token is POST /token: authorization_code and refresh_token grants.
func (s *Server) token(c *call) reply {
	if err := c.R.ParseForm(); err != nil {
		return oauthErr(http.StatusBadRequest, "invalid_request", "Could not parse the request body.")
	}
	app, rep := s.clientAuth(c.R)
	if rep != nil {
		return *rep
	}
	switch gt := c.R.PostForm.Get("grant_type"); gt {
	case "authorization_code":
		return s.exchangeCode(c, app)
	case "refresh_token":
		return s.refreshGrant(c, app)
	case "":
		return oauthErr(http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: ")
	default:
		return oauthErr(http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: "+gt)
	}
}

// clientAuth checks client_id and client_secret (body or HTTP Basic). Google requires
// the secret of web and desktop clients alike.
func (s *Server) clientAuth(r *http.Request) (*App, *reply) {
	id, secret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
	}
	fail := func(rep reply) (*App, *reply) { return nil, &rep }
	app := s.st.apps[id]
	switch {
	case id == "":
		return fail(oauthErr(http.StatusBadRequest, "invalid_request", "Could not determine client ID from request."))
	case app == nil:
		return fail(oauthErr(http.StatusUnauthorized, "invalid_client", descClientNotFound))
	case secret == "":
		return fail(oauthErr(http.StatusBadRequest, "invalid_request", descSecretMissing))
	case subtle.ConstantTimeCompare([]byte(secret), []byte(app.ClientSecret)) != 1:
		return fail(oauthErr(http.StatusUnauthorized, "invalid_client", descUnauthorized))
	}
	return app, nil
}

// exchangeCode checks a code (single use, not expired, same client and redirect_uri,
// PKCE verifier) and issues the tokens.
func (s *Server) exchangeCode(c *call, app *App) reply {
	f := c.R.PostForm
	if f.Get("code") == "" {
		return oauthErr(http.StatusBadRequest, "invalid_request", "Missing required parameter: code")
	}
	cd := s.st.codes[f.Get("code")]
	delete(s.st.codes, f.Get("code")) // single use, even when the exchange fails
	switch {
	case cd == nil || cd.clientID != app.ClientID || c.Now.Sub(cd.issued) > s.opts.CodeTTL:
		return oauthErr(http.StatusBadRequest, "invalid_grant", descBadRequest)
	case cd.redirect != f.Get("redirect_uri"):
		return oauthErr(http.StatusBadRequest, "redirect_uri_mismatch", descBadRequest)
	case cd.challenge != "" && f.Get("code_verifier") == "":
		return oauthErr(http.StatusBadRequest, "invalid_grant", descMissingVerifier)
	case cd.challenge != "" && !pkceOK(cd.method, cd.challenge, f.Get("code_verifier")):
		return oauthErr(http.StatusBadRequest, "invalid_grant", descInvalidVerifier)
	}
	g := &grant{clientID: app.ClientID, userID: cd.userID, scopes: cd.scopes}
	body := s.issueAccessLocked(g, c.Now)
	if cd.refresh {
		body["refresh_token"] = s.issueRefreshLocked(g, c.Now)
		if s.opts.TestingMode {
			body["refresh_token_expires_in"] = int((7*24*time.Hour)/time.Second) - 1
		}
	}
	return reply{Status: http.StatusOK, Body: body}
}

func pkceOK(method, challenge, verifier string) bool {
	got := verifier
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		got = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

// refreshGrant issues a new access token for a live refresh token of this client.
func (s *Server) refreshGrant(c *call, app *App) reply {
	raw := c.R.PostForm.Get("refresh_token")
	if raw == "" {
		return oauthErr(http.StatusBadRequest, "invalid_request", "Missing required parameter: refresh_token")
	}
	t := s.st.refresh[raw]
	switch {
	case t == nil || !s.refreshAliveLocked(t, c.Now):
		return oauthErr(http.StatusBadRequest, "invalid_grant", descExpiredOrRevoke)
	case t.g.clientID != app.ClientID:
		return oauthErr(http.StatusUnauthorized, "unauthorized_client", descUnauthorized)
	}
	t.used = c.Now
	body := s.issueAccessLocked(t.g, c.Now)
	if s.opts.RotateRefreshTokens {
		t.dead = true
		body["refresh_token"] = s.issueRefreshLocked(t.g, c.Now)
	}
	return reply{Status: http.StatusOK, Body: body}
}

func (s *Server) issueAccessLocked(g *grant, now time.Time) map[string]any {
	tok := randomToken("ya29.")
	s.st.access[tok] = &accessToken{g: g, expires: now.Add(s.opts.AccessTTL)}
	return map[string]any{"access_token": tok, "token_type": "Bearer",
		"expires_in": int(s.opts.AccessTTL/time.Second) - 1, "scope": strings.Join(g.scopes, " ")}
}

// issueRefreshLocked issues a refresh token and enforces the per-client, per-user limit
// by killing the oldest live ones.
func (s *Server) issueRefreshLocked(g *grant, now time.Time) string {
	tok := randomToken("1//0")
	s.st.refresh[tok] = &refreshToken{value: tok, g: g, issued: now, used: now, expiresInTests: s.opts.TestingMode}
	var live []*refreshToken
	for _, t := range s.st.refresh {
		if t.g.clientID == g.clientID && t.g.userID == g.userID && s.refreshAliveLocked(t, now) {
			live = append(live, t)
		}
	}
	slices.SortFunc(live, func(a, b *refreshToken) int { return a.issued.Compare(b.issued) })
	for i := 0; i < len(live)-s.opts.MaxRefreshTokens; i++ {
		live[i].dead = true
	}
	return tok
}

// revoke is POST /revoke with token in the query or the form body. Revoking an access
// or a refresh token removes the client's access to the user's account: every token
// of that client and user dies.
func (s *Server) revoke(c *call) reply {
	_ = c.R.ParseForm()
	raw := c.R.Form.Get("token")
	var g *grant
	if t := s.st.access[raw]; t != nil && c.Now.Before(t.expires) {
		g = t.g
	}
	if t := s.st.refresh[raw]; t != nil && s.refreshAliveLocked(t, c.Now) {
		g = t.g
	}
	if g == nil || g.revoked {
		return oauthErr(http.StatusBadRequest, "invalid_token", descRevokeInvalid)
	}
	s.revokeGrantsLocked(func(x *grant) bool { return x.clientID == g.clientID && x.userID == g.userID })
	return reply{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, Body: map[string]any{}}
}
