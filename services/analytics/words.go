package analytics

import (
	"strings"
	"unicode"

	"github.com/rivo/uniseg"

	"webox-social/services/model"
	"webox-social/services/text"
)

// word is one word of a post's prose, in order.
type word struct {
	text  string // as written, apostrophes as "'"
	lower string
	// sentenceStart: first word of the text, of a line or after ".", "!", "?" or "…".
	sentenceStart bool
	// joined: only spaces or a hyphen separate it from the previous word, so the two
	// may form a multiword hashtag.
	joined bool
}

// splitWords returns the words of s's prose: hashtags, @mentions and links are left out
// (and break a run of adjacent words), French elisions are split off ("l'hôtel" gives
// "l" and "hôtel"), hyphenated words are split ("inscrivez-vous"), digits count as words.
func splitWords(s string) []word {
	var sc scanner
	for _, line := range strings.Split(s, "\n") {
		sc.sentenceEnd, sc.broken = true, true
		for _, field := range strings.Fields(line) {
			sc.field(field)
		}
	}
	return sc.words
}

// scanner collects words one whitespace-separated field at a time.
type scanner struct {
	words       []word
	sentenceEnd bool // the next word starts a sentence
	broken      bool // the next word does not join the previous one
}

func (sc *scanner) field(f string) {
	if isEntity(f) {
		sc.broken = true
		sc.sentenceEnd = sc.sentenceEnd || endsSentence(f)
		return
	}
	var cur strings.Builder
	for _, r := range f {
		switch {
		case isWordRune(r):
			cur.WriteRune(r)
		case isApostrophe(r) && cur.Len() > 0:
			cur.WriteRune('\'')
		default:
			sc.flush(cur.String())
			cur.Reset()
			sc.punctuation(r)
		}
	}
	sc.flush(cur.String())
}

// punctuation records what a non-word character inside a field means for the next word.
func (sc *scanner) punctuation(r rune) {
	switch {
	case strings.ContainsRune(".!?…", r):
		sc.sentenceEnd, sc.broken = true, true
	case r != '-' && r != '‐':
		sc.broken = true
	}
}

// flush adds w (which may carry an elided article and trailing apostrophes).
func (sc *scanner) flush(w string) {
	w = strings.TrimRight(w, "'")
	if w == "" {
		return
	}
	if i := strings.IndexByte(w, '\''); i > 0 && elisions[strings.ToLower(w[:i])] {
		sc.add(w[:i])
		w = w[i+1:]
	}
	sc.add(w)
}

func (sc *scanner) add(w string) {
	if w == "" {
		return
	}
	sc.words = append(sc.words, word{text: w, lower: strings.ToLower(w), sentenceStart: sc.sentenceEnd,
		joined: !sc.broken && len(sc.words) > 0})
	sc.sentenceEnd, sc.broken = false, false
}

// isEntity reports whether field holds a hashtag, an @mention or a link, as the
// networks (through package text) see them.
func isEntity(field string) bool {
	return len(text.Hashtags(field)) > 0 || len(text.Mentions(field)) > 0 || countLinks(model.X, field) > 0
}

func endsSentence(field string) bool {
	return strings.ContainsAny(field[len(field)-1:], ".!?") || strings.HasSuffix(field, "…")
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// elisions are the French words that lose their vowel before another word: l', d', qu'…
var elisions = setOf("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")

// countLinks is how many links network p (X or Mastodon) finds in s. Package text keeps
// its link finder to itself but counts each link as Options.URLWeight, so the difference
// between two weights is the number of links, found exactly as the network finds them.
func countLinks(p model.Platform, s string) int {
	one := text.Measure(p, s, text.Options{URLWeight: 1}).Used
	two := text.Measure(p, s, text.Options{URLWeight: 2}).Used
	return two - one
}

// countEmojis counts the emoji in s, one per grapheme cluster: a cluster with an emoji
// modifier (U+FE0F, a keycap, a skin tone, a ZWJ between pictographs), a flag, or one
// that starts with a pictographic symbol (Unicode category So in U+1F000–U+1FAFF,
// U+2600–U+27BF or U+2B00–U+2BFF). An approximation of Unicode's emoji property that
// leaves out symbols such as "©" and box drawing unless written with U+FE0F.
func countEmojis(s string) int {
	n, state := 0, -1
	var c string
	for s != "" {
		c, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		if isEmoji(c) {
			n++
		}
	}
	return n
}

func isEmoji(cluster string) bool {
	if strings.ContainsAny(cluster, "\ufe0f\u20e3") || strings.ContainsFunc(cluster, isSkinTone) {
		return true
	}
	r := []rune(cluster)[0]
	if !unicode.Is(unicode.So, r) {
		return false
	}
	return r >= 0x1f000 && r <= 0x1faff || r >= 0x2600 && r <= 0x27bf || r >= 0x2b00 && r <= 0x2bff
}

func isSkinTone(r rune) bool { return r >= 0x1f3fb && r <= 0x1f3ff }

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
