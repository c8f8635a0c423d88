package youtubefake

import (
	"net/http"
	"slices"
	"strings"
)

// Google API messages for authentication failures.
const (
	msgNoCredentials = "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
	msgBadCredential = "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
	msgInsufficient  = "Request had insufficient authentication scopes."
	msgNoFilter      = "No filter selected. Expected one of: forUsername, managedByMe, idParam, mySubscribers, categoryId, mine, id, forHandle"
)

// readScopes are the scopes that allow channels.list.
var readScopes = []string{
	"https://www.googleapis.com/auth/youtube",
	"https://www.googleapis.com/auth/youtube.readonly",
	"https://www.googleapis.com/auth/youtube.force-ssl",
	"https://www.googleapis.com/auth/youtubepartner",
}

// channelParts are the channel resource parts the fake knows.
var channelParts = []string{"id", "snippet", "statistics", "contentDetails", "status", "brandingSettings", "topicDetails", "localizations", "auditDetails", "contentOwnerDetails"}

// bearer resolves the request's access token; a non-nil reply means 401.
func (s *Server) bearer(c *call) (*accessToken, *reply) {
	h := c.R.Header.Get("Authorization")
	if h == "" {
		rep := apiErr(http.StatusUnauthorized, "required", "global", msgNoCredentials, "UNAUTHENTICATED")
		return nil, withAuthenticate(&rep)
	}
	raw, _ := strings.CutPrefix(h, "Bearer ")
	t := s.st.access[strings.TrimSpace(raw)]
	if t == nil || t.g.revoked || !c.Now.Before(t.expires) {
		rep := apiErr(http.StatusUnauthorized, "authError", "global", msgBadCredential, "UNAUTHENTICATED")
		return nil, withAuthenticate(&rep)
	}
	return t, nil
}

func withAuthenticate(rep *reply) *reply {
	rep.Header = http.Header{"Www-Authenticate": {`Bearer realm="https://accounts.google.com/", error="invalid_token"`}}
	return rep
}

// channels is GET /youtube/v3/channels with part and the mine or id filter.
func (s *Server) channels(c *call) reply {
	t, rep := s.bearer(c)
	if rep != nil {
		return *rep
	}
	if !hasScope(t.g.scopes, readScopes) {
		return insufficient(readScopes)
	}
	q := c.R.URL.Query()
	parts, rep := checkParts(q.Get("part"), channelParts)
	if rep != nil {
		return *rep
	}
	list, rep := s.selectChannels(q.Get("mine"), q.Get("id"), t.g.userID)
	if rep != nil {
		return *rep
	}
	return reply{Status: http.StatusOK, Body: channelList(list, parts)}
}

// checkParts splits the part parameter and refuses an empty one or an unknown part.
func checkParts(raw string, known []string) ([]string, *reply) {
	if raw == "" {
		rep := apiErr(http.StatusBadRequest, "required", "global", "Required parameter: part", "INVALID_ARGUMENT")
		return nil, &rep
	}
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if !slices.Contains(known, parts[i]) {
			rep := apiErr(http.StatusBadRequest, "unknownPart", "youtube.part", "'"+p+"'", "INVALID_ARGUMENT")
			return nil, &rep
		}
	}
	return parts, nil
}

// hasScope reports whether granted holds one of allowed.
func hasScope(granted, allowed []string) bool {
	return slices.ContainsFunc(granted, func(sc string) bool { return slices.Contains(allowed, sc) })
}

// insufficient is the 403 for a token without one of the scopes a method allows.
func insufficient(allowed []string) reply {
	r := apiErr(http.StatusForbidden, "insufficientPermissions", "global", msgInsufficient, "PERMISSION_DENIED")
	r.Header = http.Header{"Www-Authenticate": {`Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="` + strings.Join(allowed, " ") + `"`}}
	return r
}

func (s *Server) selectChannels(mine, ids, userID string) ([]Channel, *reply) {
	switch {
	case mine == "true":
		if u := s.st.users[userID]; u != nil {
			return u.Channels, nil
		}
		return nil, nil
	case ids != "":
		var out []Channel
		for _, u := range s.st.users {
			out = append(out, slices.DeleteFunc(slices.Clone(u.Channels), func(ch Channel) bool {
				return !slices.Contains(strings.Split(ids, ","), ch.ID)
			})...)
		}
		return out, nil
	}
	rep := apiErr(http.StatusBadRequest, "missingRequiredParameter", "youtube.parameter", msgNoFilter, "INVALID_ARGUMENT")
	return nil, &rep
}

// channelList is a youtube#channelListResponse.
func channelList(list []Channel, parts []string) map[string]any {
	items := make([]map[string]any, 0, len(list))
	for _, ch := range list {
		item := map[string]any{"kind": "youtube#channel", "etag": "etag-" + ch.ID, "id": ch.ID}
		if slices.Contains(parts, "snippet") {
			item["snippet"] = snippet(ch)
		}
		if slices.Contains(parts, "contentDetails") {
			item["contentDetails"] = map[string]any{"relatedPlaylists": map[string]string{"likes": "", "uploads": UploadsPlaylist(ch.ID)}}
		}
		items = append(items, item)
	}
	return map[string]any{"kind": "youtube#channelListResponse", "etag": "etag-list",
		"pageInfo": map[string]int{"totalResults": len(items), "resultsPerPage": 5}, "items": items}
}

func snippet(ch Channel) map[string]any {
	thumb := func(size int) map[string]any {
		return map[string]any{"url": ch.ThumbnailURL, "width": size, "height": size}
	}
	sn := map[string]any{
		"title": ch.Title, "description": ch.Description, "publishedAt": "2020-01-02T03:04:05Z",
		"thumbnails": map[string]any{"default": thumb(88), "medium": thumb(240), "high": thumb(800)},
		"localized":  map[string]string{"title": ch.Title, "description": ch.Description},
	}
	if ch.CustomURL != "" {
		sn["customUrl"] = ch.CustomURL
	}
	return sn
}
