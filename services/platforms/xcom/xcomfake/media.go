package xcomfake

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Media processing states (platforms.md §1 Publishing step 2).
const (
	stateUploading  = "uploading" // initialized, not finalized
	statePending    = "pending"
	stateInProgress = "in_progress"
	stateSucceeded  = "succeeded"
	stateFailed     = "failed"
)

// Media upload limits (platforms.md §1 Limits): 1,875 per user per 15 min for each
// chunked step, 1,000 for status.
const (
	chunkLimit     = 1875
	statusLimit    = 1000
	checkAfterSecs = 1
	expiresAfter   = 86400
)

// media is one upload.
type media struct {
	id        string
	ownerID   string
	mediaType string
	category  string
	total     int64
	segments  map[int]int // segment_index → bytes
	state     string
	failWith  string // processing ends failed with these words (FailProcessing)
	altText   string // metadata.alt_text.text
}

func (m *media) data() map[string]any {
	return map[string]any{"id": m.id, "media_key": "3_" + m.id, "size": m.total, "expires_after_secs": expiresAfter}
}

// mediaCategories are the media_category values for tweets.
var mediaCategories = map[string]bool{"tweet_image": true, "tweet_gif": true, "tweet_video": true}

// mediaAuth requires a token with media.write and counts the call against route.
func (s *Server) mediaAuth(c *call, route string, limit int) (*Token, http.Header, *reply) {
	tok, denied := s.bearer(c, "media.write")
	if denied != nil {
		return nil, nil, denied
	}
	hdr, over := s.rateLimit(c, tok.UserID, route, limit)
	if over {
		rep := tooMany(hdr)
		return nil, nil, &rep
	}
	return tok, hdr, nil
}

// mediaInit is POST /2/media/upload/initialize: media_type and total_bytes required.
func (s *Server) mediaInit(c *call) reply {
	tok, hdr, rep := s.mediaAuth(c, RouteInit, chunkLimit)
	if rep != nil {
		return *rep
	}
	var b struct {
		MediaType     string `json:"media_type"`
		TotalBytes    int64  `json:"total_bytes"`
		MediaCategory string `json:"media_category"`
	}
	if err := json.NewDecoder(c.R.Body).Decode(&b); err != nil || b.MediaType == "" || b.TotalBytes <= 0 {
		return withHeader(invalidBody("media_type", "`media_type` and `total_bytes` are required."), hdr)
	}
	if b.MediaCategory == "" {
		b.MediaCategory = "tweet_image"
	}
	if !mediaCategories[b.MediaCategory] {
		return withHeader(invalidBody("media_category", "The `media_category` value ["+b.MediaCategory+"] is not supported."), hdr)
	}
	s.st.nextID++
	m := &media{id: strconv.FormatInt(s.st.nextID, 10), ownerID: tok.UserID, mediaType: b.MediaType,
		category: b.MediaCategory, total: b.TotalBytes, segments: map[int]int{}, state: stateUploading}
	s.st.media[m.id] = m
	return withHeader(jsonReply(http.StatusOK, map[string]any{"data": m.data()}), hdr)
}

// ownMedia finds the caller's media in the path, 404 otherwise.
func (s *Server) ownMedia(c *call, tok *Token) (*media, *reply) {
	m := s.st.media[c.R.PathValue("id")]
	if m == nil || m.ownerID != tok.UserID {
		rep := problem(http.StatusNotFound, "Not Found Error", "Could not find media with id: ["+c.R.PathValue("id")+"].", typeNotFound)
		return nil, &rep
	}
	return m, nil
}

// mediaAppend is POST /2/media/upload/{id}/append, multipart (media file, segment_index)
// or JSON (base64 media, segment_index), segment_index 0..999.
func (s *Server) mediaAppend(c *call) reply {
	tok, hdr, rep := s.mediaAuth(c, RouteAppend, chunkLimit)
	if rep != nil {
		return *rep
	}
	m, rep := s.ownMedia(c, tok)
	if rep != nil {
		return withHeader(*rep, hdr)
	}
	idx, n, err := readSegment(c.R)
	switch {
	case err != nil:
		return withHeader(invalidBody("media", "The segment could not be read: "+err.Error()), hdr)
	case idx < 0 || idx > 999:
		return withHeader(invalidBody("segment_index", "`segment_index` must be between 0 and 999."), hdr)
	case m.state != stateUploading:
		return withHeader(invalidBody("id", "This media is already finalized."), hdr)
	}
	m.segments[idx] = n
	return withHeader(jsonReply(http.StatusOK, map[string]any{"data": map[string]any{"expires_at": expiresAfter}}), hdr)
}

// readSegment reads an append body and returns its segment index and byte count.
func readSegment(r *http.Request) (int, int, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, _, err := r.FormFile("media")
		if err != nil {
			return 0, 0, err
		}
		defer f.Close()
		n, err := io.Copy(io.Discard, f)
		if err != nil {
			return 0, 0, err
		}
		idx, err := strconv.Atoi(r.FormValue("segment_index"))
		return idx, int(n), err
	}
	var b struct {
		Media        string `json:"media"`
		SegmentIndex int    `json:"segment_index"`
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		return 0, 0, err
	}
	raw, err := base64.StdEncoding.DecodeString(b.Media)
	return b.SegmentIndex, len(raw), err
}

// mediaFinalize is POST /2/media/upload/{id}/finalize: the appended bytes must equal
// total_bytes; a video or GIF then goes through processing.
func (s *Server) mediaFinalize(c *call) reply {
	tok, hdr, rep := s.mediaAuth(c, RouteFinalize, chunkLimit)
	if rep != nil {
		return *rep
	}
	m, rep := s.ownMedia(c, tok)
	if rep != nil {
		return withHeader(*rep, hdr)
	}
	var got int64
	for _, n := range m.segments {
		got += int64(n)
	}
	if got != m.total || m.state != stateUploading {
		return withHeader(invalidBody("id", "File size mismatch or media already finalized: "+
			strconv.FormatInt(got, 10)+" bytes appended, "+strconv.FormatInt(m.total, 10)+" declared."), hdr)
	}
	data := m.data()
	m.state = stateSucceeded
	if m.category != "tweet_image" {
		m.state, m.failWith, s.st.failNext = statePending, s.st.failNext, ""
		data["processing_info"] = map[string]any{"state": statePending, "check_after_secs": checkAfterSecs}
	}
	return withHeader(jsonReply(http.StatusOK, map[string]any{"data": data}), hdr)
}

// FailProcessing makes the next video or GIF finalized end its processing "failed" with
// X's words msg (e.g. "Unsupported video format") instead of "succeeded".
func (s *Server) FailProcessing(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.failNext = msg
}

// mediaStatus is GET /2/media/upload?media_id=…[&command=STATUS]: each poll moves a
// processing upload one step, pending → in_progress → succeeded (or failed, see
// FailProcessing).
func (s *Server) mediaStatus(c *call) reply {
	tok, hdr, rep := s.mediaAuth(c, RouteStatus, statusLimit)
	if rep != nil {
		return *rep
	}
	m := s.st.media[c.R.URL.Query().Get("media_id")]
	if m == nil || m.ownerID != tok.UserID {
		return withHeader(problem(http.StatusNotFound, "Not Found Error", "Could not find media.", typeNotFound), hdr)
	}
	info := map[string]any{"state": m.state}
	switch m.state {
	case statePending:
		m.state = stateInProgress
		info["check_after_secs"] = checkAfterSecs
	case stateInProgress:
		m.state = stateSucceeded
		info["progress_percent"] = 100
		if m.failWith != "" {
			m.state = stateFailed
			info["error"] = map[string]any{"code": 1, "name": "InvalidMedia", "message": m.failWith}
		}
	}
	info["state"] = m.state
	if m.state == stateInProgress {
		info["check_after_secs"], info["progress_percent"] = checkAfterSecs, 50
	}
	data := m.data()
	data["processing_info"] = info
	return withHeader(jsonReply(http.StatusOK, map[string]any{"data": data}), hdr)
}
