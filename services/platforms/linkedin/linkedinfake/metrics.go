package linkedinfake

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Routes of the statistics endpoints, for Calls.
const (
	RouteMemberAnalytics = "GET /rest/memberCreatorPostAnalytics"
	RouteShareStats      = "GET /rest/organizationalEntityShareStatistics"
	RouteNetworkSizes    = "GET /rest/networkSizes/{urn}"
)

// memberQueryTypes are memberCreatorPostAnalytics' queryType values (platforms.md §4;
// POST_SAVE and POST_SEND in newer versions).
var memberQueryTypes = []string{"IMPRESSION", "MEMBERS_REACHED", "RESHARE", "REACTION", "COMMENT", "POST_SAVE", "POST_SEND"}

// PostStats are a post's lifetime statistics.
type PostStats struct {
	Impressions, MembersReached, Reactions, Comments, Reshares, Clicks, Saves int64
}

// metricsState is the statistics tests set; guarded by Server.mu.
type metricsState struct {
	posts     map[string]PostStats // by post URN
	followers map[string]int64     // by organization id
	// limit is the statistics calls one member may make per UTC day (0: no limit).
	limit int
	used  map[string]int // by member id and day
}

// SetPostStats puts statistics on the post urn.
func (s *Server) SetPostStats(urn string, st PostStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.metrics.posts == nil {
		s.metrics.posts = map[string]PostStats{}
	}
	s.metrics.posts[urn] = st
}

// SetFollowers sets an organization's follower count (networkSizes).
func (s *Server) SetFollowers(orgID string, n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.metrics.followers == nil {
		s.metrics.followers = map[string]int64{}
	}
	s.metrics.followers[orgID] = n
}

// SetAnalyticsLimit caps the statistics calls of each member per UTC day; past it they
// answer 429 without rate-limit headers, as LinkedIn does (§9 rule 7).
func (s *Server) SetAnalyticsLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.metrics.limit = n
}

// statsCall runs the checks every statistics call shares: headers, a token with one of
// scopes, and the member's daily limit.
func (s *Server) statsCall(c *call, scopes ...string) (*grant, *reply) {
	if rep := s.restHeaders(c); rep != nil {
		return nil, rep
	}
	g, rep := s.bearer(c, scopes...)
	if rep != nil {
		return nil, rep
	}
	if s.metrics.limit > 0 {
		if s.metrics.used == nil {
			s.metrics.used = map[string]int{}
		}
		key := g.memberID + "/" + c.Now.UTC().Format(time.DateOnly)
		s.metrics.used[key]++
		if s.metrics.used[key] > s.metrics.limit {
			r := apiErr(http.StatusTooManyRequests, 0, "TOO_MANY_REQUESTS", "Resource level throttle APPLICATION_AND_MEMBER DAY limit for calls to this resource is reached.")
			return nil, &r
		}
	}
	return g, nil
}

// memberPostAnalytics is GET /rest/memberCreatorPostAnalytics?q=entity
// &entity=(share:<urn>)|(ugc:<urn>)&queryType=…&aggregation=TOTAL (r_member_postAnalytics).
// Only the member's own live posts have statistics; others are 404.
func (s *Server) memberPostAnalytics(c *call) reply {
	g, rep := s.statsCall(c, "r_member_postAnalytics")
	if rep != nil {
		return *rep
	}
	q := c.R.URL.Query()
	kind, urn := entityParam(q.Get("entity"))
	switch {
	case q.Get("q") != "entity":
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Unsupported finder: q="+q.Get("q"))
	case urn == "" || (kind == "share") != strings.HasPrefix(urn, "urn:li:share:"):
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Invalid entity: "+q.Get("entity"))
	case !slices.Contains(memberQueryTypes, q.Get("queryType")):
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Invalid queryType: "+q.Get("queryType"))
	case q.Get("aggregation") != "TOTAL" && q.Get("aggregation") != "DAILY":
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Invalid aggregation: "+q.Get("aggregation"))
	}
	p := s.livePost(urn)
	if p == nil || p.Author != "urn:li:person:"+g.memberID {
		return apiErr(http.StatusNotFound, 0, "NOT_FOUND", "Entity "+urn+" not found")
	}
	el := map[string]any{"count": memberCount(s.metrics.posts[urn], q.Get("queryType")),
		"metricType":   map[string]string{"com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1": q.Get("queryType")},
		"targetEntity": map[string]string{kind: urn}}
	return reply{Status: http.StatusOK, Body: map[string]any{"elements": []any{el}, "paging": map[string]any{"start": 0, "count": 10, "links": []any{}}}}
}

// entityParam splits a Rest.li union "(share:urn:li:share:1)".
func entityParam(v string) (kind, urn string) {
	inner, ok := strings.CutPrefix(v, "(")
	inner, ok2 := strings.CutSuffix(inner, ")")
	kind, urn, ok3 := strings.Cut(inner, ":")
	if !ok || !ok2 || !ok3 || (kind != "share" && kind != "ugc") {
		return "", ""
	}
	return kind, urn
}

func memberCount(st PostStats, queryType string) int64 {
	return map[string]int64{"IMPRESSION": st.Impressions, "MEMBERS_REACHED": st.MembersReached, "RESHARE": st.Reshares,
		"REACTION": st.Reactions, "COMMENT": st.Comments, "POST_SAVE": st.Saves, "POST_SEND": 0}[queryType]
}

// livePost is the stored post urn unless it is unknown or deleted.
func (s *Server) livePost(urn string) *Post {
	i := slices.IndexFunc(s.posts, func(p *Post) bool { return p.URN == urn && !p.Deleted })
	if i < 0 {
		return nil
	}
	return s.posts[i]
}

// shareStatistics is GET /rest/organizationalEntityShareStatistics?q=organizationalEntity
// &organizationalEntity=<org>&shares=List(…)&ugcPosts=List(…) (rw_organization_admin,
// the member an approved ADMINISTRATOR of the organization). Posts that are unknown,
// deleted or not the organization's are left out of elements.
func (s *Server) shareStatistics(c *call) reply {
	g, rep := s.statsCall(c, "rw_organization_admin")
	if rep != nil {
		return *rep
	}
	q := c.R.URL.Query()
	org := q.Get("organizationalEntity")
	if q.Get("q") != "organizationalEntity" {
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Unsupported finder: q="+q.Get("q"))
	}
	if !s.administers(g.memberID, org) {
		return apiErr(http.StatusForbidden, 100, "ACCESS_DENIED", "Not enough permissions to access: organizationalEntityShareStatistics for "+org)
	}
	elements := []any{}
	for _, field := range []string{"shares", "ugcPosts"} {
		for _, urn := range listParam(q.Get(field)) {
			if p := s.livePost(urn); p != nil && p.Author == org {
				elements = append(elements, shareElement(org, field, urn, s.metrics.posts[urn]))
			}
		}
	}
	return reply{Status: http.StatusOK, Body: map[string]any{"elements": elements, "paging": map[string]any{"start": 0, "count": len(elements), "links": []any{}}}}
}

// listParam splits a Rest.li 2.0 "List(a,b)"; "" gives none.
func listParam(v string) []string {
	inner, ok := strings.CutPrefix(v, "List(")
	inner, ok2 := strings.CutSuffix(inner, ")")
	if !ok || !ok2 || inner == "" {
		return nil
	}
	return strings.Split(inner, ",")
}

func shareElement(org, field, urn string, st PostStats) map[string]any {
	engagement := 0.0
	if st.Impressions > 0 {
		engagement = float64(st.Clicks+st.Reactions+st.Comments+st.Reshares) / float64(st.Impressions)
	}
	key := "share"
	if field == "ugcPosts" {
		key = "ugcPost"
	}
	return map[string]any{"organizationalEntity": org, key: urn, "totalShareStatistics": map[string]any{
		"impressionCount": st.Impressions, "uniqueImpressionsCount": st.MembersReached, "likeCount": st.Reactions,
		"commentCount": st.Comments, "shareCount": st.Reshares, "clickCount": st.Clicks, "engagement": engagement}}
}

// administers reports whether member is an approved ADMINISTRATOR of the organization urn.
func (s *Server) administers(memberID, urn string) bool {
	id, ok := strings.CutPrefix(urn, "urn:li:organization:")
	m := s.members[memberID]
	return ok && m != nil && slices.ContainsFunc(m.Roles, func(r Role) bool {
		return r.OrganizationID == id && r.Role == "ADMINISTRATOR" && r.State == "APPROVED"
	})
}

// networkSizes is GET /rest/networkSizes/<org urn>?edgeType=COMPANY_FOLLOWED_BY_MEMBER
// → {"firstDegreeSize": n} (rw_organization_admin or r_organization_social; the request
// details are unverified in platforms.md).
func (s *Server) networkSizes(c *call) reply {
	if _, rep := s.statsCall(c, "rw_organization_admin", "r_organization_social"); rep != nil {
		return *rep
	}
	urn := c.R.PathValue("urn")
	id, ok := strings.CutPrefix(urn, "urn:li:organization:")
	switch {
	case c.R.URL.Query().Get("edgeType") != "COMPANY_FOLLOWED_BY_MEMBER":
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Invalid edgeType: "+c.R.URL.Query().Get("edgeType"))
	case !ok || s.orgs[id] == nil:
		return apiErr(http.StatusNotFound, 0, "NOT_FOUND", "Organization "+urn+" not found")
	}
	return reply{Status: http.StatusOK, Body: map[string]any{"firstDegreeSize": s.metrics.followers[id]}}
}
