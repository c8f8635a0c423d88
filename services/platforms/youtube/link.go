package youtube

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
)

// Link runs Google's consent in the browser, reads the channels the authorization
// gives access to and returns one Linked per channel added. Several channels (a
// content owner, or an identity with brand accounts) go through req.Choose; nil takes
// them all. Every Linked shares the one grant: revoking one channel's tokens
// disconnects the others linked in the same sign-in.
func (a *Authorizer) Link(ctx context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	if err := checkApp(req.App); err != nil {
		return nil, err
	}
	tok, err := a.authorize(ctx, req)
	if err != nil {
		return nil, err
	}
	granted := grantedScopes(tok)
	chosen, err := a.pickChannels(ctx, req, tok, granted)
	if err != nil || len(chosen) == 0 {
		a.revokeQuietly(ctx, tok)
		return nil, err
	}
	out := make([]platforms.Linked, 0, len(chosen))
	for _, ch := range chosen {
		out = append(out, linked(ch, tok, granted, req.App))
		slog.Info("youtube: channel connected", "channel_id", ch.ID, "title", ch.Snippet.Title)
	}
	return out, nil
}

// checkApp requires the client ID and secret: Google's token endpoint refuses a
// desktop client's exchange without its secret.
func checkApp(app platforms.AppCredentials) error {
	if app.ClientID != "" && app.ClientSecret != "" {
		return nil
	}
	return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Err: model.ErrInvalid,
		Message: "Enter the client ID and client secret of your Google OAuth client (type \"Desktop app\") in Settings, " +
			"or set " + ClientIDEnv + " and " + ClientSecretEnv + "."}
}

// authorize runs the loopback flow with PKCE S256, offline access and a forced consent
// (so that Google issues a refresh token even to a client the user approved before).
func (a *Authorizer) authorize(ctx context.Context, req platforms.LinkRequest) (*oauth2.Token, error) {
	flow := &oauth.Flow{
		Config:       a.config(req.App),
		ListenAddr:   cmp.Or(req.ListenAddr, DefaultListenAddr),
		CallbackPath: CallbackPath,
		OpenURL:      req.OpenURL,
		RedirectURL:  req.RedirectURI,
		Pasted:       req.Pasted,
		Timeout:      a.timeout,
		UsePKCE:      true,
		AuthParams: []oauth2.AuthCodeOption{
			oauth2.AccessTypeOffline,
			oauth2.ApprovalForce, // prompt=consent
			oauth2.SetAuthURLParam("include_granted_scopes", "true"),
		},
	}
	tok, err := flow.Run(a.withClient(ctx))
	if err != nil {
		return nil, flowError(err, a.tokenHost())
	}
	if tok.RefreshToken == "" {
		a.revokeQuietly(ctx, tok)
		return nil, &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent,
			Message: "Google did not issue a refresh token, so the connection would stop working within the hour. Connect the channel again."}
	}
	return tok, nil
}

// grantedScopes reads the token response's scope field: with granular consent the user
// may have unticked some of the scopes asked for.
func grantedScopes(tok *oauth2.Token) []string {
	if s, ok := tok.Extra("scope").(string); ok && s != "" {
		return strings.Fields(s)
	}
	return slices.Clone(Scopes)
}

// pickChannels checks the granted scopes, lists the channels and lets the user choose.
func (a *Authorizer) pickChannels(ctx context.Context, req platforms.LinkRequest, tok *oauth2.Token, granted []string) ([]channel, error) {
	if missing := missingScopes(granted); len(missing) > 0 {
		return nil, &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Code: "insufficient_scope", Err: model.ErrUnauthorized,
			Message: "Google's consent screen did not grant " + strings.Join(missing, " and ") + ". Connect again and leave every permission ticked."}
	}
	chans, err := a.listMyChannels(ctx, tok.AccessToken)
	if err != nil {
		return nil, err
	}
	if len(chans) == 0 {
		return nil, &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Err: model.ErrNotFound,
			Message: "The Google account you signed in with has no YouTube channel. Create one on youtube.com, then connect again."}
	}
	return choose(ctx, req.Choose, chans)
}

// missingScopes names the required permissions the user did not grant; analytics is
// optional (statistics are simply unavailable without it).
func missingScopes(granted []string) []string {
	var missing []string
	if !slices.Contains(granted, ScopeUpload) {
		missing = append(missing, "permission to upload videos (youtube.upload)")
	}
	if !slices.Contains(granted, ScopeReadOnly) && !slices.Contains(granted, "https://www.googleapis.com/auth/youtube") {
		missing = append(missing, "permission to view the channel (youtube.readonly)")
	}
	return missing
}

// choose asks the user when there is more than one channel.
func choose(ctx context.Context, fn func(context.Context, []platforms.Choice) ([]platforms.Choice, error), chans []channel) ([]channel, error) {
	if fn == nil || len(chans) == 1 {
		return chans, nil
	}
	choices := make([]platforms.Choice, 0, len(chans))
	for _, ch := range chans {
		choices = append(choices, platforms.Choice{ID: ch.ID, Name: ch.Snippet.Title, Kind: "channel"})
	}
	picked, err := fn(ctx, choices)
	if err != nil {
		return nil, fmt.Errorf("youtube: choose channels: %w", err)
	}
	return slices.DeleteFunc(slices.Clone(chans), func(ch channel) bool {
		return !slices.ContainsFunc(picked, func(c platforms.Choice) bool { return c.ID == ch.ID })
	}), nil
}

// linked is one channel's account and secrets. The client credentials are kept with
// the account because Google binds a refresh token to the client that obtained it.
func linked(ch channel, tok *oauth2.Token, granted []string, app platforms.AppCredentials) platforms.Linked {
	return platforms.Linked{
		Account: model.Account{
			Platform:  model.YouTube,
			RemoteID:  ch.ID,
			Name:      ch.Snippet.Title,
			Handle:    handle(ch.Snippet.CustomURL),
			AvatarURL: ch.Snippet.Thumbnails.best(),
			Scopes:    slices.Clone(granted),
			ExpiresAt: tok.Expiry,
			Status:    model.AccountOK,
		},
		Secrets: map[string]string{
			platforms.SecretAccess:       tok.AccessToken,
			platforms.SecretRefresh:      tok.RefreshToken,
			platforms.SecretClientID:     app.ClientID,
			platforms.SecretClientSecret: app.ClientSecret,
		},
	}
}

// handle is the channel's @handle; older custom URLs come without the "@".
func handle(customURL string) string {
	if customURL == "" || strings.HasPrefix(customURL, "@") {
		return customURL
	}
	return "@" + customURL
}
