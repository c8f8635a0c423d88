package mediainfo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// typeName is how messages name a MIME type: its short name, what it is, and the article.
type typeName struct{ short, noun, article string }

var typeNames = map[string]typeName{
	"image/jpeg":      {"JPEG", "image", "a"},
	"image/png":       {"PNG", "image", "a"},
	"image/gif":       {"GIF", "image", "a"},
	"image/webp":      {"WebP", "image", "a"},
	"image/heic":      {"HEIC", "image", "a"},
	"image/avif":      {"AVIF", "image", "an"},
	"image/bmp":       {"BMP", "image", "a"},
	"image/tiff":      {"TIFF", "image", "a"},
	"video/mp4":       {"MP4", "video", "an"},
	"video/quicktime": {"MOV", "video", "a"},
	"video/webm":      {"WebM", "video", "a"},
	"video/3gpp":      {"3GP", "video", "a"},
	"video/avi":       {"AVI", "video", "an"},
	"video/mpeg":      {"MPEG", "video", "an"},
	"audio/mp4":       {"M4A", "audio file", "an"},
	"application/pdf": {"PDF", "document", "a"},
}

// describeType names a type without an article: "JPEG image", "MP4 video".
func describeType(mime string) string {
	if t, ok := typeNames[mime]; ok {
		return t.short + " " + t.noun
	}
	return "file of type " + mime
}

// describeTypeA names a type with its article: "a JPEG image", "an MP4 video".
func describeTypeA(mime string) string {
	if t, ok := typeNames[mime]; ok {
		return t.article + " " + t.short + " " + t.noun
	}
	return "a file of type " + mime
}

// shortTypes lists accepted types for a message: "JPEG", "JPEG or PNG", "JPEG, PNG or GIF".
func shortTypes(mimes []string) string {
	names := make([]string, 0, len(mimes))
	for _, m := range mimes {
		if t, ok := typeNames[m]; ok {
			names = append(names, t.short)
		} else {
			names = append(names, m)
		}
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// formatBytes writes a size the way people read it: "812 bytes", "75 KB", "7.3 MB", "1 GB".
func formatBytes(n int64) string {
	switch {
	case n < kB:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < mB:
		return trimFloat(float64(n)/kB, 0) + " KB"
	case n < gB:
		return trimFloat(float64(n)/mB, 1) + " MB"
	}
	return trimFloat(float64(n)/gB, 1) + " GB"
}

// formatBytesPair writes a limit and a size, in exact bytes when rounding would make
// them look equal ("up to 5 MB; x is 5 MB" helps nobody).
func formatBytesPair(limit, size int64) (string, string) {
	l, s := formatBytes(limit), formatBytes(size)
	if l == s {
		return groupDigits(limit) + " bytes", groupDigits(size) + " bytes"
	}
	return l, s
}

// groupDigits writes 5000001 as "5,000,001".
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// trimFloat writes f with at most prec decimals and no trailing zeros.
func trimFloat(f float64, prec int) string {
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// formatLimit writes a duration limit: "140 seconds", "0.5 seconds", "15 minutes", "12 hours".
func formatLimit(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int64(d/time.Hour), "hour")
	case d >= 2*time.Minute && d%time.Minute == 0:
		return plural(int64(d/time.Minute), "minute")
	}
	return trimFloat(d.Seconds(), 3) + " seconds"
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// formatLasting writes a running time: "0.3 s", "45 s", "3 min 12 s", "1 h 5 min".
// Near the limit it keeps a decimal so the two never read the same.
func formatLasting(ms int64, limit time.Duration) string {
	d := time.Duration(ms) * time.Millisecond
	diff := d - limit
	switch {
	case diff > -time.Second && diff < time.Second && d >= time.Minute:
		return trimFloat(d.Seconds(), 1) + " s"
	case d < 10*time.Second:
		return trimFloat(d.Seconds(), 1) + " s"
	case d < time.Minute:
		return strconv.FormatInt(int64(d/time.Second), 10) + " s"
	case d < time.Hour:
		return joinUnits(int64(d/time.Minute), "min", int64(d%time.Minute/time.Second), "s")
	}
	return joinUnits(int64(d/time.Hour), "h", int64(d%time.Hour/time.Minute), "min")
}

// joinUnits writes "3 min 12 s", or "3 min" when the second part is zero.
func joinUnits(a int64, ua string, b int64, ub string) string {
	if b == 0 {
		return fmt.Sprintf("%d %s", a, ua)
	}
	return fmt.Sprintf("%d %s %d %s", a, ua, b, ub)
}

// formatRatio writes a picture's ratio: "16:9", "4:5", "1:3" when small whole numbers
// say it exactly, else "1.78:1" or "1:2.17".
func formatRatio(w, h int) string {
	if ratioExact(w, h) {
		g := gcd(w, h)
		return fmt.Sprintf("%d:%d", w/g, h/g)
	}
	if w >= h {
		return trimFloat(float64(w)/float64(h), 2) + ":1"
	}
	return "1:" + trimFloat(float64(h)/float64(w), 2)
}

// ratioExact reports whether w:h reduces to small whole numbers (16:9, 4:5, 1:3).
func ratioExact(w, h int) bool {
	g := gcd(w, h)
	return w/g <= 32 && h/g <= 32
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return max(a, 1)
}

// formatMegapixels writes a pixel count: "36.2 megapixels".
func formatMegapixels(px int64) string {
	return trimFloat(math.Round(float64(px)/1e5)/10, 1) + " megapixels"
}
