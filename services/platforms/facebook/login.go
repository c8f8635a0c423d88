package facebook

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
)

// Login is what varies between the Facebook Login users: the permissions and the path.
type Login struct {
	Scopes       []string
	CallbackPath string
}

// UserToken is a Facebook user access token and its expiry (zero: Meta gave none).
type UserToken struct {
	AccessToken string
	ExpiresAt   time.Time
}

// Page is one entry of /me/accounts.
type Page struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	AccessToken string   `json:"access_token"`
	Tasks       []string `json:"tasks"`
	Picture     struct {
		Data struct {
			URL string `json:"url"`
		} `json:"data"`
	} `json:"picture"`
	// InstagramBusinessAccount is the Instagram professional account linked to the Page,
	// when asked for with fields=instagram_business_account.
	InstagramBusinessAccount *struct {
		ID string `json:"id"`
	} `json:"instagram_business_account"`
}

// tokenAnswer is /oauth/access_token's answer.
type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
}

// LoginUser runs the Facebook Login dialog in the browser through the loopback flow,
// exchanges the code (with the app secret) for a short-lived user token and that for a
// long-lived one (fb_exchange_token, about 60 days).
func (a *Authorizer) LoginUser(ctx context.Context, req platforms.LinkRequest, l Login) (UserToken, error) {
	if err := a.needApp(req.App); err != nil {
		return UserToken{}, err
	}
	flow := &oauth.Flow{
		Config: &oauth2.Config{
			ClientID: req.App.ClientID, ClientSecret: req.App.ClientSecret,
			Endpoint: oauth2.Endpoint{AuthURL: a.ep.AuthURL, TokenURL: a.Graph().BaseURL + "/oauth/access_token", AuthStyle: oauth2.AuthStyleInParams},
		},
		ListenAddr:   cmp.Or(req.ListenAddr, a.listenAddr),
		CallbackPath: l.CallbackPath,
		OpenURL:      req.OpenURL,
		RedirectURL:  req.RedirectURI,
		Pasted:       req.Pasted,
		Timeout:      a.timeout,
		// Meta separates permissions with commas; x/oauth2 would join them with spaces.
		AuthParams: []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("scope", strings.Join(l.Scopes, ","))},
	}
	short, err := flow.Run(context.WithValue(ctx, oauth2.HTTPClient, a.hc))
	if err != nil {
		return UserToken{}, FlowError(a.platform, err)
	}
	return a.ExchangeUserToken(ctx, req.App, short.AccessToken)
}

func (a *Authorizer) needApp(app platforms.AppCredentials) error {
	if app.ClientID == "" || app.ClientSecret == "" {
		return &platforms.Error{Platform: a.platform, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "enter your Meta app ID and app secret in Settings (or set FACEBOOK_APP_ID and FACEBOOK_APP_SECRET) before connecting"}
	}
	return nil
}

// ExchangeUserToken trades a user token for a long-lived one: GET /oauth/access_token
// with grant_type=fb_exchange_token, the app id and secret.
func (a *Authorizer) ExchangeUserToken(ctx context.Context, app platforms.AppCredentials, token string) (UserToken, error) {
	q := url.Values{
		"grant_type": {"fb_exchange_token"}, "client_id": {app.ClientID},
		"client_secret": {app.ClientSecret}, "fb_exchange_token": {token},
	}
	var ans tokenAnswer
	if err := a.Graph().Get(ctx, "/oauth/access_token", q, &ans); err != nil {
		return UserToken{}, err
	}
	if ans.AccessToken == "" {
		return UserToken{}, &platforms.Error{Platform: a.platform, Kind: platforms.Transient, Message: "Facebook answered without a token"}
	}
	return UserToken{AccessToken: ans.AccessToken, ExpiresAt: a.expiry(ans.ExpiresIn)}, nil
}

// RenewUserToken re-exchanges the kept long-lived user token (secrets[user_access]).
func (a *Authorizer) RenewUserToken(ctx context.Context, secrets map[string]string, app platforms.AppCredentials) (UserToken, error) {
	if err := a.needApp(app); err != nil {
		return UserToken{}, err
	}
	user := secrets[platforms.SecretUserAccess]
	if user == "" {
		return UserToken{}, &platforms.Error{Platform: a.platform, Kind: platforms.Auth, Err: model.ErrUnauthorized,
			Message: "the Facebook user token is missing; connect the account again"}
	}
	return a.ExchangeUserToken(ctx, app, user)
}

func (a *Authorizer) expiry(expiresIn int64) time.Time {
	if expiresIn <= 0 {
		return time.Time{}
	}
	return a.now().Add(time.Duration(expiresIn) * time.Second).UTC()
}

// GrantedScopes reads /me/permissions and returns the granted ones; a required one the
// user declined in the dialog is a Permanent error naming it.
func (a *Authorizer) GrantedScopes(ctx context.Context, userToken string, required []string) ([]string, error) {
	var ans struct {
		Data []struct {
			Permission string `json:"permission"`
			Status     string `json:"status"`
		} `json:"data"`
	}
	if err := a.Graph().Get(ctx, "/me/permissions", url.Values{"access_token": {userToken}}, &ans); err != nil {
		return nil, err
	}
	var granted []string
	for _, p := range ans.Data {
		if p.Status == "granted" {
			granted = append(granted, p.Permission)
		}
	}
	var missing []string
	for _, r := range required {
		if !slices.Contains(granted, r) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return nil, &platforms.Error{Platform: a.platform, Kind: platforms.Permanent, Err: model.ErrUnauthorized,
			Message: "Webox Social needs the permissions " + strings.Join(missing, ", ") + "; connect again and keep them selected"}
	}
	return granted, nil
}

// ListPages reads every page of /me/accounts with the given fields.
func (a *Authorizer) ListPages(ctx context.Context, userToken, fields string) ([]Page, error) {
	g := a.Graph()
	next := g.BaseURL + "/me/accounts?" + url.Values{"fields": {fields}, "limit": {"100"}, "access_token": {userToken}}.Encode()
	var pages []Page
	for range maxPages {
		var ans struct {
			Data   []Page `json:"data"`
			Paging struct {
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := g.Do(ctx, http.MethodGet, next, &ans); err != nil {
			return nil, err
		}
		pages = append(pages, ans.Data...)
		if next = ans.Paging.Next; next == "" {
			return pages, nil
		}
	}
	return pages, nil
}

// PageToken reads a Page's token with the user token: GET /{page-id}?fields=access_token.
func (a *Authorizer) PageToken(ctx context.Context, pageID, userToken string) (string, error) {
	var ans struct {
		AccessToken string `json:"access_token"`
	}
	q := url.Values{"fields": {"id,access_token"}, "access_token": {userToken}}
	if err := a.Graph().Get(ctx, "/"+url.PathEscape(pageID), q, &ans); err != nil {
		return "", err
	}
	if ans.AccessToken == "" {
		return "", &platforms.Error{Platform: a.platform, Kind: platforms.Auth, Err: model.ErrUnauthorized,
			Message: "Facebook no longer gives Webox Social access to this Page; connect it again"}
	}
	return ans.AccessToken, nil
}

// RevokeUser removes all the app's permissions for the user: DELETE /me/permissions. An
// empty or already-dead token (code 190) counts as revoked.
func (a *Authorizer) RevokeUser(ctx context.Context, userToken string) error {
	if userToken == "" {
		return nil
	}
	g := a.Graph()
	var ans struct {
		Success bool `json:"success"`
	}
	err := g.Do(ctx, http.MethodDelete, g.BaseURL+"/me/permissions?"+url.Values{"access_token": {userToken}}.Encode(), &ans)
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Kind == platforms.Auth {
		return nil
	}
	if err != nil {
		return err
	}
	if !ans.Success {
		return &platforms.Error{Platform: a.platform, Kind: platforms.Transient, Message: "Facebook did not confirm the revocation"}
	}
	return nil
}
