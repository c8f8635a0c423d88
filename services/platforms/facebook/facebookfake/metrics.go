package facebookfake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Statistics permissions (platforms.md §3 OAuth): counts on a post need
// pages_read_engagement, Page and post insights read_insights.
const (
	scopeEngagement = "pages_read_engagement"
	scopeInsights   = "read_insights"
)

// invalidMetric is Graph's refusal of a metric it does not have (or no longer has:
// impressions-family metrics were removed by 2025-06-15, page_fans* on 2025-11-15).
const invalidMetric = "(#100) The value must be a valid insights metric"

// Metrics the fake serves (platforms.md §3 Analytics, §9 Facebook fake rule 6).
var (
	postMetrics = []string{"post_total_media_view_unique", "post_reactions_by_type_total", "post_clicks", "post_clicks_by_type"}
	pageMetrics = []string{"page_total_media_view_unique", "page_media_view", "page_post_engagements", "page_daily_follows", "page_follows"}
)

// metricFields are the node fields that read counters.
var metricFields = []string{"reactions", "comments", "shares", "followers_count", "fan_count"}

// PostStats are a Page post's (or video's) counters.
type PostStats struct {
	Reactions, Comments, Shares int64
	// MediaViewsUnique is post_total_media_view_unique.
	MediaViewsUnique int64
}

// statsState is the statistics part of the Server, guarded by Server.mu.
type statsState struct {
	posts     map[string]PostStats // by post or video id
	followers map[string]int64     // by Page id
	throttle  int                  // the code the next throttled calls answer with
	throttled int                  // how many more calls are throttled
}

func (st *statsState) init() {
	if st.posts == nil {
		st.posts, st.followers = map[string]PostStats{}, map[string]int64{}
	}
}

// SetPostStats sets the counters of a post (id "<page>_<post>") or a video.
func (s *Server) SetPostStats(id string, p PostStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.init()
	s.stats.posts[id] = p
}

// SetFollowers sets a Page's followers_count (and page_follows).
func (s *Server) SetFollowers(pageID string, n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.init()
	s.stats.followers[pageID] = n
}

// ThrottleMetrics makes the next n statistics reads (counter fields and /insights)
// fail with a throttling code: 4 (app), 17 (user) or 32 (Page).
func (s *Server) ThrottleMetrics(code, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.throttle, s.stats.throttled = code, n
}

// throttleWords are Meta's messages for the throttling codes.
var throttleWords = map[int]string{
	4:  "(#4) Application request limit reached",
	17: "(#17) User request limit reached",
	32: "(#32) Page request limit reached",
}

// takeThrottle answers a throttled statistics read, with the usage headers at 100%.
func (s *Server) takeThrottle() (reply, bool) {
	if s.stats.throttled <= 0 {
		return reply{}, false
	}
	s.stats.throttled--
	rep := graphErr(http.StatusBadRequest, throttleWords[s.stats.throttle], "OAuthException", s.stats.throttle, 0)
	usage, _ := json.Marshal(map[string]int{"call_count": 100, "total_cputime": 40, "total_time": 60})
	rep.header = http.Header{"X-App-Usage": {string(usage)}}
	return rep, true
}

// metricsNode is GET /{id}: node, but with the counter fields a post, video or Page
// has (reactions.summary(total_count), comments.summary(total_count), shares,
// followers_count) when they are asked for.
func (s *Server) metricsNode(c *call) reply {
	fields := splitFields(c.q.Get("fields"), nil)
	if !slices.ContainsFunc(fields, func(f string) bool { return slices.Contains(metricFields, f) }) {
		return s.node(c)
	}
	t, rep := s.validToken(c, accessTokenOf(c))
	if t == nil {
		return rep
	}
	if rep, ok := s.takeThrottle(); ok {
		return rep
	}
	s.pub.init()
	s.stats.init()
	id := c.r.PathValue("id")
	if p, ok := s.pages[id]; ok && s.canSeePage(t, p) {
		return s.pageCounts(t, p, fields)
	}
	if p, ok := s.pub.posts[id]; ok && !p.Deleted && p.publishedAt(c.now) && s.canSeePage(t, s.pages[p.PageID]) {
		return s.postCounts(t, id, fields, postFieldNames, "Post", func(base []string) map[string]any { return postFields(p, c.now, base) })
	}
	if v, ok := s.pub.videos[id]; ok && v.finished && !v.deleted && s.canSeePage(t, s.pages[v.pageID]) {
		return s.postCounts(t, id, fields, videoFieldNames, "Video", func(base []string) map[string]any { return videoFields(v, c.now, base) })
	}
	return getMissing(id)
}

// pageCounts is a Page node with followers_count (fan_count is gone with page_fans).
func (s *Server) pageCounts(t *Token, p *Page, fields []string) reply {
	if slices.Contains(fields, "fan_count") {
		return nonexistingField("fan_count", "Page")
	}
	base := slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == "followers_count" })
	out := s.pageFields(t, p, base)
	out["id"], out["followers_count"] = p.ID, s.stats.followers[p.ID]
	return jsonReply(out)
}

// postCounts is a post or video node with its counters: reactions and comments with a
// summary, shares (posts only, left out when there are none).
func (s *Server) postCounts(t *Token, id string, fields, known []string, nodeType string, render func([]string) map[string]any) reply {
	if !slices.Contains(t.Scopes, scopeEngagement) {
		return graphErr(http.StatusForbidden, "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature.", "OAuthException", 10, 0)
	}
	var base []string
	for _, f := range fields {
		switch {
		case f == "reactions" || f == "comments" || f == "shares" && nodeType == "Post":
		case slices.Contains(known, f):
			base = append(base, f)
		default:
			return nonexistingField(f, nodeType)
		}
	}
	out := render(base)
	st := s.stats.posts[id]
	if slices.Contains(fields, "reactions") {
		out["reactions"] = map[string]any{"data": []any{}, "summary": map[string]any{"total_count": st.Reactions, "viewer_reaction": "NONE"}}
	}
	if slices.Contains(fields, "comments") {
		out["comments"] = map[string]any{"data": []any{}, "summary": map[string]any{"order": "ranked", "total_count": st.Comments, "can_comment": true}}
	}
	if slices.Contains(fields, "shares") && st.Shares > 0 {
		out["shares"] = map[string]any{"count": st.Shares}
	}
	return jsonReply(out)
}

// insights is GET /{post-or-page}/insights?metric=a,b (read_insights): the current
// metrics of the object's kind; removed ones (post_impressions*, page_impressions*,
// page_fans*) and unknown ones are refused as invalid metrics.
func (s *Server) insights(c *call) reply {
	t, rep := s.validToken(c, accessTokenOf(c))
	if t == nil {
		return rep
	}
	if rep, ok := s.takeThrottle(); ok {
		return rep
	}
	s.pub.init()
	s.stats.init()
	id := c.r.PathValue("id")
	known, period, ok := s.insightsOf(t, id, c)
	if !ok {
		return getMissing(id)
	}
	if !slices.Contains(t.Scopes, scopeInsights) {
		return graphErr(http.StatusForbidden, "(#10) This endpoint requires the 'read_insights' permission.", "OAuthException", 10, 0)
	}
	raw := c.q.Get("metric")
	if raw == "" {
		return graphErr(http.StatusBadRequest, "(#100) The parameter metric is required", "OAuthException", 100, 0)
	}
	data := []map[string]any{}
	for _, m := range strings.Split(raw, ",") {
		if !slices.Contains(known, m) {
			return graphErr(http.StatusBadRequest, invalidMetric, "OAuthException", 100, 0)
		}
		data = append(data, map[string]any{"name": m, "period": period, "values": []any{map[string]any{"value": s.metricValue(id, m)}},
			"title": m, "description": "", "id": id + "/insights/" + m + "/" + period})
	}
	return jsonReply(map[string]any{"data": data, "paging": map[string]string{}})
}

// insightsOf names the metrics and period of the object id, if the token may see it.
func (s *Server) insightsOf(t *Token, id string, c *call) ([]string, string, bool) {
	if p, ok := s.pages[id]; ok && s.canSeePage(t, p) {
		return pageMetrics, "day", true
	}
	if p, ok := s.pub.posts[id]; ok && !p.Deleted && p.publishedAt(c.now) && s.canSeePage(t, s.pages[p.PageID]) {
		return postMetrics, "lifetime", true
	}
	return nil, "", false
}

// metricValue is what a metric reads for id (0 for the ones tests do not set).
func (s *Server) metricValue(id, metric string) any {
	st := s.stats.posts[id]
	switch metric {
	case "post_total_media_view_unique":
		return st.MediaViewsUnique
	case "post_reactions_by_type_total":
		return map[string]int64{"like": st.Reactions}
	case "page_follows":
		return s.stats.followers[id]
	}
	return 0
}

// getMissing is Graph's answer for an object that does not exist or cannot be seen.
func getMissing(id string) reply {
	return graphErr(http.StatusBadRequest, "Unsupported get request. Object with ID '"+id+"' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", "GraphMethodException", 100, 33)
}
