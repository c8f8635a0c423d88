package tiktok

import (
	"context"
	"errors"
	"net/http"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// callMode says whether a call may create something at TikTok.
type callMode bool

const (
	readCall  callMode = false // creator_info, status/fetch, video/list: safe to repeat
	writeCall callMode = true  // the init endpoints
)

// rateWindow is TikTok's rate-limit window: limits are per minute per user token.
const rateWindow = time.Minute

// call POSTs a v2 API call and maps TikTok's publishing errors; scope names what the
// call needs, for the message when it is missing.
func (c *Connector) call(ctx context.Context, path, token string, in, out any, mode callMode, scope string) error {
	err := c.a.apiCall(ctx, http.MethodPost, path, token, in, out)
	if err == nil {
		return nil
	}
	err = readError(err, scope)
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return err
	}
	if mode == readCall {
		pe.Uncertain = false
	} else if pe.Status >= http.StatusInternalServerError {
		pe.Uncertain = true
	}
	if pe.Err == model.ErrRateLimited && pe.RetryAt.IsZero() {
		pe.RetryAt = c.a.now().Add(rateWindow)
	}
	return pe
}

// sentences turn TikTok's publishing error codes into what the user should do; the
// platform's own words are attached.
var sentences = map[string]string{
	"privacy_level_option_mismatch":                      "The chosen audience is not one this TikTok account offers; choose another.",
	"unaudited_client_can_only_post_to_private_accounts": msgUnaudited,
	"spam_risk_too_many_posts":                           "This TikTok account has reached TikTok's daily limit of posts from apps; try again tomorrow.",
	"spam_risk_too_many_pending_share": "Too many uploads are waiting in this account's TikTok inbox (TikTok allows 5 a day): " +
		"finish or delete them in the TikTok app, then try again.",
	"spam_risk_text":                     "TikTok refused the caption as spam; change the text.",
	"spam_risk_user_banned_from_posting": "TikTok has banned this account from posting.",
	"url_ownership_unverified": "TikTok only fetches media from domains verified in the TikTok developer portal: " +
		"verify the media host's domain (or URL prefix) there.",
	"photo_pull_failed":       "TikTok could not download the photos from their public address.",
	"reached_active_user_cap": "TikTok's daily limit of accounts posting through this app is reached; try again tomorrow.",
}

// readError gives TikTok's publishing refusals their kind and a sentence. err is
// returned as it is when it is not a *platforms.Error.
func readError(err error, scope string) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return err
	}
	words := pe.Message
	switch pe.Code {
	case "scope_not_authorized", "scope_permission_missed":
		pe.Kind, pe.Err = platforms.Permanent, model.ErrUnauthorized
		pe.Message = "This TikTok account was connected without the " + scope +
			" permission, so the app cannot post for it: reconnect the account and allow it."
	case "rate_limit_exceeded":
		pe.Kind, pe.Err = platforms.Transient, model.ErrRateLimited
		pe.Message = "TikTok asked to slow down (too many requests this minute)."
	default:
		s, ok := sentences[pe.Code]
		if !ok {
			return pe
		}
		pe.Kind, pe.Err, pe.Message = platforms.Permanent, model.ErrInvalid, s
	}
	if words != "" && words != pe.Code {
		pe.Message += " TikTok says: " + words
	}
	return pe
}
