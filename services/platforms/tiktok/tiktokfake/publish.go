package tiktokfake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Routes of the publishing endpoints, as Calls, DropNextResponse and FailNext name them.
const (
	RouteVideoInit   = "POST /v2/post/publish/video/init/"
	RouteInboxInit   = "POST /v2/post/publish/inbox/video/init/"
	RouteContentInit = "POST /v2/post/publish/content/init/"
	RouteUpload      = "PUT /upload/"
	RouteStatus      = "POST /v2/post/publish/status/fetch/"
	RouteVideoList   = "POST /v2/video/list/"
)

// publishIDPrefix is how publish_ids start, by source (as TikTok's examples show).
var publishIDPrefix = map[string]string{"FILE_UPLOAD": "v_pub_file~v2-1.", "PULL_FROM_URL": "v_pub_url~v2-1."}

// DefaultDailyPostCap is the fake's daily direct-post cap per creator (unverified).
const DefaultDailyPostCap = 15

// FILE_UPLOAD limits (platforms.md §5): chunks of 5–64 MB (read here as MiB, the
// stricter reading of the lower bound), 1–1,000 of them, files up to 4 GB.
const (
	MinChunk     = 5 << 20
	MaxChunk     = 64 << 20
	MaxChunks    = 1000
	MaxVideoSize = 4 << 30
	maxPhotos    = 35
	maxPhotoText = 90
	maxPhotoDesc = 4000
)

// Messages the fake answers with: the codes are TikTok's, the words the fake's (unverified).
const (
	msgPrivacyMismatch = "The privacy_level is not one of the creator's privacy_level_options."
	msgUnaudited       = "Unaudited clients can only post to private accounts."
	msgTooManyPosts    = "The creator has reached the daily limit of posts from third-party apps."
	msgTooManyPending  = "The creator has too many pending shares in the inbox."
	msgURLUnverified   = "The ownership of the URL's domain or prefix is not verified."
	msgRateLimited     = "The API rate limit was exceeded; try again later."
)

// Publish is one post the fake holds, as a test reads it.
type Publish struct {
	ID              string
	OpenID          string
	MediaType       string // VIDEO or PHOTO
	Mode            string // DIRECT_POST or MEDIA_UPLOAD (inbox)
	Source          string // FILE_UPLOAD or PULL_FROM_URL
	Title           string
	Description     string
	PrivacyLevel    string
	DisableComment  bool
	DisableDuet     bool
	DisableStitch   bool
	VideoSize       int64
	ChunkSize       int64
	TotalChunkCount int64
	Data            []byte // the bytes received by FILE_UPLOAD
	PhotoURLs       []string
	Created         time.Time
	// Published is true once a direct post's media has fully arrived (and it did not
	// fail); PostID is its publicly available id.
	Published  bool
	PostID     string
	FailReason string
}

type publish struct {
	Publish
	uploadToken string
	doneAt      time.Time // when the media fully arrived; zero before
	fetches     int       // status fetches since doneAt
}

// initBody is what the init endpoints accept; unknown fields are refused.
type initBody struct {
	MediaType  string      `json:"media_type"`
	PostMode   string      `json:"post_mode"`
	PostInfo   *postInfo   `json:"post_info"`
	SourceInfo *sourceInfo `json:"source_info"`
}

type postInfo struct {
	Title                 string `json:"title"`
	Description           string `json:"description"`
	PrivacyLevel          string `json:"privacy_level"`
	DisableDuet           bool   `json:"disable_duet"`
	DisableComment        bool   `json:"disable_comment"`
	DisableStitch         bool   `json:"disable_stitch"`
	VideoCoverTimestampMS int64  `json:"video_cover_timestamp_ms"`
	BrandContentToggle    bool   `json:"brand_content_toggle"`
	BrandOrganicToggle    bool   `json:"brand_organic_toggle"`
	IsAIGC                bool   `json:"is_aigc"`
	AutoAddMusic          bool   `json:"auto_add_music"`
}

type sourceInfo struct {
	Source          string   `json:"source"`
	VideoSize       int64    `json:"video_size"`
	ChunkSize       int64    `json:"chunk_size"`
	TotalChunkCount int64    `json:"total_chunk_count"`
	VideoURL        string   `json:"video_url"`
	PhotoImages     []string `json:"photo_images"`
	PhotoCoverIndex int      `json:"photo_cover_index"`
}

// IssueToken grants openID an access token with scopes directly (no browser flow).
func (s *Server) IssueToken(openID string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := randomToken()
	s.access[tok] = &accessToken{g: &grant{openID: openID, clientKey: "issued", scopes: scopes}, expires: s.opts.Now().Add(s.opts.AccessTTL)}
	return tok
}

// Publishes returns every post initialized so far, oldest first.
func (s *Server) Publishes() []Publish {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Publish, len(s.publishes))
	for i, p := range s.publishes {
		out[i] = p.Publish
		out[i].Data, out[i].PhotoURLs = slices.Clone(p.Data), slices.Clone(p.PhotoURLs)
	}
	return out
}

// SetUnaudited switches the unaudited-app rule (Options.Unaudited) on or off.
func (s *Server) SetUnaudited(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Unaudited = on
}

// VerifyURLPrefix adds a verified URL prefix for PULL_FROM_URL.
func (s *Server) VerifyURLPrefix(prefix string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.VerifiedURLPrefixes = append(s.opts.VerifiedURLPrefixes, prefix)
}

// FailNextPublish makes the next initialized post end FAILED with reason once its
// media has arrived.
func (s *Server) FailNextPublish(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = reason
}

// DropNextResponse makes the next successful call to route (e.g. RouteVideoInit) take
// effect and then close the connection without answering.
func (s *Server) DropNextResponse(route string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop[route] = true
}

// FailNext answers the next call to route with status and TikTok's error envelope,
// without acting on it.
func (s *Server) FailNext(route string, status int, code, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[route] = apiErr(status, code, message)
}

// videoInit is POST /v2/post/publish/video/init/ (Direct Post, scope video.publish).
func (s *Server) videoInit(c *call) reply {
	g, b, rep := s.initCall(c, fixed("video.publish"))
	if rep != nil {
		return *rep
	}
	if b.PostInfo == nil || b.SourceInfo == nil {
		return invalidParams("post_info and source_info are required")
	}
	if rep := s.directRules(c, g, b.PostInfo); rep != nil {
		return *rep
	}
	if rep := s.videoSource(b.SourceInfo); rep != nil {
		return *rep
	}
	return s.create(c, g, "VIDEO", "DIRECT_POST", b.PostInfo, b.SourceInfo)
}

// inboxInit is POST /v2/post/publish/inbox/video/init/ (scope video.upload): only
// source_info; at most PendingInboxCap uploads may wait per 24 hours.
func (s *Server) inboxInit(c *call) reply {
	g, b, rep := s.initCall(c, fixed("video.upload"))
	if rep != nil {
		return *rep
	}
	if b.SourceInfo == nil {
		return invalidParams("source_info is required")
	}
	if rep := s.inboxCap(c, g); rep != nil {
		return *rep
	}
	if rep := s.videoSource(b.SourceInfo); rep != nil {
		return *rep
	}
	return s.create(c, g, "VIDEO", "MEDIA_UPLOAD", &postInfo{}, b.SourceInfo)
}

// contentInit is POST /v2/post/publish/content/init/ for photo posts: PULL_FROM_URL
// only, 1–35 photos from verified URLs; DIRECT_POST needs video.publish, MEDIA_UPLOAD
// video.upload.
func (s *Server) contentInit(c *call) reply {
	g, b, rep := s.initCall(c, func(b initBody) string {
		if b.PostMode == "DIRECT_POST" {
			return "video.publish"
		}
		return "video.upload"
	})
	if rep != nil {
		return *rep
	}
	if rep := s.photoBody(b); rep != nil {
		return *rep
	}
	if b.PostMode == "DIRECT_POST" {
		rep = s.directRules(c, g, b.PostInfo)
	} else {
		rep = s.inboxCap(c, g)
	}
	if rep != nil {
		return *rep
	}
	return s.create(c, g, "PHOTO", b.PostMode, b.PostInfo, b.SourceInfo)
}

// photoBody checks a photo post's body.
func (s *Server) photoBody(b initBody) *reply {
	var rep reply
	switch src := b.SourceInfo; {
	case b.MediaType != "PHOTO":
		rep = invalidParams("media_type must be PHOTO")
	case b.PostMode != "DIRECT_POST" && b.PostMode != "MEDIA_UPLOAD":
		rep = invalidParams("post_mode must be DIRECT_POST or MEDIA_UPLOAD")
	case b.PostInfo == nil || src == nil:
		rep = invalidParams("post_info and source_info are required")
	case src.Source != "PULL_FROM_URL":
		rep = invalidParams("photo posts only support PULL_FROM_URL")
	case len(src.PhotoImages) < 1 || len(src.PhotoImages) > maxPhotos:
		rep = invalidParams("photo_images must hold 1 to 35 URLs")
	case src.PhotoCoverIndex < 0 || src.PhotoCoverIndex >= len(src.PhotoImages):
		rep = invalidParams("photo_cover_index is out of range")
	case utf8.RuneCountInString(b.PostInfo.Title) > maxPhotoText || utf8.RuneCountInString(b.PostInfo.Description) > maxPhotoDesc:
		rep = invalidParams("title is limited to 90 characters and description to 4000")
	case slices.ContainsFunc(src.PhotoImages, func(u string) bool { return !s.verified(u) }):
		rep = apiErr(http.StatusForbidden, "url_ownership_unverified", msgURLUnverified)
	default:
		return nil
	}
	return &rep
}

// fixed is an initCall scope rule for endpoints that always need scope.
func fixed(scope string) func(initBody) string { return func(initBody) string { return scope } }

// initCall checks the token, the init rate limit, the JSON body and the scope the body
// needs.
func (s *Server) initCall(c *call, scope func(initBody) string) (*grant, initBody, *reply) {
	var b initBody
	g, rep := s.bearer(c, "")
	if rep != nil {
		return nil, b, rep
	}
	if s.limited("init "+c.R.Header.Get("Authorization"), c.Now, s.opts.InitPerMinute) {
		r := apiErr(http.StatusTooManyRequests, "rate_limit_exceeded", msgRateLimited)
		return nil, b, &r
	}
	if !strings.HasPrefix(c.R.Header.Get("Content-Type"), "application/json") {
		r := invalidParams("Content-Type must be application/json")
		return nil, b, &r
	}
	dec := json.NewDecoder(c.R.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		r := invalidParams("the body is not valid: " + err.Error())
		return nil, b, &r
	}
	if !slices.Contains(g.scopes, scope(b)) {
		r := apiErr(http.StatusUnauthorized, "scope_not_authorized", msgScopeMissing)
		return nil, b, &r
	}
	return g, b, nil
}

// limited records a call under key and reports whether more than max were made in the
// last minute (refused calls are not recorded).
func (s *Server) limited(key string, now time.Time, limit int) bool {
	recent := slices.DeleteFunc(s.rates[key], func(t time.Time) bool { return !now.Before(t.Add(time.Minute)) })
	if len(recent) >= limit {
		s.rates[key] = recent
		return true
	}
	s.rates[key] = append(recent, now)
	return false
}

// directRules: a privacy level among the creator's options, SELF_ONLY for an unaudited
// app, and the daily cap.
func (s *Server) directRules(c *call, g *grant, info *postInfo) *reply {
	u := s.users[g.openID]
	var rep reply
	switch {
	case !slices.Contains(u.PrivacyLevelOptions, info.PrivacyLevel):
		rep = apiErr(http.StatusBadRequest, "privacy_level_option_mismatch", msgPrivacyMismatch)
	case s.opts.Unaudited && info.PrivacyLevel != "SELF_ONLY":
		rep = apiErr(http.StatusForbidden, "unaudited_client_can_only_post_to_private_accounts", msgUnaudited)
	case s.countSince(g.openID, "DIRECT_POST", c.Now.Add(-24*time.Hour)) >= s.opts.DailyPostCap:
		rep = apiErr(http.StatusForbidden, "spam_risk_too_many_posts", msgTooManyPosts)
	default:
		return nil
	}
	return &rep
}

// inboxCap refuses a sixth pending inbox upload within 24 hours.
func (s *Server) inboxCap(c *call, g *grant) *reply {
	if s.countSince(g.openID, "MEDIA_UPLOAD", c.Now.Add(-24*time.Hour)) < s.opts.PendingInboxCap {
		return nil
	}
	rep := apiErr(http.StatusForbidden, "spam_risk_too_many_pending_share", msgTooManyPending)
	return &rep
}

func (s *Server) countSince(openID, mode string, since time.Time) int {
	n := 0
	for _, p := range s.publishes {
		if p.OpenID == openID && p.Mode == mode && p.Created.After(since) {
			n++
		}
	}
	return n
}

// videoSource checks a video's source_info: FILE_UPLOAD's chunk rules, or
// PULL_FROM_URL from a verified prefix.
func (s *Server) videoSource(src *sourceInfo) *reply {
	var rep reply
	switch src.Source {
	case "FILE_UPLOAD":
		msg := chunkProblem(src.VideoSize, src.ChunkSize, src.TotalChunkCount)
		if msg == "" {
			return nil
		}
		rep = invalidParams(msg)
	case "PULL_FROM_URL":
		if s.verified(src.VideoURL) {
			return nil
		}
		rep = apiErr(http.StatusForbidden, "url_ownership_unverified", msgURLUnverified)
	default:
		rep = invalidParams("source must be FILE_UPLOAD or PULL_FROM_URL")
	}
	return &rep
}

// chunkProblem says what is wrong with a FILE_UPLOAD plan, or "".
func chunkProblem(size, chunk, count int64) string {
	switch {
	case size <= 0 || size > MaxVideoSize:
		return "video_size must be between 1 byte and 4 GB"
	case size < MinChunk && (chunk != size || count != 1):
		return "a video under 5 MB must be uploaded whole: chunk_size = video_size, total_chunk_count = 1"
	case size >= MinChunk && (chunk < MinChunk || chunk > MaxChunk):
		return "chunk_size must be between 5 MB and 64 MB"
	case size > MaxChunk && count < 2:
		return "a video over 64 MB must be uploaded in several chunks"
	case count < 1 || count > MaxChunks || count != size/chunk:
		return "total_chunk_count must be video_size / chunk_size rounded down, between 1 and 1000"
	}
	return ""
}

func (s *Server) verified(u string) bool {
	return u != "" && slices.ContainsFunc(s.opts.VerifiedURLPrefixes, func(p string) bool { return strings.HasPrefix(u, p) })
}

// create stores a post and answers its publish_id (and upload_url for FILE_UPLOAD).
// A PULL_FROM_URL post has its media at once.
func (s *Server) create(c *call, g *grant, mediaType, mode string, info *postInfo, src *sourceInfo) reply {
	p := &publish{Publish: Publish{
		ID: publishIDPrefix[src.Source] + randomToken()[4:24], OpenID: g.openID, MediaType: mediaType, Mode: mode, Source: src.Source,
		Title: info.Title, Description: info.Description, PrivacyLevel: info.PrivacyLevel, DisableComment: info.DisableComment,
		DisableDuet: info.DisableDuet, DisableStitch: info.DisableStitch, VideoSize: src.VideoSize, ChunkSize: src.ChunkSize,
		TotalChunkCount: src.TotalChunkCount, PhotoURLs: src.PhotoImages, Created: c.Now, FailReason: "",
	}, uploadToken: randomToken()[4:]}
	s.publishes = append(s.publishes, p)
	s.byID[p.ID] = p
	failReason := s.failNext
	s.failNext = ""
	p.FailReason = failReason
	data := map[string]any{"publish_id": p.ID}
	if src.Source == "FILE_UPLOAD" {
		data["upload_url"] = s.URL + "/upload/?upload_id=" + p.ID + "&upload_token=" + p.uploadToken
	} else {
		s.arrived(p, c.Now)
	}
	return apiOK(data)
}

// arrived marks a post's media complete: a direct post that does not fail is published.
func (s *Server) arrived(p *publish, now time.Time) {
	p.doneAt = now
	if p.FailReason != "" || p.Mode != "DIRECT_POST" {
		return
	}
	s.postSeq++
	p.Published, p.PostID = true, fmtPostID(s.postSeq)
}

func invalidParams(detail string) reply {
	return apiErr(http.StatusBadRequest, "invalid_params", msgInvalidParams+detail)
}
