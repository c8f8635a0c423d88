package linkedin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Analytics permissions (platforms.md §4 Analytics). Member post statistics need
// r_member_postAnalytics, which LinkedIn grants only to approved Community Management
// apps, so the app does not ask for it by default; organization share statistics and
// follower counts need rw_organization_admin (LinkedIn's share-statistics page;
// platforms.md names r_organization_social — the app asks for both).
const (
	ScopeMemberAnalytics = "r_member_postAnalytics"
	ScopeOrgAnalytics    = "rw_organization_admin"
)

// shareStatsBatch is how many posts one organizationalEntityShareStatistics call asks
// about (LinkedIn publishes no bound; kept small for the URL's length).
const shareStatsBatch = 20

// memberQueries are the memberCreatorPostAnalytics queryType values read per post.
var memberQueries = []string{"IMPRESSION", "REACTION", "COMMENT", "RESHARE"}

var _ platforms.MetricsReader = (*Connector)(nil)

// PostMetrics reads the posts' statistics: for an organization,
// GET /rest/organizationalEntityShareStatistics (impressions, likes, comments, shares;
// rw_organization_admin); for a member, GET /rest/memberCreatorPostAnalytics once per
// post and metric (IMPRESSION, REACTION, COMMENT, RESHARE; r_member_postAnalytics).
// Saves are platforms.NotProvided. Posts LinkedIn no longer has are left out. Without
// the permission the error is Permanent and names it.
func (c *Connector) PostMetrics(ctx context.Context, acct model.Account, token string, postIDs []string) (map[string]platforms.PostMetrics, error) {
	urns := postURNs(postIDs)
	out := make(map[string]platforms.PostMetrics, len(urns))
	if len(urns) == 0 {
		return out, nil
	}
	if strings.HasPrefix(acct.RemoteID, OrganizationURNPrefix) {
		return out, c.organizationPostMetrics(ctx, acct.RemoteID, token, urns, out)
	}
	if len(acct.Scopes) > 0 && !slices.Contains(acct.Scopes, ScopeMemberAnalytics) {
		return nil, needScope(ScopeMemberAnalytics, "")
	}
	for _, urn := range urns {
		m, found, err := c.memberPostMetrics(ctx, token, urn)
		if err != nil {
			return nil, err
		}
		if found {
			out[urn] = m
		}
	}
	slog.Debug("linkedin: read post metrics", "account_id", acct.ID, "asked", len(postIDs), "found", len(out))
	return out, nil
}

// postURNs keeps the distinct share and ugcPost URNs of ids, in order.
func postURNs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if postKind(id) != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// postKind is the Rest.li union member naming a post URN in an entity parameter.
func postKind(urn string) string {
	switch {
	case strings.HasPrefix(urn, "urn:li:share:"):
		return "share"
	case strings.HasPrefix(urn, "urn:li:ugcPost:"):
		return "ugc"
	}
	return ""
}

// memberPostMetrics reads one member post's four totals; found is false when LinkedIn
// does not have the post.
func (c *Connector) memberPostMetrics(ctx context.Context, token, urn string) (platforms.PostMetrics, bool, error) {
	counts := make(map[string]int64, len(memberQueries))
	for _, qt := range memberQueries {
		n, err := c.memberCount(ctx, token, urn, qt)
		var pe *platforms.Error
		if errors.As(err, &pe) && pe.Status == http.StatusNotFound {
			return platforms.PostMetrics{}, false, nil
		}
		if err != nil {
			return platforms.PostMetrics{}, false, c.metricsError(err, ScopeMemberAnalytics)
		}
		counts[qt] = n
	}
	return platforms.PostMetrics{Views: counts["IMPRESSION"], Likes: counts["REACTION"], Comments: counts["COMMENT"],
		Shares: counts["RESHARE"], Saves: platforms.NotProvided}, true, nil
}

// memberCount is GET /rest/memberCreatorPostAnalytics?q=entity&entity=(share:<urn>)
// &queryType=<qt>&aggregation=TOTAL: the sum of the elements' counts.
func (c *Connector) memberCount(ctx context.Context, token, urn, qt string) (int64, error) {
	path := "/rest/memberCreatorPostAnalytics?q=entity&entity=(" + postKind(urn) + ":" + url.QueryEscape(urn) +
		")&queryType=" + qt + "&aggregation=TOTAL"
	var page struct {
		Elements []struct {
			Count int64 `json:"count"`
		} `json:"elements"`
	}
	if err := c.getJSON(ctx, path, token, &page); err != nil {
		return 0, err
	}
	var n int64
	for _, e := range page.Elements {
		n += e.Count
	}
	return n, nil
}

// shareStats is one element of organizationalEntityShareStatistics.
type shareStats struct {
	Share   string `json:"share"`
	UGCPost string `json:"ugcPost"`
	Total   struct {
		Impressions int64 `json:"impressionCount"`
		Likes       int64 `json:"likeCount"`
		Comments    int64 `json:"commentCount"`
		Shares      int64 `json:"shareCount"`
	} `json:"totalShareStatistics"`
}

// organizationPostMetrics reads the lifetime statistics of an organization's posts in
// batches into out.
func (c *Connector) organizationPostMetrics(ctx context.Context, org, token string, urns []string, out map[string]platforms.PostMetrics) error {
	for batch := range slices.Chunk(urns, shareStatsBatch) {
		var page struct {
			Elements []shareStats `json:"elements"`
		}
		if err := c.getJSON(ctx, shareStatsPath(org, batch), token, &page); err != nil {
			return c.metricsError(err, ScopeOrgAnalytics)
		}
		for _, e := range page.Elements {
			t := e.Total
			out[e.Share+e.UGCPost] = platforms.PostMetrics{Views: t.Impressions, Likes: t.Likes, Comments: t.Comments,
				Shares: t.Shares, Saves: platforms.NotProvided}
		}
	}
	return nil
}

// shareStatsPath is the statistics query for batch, with shares and ugcPosts as
// Rest.li 2.0 lists of encoded URNs.
func shareStatsPath(org string, batch []string) string {
	var shares, ugc []string
	for _, urn := range batch {
		if postKind(urn) == "share" {
			shares = append(shares, url.QueryEscape(urn))
		} else {
			ugc = append(ugc, url.QueryEscape(urn))
		}
	}
	path := "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=" + url.QueryEscape(org)
	if len(shares) > 0 {
		path += "&shares=List(" + strings.Join(shares, ",") + ")"
	}
	if len(ugc) > 0 {
		path += "&ugcPosts=List(" + strings.Join(ugc, ",") + ")"
	}
	return path
}

// AccountMetrics reads an organization's follower count from
// GET /rest/networkSizes/<urn>?edgeType=COMPANY_FOLLOWED_BY_MEMBER (request details
// unverified in platforms.md). LinkedIn gives apps no follower count for a member
// (that needs a partner-only permission), so a member's counters are all
// platforms.NotProvided; following and posts are never given.
func (c *Connector) AccountMetrics(ctx context.Context, acct model.Account, token string) (platforms.AccountMetrics, error) {
	out := platforms.AccountMetrics{Followers: platforms.NotProvided, Following: platforms.NotProvided, Posts: platforms.NotProvided}
	if !strings.HasPrefix(acct.RemoteID, OrganizationURNPrefix) {
		return out, nil
	}
	var size struct {
		FirstDegreeSize int64 `json:"firstDegreeSize"`
	}
	path := "/rest/networkSizes/" + url.PathEscape(acct.RemoteID) + "?edgeType=COMPANY_FOLLOWED_BY_MEMBER"
	if err := c.getJSON(ctx, path, token, &size); err != nil {
		return platforms.AccountMetrics{}, c.metricsError(err, ScopeOrgAnalytics)
	}
	out.Followers = size.FirstDegreeSize
	return out, nil
}

// getJSON reads a /rest resource into out.
func (c *Connector) getJSON(ctx context.Context, path, token string, out any) error {
	_, _, body, err := c.rest(ctx, http.MethodGet, path, token, nil)
	if err != nil {
		return err
	}
	return decode(body, out, http.StatusOK)
}

// metricsError names the missing permission on a 403 and, on a 429 without a
// Retry-After, retries after LinkedIn's daily counters reset at midnight UTC.
func (c *Connector) metricsError(err error, scope string) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Status {
	case http.StatusForbidden:
		e := needScope(scope, pe.Message)
		e.Status, e.Code = pe.Status, pe.Code
		return e
	case http.StatusTooManyRequests:
		if pe.RetryAt.IsZero() {
			pe.RetryAt = nextMidnightUTC(c.a.now())
		}
	}
	return pe
}

// needScope is the Permanent error for statistics LinkedIn gives only with scope;
// words are LinkedIn's own, when it said something.
func needScope(scope, words string) *platforms.Error {
	msg := fmt.Sprintf("LinkedIn gives these statistics only to apps granted the %s permission, which this connection does not have.", scope)
	if scope == ScopeMemberAnalytics {
		msg += " LinkedIn grants it only to approved Community Management apps."
	}
	if words != "" {
		msg += " LinkedIn said: “" + words + "”."
	}
	return &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Permanent, Err: model.ErrUnsupported, Message: msg}
}

// nextMidnightUTC is when LinkedIn's daily rate-limit counters reset after now.
func nextMidnightUTC(now time.Time) time.Time {
	return now.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
}
