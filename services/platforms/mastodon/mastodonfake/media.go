package mastodonfake

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"
)

const (
	msgFileBlank     = "Validation failed: File can't be blank"
	msgFileType      = "Validation failed: File content type is invalid"
	msgFileSpoofed   = "Validation failed: File has contents that are not what they are reported to be"
	msgFileTooBig    = "Validation failed: File file size must be less than %s"
	msgDescTooLong   = "Validation failed: Description is too long (maximum is 1500 characters)"
	maxDescription   = 1500
	multipartMemory  = 8 << 20
	sniffBytes       = 512
	octetStream      = "application/octet-stream"
	mediaWindow      = 30 * time.Minute
	mediaTypeImage   = "image"
	mediaTypeGIFV    = "gifv"
	mediaTypeVideo   = "video"
	mediaTypeAudio   = "audio"
	mediaTypeUnknown = ""
)

// uploadMedia is POST /api/v2/media: an image is processed at once (200 with url), a
// video, gifv or audio file is processed asynchronously (202 with url null).
func (s *Server) uploadMedia(c *call) reply {
	if rep := s.auth(c, "write", "write:media"); rep != nil {
		return *rep
	}
	if rep := s.limit(c, "media", c.acct.ID, s.opts.MediaLimit, mediaWindow, false); rep != nil {
		return *rep
	}
	if err := c.r.ParseMultipartForm(multipartMemory); err != nil {
		return errReply(http.StatusUnprocessableEntity, msgFileBlank)
	}
	files := c.r.MultipartForm.File["file"]
	if len(files) == 0 {
		return errReply(http.StatusUnprocessableEntity, msgFileBlank)
	}
	m, msg := s.checkFile(files[0])
	if msg != "" {
		return errReply(http.StatusUnprocessableEntity, msg)
	}
	m.Description = c.r.FormValue("description")
	if len([]rune(m.Description)) > maxDescription {
		return errReply(http.StatusUnprocessableEntity, msgDescTooLong)
	}
	m.ID, m.AccountID, m.CreatedAt = s.nextID(c.now), c.acct.ID, c.now
	s.st.Media[m.ID] = m
	if m.Type == mediaTypeImage {
		return jsonReply(http.StatusOK, mediaJSON(c.base, m))
	}
	m.PollsLeft = max(s.opts.VideoPolls, 0)
	return jsonReply(http.StatusAccepted, mediaJSON(c.base, m))
}

// checkFile classifies an upload by its declared type, refusing unsupported, spoofed
// and oversized files.
func (s *Server) checkFile(fh *multipart.FileHeader) (*Media, string) {
	declared, _, _ := mime.ParseMediaType(fh.Header.Get("Content-Type"))
	sniffed := sniff(fh)
	if declared == "" || declared == octetStream {
		declared = sniffed
	}
	kind := mediaKind(declared)
	if kind == mediaTypeUnknown {
		return nil, msgFileType
	}
	if sniffed != octetStream && mediaKind(sniffed) != kind && !(kind == mediaTypeGIFV && sniffed == "image/gif") {
		return nil, msgFileSpoofed
	}
	limit, label := s.opts.ImageSizeLimit, "16 MB"
	if kind != mediaTypeImage {
		limit, label = s.opts.VideoSizeLimit, "99 MB"
	}
	if fh.Size > limit {
		return nil, strings.Replace(msgFileTooBig, "%s", label, 1)
	}
	return &Media{Type: kind, Mime: declared, Size: fh.Size}, ""
}

func sniff(fh *multipart.FileHeader) string {
	f, err := fh.Open()
	if err != nil {
		return octetStream
	}
	defer f.Close()
	buf := make([]byte, sniffBytes)
	n, _ := io.ReadFull(f, buf)
	ct, _, _ := mime.ParseMediaType(http.DetectContentType(buf[:n]))
	if strings.HasPrefix(ct, "text/") {
		return "text/plain"
	}
	return ct
}

func mediaKind(mimeType string) string {
	switch {
	case mimeType == "image/gif":
		return mediaTypeGIFV
	case mimeType == "image/jpeg", mimeType == "image/png", mimeType == "image/webp",
		mimeType == "image/heic", mimeType == "image/heif", mimeType == "image/avif":
		return mediaTypeImage
	case mimeType == "video/mp4", mimeType == "video/quicktime", mimeType == "video/webm":
		return mediaTypeVideo
	case strings.HasPrefix(mimeType, "audio/"):
		return mediaTypeAudio
	}
	return mediaTypeUnknown
}

// getMedia is GET /api/v1/media/:id: 206 while processing, then 200; 404 if not yours.
func (s *Server) getMedia(c *call) reply {
	if rep := s.auth(c, "write", "write:media"); rep != nil {
		return *rep
	}
	m := s.st.Media[c.r.PathValue("id")]
	if m == nil || m.AccountID != c.acct.ID {
		return errReply(http.StatusNotFound, msgRecordNotFound)
	}
	if m.PollsLeft > 0 {
		m.PollsLeft--
		return jsonReply(http.StatusPartialContent, mediaJSON(c.base, m))
	}
	return jsonReply(http.StatusOK, mediaJSON(c.base, m))
}
