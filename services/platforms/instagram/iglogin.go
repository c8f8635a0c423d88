package instagram

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
)

// profile is /me on graph.instagram.com.
type profile struct {
	UserID            string `json:"user_id"`
	ID                string `json:"id"`
	Username          string `json:"username"`
	Name              string `json:"name"`
	ProfilePictureURL string `json:"profile_picture_url"`
}

type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

func (a *Authorizer) graph() facebook.Graph {
	return facebook.Graph{HC: a.hc, BaseURL: strings.TrimRight(a.ep.GraphURL, "/"), Platform: model.Instagram}
}

// linkInstagram runs Instagram Login: authorize, code → short-lived token (1 h) at
// api.instagram.com, → long-lived token (60 days, ig_exchange_token), then the profile.
func (a *Authorizer) linkInstagram(ctx context.Context, req platforms.LinkRequest) (platforms.Linked, error) {
	short, err := a.runInstagramFlow(ctx, req)
	if err != nil {
		return platforms.Linked{}, err
	}
	long, err := a.exchange(ctx, req.App, short.AccessToken)
	if err != nil {
		return platforms.Linked{}, err
	}
	p, err := a.profile(ctx, long.AccessToken)
	if err != nil {
		return platforms.Linked{}, err
	}
	slog.Info("instagram: account connected", "variant", "instagram_login", "user_id", p.UserID)
	return platforms.Linked{
		Account: model.Account{
			Platform: model.Instagram, RemoteID: p.UserID, Name: cmp.Or(p.Name, p.Username), Handle: handle(p.Username),
			AvatarURL: p.ProfilePictureURL, Scopes: grantedScopes(short), ExpiresAt: long.ExpiresAt, Status: model.AccountOK,
		},
		Secrets: map[string]string{platforms.SecretAccess: long.AccessToken},
	}, nil
}

func (a *Authorizer) runInstagramFlow(ctx context.Context, req platforms.LinkRequest) (*oauth2.Token, error) {
	flow := &oauth.Flow{
		Config: &oauth2.Config{
			ClientID: req.App.ClientID, ClientSecret: req.App.ClientSecret,
			Endpoint: oauth2.Endpoint{AuthURL: a.ep.AuthURL, TokenURL: a.ep.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
		},
		ListenAddr: cmp.Or(req.ListenAddr, a.listenAddr), CallbackPath: CallbackPath,
		OpenURL: req.OpenURL, Timeout: a.timeout, RedirectURL: req.RedirectURI, Pasted: req.Pasted,
		AuthParams: []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("scope", strings.Join(LoginScopes, ","))},
	}
	hc := &http.Client{Transport: unwrapData{base: a.hc.Transport, tokenURL: a.ep.TokenURL}, Timeout: a.hc.Timeout}
	tok, err := flow.Run(context.WithValue(ctx, oauth2.HTTPClient, hc))
	if err != nil {
		return nil, facebook.FlowError(model.Instagram, err)
	}
	return tok, nil
}

// grantedScopes reads "permissions" from the code exchange (a comma-separated string or
// a list); the requested scopes when it is absent.
func grantedScopes(tok *oauth2.Token) []string {
	switch v := tok.Extra("permissions").(type) {
	case string:
		return strings.Split(v, ",")
	case []any:
		out := make([]string, 0, len(v))
		for _, s := range v {
			if str, ok := s.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return append([]string(nil), LoginScopes...)
}

// exchange trades the short-lived token for a long-lived one: GET /access_token with
// grant_type=ig_exchange_token and the app secret.
func (a *Authorizer) exchange(ctx context.Context, app platforms.AppCredentials, short string) (facebook.UserToken, error) {
	q := url.Values{"grant_type": {"ig_exchange_token"}, "client_secret": {app.ClientSecret}, "access_token": {short}}
	return a.tokenCall(ctx, "/access_token", q)
}

func (a *Authorizer) tokenCall(ctx context.Context, path string, q url.Values) (facebook.UserToken, error) {
	var ans tokenAnswer
	if err := a.graph().Get(ctx, path, q, &ans); err != nil {
		return facebook.UserToken{}, err
	}
	if ans.AccessToken == "" {
		return facebook.UserToken{}, &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient, Message: "Instagram answered without a token"}
	}
	exp := time.Time{}
	if ans.ExpiresIn > 0 {
		exp = a.now().Add(time.Duration(ans.ExpiresIn) * time.Second).UTC()
	}
	return facebook.UserToken{AccessToken: ans.AccessToken, ExpiresAt: exp}, nil
}

func (a *Authorizer) profile(ctx context.Context, token string) (profile, error) {
	var p profile
	q := url.Values{"fields": {"user_id,username,name,profile_picture_url"}, "access_token": {token}}
	if err := a.graph().Get(ctx, "/"+GraphVersion+"/me", q, &p); err != nil {
		return profile{}, err
	}
	if p.UserID == "" {
		p.UserID = p.ID
	}
	return p, nil
}

// refreshInstagram refreshes a long-lived Instagram Login token (ig_refresh_token). A
// token younger than MinRefreshAge (its expiry more than LongLivedLifetime-MinRefreshAge
// away) is returned unchanged: Meta refuses to refresh it yet.
func (a *Authorizer) refreshInstagram(ctx context.Context, acct model.Account, secrets map[string]string) (platforms.Refreshed, error) {
	token := secrets[platforms.SecretAccess]
	if token == "" {
		return platforms.Refreshed{}, &platforms.Error{Platform: model.Instagram, Kind: platforms.Auth, Err: model.ErrUnauthorized,
			Message: "the Instagram token is missing; connect the account again"}
	}
	if !acct.ExpiresAt.IsZero() && a.now().Before(acct.ExpiresAt.Add(-LongLivedLifetime+MinRefreshAge)) {
		slog.Debug("instagram: token too new to refresh", "account", acct.ID)
		return platforms.Refreshed{Secrets: map[string]string{}, ExpiresAt: acct.ExpiresAt}, nil
	}
	tok, err := a.tokenCall(ctx, "/refresh_access_token", url.Values{"grant_type": {"ig_refresh_token"}, "access_token": {token}})
	if err != nil {
		return platforms.Refreshed{}, err
	}
	return platforms.Refreshed{Secrets: map[string]string{platforms.SecretAccess: tok.AccessToken}, ExpiresAt: tok.ExpiresAt}, nil
}

// unwrapData accepts both documented answers of the code exchange: the flat
// {"access_token","user_id","permissions"} and {"data":[{...}]}, which x/oauth2 alone
// cannot read, by unwrapping the latter.
type unwrapData struct {
	base     http.RoundTripper
	tokenURL string
}

// RoundTrip forwards r and rewrites a data-wrapped token answer.
func (u unwrapData) RoundTrip(r *http.Request) (*http.Response, error) {
	base := u.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusOK || !sameEndpoint(r.URL, u.tokenURL) {
		return resp, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var wrapped struct {
		Data []json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &wrapped) == nil && len(wrapped.Data) == 1 {
		body = wrapped.Data[0]
		resp.Header.Set("Content-Type", "application/json")
		resp.ContentLength = int64(len(body))
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

func sameEndpoint(u *url.URL, raw string) bool {
	t, err := url.Parse(raw)
	return err == nil && u.Host == t.Host && u.Path == t.Path
}
