package mastodonfake

import (
	"html"
	"regexp"
	"strings"

	"github.com/rivo/uniseg"
)

// charsPerURL is statuses.characters_reserved_per_url.
const charsPerURL = 23

var (
	urlRe       = regexp.MustCompile(`https?://[^\s<>"]*[^\s<>"'.,;:!?)\]]`)
	remoteMenRe = regexp.MustCompile(`@([A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	hashtagRe   = regexp.MustCompile(`(^|\s)#([\p{L}\p{N}_]+)`)
	paraRe      = regexp.MustCompile(`\n{2,}`)
)

// countChars counts like Mastodon's StatusLengthValidator: grapheme clusters of the
// spoiler text and the text, every URL counting as 23 and a remote mention as @user only.
func countChars(text, spoiler string) int {
	t := urlRe.ReplaceAllString(text, strings.Repeat("x", charsPerURL))
	t = remoteMenRe.ReplaceAllString(t, "@$1")
	return uniseg.GraphemeClusterCount(t) + uniseg.GraphemeClusterCount(spoiler)
}

// renderHTML formats plain text the way Mastodon renders status content: paragraphs,
// <br />, escaped text, linkified URLs (with invisible/ellipsis spans) and hashtags.
func renderHTML(base, text string) string {
	var b strings.Builder
	for _, para := range paraRe.Split(strings.TrimSpace(text), -1) {
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(linkify(base, para), "\n", "<br />"))
		b.WriteString("</p>")
	}
	return b.String()
}

func linkify(base, s string) string {
	var b strings.Builder
	last := 0
	for _, m := range urlRe.FindAllStringIndex(s, -1) {
		b.WriteString(hashtags(base, html.EscapeString(s[last:m[0]])))
		b.WriteString(linkHTML(s[m[0]:m[1]]))
		last = m[1]
	}
	b.WriteString(hashtags(base, html.EscapeString(s[last:])))
	return b.String()
}

func linkHTML(u string) string {
	prefix := "https://"
	if strings.HasPrefix(u, "http://") {
		prefix = "http://"
	}
	rest := []rune(strings.TrimPrefix(u, prefix))
	shown, hidden, class := string(rest), "", ""
	if len(rest) > 30 {
		shown, hidden, class = string(rest[:30]), string(rest[30:]), "ellipsis"
	}
	return `<a href="` + html.EscapeString(u) + `" target="_blank" rel="nofollow noopener" translate="no">` +
		`<span class="invisible">` + prefix + `</span><span class="` + class + `">` + html.EscapeString(shown) +
		`</span><span class="invisible">` + html.EscapeString(hidden) + `</span></a>`
}

func hashtags(base, escaped string) string {
	return hashtagRe.ReplaceAllString(escaped, `$1<a href="`+base+`/tags/$2" class="mention hashtag" rel="tag">#<span>$2</span></a>`)
}
