package text

import (
	"cmp"
	"slices"
	"strings"

	"github.com/rivo/uniseg"
)

// mastodonLength is the length Mastodon's StatusLengthValidator checks (platforms.md §7):
// grapheme clusters of the content warning followed by the text, where every link is
// replaced by urlWeight "x"s and a remote mention "@user@example.social" by "@user".
func mastodonLength(s string, o Options) int {
	return uniseg.GraphemeClusterCount(o.SpoilerText + mastodonCountable(s, o.urlWeight()))
}

// entity is a span of text Mastodon rewrites before counting.
type entity struct {
	start, end int
	counted    string
}

// mastodonCountable is Mastodon's countable_text: blank text counts as nothing, and
// links and mentions are rewritten, dropping any entity that overlaps an earlier one.
func mastodonCountable(s string, urlWeight int) string {
	if IsBlank(s) {
		return ""
	}
	var b strings.Builder
	pos := 0
	for _, e := range mastodonEntities(s, urlWeight) {
		b.WriteString(s[pos:e.start])
		b.WriteString(e.counted)
		pos = e.end
	}
	b.WriteString(s[pos:])
	return b.String()
}

func mastodonEntities(s string, urlWeight int) []entity {
	var all []entity
	for _, l := range findLinks(s, mastodonLinks) {
		all = append(all, entity{l.start, l.end, strings.Repeat("x", urlWeight)})
	}
	for _, m := range findMentions(s) {
		all = append(all, entity{m.start, m.end, "@" + s[m.start+m.sign:m.user]})
	}
	slices.SortStableFunc(all, func(a, b entity) int { return cmp.Compare(a.start, b.start) })
	kept := all[:0]
	for _, e := range all {
		if len(kept) == 0 || e.start >= kept[len(kept)-1].end {
			kept = append(kept, e)
		}
	}
	return kept
}
