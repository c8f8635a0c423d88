package youtubefake

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Statistics limits and costs the fake enforces (platforms.md §6 Analytics).
const (
	// MaxListIDs is how many ids one videos.list call may name.
	MaxListIDs = 50
	// DefaultReadQuota is the project's daily units for everything but uploads; a list
	// call costs 1.
	DefaultReadQuota = 10000
)

// VideoStats are a video's counters as videos.list part=statistics reports them.
type VideoStats struct {
	Views, Likes, Comments int64
	// LikesHidden leaves likeCount out (the owner hides likes); CommentsOff leaves
	// commentCount out (comments are disabled).
	LikesHidden, CommentsOff bool
}

// ChannelStats are a channel's counters as channels.list part=statistics reports them.
type ChannelStats struct {
	Views, Subscribers int64
	// Videos is videoCount; -1 counts the channel's live videos in the fake.
	Videos int64
	// HiddenSubscribers is hiddenSubscriberCount: subscriberCount is then left out.
	HiddenSubscribers bool
}

// statsState is the statistics part of the Server, guarded by Server.mu.
type statsState struct {
	videos   map[string]VideoStats
	channels map[string]ChannelStats
	quota    int    // read units per day; 0 = DefaultReadQuota
	day      string // the Pacific date used counts
	used     int
}

func (st *statsState) init() {
	if st.videos == nil {
		st.videos, st.channels = map[string]VideoStats{}, map[string]ChannelStats{}
	}
}

// SetVideoStats sets the counters videos.list reports for a video.
func (s *Server) SetVideoStats(videoID string, v VideoStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.init()
	s.stats.videos[videoID] = v
}

// SetChannelStats sets the counters channels.list reports for a channel.
func (s *Server) SetChannelStats(channelID string, c ChannelStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.init()
	s.stats.channels[channelID] = c
}

// SetReadQuota sets the project's daily units for list calls (DefaultReadQuota); once
// spent, videos.list and channels.list answer 403 quotaExceeded until midnight Pacific.
func (s *Server) SetReadQuota(units int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.quota = units
}

// videosWithStats is GET /youtube/v3/videos: listVideos with at most MaxListIDs ids,
// the statistics part and the read quota.
func (s *Server) videosWithStats(c *call) reply {
	q := c.R.URL.Query()
	if ids := q.Get("id"); ids != "" && len(strings.Split(ids, ",")) > MaxListIDs {
		return apiErr(http.StatusBadRequest, "invalidFilters", "youtube.parameter",
			"The id parameter names more than "+strconv.Itoa(MaxListIDs)+" videos.", "INVALID_ARGUMENT")
	}
	rep := s.listVideos(c)
	if rep.Status != http.StatusOK {
		return rep
	}
	if over := s.spendRead(c.Now); over != nil {
		return *over
	}
	if hasPart(q.Get("part"), "statistics") {
		s.stats.init()
		for _, item := range rep.Body.(map[string]any)["items"].([]map[string]any) {
			item["statistics"] = videoStatistics(s.stats.videos[item["id"].(string)])
		}
	}
	return rep
}

// channelsWithStats is GET /youtube/v3/channels: channels with the statistics part and
// the read quota.
func (s *Server) channelsWithStats(c *call) reply {
	rep := s.channels(c)
	if rep.Status != http.StatusOK {
		return rep
	}
	if over := s.spendRead(c.Now); over != nil {
		return *over
	}
	if hasPart(c.R.URL.Query().Get("part"), "statistics") {
		s.stats.init()
		for _, item := range rep.Body.(map[string]any)["items"].([]map[string]any) {
			item["statistics"] = s.channelStatistics(item["id"].(string))
		}
	}
	return rep
}

// spendRead charges one unit; a non-nil reply is the 403 quotaExceeded.
func (s *Server) spendRead(now time.Time) *reply {
	if day := now.In(pacific).Format(time.DateOnly); day != s.stats.day {
		s.stats.day, s.stats.used = day, 0
	}
	quota := s.stats.quota
	if quota == 0 {
		quota = DefaultReadQuota
	}
	if s.stats.used >= quota {
		rep := apiErr(http.StatusForbidden, "quotaExceeded", "youtube.quota",
			"The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.", "PERMISSION_DENIED")
		return &rep
	}
	s.stats.used++
	return nil
}

func hasPart(raw, part string) bool {
	return slices.ContainsFunc(strings.Split(raw, ","), func(p string) bool { return strings.TrimSpace(p) == part })
}

// videoStatistics is a video's statistics object: counts as decimal strings,
// dislikeCount hidden, likeCount and commentCount left out when not public.
func videoStatistics(v VideoStats) map[string]string {
	out := map[string]string{"viewCount": itoa(v.Views), "favoriteCount": "0"}
	if !v.LikesHidden {
		out["likeCount"] = itoa(v.Likes)
	}
	if !v.CommentsOff {
		out["commentCount"] = itoa(v.Comments)
	}
	return out
}

// channelStatistics is a channel's statistics object.
func (s *Server) channelStatistics(channelID string) map[string]any {
	cs, ok := s.stats.channels[channelID]
	if !ok || cs.Videos < 0 {
		cs.Videos = s.liveVideos(channelID)
	}
	out := map[string]any{"viewCount": itoa(cs.Views), "hiddenSubscriberCount": cs.HiddenSubscribers, "videoCount": itoa(cs.Videos)}
	if !cs.HiddenSubscribers {
		out["subscriberCount"] = itoa(cs.Subscribers)
	}
	return out
}

func (s *Server) liveVideos(channelID string) int64 {
	var n int64
	for _, v := range s.vid.videos {
		if v.ChannelID == channelID && !v.Deleted {
			n++
		}
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
