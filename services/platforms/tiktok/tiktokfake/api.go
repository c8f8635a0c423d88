package tiktokfake

import (
	"net/http"
	"slices"
	"strings"
)

// TikTok's documented v2 error messages.
const (
	msgTokenInvalid  = "The access token is invalid or not found in the request."
	msgScopeMissing  = "The user did not authorize the scope required for completing this request."
	msgInvalidParams = "One or more fields in request is invalid: "
)

// fieldScopes says which scope each /v2/user/info/ field needs.
var fieldScopes = map[string]string{
	"open_id": "user.info.basic", "union_id": "user.info.basic", "avatar_url": "user.info.basic", "avatar_url_100": "user.info.basic",
	"avatar_large_url": "user.info.basic", "display_name": "user.info.basic",
	"bio_description": "user.info.profile", "profile_deep_link": "user.info.profile", "is_verified": "user.info.profile", "username": "user.info.profile",
	"follower_count": "user.info.stats", "following_count": "user.info.stats", "likes_count": "user.info.stats", "video_count": "user.info.stats",
}

// bearer checks the access token and the scope.
func (s *Server) bearer(c *call, scope string) (*grant, *reply) {
	raw, _ := strings.CutPrefix(c.R.Header.Get("Authorization"), "Bearer ")
	t := s.access[raw]
	var rep reply
	switch {
	case t == nil || t.g.revoked || !c.Now.Before(t.expires):
		rep = apiErr(http.StatusUnauthorized, "access_token_invalid", msgTokenInvalid)
	case scope != "" && !slices.Contains(t.g.scopes, scope):
		rep = apiErr(http.StatusUnauthorized, "scope_not_authorized", msgScopeMissing)
	default:
		return t.g, nil
	}
	return nil, &rep
}

// creatorInfo is POST /v2/post/publish/creator_info/query/ (scope video.publish).
func (s *Server) creatorInfo(c *call) reply {
	g, rep := s.bearer(c, "video.publish")
	if rep != nil {
		return *rep
	}
	u := s.users[g.openID]
	return apiOK(map[string]any{
		"creator_avatar_url": u.AvatarURL, "creator_username": u.Username, "creator_nickname": u.Nickname,
		"privacy_level_options": u.PrivacyLevelOptions, "comment_disabled": u.CommentDisabled, "duet_disabled": u.DuetDisabled, "stitch_disabled": u.StitchDisabled,
		"max_video_post_duration_sec": u.MaxVideoPostDurationSec,
	})
}

// userInfo is GET /v2/user/info/?fields=...: only the fields asked for, each needing its scope.
func (s *Server) userInfo(c *call) reply {
	g, rep := s.bearer(c, "")
	if rep != nil {
		return *rep
	}
	fields := strings.Split(c.R.URL.Query().Get("fields"), ",")
	if c.R.URL.Query().Get("fields") == "" {
		return apiErr(http.StatusBadRequest, "invalid_params", msgInvalidParams+"fields is required")
	}
	u := s.users[g.openID]
	values := map[string]any{"open_id": u.OpenID, "union_id": u.UnionID, "avatar_url": u.AvatarURL, "avatar_url_100": u.AvatarURL,
		"avatar_large_url": u.AvatarURL, "display_name": u.Nickname, "username": u.Username}
	out := map[string]any{}
	for _, f := range fields {
		scope, ok := fieldScopes[f]
		if !ok {
			return apiErr(http.StatusBadRequest, "invalid_params", msgInvalidParams+"unknown field "+f)
		}
		if !slices.Contains(g.scopes, scope) {
			return apiErr(http.StatusUnauthorized, "scope_not_authorized", msgScopeMissing)
		}
		out[f] = values[f]
	}
	return apiOK(map[string]any{"user": out})
}
