package facebook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// DefaultPollInterval is the wait between video status reads.
const DefaultPollInterval = 5 * time.Second

// videoTimeout bounds the wait for Facebook to process one video.
const videoTimeout = 30 * time.Minute

// maxChunk bounds one transfer range, so an odd answer cannot make us read a whole
// file into memory at once.
const maxChunk = 256 << 20

// offset is a byte offset; Graph sends offsets as strings ("0"), sometimes as numbers.
type offset int64

// UnmarshalJSON reads "123" or 123.
func (o *offset) UnmarshalJSON(b []byte) error {
	n, err := strconv.ParseInt(strings.Trim(string(b), `"`), 10, 64)
	if err != nil {
		return fmt.Errorf("facebook: offset %s: %w", b, err)
	}
	*o = offset(n)
	return nil
}

// byteRange is the range the upload session asks for next: [start, end).
type byteRange struct {
	Start offset `json:"start_offset"`
	End   offset `json:"end_offset"`
}

// videoSession is the answer to upload_phase=start.
type videoSession struct {
	VideoID   string `json:"video_id"`
	SessionID string `json:"upload_session_id"`
	byteRange
}

// publishVideo uploads req's video with the resumable protocol of POST /{page}/videos
// (upload_phase start, transfer at the offsets Facebook names, finish with the
// description, title and schedule), then waits until the video is processed. The
// result names the video. Failures before finish made no post (Uncertain is cleared);
// failures after it may have (Uncertain is set, so the engine reconciles).
func (c *Connector) publishVideo(ctx context.Context, req platforms.Request, sched url.Values) (platforms.Result, error) {
	pageID, m := req.Account.RemoteID, req.Media[0]
	f, err := os.Open(m.Path)
	if err != nil {
		return platforms.Result{}, c.unreadable(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return platforms.Result{}, c.unreadable(err)
	}
	s, err := c.startVideo(ctx, pageID, req.Token, st.Size())
	if err == nil {
		err = c.transferVideo(ctx, pageID, req.Token, f, st.Size(), s)
	}
	if err != nil {
		return platforms.Result{}, notPosted(err)
	}
	if err := c.finishVideo(ctx, pageID, req, s.SessionID, sched); err != nil {
		return platforms.Result{}, err
	}
	link, err := c.awaitVideo(ctx, pageID, req.Token, s.VideoID)
	if err != nil {
		return platforms.Result{}, err
	}
	return platforms.Result{PlatformPostID: s.VideoID, Permalink: link}, nil
}

func (c *Connector) unreadable(err error) error {
	return &platforms.Error{Platform: c.g.Platform, Kind: platforms.Permanent, Message: "the video could not be read: " + err.Error(),
		Err: errors.Join(model.ErrInvalid, fmt.Errorf("facebook: read video: %w", err))}
}

// startVideo is upload_phase=start with the file size.
func (c *Connector) startVideo(ctx context.Context, pageID, token string, size int64) (videoSession, error) {
	form := url.Values{"upload_phase": {"start"}, "file_size": {strconv.FormatInt(size, 10)}}
	var s videoSession
	err := c.postVideo(ctx, pageID, token, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", &s)
	if err == nil && (s.VideoID == "" || s.SessionID == "") {
		err = c.protocol("Facebook did not open a video upload session")
	}
	return s, err
}

// transferVideo sends the ranges Facebook asks for until it asks for none.
func (c *Connector) transferVideo(ctx context.Context, pageID, token string, f io.ReaderAt, size int64, s videoSession) error {
	next := s.byteRange
	for next.Start < next.End {
		if next.End > offset(size) || next.End-next.Start > maxChunk {
			return c.protocol(fmt.Sprintf("Facebook asked for bytes %d..%d of a %d-byte video", next.Start, next.End, size))
		}
		got, err := c.transferChunk(ctx, pageID, token, f, s.SessionID, next)
		if err != nil {
			return err
		}
		if got.Start <= next.Start || got.End < got.Start {
			return c.protocol(fmt.Sprintf("Facebook's video upload did not move on from byte %d", next.Start))
		}
		slog.Debug("facebook: video chunk sent", "video", s.VideoID, "sent", int64(got.Start), "size", size)
		next = got
	}
	if next.Start != offset(size) {
		return c.protocol(fmt.Sprintf("Facebook stopped the video upload at byte %d of %d", next.Start, size))
	}
	return nil
}

// transferChunk is one upload_phase=transfer with the bytes of r as video_file_chunk.
func (c *Connector) transferChunk(ctx context.Context, pageID, token string, f io.ReaderAt, session string, r byteRange) (byteRange, error) {
	chunk := make([]byte, r.End-r.Start)
	if _, err := f.ReadAt(chunk, int64(r.Start)); err != nil {
		return byteRange{}, c.unreadable(err)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("upload_phase", "transfer")
	_ = w.WriteField("upload_session_id", session)
	_ = w.WriteField("start_offset", strconv.FormatInt(int64(r.Start), 10))
	part, err := w.CreateFormFile("video_file_chunk", "chunk")
	if err == nil {
		_, err = part.Write(chunk)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return byteRange{}, fmt.Errorf("facebook: video chunk body: %w", err)
	}
	var got byteRange
	err = c.postVideo(ctx, pageID, token, &buf, w.FormDataContentType(), &got)
	return got, err
}

// finishVideo is upload_phase=finish: description = the post text, the title when
// set, and published=true or the schedule. From here on a failure may hide a post.
func (c *Connector) finishVideo(ctx context.Context, pageID string, req platforms.Request, session string, sched url.Values) error {
	form := url.Values{"upload_phase": {"finish"}, "upload_session_id": {session}, "published": {"true"}}
	if req.Text != "" {
		form.Set("description", req.Text)
	}
	if req.Options.Title != "" {
		form.Set("title", req.Options.Title)
	}
	for k, v := range sched {
		form[k] = v
	}
	var out struct {
		Success bool `json:"success"`
	}
	err := c.postVideo(ctx, pageID, req.Token, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", &out)
	if err == nil && !out.Success {
		err = &platforms.Error{Platform: c.g.Platform, Kind: platforms.Transient, Uncertain: true,
			Message: "Facebook did not confirm that the video upload was finished"}
	}
	return err
}

// videoNode is the Video fields Publish and Confirm read.
type videoNode struct {
	Status struct {
		VideoStatus     string `json:"video_status"`
		ProcessingPhase struct {
			Errors []struct {
				Message string `json:"message"`
			} `json:"errors"`
		} `json:"processing_phase"`
	} `json:"status"`
	Permalink string `json:"permalink_url"`
}

// awaitVideo reads GET /{video}?fields=status until the video is ready (its permalink
// is returned) or failed (Permanent, with Facebook's words).
func (c *Connector) awaitVideo(ctx context.Context, pageID, token, id string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, videoTimeout)
	defer cancel()
	u := c.g.BaseURL + "/" + url.PathEscape(id) + "?" + url.Values{"fields": {"status,permalink_url"}}.Encode()
	for {
		var v videoNode
		if err := c.send(ctx, http.MethodGet, u, token, nil, "", &v); err != nil {
			return "", maybePosted(err)
		}
		switch v.Status.VideoStatus {
		case "ready":
			return videoLink(pageID, id, v.Permalink), nil
		case "error", "expired":
			return "", c.processingFailed(v)
		}
		slog.Debug("facebook: video processing", "video", id, "status", v.Status.VideoStatus)
		if err := platforms.Sleep(ctx, c.poll); err != nil {
			return "", &platforms.Error{Platform: c.g.Platform, Kind: platforms.Transient, Uncertain: true, Err: err,
				Message: "Facebook was still processing the video when the wait ran out"}
		}
	}
}

func (c *Connector) processingFailed(v videoNode) error {
	var words []string
	for _, e := range v.Status.ProcessingPhase.Errors {
		words = append(words, e.Message)
	}
	msg := "Facebook could not process the video"
	if len(words) > 0 {
		msg += ": " + strings.Join(words, "; ")
	}
	return &platforms.Error{Platform: c.g.Platform, Kind: platforms.Permanent, Code: v.Status.VideoStatus, Message: msg, Err: model.ErrInvalid}
}

// videoLink makes Graph's relative video permalink ("/{page}/videos/{id}/") absolute.
func videoLink(pageID, id, raw string) string {
	switch {
	case strings.HasPrefix(raw, "/"):
		return "https://www.facebook.com" + raw
	case raw != "":
		return raw
	}
	return "https://www.facebook.com/" + pageID + "/videos/" + id + "/"
}

// postVideo is a POST to {page}/videos on the video upload host.
func (c *Connector) postVideo(ctx context.Context, pageID, token string, body io.Reader, ctype string, out any) error {
	return c.send(ctx, http.MethodPost, c.videoBase+"/"+url.PathEscape(pageID)+"/videos", token, body, ctype, out)
}

func (c *Connector) protocol(msg string) error {
	return &platforms.Error{Platform: c.g.Platform, Kind: platforms.Transient, Message: msg}
}

// notPosted clears Uncertain: the failed step cannot have made a post.
func notPosted(err error) error {
	var pe *platforms.Error
	if errors.As(err, &pe) {
		pe.Uncertain = false
	}
	return err
}

// maybePosted sets Uncertain: a post may exist although this step failed.
func maybePosted(err error) error {
	var pe *platforms.Error
	if errors.As(err, &pe) {
		pe.Uncertain = true
	}
	return err
}
