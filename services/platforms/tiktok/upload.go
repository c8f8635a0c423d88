package tiktok

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// TikTok's FILE_UPLOAD limits (platforms.md §5 Limits): chunks of 5–64 MB, at most
// 1,000 of them; a file under 5 MB goes whole.
const (
	minChunk  = 5 << 20
	maxChunk  = 64_000_000
	maxChunks = 1000
)

// Status values of /v2/post/publish/status/fetch/.
const (
	statusUpload   = "PROCESSING_UPLOAD"
	statusComplete = "PUBLISH_COMPLETE"
	statusInbox    = "SEND_TO_USER_INBOX"
	statusFailed   = "FAILED"
)

// chunkPlan is how a file is cut: count chunks of size bytes, the last one absorbing
// the remainder, so count = floor(fileSize/size).
type chunkPlan struct {
	size  int64
	count int64
}

// planChunks cuts a file of n bytes with the preferred chunk size: whole when it fits
// in one chunk, in at least two over 64 MB, never in more than 1,000.
func planChunks(n, preferred int64) chunkPlan {
	if n <= preferred {
		return chunkPlan{size: n, count: 1}
	}
	size := max(preferred, (n+maxChunks-1)/maxChunks)
	if n > maxChunk && n/size < 2 {
		size = n / 2 // a file over 64 MB must go in several chunks
	}
	return chunkPlan{size: size, count: n / size}
}

// bounds are the first and last byte of chunk i of a file of n bytes.
func (p chunkPlan) bounds(i, n int64) (first, last int64) {
	first = i * p.size
	if i == p.count-1 {
		return first, n - 1
	}
	return first, first + p.size - 1
}

// publishVideo initializes a FILE_UPLOAD (direct post or inbox), sends the chunks and
// waits for TikTok to finish.
func (c *Connector) publishVideo(ctx context.Context, req platforms.Request, at *attempt, info map[string]any) (platforms.Result, error) {
	f := req.Media[0]
	st, err := os.Stat(f.Path)
	if err != nil {
		return platforms.Result{}, localError(f.Path, err)
	}
	at.source, at.path, at.mime, at.size = "FILE_UPLOAD", f.Path, f.Mime, st.Size()
	at.plan = planChunks(at.size, c.a.pub.chunk)
	body := map[string]any{"source_info": map[string]any{"source": at.source, "video_size": at.size,
		"chunk_size": at.plan.size, "total_chunk_count": at.plan.count}}
	path := "/v2/post/publish/inbox/video/init/"
	if !at.inbox {
		info["title"] = req.Text
		body["post_info"], path = info, "/v2/post/publish/video/init/"
	}
	if err := c.initPost(ctx, req, at, path, body); err != nil {
		return platforms.Result{}, err
	}
	if err := c.upload(ctx, at, 0); err != nil {
		if platforms.AsError(model.TikTok, err).Kind == platforms.Permanent {
			c.forget(req.AttemptKey) // refused: TikTok will never have the whole file
		}
		return platforms.Result{}, err
	}
	return c.finish(ctx, req, at)
}

func localError(path string, err error) error {
	return &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Err: err,
		Message: fmt.Sprintf("The video %s could not be read: %v", path, err)}
}

// upload PUTs the chunks from chunk `from` on, one after the other. Any failure is
// Uncertain: the attempt exists at TikTok, and a retry continues it.
func (c *Connector) upload(ctx context.Context, at *attempt, from int64) error {
	f, err := os.Open(at.path)
	if err != nil {
		return localError(at.path, err)
	}
	defer f.Close()
	for i := from; i < at.plan.count; i++ {
		first, last := at.plan.bounds(i, at.size)
		buf := make([]byte, last-first+1)
		if _, err := f.ReadAt(buf, first); err != nil && err != io.EOF {
			return localError(at.path, err)
		}
		if err := c.putChunk(ctx, at, buf, first, last); err != nil {
			return err
		}
		slog.Debug("tiktok: chunk sent", "publish_id", at.publishID, "chunk", i+1, "of", at.plan.count, "bytes", last+1, "total", at.size)
	}
	return nil
}

// putChunk sends one chunk with its Content-Range; TikTok answers 206 for all but the
// last, and 201 (or 200) for the last.
func (c *Connector) putChunk(ctx context.Context, at *attempt, buf []byte, first, last int64) error {
	r, err := http.NewRequestWithContext(ctx, http.MethodPut, at.uploadURL, bytes.NewReader(buf))
	if err != nil {
		return fmt.Errorf("tiktok: build the chunk upload: %w", err)
	}
	r.Header.Set("Content-Type", at.mime)
	r.Header.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", first, last, at.size))
	status, body, err := c.a.send(r)
	if err != nil {
		pe := platforms.AsError(model.TikTok, err)
		pe.Err, pe.Uncertain = platforms.UnwrapURLError(pe.Err), true // the URL holds the upload token
		return pe
	}
	if status >= 400 {
		return uploadError(status, body)
	}
	return nil
}

// uploadError reads a refused chunk: TikTok's envelope when there is one.
func uploadError(status int, body []byte) error {
	var env envelope
	_ = json.Unmarshal(body, &env)
	words := env.Error.Message
	if words == "" {
		words = platforms.StatusWords(model.TikTok, status)
	}
	e := classify(&platforms.Error{Platform: model.TikTok, Status: status, Code: env.Error.Code, Message: "TikTok refused a part of the video: " + words})
	e.Uncertain = status >= http.StatusInternalServerError
	return e
}

// uncertain marks err as maybe acted on: the post exists at TikTok.
func uncertain(err error) error {
	pe := platforms.AsError(model.TikTok, err)
	pe.Uncertain = true
	return pe
}

// status is /v2/post/publish/status/fetch/'s data.
type status struct {
	Status        string        `json:"status"`
	FailReason    string        `json:"fail_reason"`
	PostIDs       []json.Number `json:"publicaly_available_post_id"` // sic
	UploadedBytes int64         `json:"uploaded_bytes"`
}

// fetchStatus reads the status of the attempt's publish_id.
func (c *Connector) fetchStatus(ctx context.Context, token string, at *attempt) (status, error) {
	var st status
	err := c.call(ctx, "/v2/post/publish/status/fetch/", token, map[string]string{"publish_id": c.publishID(at)}, &st, readCall, scopeFor(at))
	return st, err
}

// resume continues an attempt this process initialized: the rest of the upload, if
// TikTok has not got the whole file, then the wait.
func (c *Connector) resume(ctx context.Context, req platforms.Request, at *attempt) (platforms.Result, error) {
	if at.source == "FILE_UPLOAD" {
		st, err := c.fetchStatus(ctx, req.Token, at)
		if err != nil {
			return platforms.Result{}, uncertain(err)
		}
		if st.Status == statusUpload && st.UploadedBytes < at.size {
			if err := c.upload(ctx, at, st.UploadedBytes/at.plan.size); err != nil {
				return platforms.Result{}, err
			}
		}
	}
	return c.finish(ctx, req, at)
}

// finish waits for the final status and forgets the attempt once it is known.
func (c *Connector) finish(ctx context.Context, req platforms.Request, at *attempt) (platforms.Result, error) {
	st, err := c.await(ctx, req.Token, at)
	if err != nil {
		return platforms.Result{}, err
	}
	c.forget(req.AttemptKey)
	if st.Status == statusFailed {
		return platforms.Result{}, failedError(st.FailReason)
	}
	res := c.result(at, st)
	slog.Info("tiktok: published", "account_id", req.Account.ID, "publish_id", at.publishID, "status", st.Status, "post_id", res.PlatformPostID)
	return res, nil
}

func failedError(reason string) error {
	return &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Err: model.ErrInvalid, Code: reason,
		Message: "TikTok could not publish the post: " + reason}
}

// await polls the status until TikTok finishes (PUBLISH_COMPLETE, SEND_TO_USER_INBOX or
// FAILED). Running out of time, or any error, is Uncertain: the post may still go out.
func (c *Connector) await(ctx context.Context, token string, at *attempt) (status, error) {
	ctx, cancel := context.WithTimeout(ctx, c.a.pub.processing)
	defer cancel()
	for {
		st, err := c.fetchStatus(ctx, token, at)
		if err != nil {
			return st, uncertain(err)
		}
		switch st.Status {
		case statusComplete, statusInbox, statusFailed:
			return st, nil
		}
		if err := platforms.Sleep(ctx, c.a.pub.poll); err != nil {
			return st, &platforms.Error{Platform: model.TikTok, Kind: platforms.Transient, Uncertain: true, Err: err,
				Message: "TikTok is still processing the post (" + st.Status + "); it will be checked again."}
		}
	}
}
