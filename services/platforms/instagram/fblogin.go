package instagram

import (
	"cmp"
	"context"
	"log/slog"
	"net/url"
	"slices"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
)

// igAccount is an Instagram professional account found through a Page.
type igAccount struct {
	profile
	pageName  string
	pageToken string
}

// linkFacebook runs Facebook Login with the Instagram permissions, finds the Instagram
// account linked to each Page, lets the user choose, and returns one account per choice
// (access = the Page token used for Instagram calls, user_access = the long-lived user
// token; ExpiresAt = the user token's expiry, as for Facebook Pages).
func (a *Authorizer) linkFacebook(ctx context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	fb := a.fb()
	user, err := fb.LoginUser(ctx, req, facebook.Login{Scopes: FacebookScopes, CallbackPath: CallbackPath})
	if err != nil {
		return nil, err
	}
	granted, err := fb.GrantedScopes(ctx, user.AccessToken, fbRequired)
	if err != nil {
		return nil, err
	}
	accounts, err := a.linkedAccounts(ctx, fb, user.AccessToken)
	if err != nil {
		return nil, err
	}
	chosen, err := chooseAccounts(ctx, req, accounts)
	if err != nil {
		return nil, err
	}
	out := make([]platforms.Linked, 0, len(chosen))
	for _, ig := range chosen {
		out = append(out, fbLinked(ig, user, granted))
	}
	slog.Info("instagram: accounts connected", "variant", "facebook_login", "count", len(out))
	return out, nil
}

// linkedAccounts lists the Pages with their Instagram account and reads each profile
// with the Page token.
func (a *Authorizer) linkedAccounts(ctx context.Context, fb *facebook.Authorizer, userToken string) ([]igAccount, error) {
	pages, err := fb.ListPages(ctx, userToken, "id,name,access_token,instagram_business_account")
	if err != nil {
		return nil, err
	}
	var out []igAccount
	for _, p := range pages {
		if p.InstagramBusinessAccount == nil || p.AccessToken == "" {
			continue
		}
		var prof profile
		q := url.Values{"fields": {"id,username,name,profile_picture_url"}, "access_token": {p.AccessToken}}
		if err := fb.Graph().Get(ctx, "/"+url.PathEscape(p.InstagramBusinessAccount.ID), q, &prof); err != nil {
			return nil, err
		}
		prof.UserID = p.InstagramBusinessAccount.ID
		out = append(out, igAccount{profile: prof, pageName: p.Name, pageToken: p.AccessToken})
	}
	if len(out) == 0 {
		return nil, &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Err: model.ErrNotFound,
			Message: "none of the Facebook Pages shared with Webox Social has an Instagram professional account linked; link one in the Page's settings and connect again"}
	}
	return out, nil
}

func chooseAccounts(ctx context.Context, req platforms.LinkRequest, accounts []igAccount) ([]igAccount, error) {
	choices := make([]platforms.Choice, len(accounts))
	for i, ig := range accounts {
		choices[i] = platforms.Choice{ID: ig.UserID, Name: handle(ig.Username) + " (" + ig.pageName + ")", Kind: "instagram_account"}
	}
	picked, err := facebook.Choose(ctx, req.Choose, choices)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(accounts, func(ig igAccount) bool { return !slices.Contains(picked, ig.UserID) }), nil
}

func fbLinked(ig igAccount, user facebook.UserToken, granted []string) platforms.Linked {
	return platforms.Linked{
		Account: model.Account{
			Platform: model.Instagram, RemoteID: ig.UserID, Name: cmp.Or(ig.Name, ig.Username), Handle: handle(ig.Username),
			AvatarURL: ig.ProfilePictureURL, Scopes: granted, ExpiresAt: user.ExpiresAt, Status: model.AccountOK,
		},
		Secrets: map[string]string{platforms.SecretAccess: ig.pageToken, platforms.SecretUserAccess: user.AccessToken},
	}
}

// refreshFacebook re-exchanges the user token and re-reads the token of the Page the
// Instagram account is linked to (found again through /me/accounts).
func (a *Authorizer) refreshFacebook(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) (platforms.Refreshed, error) {
	fb := a.fb()
	user, err := fb.RenewUserToken(ctx, secrets, app)
	if err != nil {
		return platforms.Refreshed{}, err
	}
	pages, err := fb.ListPages(ctx, user.AccessToken, "id,access_token,instagram_business_account")
	if err != nil {
		return platforms.Refreshed{}, err
	}
	for _, p := range pages {
		if p.InstagramBusinessAccount != nil && p.InstagramBusinessAccount.ID == acct.RemoteID && p.AccessToken != "" {
			return platforms.Refreshed{
				Secrets:   map[string]string{platforms.SecretAccess: p.AccessToken, platforms.SecretUserAccess: user.AccessToken},
				ExpiresAt: user.ExpiresAt,
			}, nil
		}
	}
	return platforms.Refreshed{}, &platforms.Error{Platform: model.Instagram, Kind: platforms.Auth, Err: model.ErrUnauthorized,
		Message: "this Instagram account is no longer linked to a Facebook Page you manage; connect it again"}
}
