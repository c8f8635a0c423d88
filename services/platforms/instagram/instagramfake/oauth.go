package instagramfake

import (
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// KnownScopes are Instagram Login's permissions; the old business_* names stopped
// working on 2025-01-27 and are refused.
var KnownScopes = []string{
	"instagram_business_basic", "instagram_business_content_publish", "instagram_business_manage_insights",
	"instagram_business_manage_messages", "instagram_business_manage_comments",
}

// authorize is instagram.com/oauth/authorize: the app, the exact redirect URI,
// response_type=code and the permissions are checked, then the user approves at once.
func (s *Server) authorize(c *call) reply {
	a, ok := s.apps[c.q.Get("client_id")]
	if !ok {
		return igErr("Invalid platform app")
	}
	redirect := c.q.Get("redirect_uri")
	if !slices.Contains(a.redirects, redirect) {
		return igErr("Invalid redirect_uri")
	}
	if c.q.Get("response_type") != "code" {
		return igErr("Invalid response_type")
	}
	scopes := strings.Split(c.q.Get("scope"), ",")
	for _, sc := range scopes {
		if !slices.Contains(KnownScopes, sc) {
			return igErr("Invalid scope: " + sc)
		}
	}
	u, ok := s.users[s.authUser]
	if !ok {
		return igErr("instagramfake: no user to approve the dialog (AddUser first)")
	}
	v := url.Values{}
	if st := c.q.Get("state"); st != "" {
		v.Set("state", st)
	}
	if s.deny {
		s.deny = false
		v.Set("error", "access_denied")
		v.Set("error_reason", "user_denied")
		v.Set("error_description", "The user denied your request.")
		return reply{location: redirect + "?" + v.Encode() + "#_"}
	}
	cd := rand.Text()
	s.codes[cd] = &code{appID: a.id, userID: u.ID, redirect: redirect, scopes: scopes, issued: c.now}
	v.Set("code", cd)
	return reply{location: redirect + "?" + v.Encode() + "#_"}
}

// codeExchange is POST api.instagram.com/oauth/access_token (form body only).
func (s *Server) codeExchange(c *call) reply {
	f := c.r.PostForm
	a, ok := s.apps[f.Get("client_id")]
	switch {
	case !ok:
		return igErr("Invalid platform app")
	case subtle.ConstantTimeCompare([]byte(f.Get("client_secret")), []byte(a.secret)) != 1:
		return igErr("Error validating client secret.")
	case f.Get("grant_type") != "authorization_code":
		return igErr("Invalid grant_type")
	case f.Get("redirect_uri") == "":
		return igErr("You must provide a redirect_uri")
	}
	cd, ok := s.codes[f.Get("code")]
	switch {
	case !ok || cd.used || cd.appID != a.id:
		return igErr("Matching code was not found or was already used")
	case !c.now.Before(cd.issued.Add(s.opts.CodeTTL)):
		return igErr("This authorization code has expired")
	case f.Get("redirect_uri") != cd.redirect:
		return igErr("Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request")
	}
	cd.used = true
	t := s.newTokenLocked(a.id, cd.userID, cd.scopes, false)
	ans := map[string]any{"access_token": t.Value, "user_id": jsonNumber(s.users[cd.userID].UserID), "permissions": strings.Join(cd.scopes, ",")}
	if s.opts.WrapCodeResponse {
		return jsonReply(map[string]any{"data": []any{ans}})
	}
	return jsonReply(ans)
}

// jsonNumber sends a numeric id as a JSON number, as Instagram does (user_id).
type jsonNumber string

// MarshalJSON writes the digits unquoted; other ids stay strings.
func (n jsonNumber) MarshalJSON() ([]byte, error) {
	if strings.Trim(string(n), "0123456789") == "" && n != "" {
		return []byte(n), nil
	}
	return []byte(`"` + string(n) + `"`), nil
}

// validToken checks a token the Graph way (190 with subcodes).
func (s *Server) validToken(c *call, value string) (*Token, reply) {
	if value == "" {
		return nil, graphErr(http.StatusBadRequest, "An active access token must be used to query information about the current user.", "OAuthException", 2500, 0)
	}
	t, ok := s.tokens[value]
	switch {
	case !ok:
		return nil, graphErr(http.StatusBadRequest, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190, 0)
	case t.epoch != s.users[t.UserID].epoch:
		return nil, graphErr(http.StatusBadRequest, "Error validating access token: The session has been invalidated because the user changed their password or Instagram has changed the session for security reasons.", "OAuthException", 190, 460)
	case !c.now.Before(t.Expires):
		return nil, graphErr(http.StatusBadRequest, "Error validating access token: Session has expired on "+t.Expires.UTC().Format("Monday, 02-Jan-06 15:04:05 MST")+". The current time is "+c.now.UTC().Format("Monday, 02-Jan-06 15:04:05 MST")+".", "OAuthException", 190, 463)
	}
	return t, reply{}
}

// exchange is graph.instagram.com/access_token?grant_type=ig_exchange_token: a valid
// token plus its app's secret give a 60-day token.
func (s *Server) exchange(c *call) reply {
	if gt := c.q.Get("grant_type"); gt != "ig_exchange_token" {
		return graphErr(http.StatusBadRequest, "Unsupported grant_type: "+gt, "OAuthException", 100, 0)
	}
	t, rep := s.validToken(c, c.q.Get("access_token"))
	if t == nil {
		return rep
	}
	if subtle.ConstantTimeCompare([]byte(c.q.Get("client_secret")), []byte(s.apps[t.AppID].secret)) != 1 {
		return graphErr(http.StatusBadRequest, "Error validating client secret.", "OAuthException", 1, 0)
	}
	return tokenReply(s.newTokenLocked(t.AppID, t.UserID, t.Scopes, true), c.now)
}

// refresh is graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token: only
// a valid long-lived token at least MinRefreshAge old; the new token lasts 60 days from
// now. The old token stays valid until its own expiry.
func (s *Server) refresh(c *call) reply {
	if gt := c.q.Get("grant_type"); gt != "ig_refresh_token" {
		return graphErr(http.StatusBadRequest, "Unsupported grant_type: "+gt, "OAuthException", 100, 0)
	}
	t, rep := s.validToken(c, c.q.Get("access_token"))
	if t == nil {
		return rep
	}
	if !t.LongLived {
		return graphErr(http.StatusBadRequest, "Only long-lived access tokens can be refreshed.", "OAuthException", 100, 0)
	}
	if c.now.Sub(t.Issued) < s.opts.MinRefreshAge {
		return graphErr(http.StatusBadRequest, "The access token can only be refreshed once it is at least 24 hours old.", "OAuthException", 100, 0)
	}
	return tokenReply(s.newTokenLocked(t.AppID, t.UserID, t.Scopes, true), c.now)
}

func tokenReply(t *Token, now time.Time) reply {
	return jsonReply(map[string]any{"access_token": t.Value, "token_type": "bearer", "expires_in": int64(t.Expires.Sub(now).Seconds())})
}

// me is /me: the token's user with the requested fields; it needs instagram_business_basic.
func (s *Server) me(c *call) reply {
	if v := c.r.PathValue("version"); v != "" && !strings.HasPrefix(v, "v") {
		return graphErr(http.StatusBadRequest, "Unknown path components: /"+v, "OAuthException", 2500, 0)
	}
	tok := c.q.Get("access_token")
	if h := c.r.Header.Get("Authorization"); tok == "" && strings.HasPrefix(h, "Bearer ") {
		tok = strings.TrimPrefix(h, "Bearer ")
	}
	t, rep := s.validToken(c, tok)
	if t == nil {
		return rep
	}
	if !slices.Contains(t.Scopes, "instagram_business_basic") {
		return graphErr(http.StatusForbidden, "(#10) Application does not have permission for this action", "OAuthException", 10, 0)
	}
	return jsonReply(userFields(s.users[t.UserID].User, c.q.Get("fields")))
}

func userFields(u User, fields string) map[string]any {
	out := map[string]any{"id": u.ID}
	for _, f := range strings.Split(fields, ",") {
		switch strings.TrimSpace(f) {
		case "user_id":
			out["user_id"] = u.UserID
		case "username":
			out["username"] = u.Username
		case "name":
			out["name"] = u.Name
		case "profile_picture_url":
			out["profile_picture_url"] = u.ProfilePictureURL
		case "account_type":
			out["account_type"] = "BUSINESS"
		}
	}
	return out
}
