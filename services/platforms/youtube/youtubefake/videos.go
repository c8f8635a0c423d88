package youtubefake

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scopes that allow writing videos: videos.insert takes youtube.upload or a broader
// one; videos.delete needs one of the broader ones.
var (
	uploadScopes = []string{
		"https://www.googleapis.com/auth/youtube.upload",
		"https://www.googleapis.com/auth/youtube",
		"https://www.googleapis.com/auth/youtube.force-ssl",
		"https://www.googleapis.com/auth/youtubepartner",
	}
	manageScopes = []string{
		"https://www.googleapis.com/auth/youtube",
		"https://www.googleapis.com/auth/youtube.force-ssl",
		"https://www.googleapis.com/auth/youtubepartner",
	}
)

// videoParts are the video resource parts the fake knows.
var videoParts = []string{"id", "snippet", "status", "contentDetails", "statistics", "processingDetails", "player", "recordingDetails", "localizations", "topicDetails", "liveStreamingDetails", "fileDetails", "suggestions"}

// playlistItemParts are the playlistItem resource parts the fake knows.
var playlistItemParts = []string{"id", "snippet", "contentDetails", "status"}

// Video is an uploaded video as the fake holds it.
type Video struct {
	ID          string
	ChannelID   string
	Title       string
	Description string
	Tags        []string
	CategoryID  string
	// Privacy is the privacyStatus in force (private for an Unverified project).
	Privacy string
	// PublishAt is when a private video goes public; zero when not scheduled (and once
	// it has gone public).
	PublishAt time.Time
	// UploadStatus is uploaded, processed, failed, rejected or deleted.
	UploadStatus string
	ContentType  string
	Data         []byte
	UploadedAt   time.Time
	Deleted      bool
}

// uploadSession is one resumable upload.
type uploadSession struct {
	id          string
	userID      string
	channelID   string
	meta        videoBody
	total       int64
	contentType string
	data        []byte
	created     time.Time
	videoID     string // set once complete
}

// videoState is the fake's publishing state.
type videoState struct {
	videos   map[string]*Video
	order    []string // video ids, oldest first
	sessions map[string]*uploadSession
	// quotaDay is the Pacific date the inserts count belongs to.
	quotaDay       string
	inserts        int
	dropMidChunk   bool
	dropCompletion bool
	failQueries    []int // statuses for the next "bytes */total" status queries
	unverified     bool
}

func newVideoState() videoState {
	return videoState{videos: map[string]*Video{}, sessions: map[string]*uploadSession{}}
}

// UploadsPlaylist is a channel's uploads playlist id: "UU" in place of "UC".
func UploadsPlaylist(channelID string) string {
	if rest, ok := strings.CutPrefix(channelID, "UC"); ok {
		return "UU" + rest
	}
	return "UU" + channelID
}

// Videos returns every video uploaded so far, oldest first, deleted ones included.
func (s *Server) Videos() []Video {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDueLocked(s.opts.Now())
	out := make([]Video, 0, len(s.vid.order))
	for _, id := range s.vid.order {
		v := *s.vid.videos[id]
		v.Tags, v.Data = slices.Clone(v.Tags), slices.Clone(v.Data)
		out = append(out, v)
	}
	return out
}

// DropMidChunk makes the next session PUT that carries bytes keep the first half of
// them and then close the connection without answering (a connection lost mid-chunk).
func (s *Server) DropMidChunk() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vid.dropMidChunk = true
}

// DropNextCompletionResponse makes the next PUT that completes an upload create the
// video and then close the connection without answering.
func (s *Server) DropNextCompletionResponse() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vid.dropCompletion = true
}

// FailNextStatusQueries makes the next n status queries (PUT "bytes */total") fail
// with status (a 503, say) before they are looked at.
func (s *Server) FailNextStatusQueries(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.vid.failQueries = append(s.vid.failQueries, status)
	}
}

// SetUnverified switches the "unverified API project" lock to private on or off.
func (s *Server) SetUnverified(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vid.unverified = on
}

// SetUploadStatus sets a video's status.uploadStatus (processed, failed, rejected).
func (s *Server) SetUploadStatus(id, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v := s.vid.videos[id]; v != nil {
		v.UploadStatus = status
	}
}

// publishDueLocked makes public the scheduled videos whose publishAt has come.
func (s *Server) publishDueLocked(now time.Time) {
	for _, v := range s.vid.videos {
		if v.Privacy == "private" && !v.PublishAt.IsZero() && !now.Before(v.PublishAt) {
			v.Privacy, v.PublishAt = "public", time.Time{}
		}
	}
}

// visible reports whether userID may see v: private and unlisted videos only to the
// owner in lists, deleted ones to nobody.
func (s *Server) visible(v *Video, userID string) bool {
	if v.Deleted {
		return false
	}
	return v.Privacy == "public" || s.ownsChannel(userID, v.ChannelID)
}

func (s *Server) ownsChannel(userID, channelID string) bool {
	u := s.st.users[userID]
	return u != nil && slices.ContainsFunc(u.Channels, func(ch Channel) bool { return ch.ID == channelID })
}

// listVideos is GET /youtube/v3/videos?part=…&id=a,b.
func (s *Server) listVideos(c *call) reply {
	t, rep := s.bearer(c)
	if rep != nil {
		return *rep
	}
	if !hasScope(t.g.scopes, readScopes) {
		return insufficient(readScopes)
	}
	q := c.R.URL.Query()
	parts, rep := checkParts(q.Get("part"), videoParts)
	if rep != nil {
		return *rep
	}
	if q.Get("id") == "" {
		return apiErr(http.StatusBadRequest, "missingRequiredParameter", "youtube.parameter",
			"No filter selected. Expected one of: myRating, chart, id", "INVALID_ARGUMENT")
	}
	s.publishDueLocked(c.Now)
	items := []map[string]any{}
	for _, id := range strings.Split(q.Get("id"), ",") {
		if v := s.vid.videos[id]; v != nil && s.visible(v, t.g.userID) {
			items = append(items, s.videoResource(v, parts))
		}
	}
	return reply{Status: http.StatusOK, Body: map[string]any{"kind": "youtube#videoListResponse", "etag": "etag-videos",
		"pageInfo": map[string]int{"totalResults": len(items), "resultsPerPage": len(items)}, "items": items}}
}

// videoResource is a youtube#video with the parts asked for.
func (s *Server) videoResource(v *Video, parts []string) map[string]any {
	item := map[string]any{"kind": "youtube#video", "etag": "etag-" + v.ID, "id": v.ID}
	if slices.Contains(parts, "snippet") {
		sn := map[string]any{"publishedAt": v.UploadedAt.UTC().Format(time.RFC3339), "channelId": v.ChannelID,
			"title": v.Title, "description": v.Description, "categoryId": v.CategoryID, "channelTitle": s.channelTitle(v.ChannelID),
			"liveBroadcastContent": "none", "localized": map[string]string{"title": v.Title, "description": v.Description}}
		if len(v.Tags) > 0 {
			sn["tags"] = v.Tags
		}
		item["snippet"] = sn
	}
	if slices.Contains(parts, "status") {
		st := map[string]any{"uploadStatus": v.UploadStatus, "privacyStatus": v.Privacy, "license": "youtube",
			"embeddable": true, "publicStatsViewable": true, "madeForKids": false}
		if !v.PublishAt.IsZero() {
			st["publishAt"] = v.PublishAt.UTC().Format(time.RFC3339)
		}
		if v.UploadStatus == "failed" {
			st["failureReason"] = "codec"
		}
		if v.UploadStatus == "rejected" {
			st["rejectionReason"] = "duplicate"
		}
		item["status"] = st
	}
	return item
}

func (s *Server) channelTitle(channelID string) string {
	for _, u := range s.st.users {
		for _, ch := range u.Channels {
			if ch.ID == channelID {
				return ch.Title
			}
		}
	}
	return ""
}

// deleteVideo is DELETE /youtube/v3/videos?id=: 204, or 404 videoNotFound for a video
// that does not exist (any more).
func (s *Server) deleteVideo(c *call) reply {
	t, rep := s.bearer(c)
	if rep != nil {
		return *rep
	}
	if !hasScope(t.g.scopes, manageScopes) {
		return insufficient(manageScopes)
	}
	id := c.R.URL.Query().Get("id")
	v := s.vid.videos[id]
	switch {
	case id == "":
		return apiErr(http.StatusBadRequest, "required", "global", "Required parameter: id", "INVALID_ARGUMENT")
	case v == nil || v.Deleted:
		return apiErr(http.StatusNotFound, "videoNotFound", "youtube.video", "The video that you are trying to delete cannot be found.", "NOT_FOUND")
	case !s.ownsChannel(t.g.userID, v.ChannelID):
		return apiErr(http.StatusForbidden, "forbidden", "youtube.video",
			"The video that you are trying to delete cannot be deleted. The request might not be properly authorized.", "PERMISSION_DENIED")
	}
	v.Deleted, v.UploadStatus = true, "deleted"
	return reply{Status: http.StatusNoContent}
}

// playlistItems is GET /youtube/v3/playlistItems for a channel's uploads playlist,
// newest first, paged with maxResults (5 by default, at most 50) and pageToken.
func (s *Server) playlistItems(c *call) reply {
	t, rep := s.bearer(c)
	if rep != nil {
		return *rep
	}
	if !hasScope(t.g.scopes, readScopes) {
		return insufficient(readScopes)
	}
	q := c.R.URL.Query()
	parts, rep := checkParts(q.Get("part"), playlistItemParts)
	if rep != nil {
		return *rep
	}
	channelID, rep := s.uploadsChannel(q.Get("playlistId"))
	if rep != nil {
		return *rep
	}
	size, from, rep := paging(q.Get("maxResults"), q.Get("pageToken"))
	if rep != nil {
		return *rep
	}
	s.publishDueLocked(c.Now)
	var uploads []*Video
	for _, id := range slices.Backward(s.vid.order) {
		if v := s.vid.videos[id]; v.ChannelID == channelID && s.visible(v, t.g.userID) {
			uploads = append(uploads, v)
		}
	}
	return reply{Status: http.StatusOK, Body: s.playlistPage(uploads, parts, q.Get("playlistId"), size, from)}
}

// uploadsChannel resolves an uploads playlist id to its channel.
func (s *Server) uploadsChannel(playlistID string) (string, *reply) {
	if playlistID == "" {
		rep := apiErr(http.StatusBadRequest, "missingRequiredParameter", "youtube.parameter",
			"No filter selected. Expected one of: playlistId, id", "INVALID_ARGUMENT")
		return "", &rep
	}
	for _, u := range s.st.users {
		for _, ch := range u.Channels {
			if UploadsPlaylist(ch.ID) == playlistID {
				return ch.ID, nil
			}
		}
	}
	rep := apiErr(http.StatusNotFound, "playlistNotFound", "youtube.playlistItem",
		"The playlist identified with the request's <code>playlistId</code> parameter cannot be found.", "NOT_FOUND")
	return "", &rep
}

// paging reads maxResults and a page token of the form "p<offset>".
func paging(maxResults, token string) (size, from int, rep *reply) {
	size = 5
	if maxResults != "" {
		n, err := strconv.Atoi(maxResults)
		if err != nil || n < 0 || n > 50 {
			r := apiErr(http.StatusBadRequest, "invalidParameter", "youtube.parameter",
				"Invalid value '"+maxResults+"'. Values must be within the range: [0, 50]", "INVALID_ARGUMENT")
			return 0, 0, &r
		}
		size = n
	}
	if token != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(token, "p"))
		if err != nil || !strings.HasPrefix(token, "p") || n < 0 {
			r := apiErr(http.StatusBadRequest, "invalidPageToken", "youtube.parameter", "The request specifies an invalid page token.", "INVALID_ARGUMENT")
			return 0, 0, &r
		}
		from = n
	}
	return size, from, nil
}

// playlistPage is one youtube#playlistItemListResponse page of uploads.
func (s *Server) playlistPage(uploads []*Video, parts []string, playlistID string, size, from int) map[string]any {
	end := min(from+size, len(uploads))
	from = min(from, end)
	items := make([]map[string]any, 0, end-from)
	for i, v := range uploads[from:end] {
		items = append(items, playlistItem(v, parts, playlistID, from+i))
	}
	page := map[string]any{"kind": "youtube#playlistItemListResponse", "etag": "etag-items", "items": items,
		"pageInfo": map[string]int{"totalResults": len(uploads), "resultsPerPage": size}}
	if end < len(uploads) {
		page["nextPageToken"] = "p" + strconv.Itoa(end)
	}
	return page
}

func playlistItem(v *Video, parts []string, playlistID string, pos int) map[string]any {
	at := v.UploadedAt.UTC().Format(time.RFC3339)
	item := map[string]any{"kind": "youtube#playlistItem", "etag": "etag-item-" + v.ID, "id": "PLI" + v.ID}
	if slices.Contains(parts, "snippet") {
		item["snippet"] = map[string]any{"publishedAt": at, "channelId": v.ChannelID, "title": v.Title,
			"description": v.Description, "playlistId": playlistID, "position": pos,
			"resourceId": map[string]string{"kind": "youtube#video", "videoId": v.ID}}
	}
	if slices.Contains(parts, "contentDetails") {
		cd := map[string]any{"videoId": v.ID}
		if v.Privacy == "public" {
			cd["videoPublishedAt"] = at
		}
		item["contentDetails"] = cd
	}
	if slices.Contains(parts, "status") {
		item["status"] = map[string]string{"privacyStatus": v.Privacy}
	}
	return item
}
