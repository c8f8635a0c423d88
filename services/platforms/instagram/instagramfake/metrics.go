package instagramfake

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Media insights metrics (platforms.md §2 Analytics): the current ones, those only the
// Facebook Login style serves, and the ones retired on 2025-04-21, which are refused
// like any unknown metric (§9 Instagram fake rule 8).
var (
	currentMetrics  = []string{"views", "reach", "likes", "comments", "shares", "saved", "total_interactions", "follows", "profile_visits", "profile_activity", "replies", "navigation"}
	facebookMetrics = []string{"total_likes", "total_comments", "total_views"}
	retiredMetrics  = []string{"impressions", "plays", "video_views", "clips_replays_count", "ig_reels_aggregated_all_plays_count"}
	// storyless are the metrics a story does not have: Meta leaves them out of the answer.
	storyless = []string{"likes", "comments", "saved", "total_likes", "total_comments"}
)

// accountFields are the IG User node fields the fake serves.
var accountFields = []string{"id", "user_id", "username", "name", "profile_picture_url", "followers_count", "follows_count", "media_count"}

// Insights are a media's lifetime metrics as /{ig-media-id}/insights reports them.
type Insights struct {
	Views, Reach, Likes, Comments, Shares, Saved int64
	// TooFewViewers refuses the insights with code 10, as Meta does below its floor.
	TooFewViewers bool
}

// AccountCounts are an Instagram account's counters on its node.
type AccountCounts struct {
	Followers, Follows int64
	// Media is media_count; -1 counts the account's live posts in the fake.
	Media int64
}

// statsState is the statistics part of the Server, guarded by Server.mu.
type statsState struct {
	media    map[string]Insights
	accounts map[string]AccountCounts
}

func (st *statsState) init() {
	if st.media == nil {
		st.media, st.accounts = map[string]Insights{}, map[string]AccountCounts{}
	}
}

// SetInsights sets what a media's insights report.
func (s *Server) SetInsights(mediaID string, in Insights) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.init()
	s.stats.media[mediaID] = in
}

// SetAccountCounts sets an Instagram account's followers_count, follows_count and
// media_count.
func (s *Server) SetAccountCounts(igUserID string, c AccountCounts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.init()
	s.stats.accounts[igUserID] = c
}

// nodeRoute is GET /{version}/{id}: the IG User node (with its counters) for an
// account the fake knows, else node.
func (s *Server) nodeRoute(style string) http.HandlerFunc {
	account, node := s.pubWrap(style, "account", s.accountNode), s.pubWrap(style, "node", s.node)
	return func(w http.ResponseWriter, r *http.Request) {
		if s.isAccount(r.PathValue("id")) {
			account(w, r)
			return
		}
		node(w, r)
	}
}

// isAccount reports whether id is an Instagram account of this fake: an Instagram
// Login user, one with counts set, or one that has published.
func (s *Server) isAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.stats.accounts[id]; ok {
		return true
	}
	for _, u := range s.users {
		if u.UserID == id {
			return true
		}
	}
	return slices.ContainsFunc(s.pub.order, func(m string) bool { return s.pub.media[m].UserID == id })
}

// accountNode is GET /{ig-user-id}?fields=...: the caller's own account (basic
// permission), with followers_count, follows_count and media_count.
func (s *Server) accountNode(pc *pcall) reply {
	id, rep, ok := s.edge(pc, false)
	if !ok {
		return rep
	}
	fields := strings.Split(cmpOr(pc.q.Get("fields"), "id"), ",")
	s.stats.init()
	counts, set := s.stats.accounts[id]
	if !set || counts.Media < 0 {
		counts.Media = int64(len(s.livePosts(id)))
	}
	values := map[string]any{"id": id, "user_id": id, "followers_count": counts.Followers, "follows_count": counts.Follows, "media_count": counts.Media}
	out := map[string]any{"id": id}
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if !slices.Contains(accountFields, f) {
			return paramErr("Tried accessing nonexisting field (" + f + ") on node type (User)")
		}
		if v, ok := values[f]; ok {
			out[f] = v
		}
	}
	return jsonReply(out)
}

// livePosts is the account's published posts (no carousel children, not deleted).
func (s *Server) livePosts(owner string) []*Media {
	var out []*Media
	for _, id := range s.pub.order {
		if m := s.pub.media[id]; m.UserID == owner && !m.Child && !m.Deleted {
			out = append(out, m)
		}
	}
	return out
}

// insights is GET /{ig-media-id}/insights?metric=...: the insights permission of the
// caller's style, current metric names only, none for carousel children, the
// too-few-viewers refusal, and a story's missing metrics left out of the answer.
func (s *Server) insights(pc *pcall) reply {
	id := pc.r.PathValue("id")
	m, ok := s.pub.media[id]
	if !ok || m.Deleted || !slices.Contains(pc.who.igIDs, m.UserID) {
		return missingObject("get", id)
	}
	if rep, ok := insightsPermitted(pc.who); !ok {
		return rep
	}
	metrics, rep, ok := s.checkMetrics(pc)
	if !ok {
		return rep
	}
	s.stats.init()
	in := s.stats.media[id]
	switch {
	case m.Child:
		return graphErr(http.StatusBadRequest, "(#100) Media Insights are not supported for children of carousel albums.", "OAuthException", 100, 0)
	case in.TooFewViewers:
		return graphErr(http.StatusBadRequest, "(#10) Not enough viewers for the media to show insights", "OAuthException", 10, 0)
	}
	data := []any{}
	for _, name := range metrics {
		if m.ProductType == "STORY" && slices.Contains(storyless, name) {
			continue
		}
		data = append(data, map[string]any{"name": name, "period": "lifetime", "values": []any{map[string]any{"value": metricValue(in, name)}},
			"title": name, "description": "", "id": id + "/insights/" + name + "/lifetime"})
	}
	return jsonReply(map[string]any{"data": data})
}

// insightsPermitted is Meta's refusal when the token lacks the insights permission.
func insightsPermitted(who caller) (reply, bool) {
	need := "instagram_business_manage_insights"
	if who.style == styleFacebook {
		need = "instagram_manage_insights"
	}
	if slices.Contains(who.scopes, need) {
		return reply{}, true
	}
	return graphErr(http.StatusForbidden, "(#10) Application does not have permission for this action", "OAuthException", 10, 0), false
}

// checkMetrics reads the metric list: required, each a current metric of the caller's
// style; a retired or unknown one is refused with the list Meta gives.
func (s *Server) checkMetrics(pc *pcall) ([]string, reply, bool) {
	raw := pc.q.Get("metric")
	if raw == "" {
		return nil, paramErr("The parameter metric is required"), false
	}
	valid := currentMetrics
	if pc.who.style == styleFacebook {
		valid = append(slices.Clone(currentMetrics), facebookMetrics...)
	}
	metrics := strings.Split(raw, ",")
	for i, name := range metrics {
		if slices.Contains(retiredMetrics, name) {
			return nil, paramErr("Starting from version v22.0 and above, the " + name + " metric is no longer supported. metric[" +
				strconv.Itoa(i) + "] must be one of the following values: " + strings.Join(valid, ", ")), false
		}
		if !slices.Contains(valid, name) {
			return nil, paramErr("metric[" + strconv.Itoa(i) + "] must be one of the following values: " + strings.Join(valid, ", ")), false
		}
	}
	return metrics, reply{}, true
}

func metricValue(in Insights, name string) int64 {
	switch name {
	case "views", "total_views":
		return in.Views
	case "reach":
		return in.Reach
	case "likes", "total_likes":
		return in.Likes
	case "comments", "total_comments":
		return in.Comments
	case "shares":
		return in.Shares
	case "saved":
		return in.Saved
	case "total_interactions":
		return in.Likes + in.Comments + in.Shares + in.Saved
	}
	return 0
}
