package analytics

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"

	"webox-social/services/model"
	"webox-social/services/text"
)

// minKeywordRunes is the shortest word worth a hashtag.
const minKeywordRunes = 3

// LocalHashtags suggests up to count hashtags for content on p without any model call:
// the post's own hashtags first, in order, then its keywords (words that are not English
// or French function words, call-to-action verbs, numbers or shorter than three
// letters) and CamelCase pairs of adjacent keywords ("summer sale" gives #SummerSale),
// ranked by how often they occur, then by where they first occur. A keyword keeps a
// capital when it is written with one mid-sentence and never without ("Paris").
// The list goes through text.NormalizeHashtags, so it is capped at text.HashtagCap(p);
// count <= 0 asks for that cap.
func LocalHashtags(content string, p model.Platform, count int) []string {
	limit := text.HashtagCap(p)
	if count > 0 {
		limit = min(count, limit)
	}
	tags := text.NormalizeHashtags(append(text.Hashtags(content), keywordTags(splitWords(content))...), p)
	return tags[:min(len(tags), limit)]
}

// candidate is a keyword or a pair of adjacent keywords.
type candidate struct {
	tag       string // the spelling to suggest
	freq, pos int    // occurrences, and index of the first word of the first one
	pair      bool
	lowerSeen bool // a single keyword was once written in lower case
}

// keywordTags returns the keyword candidates of words, best first.
func keywordTags(words []word) []string {
	byKey := map[string]*candidate{}
	var all []*candidate
	see := func(key string, pos int, pair bool) *candidate {
		c, ok := byKey[key]
		if !ok {
			c = &candidate{tag: key, pos: pos, pair: pair}
			byKey[key] = c
			all = append(all, c)
		}
		c.freq++
		return c
	}
	for i, w := range words {
		if !isKeyword(w) {
			continue
		}
		see(w.lower, i, false).spell(w)
		if prev := words[max(i-1, 0)]; i > 0 && w.joined && isKeyword(prev) {
			see(prev.lower+" "+w.lower, i-1, true).tag = camel(prev.text) + camel(w.text)
		}
	}
	slices.SortStableFunc(all, func(a, b *candidate) int {
		return cmp.Or(cmp.Compare(b.freq, a.freq), cmp.Compare(a.pos, b.pos), boolOrder(a.pair, b.pair))
	})
	out := make([]string, len(all))
	for i, c := range all {
		out[i] = c.tag
	}
	return out
}

// spell keeps a capitalised spelling met mid-sentence unless the word also appears in
// lower case, so "Paris" stays and a sentence's first word does not get a capital.
func (c *candidate) spell(w word) {
	switch {
	case w.text == w.lower:
		c.lowerSeen, c.tag = true, w.lower
	case !c.lowerSeen && !w.sentenceStart && c.tag == w.lower:
		c.tag = w.text
	}
}

func isKeyword(w word) bool {
	if utf8.RuneCountInString(w.lower) < minKeywordRunes || isStopWord(w.lower) || ctaVerbs[w.lower] {
		return false
	}
	for _, r := range w.lower {
		if !unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// camel writes w with a capital first letter, the rest as written.
func camel(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[size:]
}
