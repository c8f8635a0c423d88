package linkedin

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/linkedin/linkedinfake"
)

const orgURN = "urn:li:organization:42"

// statsEnv is the fake with the default member administering organization 42, a
// connector, and tokens with and without the statistics permissions.
type statsEnv struct {
	*env
	c      *Connector
	member model.Account
	org    model.Account
	tok    string // member posting + r_member_postAnalytics + organization scopes
}

func newStatsEnv(t *testing.T) *statsEnv {
	t.Helper()
	e := newEnvWith(t, linkedinfake.App{}, linkedinfake.Options{})
	e.fake.AddMember(linkedinfake.Member{ID: linkedinfake.DefaultMember, Name: "Alice",
		Roles: []linkedinfake.Role{{OrganizationID: "42", Role: "ADMINISTRATOR", State: "APPROVED"}}})
	e.fake.AddOrganization(linkedinfake.Organization{ID: "42", Name: "Acme"})
	scopes := []string{"openid", "profile", "w_member_social", ScopeMemberAnalytics, "w_organization_social", "r_organization_social", "rw_organization_admin"}
	return &statsEnv{env: e, c: NewConnector(nil, WithBaseURL(e.fake.URL), WithClock(e.clock.Now)),
		member: model.Account{ID: 1, Platform: model.LinkedIn, RemoteID: memberURN, Scopes: scopes},
		org:    model.Account{ID: 2, Platform: model.LinkedIn, RemoteID: orgURN, Scopes: scopes},
		tok:    e.fake.IssueToken(linkedinfake.DefaultMember, scopes...)}
}

// publish posts n texts as acct and returns the post URNs.
func (s *statsEnv) publish(t *testing.T, acct model.Account, n int) []string {
	t.Helper()
	urns := make([]string, n)
	for i := range n {
		res, err := s.c.Publish(context.Background(), platforms.Request{Account: acct, Token: s.tok, Text: fmt.Sprintf("post %d", i)})
		require.NoError(t, err)
		urns[i] = res.PlatformPostID
	}
	return urns
}

func TestMemberPostMetrics(t *testing.T) {
	s := newStatsEnv(t)
	urns := s.publish(t, s.member, 2)
	s.fake.SetPostStats(urns[0], linkedinfake.PostStats{Impressions: 900, Reactions: 40, Comments: 6, Reshares: 3})
	require.NoError(t, s.c.Delete(context.Background(), s.member, s.tok, urns[1]))

	got, err := s.c.PostMetrics(context.Background(), s.member, s.tok, []string{urns[0], urns[1], "urn:li:share:1", "not-a-urn"})
	require.NoError(t, err)
	assert.Equal(t, map[string]platforms.PostMetrics{
		urns[0]: {Views: 900, Likes: 40, Comments: 6, Shares: 3, Saves: platforms.NotProvided},
	}, got)
}

func TestMemberPostMetricsWithoutPermissionNamesIt(t *testing.T) {
	s := newStatsEnv(t)
	urns := s.publish(t, s.member, 1)
	acct := s.member
	acct.Scopes = MemberScopes

	_, err := s.c.PostMetrics(context.Background(), acct, s.tok, urns)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnsupported)
	assert.Contains(t, pe.Message, "r_member_postAnalytics")
	assert.Zero(t, s.fake.Calls(linkedinfake.RouteMemberAnalytics), "known to be missing: no call")
}

func TestMemberPostMetricsRefusedByLinkedInNamesIt(t *testing.T) {
	s := newStatsEnv(t)
	urns := s.publish(t, s.member, 1)
	tok := s.fake.IssueToken(linkedinfake.DefaultMember, MemberScopes...)

	_, err := s.c.PostMetrics(context.Background(), s.member, tok, urns)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, 403, pe.Status)
	assert.Contains(t, pe.Message, "r_member_postAnalytics")
	assert.Contains(t, pe.Message, "LinkedIn said: “Not enough permissions")
}

func TestOrganizationPostMetrics(t *testing.T) {
	s := newStatsEnv(t)
	urns := s.publish(t, s.org, 2)
	mine := s.publish(t, s.member, 1) // not the organization's: left out
	s.fake.SetPostStats(urns[1], linkedinfake.PostStats{Impressions: 120, Reactions: 8, Comments: 2, Reshares: 1, Clicks: 5})

	got, err := s.c.PostMetrics(context.Background(), s.org, s.tok, append(urns, mine[0], "urn:li:ugcPost:9"))
	require.NoError(t, err)
	assert.Equal(t, map[string]platforms.PostMetrics{
		urns[0]: {Saves: platforms.NotProvided},
		urns[1]: {Views: 120, Likes: 8, Comments: 2, Shares: 1, Saves: platforms.NotProvided},
	}, got)
	assert.Equal(t, 1, s.fake.Calls(linkedinfake.RouteShareStats))
}

func TestOrganizationPostMetricsNotAdministeredNamesPermission(t *testing.T) {
	s := newStatsEnv(t)
	urns := s.publish(t, s.org, 1)
	other := s.org
	other.RemoteID = "urn:li:organization:77"
	_, err := s.c.PostMetrics(context.Background(), other, s.tok, urns)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "rw_organization_admin")
}

func TestPostMetricsExpiredTokenIsAuth(t *testing.T) {
	s := newStatsEnv(t)
	urns := s.publish(t, s.member, 1)
	s.fake.ExpireAccessTokens()
	_, err := s.c.PostMetrics(context.Background(), s.member, s.tok, urns)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
}

func TestPostMetricsRateLimitedRetriesAtMidnightUTC(t *testing.T) {
	s := newStatsEnv(t)
	urns := s.publish(t, s.org, 1)
	s.fake.SetAnalyticsLimit(1)
	_, err := s.c.PostMetrics(context.Background(), s.org, s.tok, urns)
	require.NoError(t, err)
	_, err = s.c.PostMetrics(context.Background(), s.org, s.tok, urns)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.ErrorIs(t, err, model.ErrRateLimited)
	assert.Equal(t, time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), pe.RetryAt)
}

func TestAccountMetrics(t *testing.T) {
	s := newStatsEnv(t)
	got, err := s.c.AccountMetrics(context.Background(), s.member, s.tok)
	require.NoError(t, err)
	np := platforms.NotProvided
	assert.Equal(t, platforms.AccountMetrics{Followers: np, Following: np, Posts: np}, got)
	assert.Zero(t, s.fake.Calls(linkedinfake.RouteNetworkSizes))

	s.fake.SetFollowers("42", 5300)
	got, err = s.c.AccountMetrics(context.Background(), s.org, s.tok)
	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: 5300, Following: np, Posts: np}, got)
}
