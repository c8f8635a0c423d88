package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hashtags returns the hashtags in s without their "#", in order, repeats included.
// It follows twitter-text's hashtag rules, which Instagram's and Mastodon's resemble:
// "#" or "＃" not preceded by a letter, digit, "_" or "&" (so "&#39;" and "a#b" are not
// tags), then letters, marks, digits and "_"; at least one letter or mark ("#1st" is a
// tag, "#2024" is not); not followed by another "#" or by "://"; "#️⃣" is an emoji.
func Hashtags(s string) []string {
	var out []string
	prev := rune(-1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == '#' || r == '＃') && hashtagMayFollow(prev) {
			if end, ok := hashtagEnd(s, i+size); ok {
				out = append(out, s[i+size:end])
				prev, _ = utf8.DecodeLastRuneInString(s[:end])
				i = end
				continue
			}
		}
		prev, i = r, i+size
	}
	return out
}

func hashtagMayFollow(prev rune) bool {
	return prev < 0 || prev == '\ufe0e' || prev == '\ufe0f' || (!isHashtagRune(prev) && prev != '&')
}

// hashtagEnd returns the end of the tag whose text starts at i.
func hashtagEnd(s string, i int) (int, bool) {
	if r, _ := utf8.DecodeRuneInString(s[i:]); r == '\ufe0f' || r == keycap {
		return 0, false
	}
	end, alpha := i, false
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !isHashtagRune(r) {
			break
		}
		alpha = alpha || unicode.IsLetter(r) || unicode.IsMark(r)
		end += size
	}
	rest := s[end:]
	if !alpha || strings.HasPrefix(rest, "#") || strings.HasPrefix(rest, "＃") || strings.HasPrefix(rest, "://") {
		return 0, false
	}
	return end, true
}

// isHashtagRune is twitter-text's hashtagAlphaNumeric: letters, marks, digits, "_",
// the joiners and a few script-specific punctuation marks used inside words.
func isHashtagRune(r rune) bool {
	if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '_' {
		return true
	}
	return strings.ContainsRune("\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7", r)
}

// Mentions returns the @mentions in s without their "@", in order, repeats included:
// "@user" gives "user", a Mastodon remote "@user@example.social" gives
// "user@example.social" and a Bluesky "@alice.bsky.social" gives "alice.bsky.social".
// As in twitter-text, "@" must not follow an ASCII letter or digit, "_", "/", "=", "!",
// "#", "$", "%", "&" or "*" (so e-mail addresses and URL paths are not mentions), and
// a mention followed by another "@", an accented letter or "://" is none.
func Mentions(s string) []string {
	var out []string
	for _, m := range findMentions(s) {
		out = append(out, s[m.start+m.sign:m.end])
	}
	return out
}

// mention is one @mention: s[start:end], with the "@" taking sign bytes and the
// user name (without any @domain) ending at user.
type mention struct{ start, sign, user, end int }

func findMentions(s string) []mention {
	var out []mention
	prev := rune(-1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == '@' || r == '＠') && mentionMayFollow(prev) {
			if m, ok := mentionAt(s, i, size); ok {
				out = append(out, m)
				prev, _ = utf8.DecodeLastRuneInString(s[:m.end])
				i = m.end
				continue
			}
		}
		prev, i = r, i+size
	}
	return out
}

func mentionMayFollow(prev rune) bool {
	if prev < 0 {
		return true
	}
	return !isUserRune(prev) && !strings.ContainsRune("@＠/=!#$%&*", prev)
}

// mentionAt parses "@user" or "@user@domain" at i, where the sign takes size bytes.
func mentionAt(s string, i, size int) (mention, bool) {
	m := mention{start: i, sign: size}
	m.user = dottedEnd(s, i+size, isUserRune)
	if m.user == i+size {
		return m, false
	}
	m.end = m.user
	if m.user < len(s) && s[m.user] == '@' {
		if d := dottedEnd(s, m.user+1, isWordRune); d > m.user+1 {
			m.end = d
		}
	}
	return m, !mentionBlocked(s[m.end:])
}

// mentionBlocked is twitter-text's endMentionMatch: what may not follow a mention.
func mentionBlocked(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return r == '@' || r == '＠' || isLatinAccent(r) || strings.HasPrefix(rest, "://")
}

// dottedEnd matches word(([.-])+word)* at i, where word is a run of ok runes, and
// returns its end (i when nothing matches). Trailing dots and hyphens are left out.
func dottedEnd(s string, i int, ok func(rune) bool) int {
	end := i
	for j := i; j < len(s); {
		r, size := utf8.DecodeRuneInString(s[j:])
		switch {
		case ok(r):
			j += size
			end = j
		case (r == '.' || r == '-') && end > i:
			j += size
		default:
			return end
		}
	}
	return end
}

func isUserRune(r rune) bool {
	return r < utf8.RuneSelf && (isASCIIAlnum(byte(r)) || r == '_')
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}
