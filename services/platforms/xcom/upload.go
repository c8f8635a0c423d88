package xcom

import (
	"bytes"
	"context"
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

const (
	// chunkSize is the size of one APPEND segment (X allows up to 1,000 segments).
	chunkSize = 4 << 20
	// maxAltText is X's alt text limit: "must be <= 1000 chars" (docs.x.com, media
	// metadata; platforms.md does not name the endpoint).
	maxAltText = 1000
)

// uploadAll uploads each file, then sets its alt text; it returns the media ids in order.
func (c *Connector) uploadAll(ctx context.Context, token string, files []platforms.MediaFile) ([]string, error) {
	ids := make([]string, 0, len(files))
	for _, m := range files {
		id, err := c.upload(ctx, token, m)
		if err != nil {
			return nil, err
		}
		if err := c.describe(ctx, token, id, m); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// describe sets m's alt text on the uploaded media id with POST /2/media/metadata. X
// documents alt text for images and GIFs only, so a video's is not sent (logged).
func (c *Connector) describe(ctx context.Context, token, id string, m platforms.MediaFile) error {
	switch {
	case m.AltText == "":
		return nil
	case category(m.Mime) == "tweet_video":
		slog.Info("xcom: alt text is not sent for a video", "media_id", id)
		return nil
	}
	body := map[string]any{"id": id, "metadata": map[string]any{"alt_text": map[string]string{"text": m.AltText}}}
	return c.do(ctx, apiCall{method: http.MethodPost, path: "/2/media/metadata", token: token, json: body}, nil)
}

// category is X's media_category for a MIME type.
func category(mime string) string {
	switch {
	case mime == "image/gif":
		return "tweet_gif"
	case strings.HasPrefix(mime, "video/"):
		return "tweet_video"
	}
	return "tweet_image"
}

// mediaData is the data object of the upload endpoints.
type mediaData struct {
	ID             string `json:"id"`
	ProcessingInfo *struct {
		State          string `json:"state"`
		CheckAfterSecs int    `json:"check_after_secs"`
		Error          *struct {
			Message string `json:"message"`
		} `json:"error"`
	} `json:"processing_info"`
}

// upload sends one file with the chunked endpoints (initialize, append, finalize) and
// waits for processing; it returns the media id.
func (c *Connector) upload(ctx context.Context, token string, m platforms.MediaFile) (string, error) {
	f, err := os.Open(m.Path)
	if err != nil {
		return "", localError(m.Path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", localError(m.Path, err)
	}
	var init struct{ Data mediaData }
	body := map[string]any{"media_type": m.Mime, "total_bytes": st.Size(), "media_category": category(m.Mime)}
	if err := c.do(ctx, apiCall{method: http.MethodPost, path: "/2/media/upload/initialize", token: token, json: body}, &init); err != nil {
		return "", err
	}
	id := init.Data.ID
	slog.Debug("xcom: uploading", "media_id", id, "bytes", st.Size())
	if err := c.appendAll(ctx, token, id, f); err != nil {
		return "", err
	}
	var fin struct{ Data mediaData }
	if err := c.do(ctx, apiCall{method: http.MethodPost, path: "/2/media/upload/" + url.PathEscape(id) + "/finalize", token: token}, &fin); err != nil {
		return "", err
	}
	return id, c.awaitProcessing(ctx, token, fin.Data, noun(m.Mime))
}

// noun names a processed attachment for messages.
func noun(mime string) string {
	if category(mime) == "tweet_gif" {
		return "the GIF"
	}
	return "the video"
}

func localError(path string, err error) error {
	return &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Err: err,
		Message: fmt.Sprintf("The attachment %s could not be read: %v", path, err)}
}

// appendAll sends r in chunkSize segments as multipart APPEND calls.
func (c *Connector) appendAll(ctx context.Context, token, id string, r io.Reader) error {
	buf := make([]byte, chunkSize)
	for idx := 0; ; idx++ {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if err := c.appendOne(ctx, token, id, idx, buf[:n]); err != nil {
				return err
			}
			slog.Debug("xcom: segment sent", "media_id", id, "segment", idx, "bytes", n)
		}
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return nil
		case err != nil:
			return localError(id, err)
		}
	}
}

func (c *Connector) appendOne(ctx context.Context, token, id string, idx int, chunk []byte) error {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if err := w.WriteField("segment_index", strconv.Itoa(idx)); err != nil {
		return fmt.Errorf("xcom: build segment: %w", err)
	}
	part, err := w.CreateFormFile("media", "chunk")
	if err != nil {
		return fmt.Errorf("xcom: build segment: %w", err)
	}
	if _, err := part.Write(chunk); err != nil {
		return fmt.Errorf("xcom: build segment: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("xcom: build segment: %w", err)
	}
	return c.do(ctx, apiCall{method: http.MethodPost, path: "/2/media/upload/" + url.PathEscape(id) + "/append",
		token: token, body: &b, contentType: w.FormDataContentType()}, nil)
}

// awaitProcessing polls the upload status while processing_info says pending or
// in_progress, sleeping check_after_secs between polls.
func (c *Connector) awaitProcessing(ctx context.Context, token string, d mediaData, what string) error {
	ctx, cancel := context.WithTimeout(ctx, c.MediaProcessingTimeout)
	defer cancel()
	for d.ProcessingInfo != nil {
		switch p := d.ProcessingInfo; p.State {
		case "succeeded":
			return nil
		case "failed":
			words := "processing failed"
			if p.Error != nil {
				words = p.Error.Message
			}
			return &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Err: model.ErrInvalid,
				Message: "X could not process " + what + ": " + words}
		}
		if err := c.Wait(ctx, time.Duration(max(d.ProcessingInfo.CheckAfterSecs, 1))*time.Second); err != nil {
			return &platforms.Error{Platform: model.X, Kind: platforms.Transient, Err: err,
				Message: "X took too long to process " + what + "."}
		}
		var st struct{ Data mediaData }
		path := "/2/media/upload?" + url.Values{"media_id": {d.ID}, "command": {"STATUS"}}.Encode()
		if err := c.do(ctx, apiCall{method: http.MethodGet, path: path, token: token}, &st); err != nil {
			return err
		}
		d = st.Data
	}
	return nil
}
