package facebookfake

import (
	"crypto/rand"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// videoScopes are the permissions a Page token needs to post a video (platforms.md §3).
var videoScopes = []string{"pages_manage_posts", "pages_read_engagement", "publish_video"}

// videoFieldNames are the Video node fields the fake knows; others are refused.
var videoFieldNames = []string{"id", "title", "description", "created_time", "permalink_url", "published", "status", "scheduled_publish_time"}

// Video is a Page video the fake holds, as a test sees it.
type Video struct {
	ID, PageID, Title, Description string
	Data                           []byte // the bytes received so far
	Size                           int64  // the file_size announced at start
	Finished                       bool   // upload_phase=finish (or a one-shot upload) went through
	Status                         string // processing, ready or error
	ScheduledAt                    time.Time
	Published                      bool // out at the fake's clock
	Created                        time.Time
	Deleted                        bool
}

type video struct {
	id, pageID, session string
	title, description  string
	size                int64
	data                []byte
	finished, deleted   bool
	dark                bool // published=false without a schedule
	scheduled, created  time.Time
	reads               int
	ready               bool
	failWith            string
}

func (v *video) status() string {
	switch {
	case v.ready && v.failWith != "":
		return "error"
	case v.ready:
		return "ready"
	}
	return "processing"
}

func (v *video) publishedAt(now time.Time) bool {
	return v.finished && v.ready && v.failWith == "" && !v.dark && (v.scheduled.IsZero() || !now.Before(v.scheduled))
}

func (v *video) shownTime() time.Time {
	if !v.scheduled.IsZero() {
		return v.scheduled
	}
	return v.created
}

// Videos returns the Page's videos that are not deleted (unfinished uploads included),
// oldest first.
func (s *Server) Videos(pageID string) []Video {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pub.init()
	now := s.opts.Now()
	var out []Video
	for _, v := range s.pub.videos {
		if v.pageID == pageID && !v.deleted {
			out = append(out, Video{ID: v.id, PageID: v.pageID, Title: v.title, Description: v.description,
				Data: slices.Clone(v.data), Size: v.size, Finished: v.finished, Status: v.status(),
				ScheduledAt: v.scheduled, Published: v.publishedAt(now), Created: v.created})
		}
	}
	slices.SortFunc(out, func(a, b Video) int { return byID(a.ID, b.ID) })
	return out
}

// byID orders the fake's numeric ids.
func byID(a, b string) int {
	n, _ := strconv.Atoi(a)
	m, _ := strconv.Atoi(b)
	return n - m
}

// FailNextVideo makes the processing of the next finished video end in an error with msg.
func (s *Server) FailNextVideo(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pub.init()
	s.pub.failNext = msg
}

// videos is POST /{page}/videos: the resumable upload (upload_phase start, transfer,
// finish) or a one-shot upload (file_url or a multipart source). Page token only.
func (s *Server) videos(c *call) reply {
	rep := s.videoToken(c)
	phase := c.q.Get("upload_phase")
	if rep.status == 0 {
		switch phase {
		case "start":
			rep = s.videoStart(c)
		case "transfer":
			rep = s.videoTransfer(c)
		case "finish":
			rep = s.videoFinish(c)
		case "":
			rep = s.videoOneShot(c)
		default:
			rep = graphErr(http.StatusBadRequest, "(#100) upload_phase must be one of the following values: start, transfer, finish, cancel", "OAuthException", 100, 0)
		}
	}
	key := "videos:" + phase
	if phase == "" {
		key = "videos:upload"
	}
	s.calls[key]++
	if s.pub.loseNext[key] {
		delete(s.pub.loseNext, key)
		rep.hangUp = true
	}
	return rep
}

// videoToken requires a Page token for the path's Page with publish_video too.
func (s *Server) videoToken(c *call) reply {
	t, rep := s.pageToken(c)
	if t == nil {
		return rep
	}
	if !hasAll(t.Scopes, videoScopes) {
		return graphErr(http.StatusForbidden, "(#200) Requires publish_video permission to post videos to this Page", "OAuthException", 200, 0)
	}
	return reply{}
}

// offsets is the answer naming the next byte range the client must send.
func (s *Server) offsets(v *video) map[string]string {
	start := int64(len(v.data))
	return map[string]string{"start_offset": strconv.FormatInt(start, 10), "end_offset": strconv.FormatInt(min(start+s.opts.VideoChunk, v.size), 10)}
}

// videoStart opens an upload session for file_size bytes.
func (s *Server) videoStart(c *call) reply {
	size, err := strconv.ParseInt(c.q.Get("file_size"), 10, 64)
	if err != nil || size <= 0 {
		return graphErr(http.StatusBadRequest, "(#100) The parameter file_size is required", "OAuthException", 100, 0)
	}
	v := &video{id: s.pub.nextID(), pageID: c.r.PathValue("id"), session: rand.Text(), size: size, created: c.now}
	s.pub.videos[v.id] = v
	s.pub.sessions[v.session] = v.id
	out := map[string]string{"video_id": v.id, "upload_session_id": v.session}
	for k, x := range s.offsets(v) {
		out[k] = x
	}
	return jsonReply(out)
}

// session finds the open upload session of the path's Page.
func (s *Server) session(c *call) (*video, reply) {
	v := s.pub.videos[s.pub.sessions[c.q.Get("upload_session_id")]]
	if v == nil || v.pageID != c.r.PathValue("id") || v.deleted {
		return nil, graphErr(http.StatusBadRequest, "(#100) Invalid upload_session_id", "OAuthException", 100, 0)
	}
	if v.finished {
		return nil, graphErr(http.StatusBadRequest, "(#6000) There was a problem uploading your video file. Please try again: the upload session is already finished", "OAuthException", 6000, 1363019)
	}
	return v, reply{}
}

// videoTransfer takes exactly the byte range the last answer asked for.
func (s *Server) videoTransfer(c *call) reply {
	v, rep := s.session(c)
	if v == nil {
		return rep
	}
	want := s.offsets(v)
	chunk, ok := formFile(c, "video_file_chunk")
	wantLen := min(int64(len(v.data))+s.opts.VideoChunk, v.size) - int64(len(v.data))
	switch {
	case c.q.Get("start_offset") != want["start_offset"]:
		rep = graphErr(http.StatusBadRequest, "(#6001) Partial upload failed: the start_offset does not match the bytes received so far", "OAuthException", 6001, 1363037)
	case !ok || int64(len(chunk)) != wantLen:
		rep = graphErr(http.StatusBadRequest, "(#6001) Partial upload failed: the chunk does not cover start_offset..end_offset", "OAuthException", 6001, 1363037)
	default:
		v.data = append(v.data, chunk...)
		return jsonReply(s.offsets(v))
	}
	return withData(rep, want)
}

// withData adds error_data to a graphErr reply.
func withData(rep reply, data any) reply {
	env := rep.body.(map[string]GraphError)
	e := env["error"]
	e.ErrorData = data
	env["error"] = e
	return rep
}

// formFile reads a multipart file field.
func formFile(c *call, name string) ([]byte, bool) {
	if c.r.MultipartForm == nil || len(c.r.MultipartForm.File[name]) == 0 {
		return nil, false
	}
	f, err := c.r.MultipartForm.File[name][0].Open()
	if err != nil {
		return nil, false
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return b, err == nil && len(b) > 0
}

// videoFinish publishes (or schedules) a fully transferred video; processing starts.
func (s *Server) videoFinish(c *call) reply {
	v, rep := s.session(c)
	if v == nil {
		return rep
	}
	if int64(len(v.data)) != v.size {
		return graphErr(http.StatusBadRequest, "(#6000) There was a problem uploading your video file. Please try again: only "+strconv.Itoa(len(v.data))+" of "+strconv.FormatInt(v.size, 10)+" bytes were received", "OAuthException", 6000, 1363030)
	}
	if rep := s.finishVideo(c, v); rep.status != 0 {
		return rep
	}
	return jsonReply(map[string]bool{"success": true})
}

// finishVideo applies the publishing fields (description, title, published,
// scheduled_publish_time) and marks the video finished.
func (s *Server) finishVideo(c *call, v *video) reply {
	at, published, rep := s.schedule(c)
	if rep.status != 0 {
		return rep
	}
	desc := c.q.Get("description")
	if len([]rune(desc)) > MaxMessage {
		return graphErr(http.StatusBadRequest, "(#100) Param description must be at most "+strconv.Itoa(MaxMessage)+" characters long", "OAuthException", 100, 0)
	}
	v.title, v.description, v.scheduled, v.dark = c.q.Get("title"), desc, at, !published && at.IsZero()
	v.finished, v.failWith, s.pub.failNext = true, s.pub.failNext, ""
	return reply{}
}

// videoOneShot is the non-resumable form: file_url (http/https) or a multipart source.
func (s *Server) videoOneShot(c *call) reply {
	data, ok := formFile(c, "source")
	u := c.q.Get("file_url")
	if !ok && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return graphErr(http.StatusBadRequest, "(#100) Requires upload file or file_url", "OAuthException", 100, 0)
	}
	v := &video{id: s.pub.nextID(), pageID: c.r.PathValue("id"), data: data, size: int64(len(data)), created: c.now}
	if rep := s.finishVideo(c, v); rep.status != 0 {
		return rep
	}
	s.pub.videos[v.id] = v
	return jsonReply(map[string]string{"id": v.id})
}

// videoNode is GET /{video-id}; reading status walks processing → ready (or error).
func (s *Server) videoNode(c *call, v *video) reply {
	fields := splitFields(c.q.Get("fields"), []string{"id", "description", "created_time"})
	for _, f := range fields {
		if !slices.Contains(videoFieldNames, f) {
			return nonexistingField(f, "Video")
		}
	}
	if slices.Contains(fields, "status") && v.finished && !v.ready {
		v.reads++
		v.ready = v.reads >= s.opts.VideoReads
	}
	return jsonReply(videoFields(v, c.now, fields))
}

func videoFields(v *video, now time.Time, fields []string) map[string]any {
	out := map[string]any{"id": v.id}
	for _, f := range fields {
		switch f {
		case "title", "description":
			if x := map[string]string{"title": v.title, "description": v.description}[f]; x != "" {
				out[f] = x
			}
		case "created_time":
			out[f] = graphTime(v.shownTime())
		case "permalink_url":
			out[f] = "/" + v.pageID + "/videos/" + v.id + "/"
		case "published":
			out[f] = v.publishedAt(now)
		case "scheduled_publish_time":
			if !v.scheduled.IsZero() {
				out[f] = v.scheduled.Unix()
			}
		case "status":
			out[f] = videoStatus(v, now)
		}
	}
	return out
}

// videoStatus is the Video node's status object.
func videoStatus(v *video, now time.Time) map[string]any {
	phase := func(st string) map[string]any { return map[string]any{"status": st} }
	out := map[string]any{"video_status": v.status(), "uploading_phase": map[string]any{"status": "complete", "bytes_transferred": len(v.data)},
		"processing_phase": phase("in_progress"), "publishing_phase": phase("not_started")}
	switch {
	case !v.finished:
		out["uploading_phase"] = map[string]any{"status": "in_progress", "bytes_transferred": len(v.data)}
		out["processing_phase"] = phase("not_started")
	case v.status() == "error":
		out["processing_phase"] = map[string]any{"status": "error", "errors": []map[string]any{{"code": 1363008, "message": v.failWith}}}
	case v.ready:
		out["processing_phase"] = phase("complete")
		pub := map[string]any{"status": "complete", "publish_status": "published"}
		if !v.publishedAt(now) {
			pub = map[string]any{"status": "not_started", "publish_status": "scheduled"}
		}
		out["publishing_phase"] = pub
	}
	return out
}

// listVideos is GET /{page}/videos: the Page's finished videos, newest first.
func (s *Server) listVideos(c *call) reply {
	if _, rep := s.pageToken(c); rep.status != 0 {
		return rep
	}
	var sel []*video
	for _, v := range s.pub.videos {
		if v.pageID == c.r.PathValue("id") && v.finished && !v.deleted {
			sel = append(sel, v)
		}
	}
	slices.SortFunc(sel, func(a, b *video) int { return byID(b.id, a.id) })
	fields := splitFields(c.q.Get("fields"), []string{"id", "description", "created_time"})
	start, end := pageWindow(c, len(sel))
	data := []map[string]any{}
	for _, v := range sel[start:end] {
		data = append(data, videoFields(v, c.now, slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == "status" })))
	}
	out := map[string]any{"data": data}
	if len(sel) > 0 {
		out["paging"] = s.paging(c, start, end, len(sel))
	}
	return jsonReply(out)
}
