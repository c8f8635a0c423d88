package tiktokfake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// RouteVideoQuery is the video statistics endpoint, as Calls and FailNext name it.
const RouteVideoQuery = "POST /v2/video/query/"

// MaxQueryIDs is how many video ids one /v2/video/query/ call may name.
const MaxQueryIDs = 20

// VideoStats are a post's counters as /v2/video/query/ reports them.
type VideoStats struct {
	Views, Likes, Comments, Shares int64
}

// UserStats are a creator's counters as /v2/user/info/ reports them (user.info.stats).
type UserStats struct {
	Followers, Following, Likes, Videos int64
}

// statsState is the statistics part of the Server, guarded by Server.mu.
type statsState struct {
	videos map[string]VideoStats // by public post id
	users  map[string]UserStats  // by open_id
}

func (st *statsState) init() {
	if st.videos == nil {
		st.videos, st.users = map[string]VideoStats{}, map[string]UserStats{}
	}
}

// SetVideoStats sets the counters of a public post (its publicaly_available_post_id).
func (s *Server) SetVideoStats(postID string, v VideoStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.init()
	s.stats.videos[postID] = v
}

// SetUserStats sets a creator's follower, following, likes and video counts.
func (s *Server) SetUserStats(openID string, u UserStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.init()
	s.stats.users[openID] = u
}

// videoQuery is POST /v2/video/query/?fields=... (scope video.list) with
// {"filters":{"video_ids":[...]}}: 1 to MaxQueryIDs ids; only the creator's own posts
// that are out (past moderation) are answered, the others left out.
func (s *Server) videoQuery(c *call) reply {
	g, rep := s.bearer(c, "video.list")
	if rep != nil {
		return *rep
	}
	fields := strings.Split(c.R.URL.Query().Get("fields"), ",")
	for _, f := range fields {
		if !slices.Contains(videoFields, f) {
			return invalidParams("unknown field " + f)
		}
	}
	var in struct {
		Filters struct {
			VideoIDs []string `json:"video_ids"`
		} `json:"filters"`
	}
	if err := json.NewDecoder(c.R.Body).Decode(&in); err != nil {
		return invalidParams("the body is not valid JSON")
	}
	if n := len(in.Filters.VideoIDs); n < 1 || n > MaxQueryIDs {
		return invalidParams("filters.video_ids must hold 1 to 20 ids")
	}
	s.stats.init()
	out := []map[string]any{}
	for _, p := range s.publishes {
		if p.OpenID == g.openID && s.visible(p, c.Now) && slices.Contains(in.Filters.VideoIDs, p.PostID) {
			out = append(out, s.queriedVideo(p, fields))
		}
	}
	return apiOK(map[string]any{"videos": out, "cursor": 0, "has_more": false})
}

// queriedVideo is one post with the fields asked for, counters included.
func (s *Server) queriedVideo(p *publish, fields []string) map[string]any {
	out := videoFieldsOf(p, fields)
	st := s.stats.videos[p.PostID]
	counts := map[string]int64{"view_count": st.Views, "like_count": st.Likes, "comment_count": st.Comments, "share_count": st.Shares}
	for f, n := range counts {
		if _, asked := out[f]; asked {
			out[f] = n
		}
	}
	return out
}

// userInfoWithStats is GET /v2/user/info/ with the user.info.stats fields filled in.
func (s *Server) userInfoWithStats(c *call) reply {
	rep := s.userInfo(c)
	if rep.Status != http.StatusOK {
		return rep
	}
	g, _ := s.bearer(c, "")
	s.stats.init()
	st := s.stats.users[g.openID]
	user := rep.Body.(map[string]any)["data"].(map[string]any)["user"].(map[string]any)
	counts := map[string]int64{"follower_count": st.Followers, "following_count": st.Following, "likes_count": st.Likes, "video_count": st.Videos}
	for f, n := range counts {
		if _, asked := user[f]; asked {
			user[f] = n
		}
	}
	return rep
}
