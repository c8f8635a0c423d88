package linkedinfake

import (
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Video statuses LinkedIn reports (GET /rest/videos/{urn}).
const (
	VideoWaitingUpload    = "WAITING_UPLOAD"
	VideoProcessing       = "PROCESSING"
	VideoAvailable        = "AVAILABLE"
	VideoProcessingFailed = "PROCESSING_FAILED"
)

// part is one byte range of a video upload: [first, last], both inclusive.
type part struct {
	first, last int64
	etag        string // of the last PUT; "" until uploaded
	data        []byte
}

type video struct {
	owner, token string
	size         int64
	parts        []*part
	finalized    bool
	reads        int
	failWith     string
}

// status walks PROCESSING → AVAILABLE (or PROCESSING_FAILED) over the status reads.
func (v *video) status(reads int) string {
	switch {
	case !v.finalized:
		return VideoWaitingUpload
	case v.reads < reads:
		return VideoProcessing
	case v.failWith != "":
		return VideoProcessingFailed
	}
	return VideoAvailable
}

// VideoData returns the bytes uploaded for a video URN, parts joined in order.
func (s *Server) VideoData(urn string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.videos[urn]
	if v == nil {
		return nil
	}
	var out []byte
	for _, p := range v.parts {
		out = append(out, p.data...)
	}
	return out
}

// VideoStatus is the status a video URN would report now ("" for an unknown URN).
func (s *Server) VideoStatus(urn string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v := s.videos[urn]; v != nil {
		return v.status(s.opts.VideoReads)
	}
	return ""
}

// FailNextVideo makes the next finalized video end in PROCESSING_FAILED with reason.
func (s *Server) FailNextVideo(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failVideo = reason
}

// videosAction is POST /rest/videos?action=initializeUpload|finalizeUpload.
func (s *Server) videosAction(c *call) reply {
	g, rep := s.restCall(c)
	if rep != nil {
		return *rep
	}
	switch a := c.R.URL.Query().Get("action"); a {
	case "initializeUpload":
		return s.initializeVideo(c, g)
	case "finalizeUpload":
		return s.finalizeVideo(c, g)
	default:
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Unsupported action: "+a)
	}
}

// initializeVideo registers a video of fileSizeBytes owned by owner and hands out one
// upload instruction per VideoPart bytes.
func (s *Server) initializeVideo(c *call, g *grant) reply {
	var b struct {
		Req struct {
			Owner         string `json:"owner"`
			FileSizeBytes int64  `json:"fileSizeBytes"`
		} `json:"initializeUploadRequest"`
	}
	if err := json.NewDecoder(c.R.Body).Decode(&b); err != nil || b.Req.Owner == "" || b.Req.FileSizeBytes <= 0 {
		return apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY", "ERROR :: /initializeUploadRequest :: owner and a positive fileSizeBytes are required")
	}
	if rep := s.author(g, b.Req.Owner); rep != nil {
		return *rep
	}
	s.seq++
	id := "D5610AQ" + strconv.Itoa(s.seq)
	v := &video{owner: b.Req.Owner, token: rand.Text()[:12], size: b.Req.FileSizeBytes}
	var instr []map[string]any
	for first := int64(0); first < v.size; first += s.opts.VideoPart {
		p := &part{first: first, last: min(first+s.opts.VideoPart, v.size) - 1}
		v.parts = append(v.parts, p)
		instr = append(instr, map[string]any{"uploadUrl": s.URL + "/video-uploads/" + id + "/" + strconv.Itoa(len(v.parts)-1),
			"firstByte": p.first, "lastByte": p.last})
	}
	s.videos["urn:li:video:"+id] = v
	return reply{Status: http.StatusOK, Body: map[string]any{"value": map[string]any{
		"video": "urn:li:video:" + id, "uploadToken": v.token, "uploadInstructions": instr,
		"uploadUrlsExpireAt": c.Now.Add(24 * time.Hour).UnixMilli(),
	}}}
}

// uploadVideoPart is the PUT to one uploadUrl: exactly the part's bytes; it answers an
// ETag, and a second PUT replaces the part and its ETag.
func (s *Server) uploadVideoPart(c *call) reply {
	if _, rep := s.bearer(c, "w_member_social", "w_organization_social"); rep != nil {
		return *rep
	}
	v := s.videos["urn:li:video:"+c.R.PathValue("id")]
	n, err := strconv.Atoi(c.R.PathValue("part"))
	if v == nil || err != nil || n < 0 || n >= len(v.parts) || v.finalized {
		return apiErr(http.StatusNotFound, 0, "NOT_FOUND", "Upload not found")
	}
	p := v.parts[n]
	data, err := io.ReadAll(c.R.Body)
	if err != nil || int64(len(data)) != p.last-p.first+1 {
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "The part must hold bytes "+strconv.FormatInt(p.first, 10)+" to "+strconv.FormatInt(p.last, 10))
	}
	p.data, p.etag = data, "/ambry-video/signedId/"+rand.Text()
	return reply{Status: http.StatusOK, Header: http.Header{"Etag": {p.etag}}}
}

// finalizeVideo requires the upload token and every part's ETag, in order.
func (s *Server) finalizeVideo(c *call, g *grant) reply {
	var b struct {
		Req struct {
			Video       string   `json:"video"`
			UploadToken string   `json:"uploadToken"`
			PartIDs     []string `json:"uploadedPartIds"`
		} `json:"finalizeUploadRequest"`
	}
	if err := json.NewDecoder(c.R.Body).Decode(&b); err != nil {
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Malformed request body: "+err.Error())
	}
	v := s.videos[b.Req.Video]
	if v == nil {
		return apiErr(http.StatusNotFound, 0, "NOT_FOUND", "Video "+b.Req.Video+" not found")
	}
	if rep := s.author(g, v.owner); rep != nil {
		return *rep
	}
	var want []string
	for _, p := range v.parts {
		want = append(want, p.etag)
	}
	switch {
	case v.finalized:
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Video "+b.Req.Video+" is already finalized")
	case b.Req.UploadToken != v.token:
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Invalid uploadToken")
	case slices.Contains(want, "") || !slices.Equal(b.Req.PartIDs, want):
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Uploaded part ids do not match the uploaded parts: every part's ETag is needed, in order")
	}
	v.finalized, v.failWith, s.failVideo = true, s.failVideo, ""
	return reply{Status: http.StatusOK}
}

// getVideo is GET /rest/videos/{urn}; each read moves processing along.
func (s *Server) getVideo(c *call) reply {
	g, rep := s.restCall(c)
	if rep != nil {
		return *rep
	}
	urn := c.R.PathValue("urn")
	v := s.videos[urn]
	if v == nil {
		return apiErr(http.StatusNotFound, 0, "NOT_FOUND", "Video "+urn+" not found")
	}
	if rep := s.readAuthor(g, v.owner); rep != nil {
		return *rep
	}
	if v.finalized {
		v.reads++
	}
	body := map[string]any{"id": urn, "owner": v.owner, "status": v.status(s.opts.VideoReads)}
	if body["status"] == VideoProcessingFailed {
		body["processingFailureReason"] = v.failWith
	}
	return reply{Status: http.StatusOK, Body: body}
}
