package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
)

// Profile is the connected account as Mastodon describes it (verify_credentials).
type Profile struct {
	ID             string `json:"id"`
	Username       string `json:"username"`
	Acct           string `json:"acct"`
	DisplayName    string `json:"display_name"`
	AvatarURL      string `json:"avatar"`
	URL            string `json:"url"`
	FollowersCount int64  `json:"followers_count"`
	FollowingCount int64  `json:"following_count"`
	StatusesCount  int64  `json:"statuses_count"`
}

// Account fills a model.Account for this profile on instanceURL (no ids, no timestamps).
// The handle is @user@instance-host.
func (p Profile) Account(instanceURL string) model.Account {
	host := instanceURL
	if u, err := url.Parse(instanceURL); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	name := p.DisplayName
	if name == "" {
		name = p.Username
	}
	return model.Account{
		Platform: model.Mastodon, RemoteID: p.ID, Name: name, Handle: "@" + p.Username + "@" + host,
		AvatarURL: p.AvatarURL, InstanceURL: strings.TrimRight(instanceURL, "/"), Scopes: slices.Clone(Scopes), Status: model.AccountOK,
	}
}

// VerifyCredentials returns the profile the token belongs to
// (GET /api/v1/accounts/verify_credentials, scope read:accounts).
func (c *Connector) VerifyCredentials(ctx context.Context, instanceURL, token string) (Profile, error) {
	base, err := instanceBase(instanceURL)
	if err != nil {
		return Profile{}, err
	}
	var p Profile
	_, err = c.do(ctx, apiRequest{method: http.MethodGet, base: base, path: "/api/v1/accounts/verify_credentials", token: token}, &p)
	return p, err
}

// Metrics are a status's engagement counts. Mastodon has no views or impressions.
type Metrics struct {
	Replies    int64
	Reblogs    int64
	Favourites int64
	Quotes     int64
	FetchedAt  time.Time
}

// StatusMetrics reads a status's counts (GET /api/v1/statuses/:id, scope read:statuses).
func (c *Connector) StatusMetrics(ctx context.Context, acct model.Account, token, statusID string) (Metrics, error) {
	base, err := instanceBase(acct.InstanceURL)
	if err != nil {
		return Metrics{}, err
	}
	var st status
	_, err = c.do(ctx, apiRequest{method: http.MethodGet, base: base, path: "/api/v1/statuses/" + url.PathEscape(statusID), token: token}, &st)
	if err != nil {
		return Metrics{}, err
	}
	return Metrics{Replies: st.RepliesCount, Reblogs: st.ReblogsCount, Favourites: st.FavouritesCount, Quotes: st.QuotesCount, FetchedAt: c.Now()}, nil
}
