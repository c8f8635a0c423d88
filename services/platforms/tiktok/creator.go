package tiktok

import (
	"cmp"
	"context"
	"net/http"
	"slices"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// CreatorInfo is what creator_info/query says about the creator and what they may
// post; TikTok requires showing it (privacy choices) before every direct post.
type CreatorInfo struct {
	AvatarURL               string   `json:"creator_avatar_url"`
	Username                string   `json:"creator_username"`
	Nickname                string   `json:"creator_nickname"`
	PrivacyLevelOptions     []string `json:"privacy_level_options"`
	CommentDisabled         bool     `json:"comment_disabled"`
	DuetDisabled            bool     `json:"duet_disabled"`
	StitchDisabled          bool     `json:"stitch_disabled"`
	MaxVideoPostDurationSec int      `json:"max_video_post_duration_sec"`
}

// CreatorInfo queries POST /v2/post/publish/creator_info/query/ (scope video.publish).
func (a *Authorizer) CreatorInfo(ctx context.Context, token string) (CreatorInfo, error) {
	var ci CreatorInfo
	err := a.apiCall(ctx, http.MethodPost, "/v2/post/publish/creator_info/query/", token, struct{}{}, &ci)
	return ci, err
}

// user is /v2/user/info/'s "user" object (scope user.info.basic).
type user struct {
	OpenID      string `json:"open_id"`
	UnionID     string `json:"union_id"`
	AvatarURL   string `json:"avatar_url"`
	DisplayName string `json:"display_name"`
}

// userInfo reads the signed-in user's basic fields.
func (a *Authorizer) userInfo(ctx context.Context, token string) (user, error) {
	var data struct {
		User user `json:"user"`
	}
	err := a.apiCall(ctx, http.MethodGet, "/v2/user/info/?fields=open_id,union_id,avatar_url,display_name", token, nil, &data)
	return data.User, err
}

// creatorAccount builds the account from /v2/user/info/ (open_id) and, when
// video.publish was granted, creator_info (username, nickname, avatar).
func (a *Authorizer) creatorAccount(ctx context.Context, token string, scopes []string) (model.Account, error) {
	u, err := a.userInfo(ctx, token)
	if err != nil {
		return model.Account{}, err
	}
	if u.OpenID == "" {
		return model.Account{}, &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "TikTok did not say who signed in (no open_id in /v2/user/info/)."}
	}
	acct := model.Account{Platform: model.TikTok, RemoteID: u.OpenID, Name: u.DisplayName, AvatarURL: u.AvatarURL, Status: model.AccountOK}
	if !slices.Contains(scopes, "video.publish") {
		return acct, nil
	}
	ci, err := a.CreatorInfo(ctx, token)
	if err != nil {
		return model.Account{}, err
	}
	acct.Name = cmp.Or(ci.Nickname, acct.Name)
	acct.AvatarURL = cmp.Or(ci.AvatarURL, acct.AvatarURL)
	if ci.Username != "" {
		acct.Handle = "@" + ci.Username
	}
	return acct, nil
}
