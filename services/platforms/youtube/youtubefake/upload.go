package youtubefake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"webox-social/services/platforms/fakekit"
)

// Upload rules (platforms.md §6).
const (
	// ChunkGranularity is the unit every non-final chunk must be a multiple of.
	ChunkGranularity = 256 << 10
	maxTitleRunes    = 100
	maxDescBytes     = 5000
	maxTagChars      = 500
	// maxChunk bounds what the fake reads of one PUT.
	maxChunk = 64 << 20
)

// Google's words for the upload errors.
const (
	msgQuota         = "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>."
	msgUploadLimit   = "The user has exceeded the number of videos they may upload."
	msgInvalidTitle  = "The request metadata specifies an invalid or empty video title."
	msgInvalidDesc   = "The request metadata specifies an invalid video description."
	msgInvalidTags   = "The request metadata specifies invalid video keywords."
	msgInvalidPubAt  = "The request metadata specifies an invalid scheduled publishing time."
	msgInvalidStatus = "The request metadata specifies an invalid video privacy status."
	msgBadRange      = "Failed to parse Content-Range header."
)

// insertParts are the parts videos.insert accepts.
var insertParts = []string{"snippet", "status", "contentDetails", "recordingDetails", "localizations", "id"}

// videoBody is the video resource a client sends to start an upload.
type videoBody struct {
	Snippet struct {
		Title       string   `json:"title"`
		Description string   `json:"description"`
		Tags        []string `json:"tags"`
		CategoryID  string   `json:"categoryId"`
	} `json:"snippet"`
	Status struct {
		PrivacyStatus string `json:"privacyStatus"`
		PublishAt     string `json:"publishAt"`
	} `json:"status"`
}

// insert is POST /upload/youtube/v3/videos?uploadType=resumable&part=…: it checks the
// token, the headers, the metadata and the quotas, and opens an upload session whose
// URI it answers in Location.
func (s *Server) insert(c *call) reply {
	t, rep := s.bearer(c)
	if rep != nil {
		return *rep
	}
	if !hasScope(t.g.scopes, uploadScopes) {
		return insufficient(uploadScopes)
	}
	sess, rep := s.newSession(c, t.g.userID)
	if rep != nil {
		return *rep
	}
	if rep := s.checkQuotaLocked(c.Now, sess.channelID); rep != nil {
		return *rep
	}
	s.vid.inserts++
	s.vid.sessions[sess.id] = sess
	loc := s.URL + UploadPath + "?uploadType=resumable&upload_id=" + sess.id
	return reply{Status: http.StatusOK, Header: http.Header{"Location": {loc}, "X-Guploader-Uploadid": {sess.id}}}
}

// newSession reads the request into a session, or the 400 that refuses it.
func (s *Server) newSession(c *call, userID string) (*uploadSession, *reply) {
	q := c.R.URL.Query()
	if q.Get("uploadType") != "resumable" {
		rep := apiErr(http.StatusBadRequest, "badRequest", "global", "This fake serves uploadType=resumable only.", "INVALID_ARGUMENT")
		return nil, &rep
	}
	if _, rep := checkParts(q.Get("part"), insertParts); rep != nil {
		return nil, rep
	}
	total, ctype, rep := uploadHeaders(c.R.Header)
	if rep != nil {
		return nil, rep
	}
	meta, rep := readVideoBody(c.R)
	if rep != nil {
		return nil, rep
	}
	if rep := checkMeta(&meta, c.Now); rep != nil {
		return nil, rep
	}
	channelID, rep := s.uploadChannel(userID)
	if rep != nil {
		return nil, rep
	}
	return &uploadSession{id: randomToken("ADPycd"), userID: userID, channelID: channelID, meta: meta, total: total,
		contentType: ctype, created: c.Now}, nil
}

// uploadHeaders checks X-Upload-Content-Length and X-Upload-Content-Type.
func uploadHeaders(h http.Header) (int64, string, *reply) {
	total, err := strconv.ParseInt(h.Get("X-Upload-Content-Length"), 10, 64)
	if err != nil || total <= 0 {
		rep := apiErr(http.StatusBadRequest, "required", "global", "Required header: X-Upload-Content-Length (the size of the video in bytes).", "INVALID_ARGUMENT")
		return 0, "", &rep
	}
	ctype := h.Get("X-Upload-Content-Type")
	if !strings.HasPrefix(ctype, "video/") && ctype != "application/octet-stream" {
		rep := apiErr(http.StatusBadRequest, "badContent", "global",
			fmt.Sprintf("Media type '%s' is not supported. Valid media types: [video/*, application/octet-stream]", ctype), "INVALID_ARGUMENT")
		return 0, "", &rep
	}
	return total, ctype, nil
}

// readVideoBody decodes the JSON video resource of the start request.
func readVideoBody(r *http.Request) (videoBody, *reply) {
	var meta videoBody
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		rep := apiErr(http.StatusBadRequest, "mediaBodyRequired", "youtube.video",
			"The request does not include the video content: send the video resource as application/json.", "INVALID_ARGUMENT")
		return meta, &rep
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&meta); err != nil {
		rep := apiErr(http.StatusBadRequest, "parseError", "global", "Parse Error", "INVALID_ARGUMENT")
		return meta, &rep
	}
	return meta, nil
}

// checkMeta applies the metadata rules; an empty privacyStatus becomes public.
func checkMeta(m *videoBody, now time.Time) *reply {
	bad := func(reason, msg string) *reply {
		rep := apiErr(http.StatusBadRequest, reason, "youtube.video", msg, "INVALID_ARGUMENT")
		return &rep
	}
	sn, st := m.Snippet, &m.Status
	switch {
	case strings.TrimSpace(sn.Title) == "" || utf8.RuneCountInString(sn.Title) > maxTitleRunes || strings.ContainsAny(sn.Title, "<>"):
		return bad("invalidTitle", msgInvalidTitle)
	case len(sn.Description) > maxDescBytes || strings.ContainsAny(sn.Description, "<>"):
		return bad("invalidDescription", msgInvalidDesc)
	case tagChars(sn.Tags) > maxTagChars || slices.ContainsFunc(sn.Tags, func(t string) bool { return strings.ContainsAny(t, "<>") }):
		return bad("invalidTags", msgInvalidTags)
	}
	if st.PrivacyStatus == "" {
		st.PrivacyStatus = "public"
	}
	if !slices.Contains([]string{"public", "unlisted", "private"}, st.PrivacyStatus) {
		return bad("invalidVideoMetadata", msgInvalidStatus)
	}
	if st.PublishAt == "" {
		return nil
	}
	at, err := time.Parse(time.RFC3339, st.PublishAt)
	if err != nil || st.PrivacyStatus != "private" || !at.After(now) {
		return bad("invalidPublishAt", msgInvalidPubAt)
	}
	return nil
}

// tagChars counts tags the way YouTube does: commas between tags count, and a tag with
// a space counts as if quoted.
func tagChars(tags []string) int {
	n := max(len(tags)-1, 0)
	for _, t := range tags {
		n += utf8.RuneCountInString(t)
		if strings.Contains(t, " ") {
			n += 2
		}
	}
	return n
}

// uploadChannel is the channel of the token's user that receives the upload (its first).
func (s *Server) uploadChannel(userID string) (string, *reply) {
	if u := s.st.users[userID]; u != nil && len(u.Channels) > 0 {
		return u.Channels[0].ID, nil
	}
	rep := apiErr(http.StatusUnauthorized, "youtubeSignupRequired", "youtube.header",
		"Unauthorized: the authenticated user does not have a YouTube channel.", "UNAUTHENTICATED")
	return "", &rep
}

// checkQuotaLocked applies the daily videos.insert bucket (reset at midnight Pacific)
// and the per-channel 24-hour cap.
func (s *Server) checkQuotaLocked(now time.Time, channelID string) *reply {
	if day := now.In(pacific).Format(time.DateOnly); day != s.vid.quotaDay {
		s.vid.quotaDay, s.vid.inserts = day, 0
	}
	if s.vid.inserts >= s.opts.UploadQuota {
		rep := apiErr(http.StatusForbidden, "quotaExceeded", "youtube.quota", msgQuota, "PERMISSION_DENIED")
		return &rep
	}
	if s.opts.ChannelUploadLimit == 0 {
		return nil
	}
	recent := 0
	for _, v := range s.vid.videos {
		if v.ChannelID == channelID && now.Sub(v.UploadedAt) < 24*time.Hour {
			recent++
		}
	}
	if recent >= s.opts.ChannelUploadLimit {
		rep := apiErr(http.StatusBadRequest, "uploadLimitExceeded", "youtube.video", msgUploadLimit, "INVALID_ARGUMENT")
		return &rep
	}
	return nil
}

// pacific is the zone YouTube's quotas reset in (a fixed UTC−8 without a zone database).
var pacific = func() *time.Location {
	if l, err := time.LoadLocation("America/Los_Angeles"); err == nil {
		return l
	}
	return time.FixedZone("PST", -8*3600)
}()

// contentRange is a parsed "bytes first-last/total" or "bytes */total".
type contentRange struct {
	first, last, total int64
	query              bool // "bytes */total": a status query
}

func parseContentRange(h string) (contentRange, error) {
	spec, ok := strings.CutPrefix(h, "bytes ")
	rng, tot, ok2 := strings.Cut(spec, "/")
	if !ok || !ok2 {
		return contentRange{}, errors.New("youtubefake: malformed Content-Range")
	}
	total, err := strconv.ParseInt(tot, 10, 64)
	if err != nil {
		return contentRange{}, fmt.Errorf("youtubefake: Content-Range total: %w", err)
	}
	if rng == "*" {
		return contentRange{total: total, query: true}, nil
	}
	a, b, ok := strings.Cut(rng, "-")
	first, err1 := strconv.ParseInt(a, 10, 64)
	last, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || first < 0 || last < first {
		return contentRange{}, errors.New("youtubefake: malformed Content-Range range")
	}
	return contentRange{first: first, last: last, total: total}, nil
}

// uploadChunk is PUT <session URI>: a chunk with Content-Range "bytes a-b/total" or a
// status query "bytes */total" with an empty body. It may lose the connection mid-chunk
// (DropMidChunk) or after completing the upload (DropNextCompletionResponse).
func (s *Server) uploadChunk(w http.ResponseWriter, r *http.Request) {
	cr, crErr := parseContentRange(r.Header.Get("Content-Range"))
	s.mu.Lock()
	drop := s.vid.dropMidChunk && crErr == nil && !cr.query && r.ContentLength > 0
	s.vid.dropMidChunk = s.vid.dropMidChunk && !drop
	s.mu.Unlock()
	body, readErr := readChunk(r, drop)
	s.mu.Lock()
	s.calls["upload"]++
	c := &call{R: r, Now: s.opts.Now().UTC()}
	var rep reply
	completed := false
	if drop {
		s.keepPartialLocked(r.URL.Query().Get("upload_id"), cr, body)
	} else {
		rep, completed = s.chunkLocked(c, cr, crErr, body, readErr)
	}
	lose := completed && s.vid.dropCompletion
	s.vid.dropCompletion = s.vid.dropCompletion && !lose
	s.mu.Unlock()
	if drop || lose {
		hangUp(w)
		return
	}
	rep.Write(w, jsonType)
}

// readChunk reads the PUT body; for a dropped connection only its first half arrives.
func readChunk(r *http.Request, drop bool) ([]byte, error) {
	if drop {
		buf := make([]byte, r.ContentLength/2)
		_, err := io.ReadFull(r.Body, buf)
		return buf, err
	}
	return io.ReadAll(io.LimitReader(r.Body, maxChunk))
}

// keepPartialLocked stores the bytes that arrived before the connection was lost, as
// Google keeps what it received.
func (s *Server) keepPartialLocked(id string, cr contentRange, part []byte) {
	sess := s.vid.sessions[id]
	if sess == nil || sess.videoID != "" || cr.first != int64(len(sess.data)) {
		return
	}
	sess.data = append(sess.data, part[:min(int64(len(part)), sess.total-int64(len(sess.data)))]...)
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
	}
}

// chunkLocked applies one session PUT; completed is true when it finished the upload.
func (s *Server) chunkLocked(c *call, cr contentRange, crErr error, body []byte, readErr error) (reply, bool) {
	sess := s.vid.sessions[c.R.URL.Query().Get("upload_id")]
	if sess == nil || c.Now.Sub(sess.created) >= s.opts.SessionTTL {
		return apiErr(http.StatusNotFound, "notFound", "global", "Not Found", "NOT_FOUND"), false
	}
	if c.R.Header.Get("Authorization") != "" {
		if _, rep := s.bearer(c); rep != nil {
			return *rep, false
		}
	}
	switch {
	case crErr == nil && cr.query && len(s.vid.failQueries) > 0:
		status := s.vid.failQueries[0]
		s.vid.failQueries = s.vid.failQueries[1:]
		return apiErr(status, "backendError", "global", "The service is currently unavailable.", "UNAVAILABLE"), false
	case sess.videoID != "":
		return reply{Status: http.StatusOK, Body: s.videoResource(s.vid.videos[sess.videoID], []string{"snippet", "status"})}, false
	case crErr != nil || readErr != nil:
		return apiErr(http.StatusBadRequest, "badRequest", "global", msgBadRange, "INVALID_ARGUMENT"), false
	case cr.total != sess.total:
		return apiErr(http.StatusBadRequest, "badRequest", "global",
			fmt.Sprintf("The Content-Range total %d does not match the X-Upload-Content-Length %d of the session.", cr.total, sess.total), "INVALID_ARGUMENT"), false
	case cr.query:
		return incomplete(sess), false
	}
	if rep := checkChunk(sess, cr, len(body)); rep != nil {
		return *rep, false
	}
	sess.data = append(sess.data, body...)
	if int64(len(sess.data)) < sess.total {
		return incomplete(sess), false
	}
	v := s.completeLocked(sess, c.Now)
	return reply{Status: http.StatusCreated, Body: s.videoResource(v, []string{"snippet", "status"})}, true
}

// checkChunk enforces the chunk rules: it starts where the received bytes end, its
// length matches the range, and a non-final chunk is a multiple of 256 KiB.
func checkChunk(sess *uploadSession, cr contentRange, n int) *reply {
	bad := func(msg string) *reply {
		rep := apiErr(http.StatusBadRequest, "badRequest", "global", msg, "INVALID_ARGUMENT")
		return &rep
	}
	size := cr.last - cr.first + 1
	switch {
	case cr.first != int64(len(sess.data)):
		return bad(fmt.Sprintf("The chunk starts at byte %d but %d bytes have been received; query the upload status first.", cr.first, len(sess.data)))
	case size != int64(n):
		return bad(fmt.Sprintf("The Content-Range names %d bytes but the request carried %d.", size, n))
	case cr.last >= sess.total:
		return bad(msgBadRange)
	case cr.last+1 < sess.total && size%ChunkGranularity != 0:
		return bad(fmt.Sprintf("Invalid request. The number of bytes uploaded is required to be equal or greater than 262144, "+
			"except for the final request (it's recommended to be the exact multiple of 262144). "+
			"The received request contained %d bytes, which does not meet this requirement.", size))
	}
	return nil
}

// incomplete is 308 Resume Incomplete with the Range received so far (none when empty).
func incomplete(sess *uploadSession) reply {
	rep := reply{Status: http.StatusPermanentRedirect, Header: http.Header{"X-Guploader-Uploadid": {sess.id}}}
	if n := len(sess.data); n > 0 {
		rep.Header.Set("Range", "bytes=0-"+strconv.Itoa(n-1))
	}
	return rep
}

// completeLocked turns a finished session into a video; an unverified project's upload
// is locked to private and loses its publishAt.
func (s *Server) completeLocked(sess *uploadSession, now time.Time) *Video {
	m := sess.meta
	v := &Video{ID: fakekit.RandomToken(8), ChannelID: sess.channelID, Title: m.Snippet.Title, Description: m.Snippet.Description,
		Tags: slices.Clone(m.Snippet.Tags), CategoryID: m.Snippet.CategoryID, Privacy: m.Status.PrivacyStatus,
		UploadStatus: "uploaded", ContentType: sess.contentType, Data: sess.data, UploadedAt: now}
	if at, err := time.Parse(time.RFC3339, m.Status.PublishAt); err == nil {
		v.PublishAt = at
	}
	if s.opts.Unverified || s.vid.unverified {
		v.Privacy, v.PublishAt = "private", time.Time{}
	}
	s.vid.videos[v.ID] = v
	s.vid.order = append(s.vid.order, v.ID)
	sess.videoID = v.ID
	return v
}
