package bluesky

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// spanKind is what a facet marks.
type spanKind int

const (
	spanLink spanKind = iota
	spanMention
	spanTag
)

// span is one link, @mention or #hashtag in a post's text: text[start:end] in UTF-8
// bytes (start inclusive, end exclusive), value the URL, the handle (no "@") or the tag
// (no "#").
type span struct {
	kind       spanKind
	start, end int
	value      string
}

// findSpans finds links (http:// and https://), @handle mentions and #hashtags the way
// the Bluesky app's rich-text detection does, sorted by start and never overlapping.
func findSpans(text string) []span {
	var out []span
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !mayStart(text, i) {
			i += size
			continue
		}
		sp, ok := spanAt(text, i, r)
		if !ok {
			i += size
			continue
		}
		out = append(out, sp)
		i = sp.end
	}
	return out
}

// mayStart reports whether a facet may begin at i: at the start, after white space or "(".
func mayStart(text string, i int) bool {
	if i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(prev) || prev == '('
}

func spanAt(text string, i int, r rune) (span, bool) {
	switch {
	case r == 'h' || r == 'H':
		return linkAt(text, i)
	case r == '@':
		return mentionAt(text, i)
	case r == '#' || r == '＃':
		return tagAt(text, i, utf8.RuneLen(r))
	}
	return span{}, false
}

// linkAt reads an http(s) URL up to white space, without trailing punctuation (and
// without a closing parenthesis it does not open).
func linkAt(text string, i int) (span, bool) {
	rest := text[i:]
	lower := strings.ToLower(rest[:min(len(rest), 8)])
	scheme := len("https://")
	if !strings.HasPrefix(lower, "https://") {
		if !strings.HasPrefix(lower, "http://") {
			return span{}, false
		}
		scheme = len("http://")
	}
	end := i + wordEnd(rest)
	u := trimURL(text[i:end])
	if len(u) <= scheme || !utf8.ValidString(u) {
		return span{}, false
	}
	return span{kind: spanLink, start: i, end: i + len(u), value: u}, true
}

// trimURL drops trailing punctuation and closing parentheses that the URL does not open.
func trimURL(u string) string {
	for {
		u = strings.TrimRight(u, ".,;:!?\"'")
		if !strings.HasSuffix(u, ")") || strings.Count(u, ")") <= strings.Count(u, "(") {
			return u
		}
		u = u[:len(u)-1]
	}
}

// wordEnd is the length of the run of non-space runes at the start of s.
func wordEnd(s string) int {
	for j, r := range s {
		if unicode.IsSpace(r) || r == utf8.RuneError {
			return j
		}
	}
	return len(s)
}

// mentionAt reads "@handle" where handle is a domain name (letters, digits, "-", dots;
// a top-level label starting with a letter).
func mentionAt(text string, i int) (span, bool) {
	j := i + 1
	for j < len(text) && isHandleByte(text[j]) {
		j++
	}
	handle := strings.TrimRight(text[i+1:j], ".-")
	if !validHandle(handle) {
		return span{}, false
	}
	return span{kind: spanMention, start: i, end: i + 1 + len(handle), value: strings.ToLower(handle)}, true
}

func isHandleByte(b byte) bool {
	return b == '.' || b == '-' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

func validHandle(h string) bool {
	labels := strings.Split(h, ".")
	if len(labels) < 2 || len(h) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
	}
	tld := labels[len(labels)-1][0]
	return (tld >= 'a' && tld <= 'z') || (tld >= 'A' && tld <= 'Z')
}

// tagAt reads "#tag": non-space runes without trailing punctuation, not only digits
// and punctuation, at most 64 graphemes; "#️⃣" (the keycap emoji) is no tag.
func tagAt(text string, i, sign int) (span, bool) {
	rest := text[i+sign:]
	if strings.HasPrefix(rest, "\ufe0f") || strings.HasPrefix(rest, "\u20e3") || strings.HasPrefix(rest, "#") || strings.HasPrefix(rest, "＃") {
		return span{}, false
	}
	n := 0
	for _, r := range rest {
		if unicode.IsSpace(r) || r == utf8.RuneError || strings.ContainsRune("\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2", r) {
			break
		}
		n += utf8.RuneLen(r)
	}
	tag := strings.TrimRightFunc(rest[:n], unicode.IsPunct)
	if !strings.ContainsFunc(tag, func(r rune) bool { return !unicode.IsDigit(r) && !unicode.IsPunct(r) }) {
		return span{}, false
	}
	if uniseg.GraphemeClusterCount(tag) > 64 || len(tag) > 640 {
		return span{}, false
	}
	return span{kind: spanTag, start: i, end: i + sign + len(tag), value: tag}, true
}
