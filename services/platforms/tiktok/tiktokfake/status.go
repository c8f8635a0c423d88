package tiktokfake

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var contentRange = regexp.MustCompile(`^bytes (\d+)-(\d+)/(\d+)$`)

// videoTypes are the Content-Types a chunk may carry.
var videoTypes = []string{"video/mp4", "video/quicktime", "video/webm"}

// upload is PUT {upload_url}: the chunks of a FILE_UPLOAD, strictly in order, each with
// the Content-Range the plan gives it; 206 for all but the last, 201 for the last.
func (s *Server) upload(c *call) reply {
	q := c.R.URL.Query()
	p := s.byID[q.Get("upload_id")]
	if p == nil || p.Source != "FILE_UPLOAD" || q.Get("upload_token") != p.uploadToken {
		return apiErr(http.StatusNotFound, "not_found", "The upload URL is not valid.")
	}
	if !slices.Contains(videoTypes, c.R.Header.Get("Content-Type")) {
		return apiErr(http.StatusUnsupportedMediaType, "invalid_params", msgInvalidParams+"Content-Type must be video/mp4, video/quicktime or video/webm")
	}
	first, last, ok := s.expectedRange(p, c.R.Header.Get("Content-Range"))
	if !ok {
		return apiErr(http.StatusBadRequest, "invalid_params", msgInvalidParams+"chunks must be sent in order with the planned Content-Range")
	}
	body, err := io.ReadAll(io.LimitReader(c.R.Body, last-first+2))
	if err != nil || int64(len(body)) != last-first+1 {
		return apiErr(http.StatusBadRequest, "invalid_params", msgInvalidParams+"the body does not match Content-Range")
	}
	p.Data = append(p.Data, body...)
	if int64(len(p.Data)) < p.VideoSize {
		return reply{Status: http.StatusPartialContent}
	}
	s.arrived(p, c.Now)
	return reply{Status: http.StatusCreated}
}

// expectedRange parses Content-Range and checks it is the next chunk of p's plan: it
// starts where the bytes received end, and the last chunk absorbs the remainder.
func (s *Server) expectedRange(p *publish, header string) (int64, int64, bool) {
	m := contentRange.FindStringSubmatch(header)
	if m == nil || !p.doneAt.IsZero() {
		return 0, 0, false
	}
	first, _ := strconv.ParseInt(m[1], 10, 64)
	last, _ := strconv.ParseInt(m[2], 10, 64)
	total, _ := strconv.ParseInt(m[3], 10, 64)
	have := int64(len(p.Data))
	want := have + p.ChunkSize - 1
	if have/p.ChunkSize == p.TotalChunkCount-1 {
		want = p.VideoSize - 1
	}
	return first, last, total == p.VideoSize && first == have && last == want
}

// status is POST /v2/post/publish/status/fetch/: PROCESSING_UPLOAD until the file has
// arrived, then ProcessingFetches answers of PROCESSING_UPLOAD (or _DOWNLOAD for a
// pull), then FAILED with fail_reason, SEND_TO_USER_INBOX or PUBLISH_COMPLETE, whose
// publicaly_available_post_id stays empty until the moderation delay has passed.
func (s *Server) status(c *call) reply {
	g, rep := s.bearer(c, "")
	if rep != nil {
		return *rep
	}
	if s.limited("status "+c.R.Header.Get("Authorization"), c.Now, s.opts.StatusPerMinute) {
		return apiErr(http.StatusTooManyRequests, "rate_limit_exceeded", msgRateLimited)
	}
	var in struct {
		PublishID string `json:"publish_id"`
	}
	_ = json.NewDecoder(c.R.Body).Decode(&in)
	p := s.byID[in.PublishID]
	if p == nil || p.OpenID != g.openID {
		return invalidParams("publish_id does not exist")
	}
	if !slices.Contains(g.scopes, "video.publish") && !slices.Contains(g.scopes, "video.upload") {
		return apiErr(http.StatusUnauthorized, "scope_not_authorized", msgScopeMissing)
	}
	return apiOK(s.statusData(p, c.Now))
}

func (s *Server) statusData(p *publish, now time.Time) map[string]any {
	data := map[string]any{"uploaded_bytes": len(p.Data), "publicaly_available_post_id": []json.Number{}}
	processing := "PROCESSING_UPLOAD"
	if p.Source == "PULL_FROM_URL" {
		processing = "PROCESSING_DOWNLOAD"
	}
	switch {
	case p.doneAt.IsZero() || p.fetches < s.opts.ProcessingFetches:
		if !p.doneAt.IsZero() {
			p.fetches++
		}
		data["status"] = processing
	case p.FailReason != "":
		data["status"], data["fail_reason"] = "FAILED", p.FailReason
	case p.Mode == "MEDIA_UPLOAD":
		data["status"] = "SEND_TO_USER_INBOX"
	default:
		data["status"] = "PUBLISH_COMPLETE"
		if s.visible(p, now) {
			data["publicaly_available_post_id"] = []json.Number{json.Number(p.PostID)}
		}
	}
	return data
}

// visible reports whether a published post has passed moderation.
func (s *Server) visible(p *publish, now time.Time) bool {
	return p.Published && !now.Before(p.doneAt.Add(s.opts.ModerationDelay))
}

// videoFields are the fields /v2/video/list/ knows.
var videoFields = []string{"id", "title", "video_description", "create_time", "share_url", "cover_image_url", "duration",
	"height", "width", "embed_html", "embed_link", "like_count", "comment_count", "share_count", "view_count"}

// videoList is POST /v2/video/list/?fields=... (scope video.list): the creator's public
// posts that passed moderation, newest first, max_count (≤20) a page, paged by a
// create_time cursor in milliseconds.
func (s *Server) videoList(c *call) reply {
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
		Cursor   int64 `json:"cursor"`
		MaxCount int   `json:"max_count"`
	}
	_ = json.NewDecoder(c.R.Body).Decode(&in)
	if in.MaxCount == 0 {
		in.MaxCount = 10
	}
	if in.MaxCount < 1 || in.MaxCount > 20 {
		return invalidParams("max_count must be between 1 and 20")
	}
	videos, cursor, more := s.listed(g.openID, c.Now, in.Cursor, in.MaxCount)
	out := make([]map[string]any, len(videos))
	for i, p := range videos {
		out[i] = videoFieldsOf(p, fields)
	}
	return apiOK(map[string]any{"videos": out, "cursor": cursor, "has_more": more})
}

// listed is one page of openID's listable posts created before cursor (ms; 0 = now).
func (s *Server) listed(openID string, now time.Time, cursor int64, n int) ([]*publish, int64, bool) {
	var all []*publish
	for _, p := range slices.Backward(s.publishes) {
		if p.OpenID == openID && p.PrivacyLevel == "PUBLIC_TO_EVERYONE" && s.visible(p, now) &&
			(cursor == 0 || p.doneAt.UnixMilli() < cursor) {
			all = append(all, p)
		}
	}
	slices.SortStableFunc(all, func(a, b *publish) int { return b.doneAt.Compare(a.doneAt) })
	if len(all) <= n {
		return all, 0, false
	}
	return all[:n], all[n-1].doneAt.UnixMilli(), true
}

func videoFieldsOf(p *publish, fields []string) map[string]any {
	desc := p.Description
	if p.MediaType == "VIDEO" {
		desc = p.Title
	}
	kind := strings.ToLower(p.MediaType)
	all := map[string]any{"id": p.PostID, "title": p.Title, "video_description": desc, "create_time": p.doneAt.Unix(),
		"share_url": "https://www.tiktok.com/@/" + kind + "/" + p.PostID}
	out := map[string]any{}
	for _, f := range fields {
		out[f] = all[f]
	}
	return out
}

// fmtPostID is the n-th public post id, 19 digits like TikTok's.
func fmtPostID(n int64) string { return strconv.FormatInt(7_300_000_000_000_000_000+n, 10) }
