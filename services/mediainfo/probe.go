// Package mediainfo reads the facts a network cares about (type, size, picture size,
// duration) from a media file itself, with no external binary, and checks them against
// each network's published limits before a post is scheduled.
//
// Probe reads only headers: image.DecodeConfig for JPEG, PNG, GIF and WebP, and the
// moov box of MP4 and QuickTime files (through github.com/abema/go-mp4); the pixels and
// the media data are never decoded. Check and Advise compare the result with the limits
// table in limits.go.
package mediainfo

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"webox-social/services/model"
)

// Info is what Probe learned about one file.
type Info struct {
	// Mime is the type read from the content (the extension only when the content says
	// nothing), e.g. "image/jpeg", "video/mp4", "video/quicktime".
	Mime string
	// Size is the file size in bytes.
	Size int64
	// Width and Height are the picture size as displayed: the JPEG EXIF orientation and
	// the MP4 track matrix are applied, so a portrait phone photo or video is taller than
	// wide. Zero when the type is not one Probe reads.
	Width, Height int
	// DurationMS is a video's or an animated GIF's running time in milliseconds.
	DurationMS int64
	// Frames is the number of frames of a GIF.
	Frames int
	// Animated is true for a GIF with more than one frame and for an animated WebP.
	Animated bool
	// VideoCodec and AudioCodec are the MP4 sample-entry codes of the first video and
	// audio tracks, e.g. "avc1", "hvc1", "mp4a". Empty when unknown or absent.
	VideoCodec, AudioCodec string
}

// Kind sorts attachments the way the networks' rules do.
type Kind int

// Kinds of attachment.
const (
	KindOther Kind = iota // a type no network here accepts, or one Probe does not read
	KindPhoto             // a still image, including a one-frame GIF
	KindGIF               // an animated GIF
	KindVideo
)

// Kind tells whether the file is a photo, an animated GIF, a video or something else.
func (i Info) Kind() Kind {
	switch {
	case i.Mime == "image/gif" && i.Animated:
		return KindGIF
	case strings.HasPrefix(i.Mime, "image/"):
		return KindPhoto
	case strings.HasPrefix(i.Mime, "video/"):
		return KindVideo
	}
	return KindOther
}

// sniffLen is how much of the file type detection looks at (http.DetectContentType's own limit).
const sniffLen = 512

// Probe reads the facts of the file at path. A file of a type it reads (JPEG, PNG, GIF,
// WebP, MP4, MOV) whose header cannot be parsed gives an error wrapping model.ErrInvalid
// that reads as a sentence naming the file ("photo.jpg is not a readable JPEG image: …").
// Any other type is not an error: Info then holds only Mime and Size, and Check reports
// the type if the network does not accept it.
func Probe(path string) (Info, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return Info{}, fmt.Errorf("mediainfo: open %s: %w", name, err)
	}
	defer func() { _ = f.Close() }()
	st, err := f.Stat()
	if err != nil {
		return Info{}, fmt.Errorf("mediainfo: stat %s: %w", name, err)
	}
	if !st.Mode().IsRegular() {
		return Info{}, fmt.Errorf("%s is not a regular file: %w", name, model.ErrInvalid)
	}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Info{}, fmt.Errorf("mediainfo: read %s: %w", name, err)
	}
	info := Info{Mime: detect(head[:n], name), Size: st.Size()}
	if err := probeContent(f, &info); err != nil {
		return info, &unreadableError{name: name, mime: info.Mime, err: err}
	}
	return info, nil
}

// probers read the header of each type Probe understands.
var probers = map[string]func(io.ReadSeeker, *Info) error{
	"image/jpeg":      probeJPEG,
	"image/png":       probePNG,
	"image/gif":       probeGIF,
	"image/webp":      probeWebP,
	"video/mp4":       probeMP4,
	"video/quicktime": probeMP4,
}

// errParserPanic marks a parser that panicked on a hostile file; the fuzz test fails on it.
var errParserPanic = errors.New("its header could not be parsed")

// probeContent reads the header of the types Probe understands and ignores the others.
func probeContent(r io.ReadSeeker, info *Info) (err error) {
	probe, ok := probers[info.Mime]
	if !ok {
		return nil
	}
	if info.Size == 0 {
		return errors.New("the file is empty")
	}
	defer func() {
		if p := recover(); p != nil {
			slog.Warn("mediainfo: parser panicked", "mime", info.Mime, "size", info.Size, "panic", p)
			err = errParserPanic
		}
	}()
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return probe(r, info)
}

// extTypes are the types trusted from the extension when the content says nothing
// (an empty or damaged file, or an old QuickTime file without an ftyp box).
var extTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
	".webp": "image/webp", ".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime",
}

// detect names the type of a file from its first bytes, then from its extension.
func detect(head []byte, name string) string {
	if m := sniffISO(head, name); m != "" {
		return m
	}
	m, _, _ := strings.Cut(http.DetectContentType(head), ";")
	if m == "application/octet-stream" || m == "text/plain" {
		if byExt := extTypes[strings.ToLower(filepath.Ext(name))]; byExt != "" {
			return byExt
		}
	}
	return m
}

// sniffISO recognises ISO base media files (MP4, QuickTime, HEIF, AVIF) by their first
// box. http.DetectContentType knows only MP4 with an "mp4*" brand.
func sniffISO(head []byte, name string) string {
	if len(head) < 12 {
		return ""
	}
	switch string(head[4:8]) {
	case "ftyp":
		return ftypType(string(head[8:12]))
	case "moov", "mdat", "wide", "free", "skip", "pnot":
		// QuickTime files from before ftyp existed: trust a video extension only.
		if m := extTypes[strings.ToLower(filepath.Ext(name))]; strings.HasPrefix(m, "video/") {
			return m
		}
	}
	return ""
}

// ftypType maps an ftyp major brand to a MIME type.
func ftypType(brand string) string {
	switch brand {
	case "qt  ":
		return "video/quicktime"
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
		return "image/heic"
	case "avif", "avis":
		return "image/avif"
	case "M4A ", "M4B ", "M4P ":
		return "audio/mp4"
	}
	if strings.HasPrefix(brand, "3g") {
		return "video/3gpp"
	}
	return "video/mp4"
}

// unreadableError is a file of a known type whose header could not be parsed.
type unreadableError struct {
	name string
	mime string
	err  error
}

// Error reads as a sentence naming the file, e.g. "photo.jpg is not a readable JPEG image: EOF".
func (e *unreadableError) Error() string {
	return fmt.Sprintf("%s is not a readable %s: %v", e.name, describeType(e.mime), e.err)
}

// Unwrap makes errors.Is match model.ErrInvalid and the parser's own error.
func (e *unreadableError) Unwrap() []error { return []error{model.ErrInvalid, e.err} }
