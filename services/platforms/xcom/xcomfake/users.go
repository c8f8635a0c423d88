package xcomfake

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Rate limit of GET /2/users/me per user (platforms.md §1 Limits: 75 per 15 minutes).
const (
	usersMeLimit  = 75
	usersMeWindow = 15 * time.Minute
)

// userFields are the user.fields values the fake knows.
var userFields = []string{"created_at", "description", "id", "location", "name", "profile_image_url",
	"protected", "public_metrics", "url", "username", "verified", "verified_type"}

// usersMe is GET /2/users/me (scopes tweet.read and users.read).
func (s *Server) usersMe(c *call) reply {
	t, denied := s.bearer(c, "tweet.read", "users.read")
	if denied != nil {
		return *denied
	}
	fields := strings.FieldsFunc(c.R.URL.Query().Get("user.fields"), func(r rune) bool { return r == ',' })
	for _, f := range fields {
		if !slices.Contains(userFields, f) {
			return invalidParam("user.fields", f)
		}
	}
	u := s.userByIDLocked(t.UserID)
	if u == nil {
		return problem(http.StatusUnauthorized, "Unauthorized", "Unauthorized", typeAboutBlank)
	}
	hdr, limited := s.rateLimit(c, u.ID, RouteUsersMe, usersMeLimit)
	if limited {
		rep := problem(http.StatusTooManyRequests, "Too Many Requests", "Too Many Requests", typeAboutBlank)
		rep.Header = hdr
		return rep
	}
	data := userData(u, fields)
	ok := jsonReply(http.StatusOK, map[string]any{"data": data})
	ok.Header = hdr
	return ok
}

// userData is a user object with the requested user.fields.
func userData(u *User, fields []string) map[string]any {
	data := map[string]any{"id": u.ID, "name": u.Name, "username": u.Username}
	for _, f := range fields {
		switch f {
		case "profile_image_url":
			data[f] = u.ProfileImageURL
		case "public_metrics":
			data[f] = map[string]int{"followers_count": 0, "following_count": 0, "tweet_count": 0, "listed_count": 0}
		case "protected", "verified":
			data[f] = false
		}
	}
	return data
}

// bearer requires a live access token with every scope in want: 401 problem otherwise,
// 403 when a scope is missing.
func (s *Server) bearer(c *call, want ...string) (*Token, *reply) {
	raw, ok := strings.CutPrefix(c.R.Header.Get("Authorization"), "Bearer ")
	t := s.st.tokens[strings.TrimSpace(raw)]
	if !ok || t == nil || t.Refresh || !t.alive(c.Now) {
		rep := problem(http.StatusUnauthorized, "Unauthorized", "Unauthorized", typeAboutBlank)
		return nil, &rep
	}
	for _, sc := range want {
		if !slices.Contains(t.Scopes, sc) {
			rep := problem(http.StatusForbidden, "Forbidden", "Forbidden", typeAboutBlank)
			return nil, &rep
		}
	}
	return t, nil
}

// invalidParam is the API's 400 for a bad query parameter value.
func invalidParam(param, value string) reply {
	rep := problem(http.StatusBadRequest, "Invalid Request", "One or more parameters to your request was invalid.", typeInvalidRequest)
	rep.Body.(map[string]any)["errors"] = []map[string]any{{
		"parameters": map[string][]string{param: {value}},
		"message":    fmt.Sprintf("The `%s` query parameter value [%s] is not one of [%s]", param, value, strings.Join(userFields, ",")),
	}}
	return rep
}

// rateLimit counts the call in the user's 15-minute window of route and returns the
// x-rate-limit-* headers X sends on every response; limited is true past the limit
// (SetLimit overrides limit).
func (s *Server) rateLimit(c *call, userID, route string, limit int) (hdr http.Header, limited bool) {
	if n, ok := s.st.limits[route]; ok {
		limit = n
	}
	window := c.Now.Truncate(usersMeWindow)
	key := fmt.Sprintf("%s/%s/%d", userID, route, window.Unix())
	s.st.windows[key]++
	remaining := max(limit-s.st.windows[key], 0)
	return http.Header{
		"X-Rate-Limit-Limit":     {strconv.Itoa(limit)},
		"X-Rate-Limit-Remaining": {strconv.Itoa(remaining)},
		"X-Rate-Limit-Reset":     {strconv.FormatInt(window.Add(usersMeWindow).Unix(), 10)},
	}, s.st.windows[key] > limit
}

// tooMany is the 429 problem X sends past a rate limit, with its headers.
func tooMany(hdr http.Header) reply {
	rep := problem(http.StatusTooManyRequests, "Too Many Requests", "Too Many Requests", typeAboutBlank)
	rep.Header = hdr
	return rep
}

// withHeader sets the rate-limit headers on rep.
func withHeader(rep reply, hdr http.Header) reply {
	rep.Header = hdr
	return rep
}
