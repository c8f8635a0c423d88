package mastodon

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// mediaEntity is the part of Mastodon's MediaAttachment entity the connector reads.
type mediaEntity struct {
	ID   string  `json:"id"`
	Type string  `json:"type"`
	URL  *string `json:"url"`
}

// uploadMedia sends one file to POST /api/v2/media with its alt text and, when the
// instance answers 202 (video, gifv, audio), waits until processing is done.
func (c *Connector) uploadMedia(ctx context.Context, base, token string, m platforms.MediaFile) (string, error) {
	f, err := os.Open(m.Path)
	if err != nil {
		return "", &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent,
			Message: "the attached file cannot be read: " + err.Error(), Err: fmt.Errorf("mastodon: open media: %w", err)}
	}
	defer f.Close()
	body, ct := multipartBody(f, m)
	defer body.Close()
	var me mediaEntity
	status, err := c.do(ctx, apiRequest{method: http.MethodPost, base: base, path: "/api/v2/media", token: token, body: body, contentType: ct}, &me)
	if err != nil {
		return "", err
	}
	if status == http.StatusAccepted {
		return me.ID, c.waitProcessed(ctx, base, token, me.ID)
	}
	return me.ID, nil
}

// multipartBody streams the file and its description as multipart/form-data.
func multipartBody(f io.Reader, m platforms.MediaFile) (io.ReadCloser, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		pw.CloseWithError(writeMultipart(mw, f, m))
	}()
	return pr, mw.FormDataContentType()
}

func writeMultipart(mw *multipart.Writer, f io.Reader, m platforms.MediaFile) error {
	if m.AltText != "" {
		if err := mw.WriteField("description", m.AltText); err != nil {
			return err
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, quoteEscaper.Replace(filepath.Base(m.Path))))
	mimeType := m.Mime
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	h.Set("Content-Type", mimeType)
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, f); err != nil {
		return err
	}
	return mw.Close()
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// waitProcessed polls GET /api/v1/media/:id (206 while processing, 200 when ready)
// with a doubling interval, bounded by ctx and MediaProcessingTimeout.
func (c *Connector) waitProcessed(ctx context.Context, base, token, id string) error {
	ctx, cancel := context.WithTimeout(ctx, c.MediaProcessingTimeout)
	defer cancel()
	wait := c.PollInterval
	for {
		var me mediaEntity
		status, err := c.do(ctx, apiRequest{method: http.MethodGet, base: base, path: "/api/v1/media/" + url.PathEscape(id), token: token}, &me)
		if err != nil {
			return err
		}
		if status == http.StatusOK {
			return nil
		}
		if err := platforms.Sleep(ctx, wait); err != nil {
			return &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient,
				Message: "the instance is still processing the video", Err: fmt.Errorf("mastodon: wait for media %s: %w", id, err)}
		}
		wait = min(2*wait, c.MaxPollInterval)
	}
}
