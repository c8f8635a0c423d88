package youtube

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// maxStalls is how many answers in a row may leave the upload where it was before
// Publish gives up (the session is kept: the next attempt resumes it).
const maxStalls = 3

// errSessionGone marks an upload session YouTube no longer knows (expired after about a
// week): only a read-back can tell whether it had completed.
var errSessionGone = errors.New("youtube: the upload session expired")

// progress is what a session PUT answered: where to continue, or the video once done.
type progress struct {
	next int64
	done *video
}

// upload sends the video through the attempt's session (resumed when one is kept, new
// otherwise) and returns the video YouTube created.
func (c *Connector) upload(ctx context.Context, req platforms.Request, f platforms.MediaFile, meta videoMeta) (video, error) {
	file, total, err := openVideo(f)
	if err != nil {
		return video{}, err
	}
	defer file.Close()
	mime := f.Mime
	s, next, done, err := c.session(ctx, req, meta, total, mime)
	switch {
	case err != nil:
		return video{}, err
	case done != nil:
		return *done, nil
	}
	return c.sendFrom(ctx, req, s, file, next)
}

// openVideo opens the video file and returns its size.
func openVideo(f platforms.MediaFile) (*os.File, int64, error) {
	file, err := os.Open(f.Path)
	if err != nil {
		return nil, 0, &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Err: errors.Join(model.ErrInvalid, err),
			Message: fmt.Sprintf("The video %q could not be read: %v", f.Path, err)}
	}
	st, err := file.Stat()
	if err == nil && st.Size() == 0 {
		err = errors.New("the file is empty")
	}
	if err != nil {
		file.Close()
		return nil, 0, &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Err: errors.Join(model.ErrInvalid, err),
			Message: fmt.Sprintf("The video %q could not be read: %v", f.Path, err)}
	}
	return file, st.Size(), nil
}

// session returns the attempt's upload session and the offset to continue from: the
// kept one when YouTube still has it, else a new one. done is set when the kept
// session (or, for an expired one, the channel's uploads) shows the upload completed.
func (c *Connector) session(ctx context.Context, req platforms.Request, meta videoMeta, total int64, mime string) (session, int64, *video, error) {
	if s, ok := c.sessions.get(req.AttemptKey); ok {
		p, known, err := c.probeSession(ctx, req, s)
		switch {
		case err != nil:
			return session{}, 0, nil, markUncertain(err, true)
		case p.done != nil:
			return session{}, 0, p.done, nil
		case known && s.Total == total:
			slog.Info("youtube: resuming the upload", "attempt_key", req.AttemptKey, "from", p.next, "bytes", total)
			return s, p.next, nil, nil
		case !known:
			if v, found, err := c.readBack(ctx, req, meta.Snippet.Title); err != nil || found {
				return session{}, 0, &v, err
			}
		}
		c.sessions.drop(req.AttemptKey)
	}
	s, err := c.start(ctx, req, meta, total, mime)
	return s, 0, nil, err
}

// probeSession asks YouTube where a kept session stands. known is false when YouTube
// no longer knows the session; a session that completed is recorded as such.
func (c *Connector) probeSession(ctx context.Context, req platforms.Request, s session) (progress, bool, error) {
	if s.VideoID != "" {
		v := video{ID: s.VideoID}
		return progress{done: &v}, true, nil
	}
	p, err := c.put(ctx, req.Token, s, 0, nil)
	switch {
	case errors.Is(err, errSessionGone):
		c.sessions.drop(req.AttemptKey)
		return progress{}, false, nil
	case err != nil:
		return progress{}, true, err
	case p.done != nil:
		c.sessions.completed(req.AttemptKey, p.done.ID)
	}
	return p, true, nil
}

// start opens a resumable upload session (POST uploadType=resumable with the metadata)
// and keeps it for the attempt. A session alone publishes nothing, so a failure here is
// never uncertain.
func (c *Connector) start(ctx context.Context, req platforms.Request, meta videoMeta, total int64, mime string) (session, error) {
	body, err := jsonBody(meta)
	if err != nil {
		return session{}, err
	}
	q := url.Values{"uploadType": {"resumable"}, "part": {"snippet,status"}}
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, c.a.ep.APIBase+"/upload/youtube/v3/videos?"+q.Encode(), body)
	if err != nil {
		return session{}, invalid("the YouTube upload address is not valid")
	}
	r.Header.Set("Authorization", "Bearer "+req.Token)
	r.Header.Set("Content-Type", "application/json; charset=UTF-8")
	r.Header.Set("X-Upload-Content-Length", strconv.FormatInt(total, 10))
	r.Header.Set("X-Upload-Content-Type", mime)
	a, err := roundTrip(c.a.hc, r)
	switch {
	case err != nil:
		return session{}, err
	case a.status >= 300:
		return session{}, publishError(a.status, a.body, c.a.now(), toUpload)
	case a.header.Get("Location") == "":
		return session{}, &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient, Status: a.status,
			Message: "YouTube accepted the upload but did not say where to send the video."}
	}
	s := session{URI: a.header.Get("Location"), Total: total, Mime: mime, Started: c.a.now()}
	if err := c.sessions.put(req.AttemptKey, s); err != nil {
		slog.Warn("youtube: the upload session could not be kept; after a crash only a read-back can reconcile it",
			"attempt_key", req.AttemptKey, "err", err)
	}
	slog.Info("youtube: upload started", "attempt_key", req.AttemptKey, "channel_id", req.Account.RemoteID, "bytes", total)
	return s, nil
}

// sendFrom uploads the file from next on in chunks. A chunk that fails without a usable
// answer (a lost connection, a 5xx) is followed by a status query, and the upload goes
// on from the Range YouTube reports.
func (c *Connector) sendFrom(ctx context.Context, req platforms.Request, s session, r io.ReaderAt, next int64) (video, error) {
	buf := make([]byte, min(c.a.chunkSize, s.Total))
	for stalls := 0; stalls < maxStalls; {
		chunk := buf[:min(int64(len(buf)), s.Total-next)]
		if _, err := r.ReadAt(chunk, next); err != nil && !errors.Is(err, io.EOF) {
			return video{}, invalid(fmt.Sprintf("The video could not be read: %v", err))
		}
		final := next+int64(len(chunk)) == s.Total
		p, err := c.put(ctx, req.Token, s, next, chunk)
		if err != nil {
			p, err = c.recoverChunk(ctx, req, s, err)
		}
		if err != nil {
			return video{}, c.chunkFailed(req, err, final)
		}
		if p.done != nil {
			c.sessions.completed(req.AttemptKey, p.done.ID)
			return *p.done, nil
		}
		stalls = stallCount(stalls, p.next > next)
		next = p.next
		slog.Debug("youtube: upload progress", "attempt_key", req.AttemptKey, "sent", next, "bytes", s.Total)
	}
	return video{}, &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient,
		Message: "YouTube stopped taking the video's bytes; the upload will resume on the next attempt."}
}

func stallCount(stalls int, moved bool) int {
	if moved {
		return 0
	}
	return stalls + 1
}

// recoverChunk answers a chunk that failed without a usable answer with a status
// query; other failures come back as they are.
func (c *Connector) recoverChunk(ctx context.Context, req platforms.Request, s session, err error) (progress, error) {
	var pe *platforms.Error
	if ctx.Err() != nil || !errors.As(err, &pe) || (pe.Status != 0 && pe.Status < 500) {
		return progress{}, err
	}
	slog.Info("youtube: upload interrupted, asking YouTube where to resume", "attempt_key", req.AttemptKey, "err", pe.Message)
	return c.put(ctx, req.Token, s, 0, nil)
}

// chunkFailed finishes a failed upload step: an expired session is forgotten (the next
// attempt starts over), and a failure after the last bytes went out is Uncertain.
func (c *Connector) chunkFailed(req platforms.Request, err error, final bool) error {
	if errors.Is(err, errSessionGone) {
		c.sessions.drop(req.AttemptKey)
		return err
	}
	return markUncertain(err, final)
}

// markUncertain sets Uncertain on a failure without an answer (or a 5xx) when the
// request may have completed the upload.
func markUncertain(err error, mayHaveCompleted bool) error {
	var pe *platforms.Error
	if mayHaveCompleted && errors.As(err, &pe) && (pe.Status == 0 || pe.Status >= 500) {
		pe.Uncertain = true
	}
	return err
}

// put sends chunk to the session as bytes from-(from+len−1)/total, or, when chunk is
// nil, asks where the upload stands (bytes */total, no body).
func (c *Connector) put(ctx context.Context, token string, s session, from int64, chunk []byte) (progress, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodPut, s.URI, bytes.NewReader(chunk))
	if err != nil {
		return progress{}, invalid("the kept YouTube upload session address is not valid")
	}
	r.Header.Set("Authorization", "Bearer "+token)
	if chunk == nil {
		r.Header.Set("Content-Range", fmt.Sprintf("bytes */%d", s.Total))
	} else {
		r.Header.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", from, from+int64(len(chunk))-1, s.Total))
		r.Header.Set("Content-Type", s.Mime)
	}
	a, err := roundTrip(c.up, r)
	if err != nil {
		return progress{}, err
	}
	return c.putAnswer(a)
}

// putAnswer reads a session PUT's answer: 200/201 with the video, 308 with the Range
// received so far, 404/410 for a session YouTube no longer knows.
func (c *Connector) putAnswer(a answer) (progress, error) {
	switch a.status {
	case http.StatusOK, http.StatusCreated:
		var v video
		if err := decodeAnswer(a, &v, "the uploaded video"); err != nil {
			var pe *platforms.Error
			if errors.As(err, &pe) {
				pe.Uncertain = true // the upload completed: only the answer is unreadable
			}
			return progress{}, err
		}
		return progress{done: &v}, nil
	case http.StatusPermanentRedirect:
		return rangeNext(a.header.Get("Range"))
	case http.StatusNotFound, http.StatusGone:
		return progress{}, &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient, Status: a.status, Err: errSessionGone,
			Message: "YouTube's upload session expired; the upload will start again on the next attempt."}
	}
	return progress{}, publishError(a.status, a.body, c.a.now(), toUpload)
}

// rangeNext is the offset after a 308's "Range: bytes=0-N" (0 when there is none).
func rangeNext(h string) (progress, error) {
	if h == "" {
		return progress{}, nil
	}
	_, last, ok := strings.Cut(strings.TrimPrefix(h, "bytes="), "-")
	n, err := strconv.ParseInt(last, 10, 64)
	if !ok || err != nil || n < 0 {
		return progress{}, &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient,
			Message: fmt.Sprintf("YouTube answered the upload with a Range it did not explain (%q).", h)}
	}
	return progress{next: n + 1}, nil
}
