package linkedin

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
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// DefaultPollInterval is the wait between video status reads.
const DefaultPollInterval = 5 * time.Second

// videoTimeout bounds the wait for LinkedIn to process one video.
const videoTimeout = 30 * time.Minute

// maxPart bounds one upload instruction's range, so an odd answer cannot make us read
// a whole file into memory at once.
const maxPart = 256 << 20

// uploadInstruction is one byte range to PUT: [FirstByte, LastByte], both inclusive.
type uploadInstruction struct {
	UploadURL string `json:"uploadUrl"`
	FirstByte int64  `json:"firstByte"`
	LastByte  int64  `json:"lastByte"`
}

// videoUpload is the answer to initializeUpload.
type videoUpload struct {
	Video        string              `json:"video"`
	UploadToken  string              `json:"uploadToken"`
	Instructions []uploadInstruction `json:"uploadInstructions"`
}

// videoContent uploads req's one video and returns content.media with its URN and, when
// set, req.Options.Title.
func (c *Connector) videoContent(ctx context.Context, req platforms.Request) (map[string]any, error) {
	urn, err := c.uploadVideo(ctx, req.Account.RemoteID, req.Token, req.Media[0])
	if err != nil {
		return nil, err
	}
	m := map[string]any{"id": urn}
	if req.Options.Title != "" {
		m["title"] = req.Options.Title
	}
	return map[string]any{"media": m}, nil
}

// uploadVideo runs the Videos API: initializeUpload (owner = the author, fileSizeBytes),
// one PUT per uploadInstruction collecting the ETags in order, finalizeUpload with all
// of them, then status reads until AVAILABLE.
func (c *Connector) uploadVideo(ctx context.Context, owner, token string, m platforms.MediaFile) (string, error) {
	f, err := os.Open(m.Path)
	if err != nil {
		return "", unreadable(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", unreadable(err)
	}
	up, err := c.initializeVideo(ctx, owner, token, st.Size())
	if err != nil {
		return "", err
	}
	etags, err := c.putParts(ctx, token, f, st.Size(), up)
	if err != nil {
		return "", err
	}
	fin := map[string]any{"finalizeUploadRequest": map[string]any{"video": up.Video, "uploadToken": up.UploadToken, "uploadedPartIds": etags}}
	if _, _, _, err := c.rest(ctx, http.MethodPost, "/rest/videos?action=finalizeUpload", token, fin); err != nil {
		return "", err
	}
	return up.Video, c.awaitVideo(ctx, token, up.Video)
}

func unreadable(err error) error {
	return &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Permanent, Message: "The video could not be read: " + err.Error(),
		Err: errors.Join(model.ErrInvalid, fmt.Errorf("linkedin: read video: %w", err))}
}

func (c *Connector) initializeVideo(ctx context.Context, owner, token string, size int64) (videoUpload, error) {
	in := map[string]any{"initializeUploadRequest": map[string]any{
		"owner": owner, "fileSizeBytes": size, "uploadCaptions": false, "uploadThumbnail": false,
	}}
	var out struct {
		Value videoUpload `json:"value"`
	}
	_, _, body, err := c.rest(ctx, http.MethodPost, "/rest/videos?action=initializeUpload", token, in)
	if err == nil {
		err = decode(body, &out, http.StatusOK)
	}
	if err == nil && (out.Value.Video == "" || len(out.Value.Instructions) == 0) {
		err = protocol("LinkedIn did not say where to upload the video.")
	}
	return out.Value, err
}

// putParts PUTs each instruction's bytes and returns the ETags in instruction order.
func (c *Connector) putParts(ctx context.Context, token string, f io.ReaderAt, size int64, up videoUpload) ([]string, error) {
	etags := make([]string, 0, len(up.Instructions))
	for i, in := range up.Instructions {
		if in.FirstByte < 0 || in.LastByte < in.FirstByte || in.LastByte >= size || in.LastByte-in.FirstByte >= maxPart {
			return nil, protocol(fmt.Sprintf("LinkedIn asked for bytes %d..%d of a %d-byte video.", in.FirstByte, in.LastByte, size))
		}
		etag, err := c.putPart(ctx, token, f, in)
		if err != nil {
			return nil, err
		}
		slog.Debug("linkedin: video part sent", "video", up.Video, "part", i+1, "of", len(up.Instructions), "bytes", in.LastByte+1)
		etags = append(etags, etag)
	}
	return etags, nil
}

func (c *Connector) putPart(ctx context.Context, token string, f io.ReaderAt, in uploadInstruction) (string, error) {
	chunk := make([]byte, in.LastByte-in.FirstByte+1)
	if _, err := f.ReadAt(chunk, in.FirstByte); err != nil {
		return "", unreadable(err)
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPut, in.UploadURL, bytes.NewReader(chunk))
	if err != nil {
		return "", fmt.Errorf("linkedin: build the video part upload: %w", platforms.UnwrapURLError(err))
	}
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Content-Type", "application/octet-stream")
	_, hdr, _, err := c.do(r)
	if err != nil {
		return "", err
	}
	etag := hdr.Get("ETag")
	if etag == "" {
		return "", protocol("LinkedIn took a video part but sent no ETag for it.")
	}
	return etag, nil
}

// awaitVideo reads GET /rest/videos/{urn} until AVAILABLE; PROCESSING_FAILED is
// Permanent with LinkedIn's processingFailureReason.
func (c *Connector) awaitVideo(ctx context.Context, token, urn string) error {
	ctx, cancel := context.WithTimeout(ctx, videoTimeout)
	defer cancel()
	for {
		var v struct {
			Status string `json:"status"`
			Reason string `json:"processingFailureReason"`
		}
		_, _, body, err := c.rest(ctx, http.MethodGet, "/rest/videos/"+url.PathEscape(urn), token, nil)
		if err == nil {
			err = decode(body, &v, http.StatusOK)
		}
		if err != nil {
			return err
		}
		switch v.Status {
		case "AVAILABLE":
			return nil
		case "PROCESSING_FAILED":
			msg := "LinkedIn could not process the video"
			if v.Reason != "" {
				msg += ": " + v.Reason
			}
			return &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Permanent, Code: v.Status, Message: msg + ".", Err: model.ErrInvalid}
		}
		slog.Debug("linkedin: video processing", "video", urn, "status", v.Status)
		if err := platforms.Sleep(ctx, c.a.poll); err != nil {
			return &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Transient, Err: err,
				Message: "LinkedIn was still processing the video when the wait ran out."}
		}
	}
}

func protocol(msg string) error {
	return &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Transient, Message: msg}
}

// notPosted clears Uncertain: an upload step cannot have made a post.
func notPosted(err error) error {
	var pe *platforms.Error
	if errors.As(err, &pe) {
		pe.Uncertain = false
	}
	return err
}
