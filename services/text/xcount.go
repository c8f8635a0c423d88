package text

import (
	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// X's weights, from twitter-text's config/v3.json (the config X's counting-characters
// page points to, platforms.md §1 [X4]): scale 100, defaultWeight 200, and weight 100
// for U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037. Divided by the
// scale: 1 for those ranges (Latin, Greek, Cyrillic, Hebrew, Arabic, Devanagari, … and
// common punctuation), 2 for everything else (CJK, emoji, most symbols).
func xRuneWeight(r rune) int {
	switch {
	case r <= 0x10ff,
		r >= 0x2000 && r <= 0x200d,
		r >= 0x2010 && r <= 0x201f,
		r >= 0x2032 && r <= 0x2037:
		return 1
	}
	return 2
}

// xForbidden are the characters twitter-text's hasInvalidCharacters refuses.
var xForbidden = []rune{'\ufffe', '\ufeff', '\uffff', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e'}

// xWeighted is X's weighted length of s, as twitter-text v3's parseTweet computes it:
// the text is NFC-normalised, each link counts o.urlWeight() (23: t.co), each emoji
// sequence 2, and every other code point its xRuneWeight.
func xWeighted(s string, o Options) int {
	s = norm.NFC.String(s)
	n, pos := 0, 0
	for _, l := range findLinks(s, xLinks) {
		n += xWeightPlain(s[pos:l.start]) + o.urlWeight()
		pos = l.end
	}
	return n + xWeightPlain(s[pos:])
}

// xWeightPlain weighs text that has no link in it, one grapheme cluster at a time.
func xWeightPlain(s string) int {
	n, state := 0, -1
	var c string
	for s != "" {
		c, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		n += xClusterWeight(c)
	}
	return n
}

func xClusterWeight(c string) int {
	if isEmojiCluster(c) {
		return 2
	}
	n := 0
	for _, r := range c {
		n += xRuneWeight(r)
	}
	return n
}
