package facebookfake

import (
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// KnownScopes are the permissions the dialog accepts; others are "Invalid Scopes".
var KnownScopes = []string{
	"public_profile", "email", "pages_show_list", "pages_read_engagement", "pages_manage_posts",
	"pages_read_user_engagement", "pages_manage_engagement", "pages_manage_metadata", "publish_video",
	"read_insights", "business_management", "instagram_basic", "instagram_content_publish",
	"instagram_manage_insights", "instagram_manage_comments", "instagram_manage_contents", "ads_management", "ads_read",
}

// splitScopes splits Meta's comma-separated permission list (spaces are tolerated).
func splitScopes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

// dialog is the Login dialog: checks the app, the exact redirect URI and the
// permissions, then the authorizing user approves (or cancels) at once.
func (s *Server) dialog(c *call) reply {
	app, ok := s.apps[c.q.Get("client_id")]
	if !ok {
		return htmlPage(http.StatusBadRequest, "Invalid App ID", "The provided app ID does not look like a valid app ID.")
	}
	redirect := c.q.Get("redirect_uri")
	if !slices.Contains(app.Redirects, redirect) {
		return htmlPage(http.StatusBadRequest, "URL Blocked",
			"URL blocked: This redirect failed because the redirect URI is not white-listed in the app's client OAuth settings. Make sure that the client and web OAuth login are on and add all your app domains as valid OAuth redirect URIs.")
	}
	if rt := c.q.Get("response_type"); rt != "" && rt != "code" {
		return htmlPage(http.StatusBadRequest, "Error", "response_type must be code for this app.")
	}
	scopes := splitScopes(c.q.Get("scope"))
	if bad := unknownScopes(scopes); len(bad) > 0 {
		return htmlPage(http.StatusBadRequest, "Invalid Scopes", "Invalid Scopes: "+strings.Join(bad, ", ")+
			". This message is only shown to developers. Users of your app will ignore these permissions if present. Please read the documentation for valid permissions at: https://developers.facebook.com/docs/facebook-login/permissions")
	}
	return s.approve(c, app, redirect, scopes)
}

func unknownScopes(scopes []string) []string {
	var bad []string
	for _, sc := range scopes {
		if !slices.Contains(KnownScopes, sc) {
			bad = append(bad, sc)
		}
	}
	return bad
}

func (s *Server) approve(c *call, app *App, redirect string, scopes []string) reply {
	u, ok := s.users[s.authUser]
	if !ok {
		return htmlPage(http.StatusInternalServerError, "Error", "facebookfake: no user to approve the dialog (AddUser first)")
	}
	v := url.Values{}
	if st := c.q.Get("state"); st != "" {
		v.Set("state", st)
	}
	if s.deny {
		s.deny = false
		v.Set("error", "access_denied")
		v.Set("error_code", "200")
		v.Set("error_description", "Permissions error")
		v.Set("error_reason", "user_denied")
		return reply{location: redirect + "?" + v.Encode() + "#_=_"}
	}
	granted := slices.DeleteFunc(slices.Clone(scopes), func(sc string) bool { return u.declined[sc] })
	cd := rand.Text()
	s.codes[cd] = &code{appID: app.ID, userID: u.ID, redirect: redirect, scopes: granted, issued: c.now}
	v.Set("code", cd)
	return reply{location: redirect + "?" + v.Encode() + "#_=_"}
}

// accessToken is GET or POST /oauth/access_token: the code exchange, or the long-lived
// exchange with grant_type=fb_exchange_token. Both need the app id and secret.
func (s *Server) accessToken(c *call) reply {
	app, rep := s.clientAuth(c)
	if app == nil {
		return rep
	}
	switch gt := c.q.Get("grant_type"); gt {
	case "fb_exchange_token":
		s.calls["exchange"]++
		return s.exchange(c, app)
	case "", "authorization_code":
		return s.codeExchange(c, app)
	default:
		return graphErr(http.StatusBadRequest, "Unsupported grant_type: "+gt, "OAuthException", 100, 0)
	}
}

func (s *Server) clientAuth(c *call) (*App, reply) {
	app, ok := s.apps[c.q.Get("client_id")]
	if !ok {
		return nil, graphErr(http.StatusBadRequest, "Error validating application. Invalid application ID.", "OAuthException", 101, 0)
	}
	if subtle.ConstantTimeCompare([]byte(c.q.Get("client_secret")), []byte(app.Secret)) != 1 {
		return nil, graphErr(http.StatusBadRequest, "Error validating client secret.", "OAuthException", 1, 0)
	}
	return app, reply{}
}

func (s *Server) codeExchange(c *call, app *App) reply {
	if c.q.Get("redirect_uri") == "" {
		return graphErr(http.StatusBadRequest, "Missing redirect_uri parameter.", "OAuthException", 191, 0)
	}
	cd, ok := s.codes[c.q.Get("code")]
	switch {
	case !ok || cd.appID != app.ID:
		return graphErr(http.StatusBadRequest, "Invalid verification code format.", "OAuthException", 100, 36006)
	case cd.used:
		return graphErr(http.StatusBadRequest, "This authorization code has been used.", "OAuthException", 100, 36009)
	case !c.now.Before(cd.issued.Add(s.opts.CodeTTL)):
		return graphErr(http.StatusBadRequest, "This authorization code has expired.", "OAuthException", 100, 36007)
	case c.q.Get("redirect_uri") != cd.redirect:
		return graphErr(http.StatusBadRequest, "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request", "OAuthException", 100, 36008)
	}
	cd.used = true
	return tokenReply(s.newUserTokenLocked(app.ID, cd.userID, cd.scopes, false), c.now)
}

// exchange turns a valid user token of this app into a new long-lived one.
func (s *Server) exchange(c *call, app *App) reply {
	t, rep := s.validToken(c, c.q.Get("fb_exchange_token"))
	if t == nil {
		return rep
	}
	if t.Kind != KindUser || t.AppID != app.ID {
		return graphErr(http.StatusBadRequest, "Error validating access token: The token was not issued for this app or is not a user token.", "OAuthException", 190, 0)
	}
	return tokenReply(s.newUserTokenLocked(app.ID, t.UserID, t.Scopes, true), c.now)
}

func tokenReply(t *Token, now time.Time) reply {
	return jsonReply(map[string]any{"access_token": t.Value, "token_type": "bearer", "expires_in": int64(t.Expires.Sub(now).Seconds())})
}
