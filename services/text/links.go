package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Link detection, close enough to twitter-text's extractUrlsWithIndices (which X uses)
// and Mastodon's patched copy of it (which its StatusLengthValidator uses) for counting:
//
//   - a link is a scheme URL (http and https; Mastodon also dat, dweb, ipfs, ipns, ssb,
//     gopher and gemini) or, for X only, a bare domain such as example.com or
//     www.example.com/path;
//   - the host needs a real top-level domain (the ICANN section of the Public Suffix
//     List, via golang.org/x/net/publicsuffix), so localhost, IP addresses and
//     archive.tar.bz2 are not links;
//   - a bare "name.cc" with a two-letter country TLD and no path is not a link
//     (main.py, README.md), except .co and .tv (t.co), as in twitter-text;
//   - a link may not follow an ASCII letter or digit, @, $ or #, and a bare domain may
//     not follow - _ . / or an accented Latin letter;
//   - labels are at most 63 characters once punycoded, the whole link at most 4,096;
//   - a path ends on a letter, digit, = _ # / + - or a balanced (…) group, so trailing
//     punctuation stays outside ("see https://example.com/a." ends before the dot);
//     a query ends on a letter, digit, _ & = # / or -.
//
// Not covered: twitter-text's t.co slug rule, its exact gTLD list (the PSL is newer), a
// bare domain starting inside a run of accented letters, and Mastodon's exact Unicode
// ranges (approximated as "any non-space character"). Tests: links_test.go, with
// twitter-text's conformance cases.

// link is a URL found in a text: s[start:end].
type link struct{ start, end int }

// linkStyle says which links a network recognises.
type linkStyle struct {
	schemes []string // lower case, without "://"
	bare    bool     // also scheme-less domains (X)
	wide    bool     // Mastodon's wider path and query characters
}

var (
	xLinks        = linkStyle{schemes: []string{"https", "http"}, bare: true}
	mastodonLinks = linkStyle{schemes: []string{"https", "http", "dat", "dweb", "ipfs", "ipns",
		"ssb", "gopher", "gemini"}, wide: true}
)

const (
	maxURLLength   = 4096 // twitter-text MAX_URL_LENGTH
	maxLabelLength = 63   // DNS
)

// findLinks returns the links in s in order, without overlaps.
func findLinks(s string, st linkStyle) []link {
	var out []link
	for i := 0; i < len(s); {
		if end, ok := linkAt(s, i, st); ok {
			out = append(out, link{i, end})
			i = end
			continue
		}
		i = nextCandidate(s, i)
	}
	return out
}

// nextCandidate skips the rune at i and every position that follows an ASCII letter or
// digit, since no link starts there.
func nextCandidate(s string, i int) int {
	_, size := utf8.DecodeRuneInString(s[i:])
	for i += size; i < len(s) && isASCIIAlnum(s[i-1]); i++ {
	}
	return i
}

// linkAt returns the end of the link starting at i, if one does.
func linkAt(s string, i int, st linkStyle) (int, bool) {
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	if i > 0 && !validBeforeLink(prev) {
		return 0, false
	}
	if hostStart, ok := afterScheme(s[i:], st.schemes); ok {
		return linkRest(s, i, i+hostStart, st, false)
	}
	if st.bare && (i == 0 || !strings.ContainsRune("-_./", prev) && !isLatinAccent(prev)) {
		return linkRest(s, i, i, st, true)
	}
	return 0, false
}

// validBeforeLink is twitter-text's validUrlPrecedingChars.
func validBeforeLink(r rune) bool {
	if r < utf8.RuneSelf && isASCIIAlnum(byte(r)) {
		return false
	}
	return !strings.ContainsRune("@＠$#＃", r) && !isInvalidChar(r)
}

// afterScheme returns the offset after "scheme://" if s starts with one of schemes.
func afterScheme(s string, schemes []string) (int, bool) {
	for _, sc := range schemes {
		n := len(sc) + len("://")
		if len(s) >= n && strings.EqualFold(s[:len(sc)], sc) && s[len(sc):n] == "://" {
			return n, true
		}
	}
	return 0, false
}

// linkRest parses host, port, path and query from hostStart and returns the link's end.
func linkRest(s string, start, hostStart int, st linkStyle, bare bool) (int, bool) {
	end, ok := hostEnd(s, hostStart, bare)
	if !ok {
		return 0, false
	}
	host := s[hostStart:end]
	end = portEnd(s, end)
	hasPath := end < len(s) && s[end] == '/'
	if hasPath {
		end = pathEnd(s, end, st.wide)
	}
	if end < len(s) && s[end] == '?' {
		end = queryEnd(s, end, st.wide)
	}
	if bare && !hasPath && isShortCCDomain(host) {
		return 0, false
	}
	return end, end-start <= maxURLLength
}

// hostEnd returns the end of the longest valid domain name starting at i.
func hostEnd(s string, i int, bare bool) (int, bool) {
	labels := labelsAt(s, i, bare)
	subdomains := 0 // leading labels valid as subdomains
	for subdomains < len(labels) && validLabel(labels[subdomains], true) {
		subdomains++
	}
	for n := min(len(labels), subdomains+2); n >= 2; n-- {
		tld, ok := topLevel(labels[n-1])
		if !ok || !validLabel(labels[n-2], false) {
			continue
		}
		end := i + len(strings.Join(labels[:n-1], ".")) + 1 + len(tld)
		return end, end >= len(s) || s[end] != '@'
	}
	return 0, false
}

// labelsAt splits the dot-separated run of label characters at i.
func labelsAt(s string, i int, bare bool) []string {
	var labels []string
	for j := i; j-i <= maxURLLength; {
		k := labelEnd(s, j, bare)
		if k == j {
			break
		}
		labels = append(labels, s[j:k])
		if k+1 >= len(s) || s[k] != '.' {
			break
		}
		j = k + 1
	}
	return labels
}

// labelEnd returns the end of the run of label characters at i, stopping early (with a
// label too long to be valid) after maxLabelLength+1 runes.
func labelEnd(s string, i int, bare bool) int {
	n := 0
	for i < len(s) && n <= maxLabelLength {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isLabelRune(r, bare) {
			break
		}
		i += size
		n++
	}
	return i
}

func isLabelRune(r rune, bare bool) bool {
	if r == '-' || r == '_' {
		return true
	}
	if bare {
		return r < utf8.RuneSelf && isASCIIAlnum(byte(r)) || isLatinAccent(r)
	}
	return isDomainRune(r)
}

// isDomainRune is twitter-text's validDomainChars: anything but ASCII punctuation,
// spaces, controls and its invalid characters.
func isDomainRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r))
	}
	return r != utf8.RuneError && !unicode.IsSpace(r) && !unicode.IsControl(r) && !isInvalidChar(r)
}

// topLevel returns the top-level domain in label: all of it, or its leading ASCII letters
// and digits when other characters follow ("example.com日本" and "example.com-typo" have
// the TLD "com", as twitter-text's TLD look-ahead allows).
func topLevel(label string) (string, bool) {
	tld := label
	if p := asciiPrefix(label); p > 0 {
		tld = label[:p]
	}
	return tld, validLabel(tld, false) && isTLD(tld)
}

func asciiPrefix(s string) int {
	i := 0
	for i < len(s) && isASCIIAlnum(s[i]) {
		i++
	}
	return i
}

// validLabel: no leading or trailing hyphen, underscores only in subdomains, and at
// most 63 characters once punycoded.
func validLabel(l string, subdomain bool) bool {
	if l == "" || strings.ContainsRune("-_", rune(l[0])) || strings.ContainsRune("-_", rune(l[len(l)-1])) {
		return false
	}
	if !subdomain && strings.Contains(l, "_") {
		return false
	}
	if asciiOnly(l) || utf8.RuneCountInString(l) > maxLabelLength {
		return len(l) <= maxLabelLength
	}
	a, err := idna.Punycode.ToASCII(l)
	return err == nil && len(a) <= maxLabelLength
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isTLD reports whether l is an ICANN top-level domain (Public Suffix List).
func isTLD(l string) bool {
	a, err := idna.Lookup.ToASCII(l)
	if err != nil || a == "" || strings.Contains(a, ".") {
		return false
	}
	suffix, icann := publicsuffix.PublicSuffix(a)
	return icann && suffix == a
}

// isShortCCDomain is twitter-text's invalidShortDomain minus validSpecialShortDomain:
// one label and a two-letter country TLD other than co and tv.
func isShortCCDomain(host string) bool {
	if strings.Count(host, ".") != 1 {
		return false
	}
	tld := strings.ToLower(host[strings.IndexByte(host, '.')+1:])
	return len(tld) == 2 && tld != "co" && tld != "tv"
}

// portEnd skips ":digits" at i.
func portEnd(s string, i int) int {
	if i >= len(s) || s[i] != ':' {
		return i
	}
	j := i + 1
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i+1 {
		return i
	}
	return j
}

// pathEnd returns the end of the path that starts with the "/" at i: the last ending
// character or balanced parenthesis group among the path characters that follow.
func pathEnd(s string, i int, wide bool) int {
	end, j := i+1, i+1
	for j < len(s) {
		if s[j] == '(' {
			k, ok := parenGroup(s, j, wide, 0)
			if !ok {
				break
			}
			j, end = k, k
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isPathRune(r, wide) {
			break
		}
		j += size
		if isPathEnding(r, wide) {
			end = j
		}
	}
	return end
}

// parenGroup matches "(chars)" or one nested level "(a(b)c)" at i and returns its end.
func parenGroup(s string, i int, wide bool, depth int) (int, bool) {
	inner := false
	for j := i + 1; j < len(s); {
		switch s[j] {
		case ')':
			return j + 1, inner
		case '(':
			if depth > 0 {
				return 0, false
			}
			k, ok := parenGroup(s, j, wide, depth+1)
			if !ok {
				return 0, false
			}
			j, inner = k, true
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isPathRune(r, wide) {
			return 0, false
		}
		j += size
		inner = true
	}
	return 0, false
}

// queryEnd returns the end of the query that starts with the "?" at i, or i when no
// query character that may end a link follows.
func queryEnd(s string, i int, wide bool) int {
	end := i
	for j := i + 1; j < len(s); {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isQueryRune(r, wide) {
			break
		}
		j += size
		if isQueryEnding(r, wide) {
			end = j
		}
	}
	return end
}

func isPathRune(r rune, wide bool) bool {
	if wide {
		return !unicode.IsSpace(r) && !strings.ContainsRune("<>()?", r) && r != utf8.RuneError
	}
	return isURLLetter(r) || strings.ContainsRune("!*';:=+,.$/%#[]-_~@|&\u2013", r)
}

func isPathEnding(r rune, wide bool) bool {
	if wide {
		return isPathRune(r, true) && !strings.ContainsRune("!*\"'「」;:=,.$%[]~&|@", r)
	}
	return isURLLetter(r) || strings.ContainsRune("=_#/+-", r)
}

func isQueryRune(r rune, wide bool) bool {
	if wide && (r == '^' || isUChar(r)) {
		return true
	}
	return r < utf8.RuneSelf && (isASCIIAlnum(byte(r)) || strings.ContainsRune("!?*'@();:&=+$/%#[]-_.,~|", r))
}

func isQueryEnding(r rune, wide bool) bool {
	if wide && isUChar(r) {
		return true
	}
	return r < utf8.RuneSelf && (isASCIIAlnum(byte(r)) || strings.ContainsRune("_&=#/-", r))
}

// isUChar approximates Mastodon's UCHARS: non-ASCII characters that are not spaces.
func isUChar(r rune) bool {
	return r >= 0xa0 && r != utf8.RuneError && !unicode.IsSpace(r)
}

// isURLLetter: ASCII letters and digits, twitter-text's latinAccentChars and Cyrillic.
func isURLLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r))
	}
	return isLatinAccent(r) || (r >= 0x400 && r <= 0x4ff)
}

// isLatinAccent is twitter-text's latinAccentChars.
func isLatinAccent(r rune) bool {
	switch {
	case r >= 0xc0 && r <= 0x24f:
		return r != 0xd7 && r != 0xf7
	case r >= 0x300 && r <= 0x36f, r >= 0x1e00 && r <= 0x1eff:
		return true
	}
	return strings.ContainsRune("\u0253\u0254\u0256\u0257\u0259\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb", r)
}

func isASCIIAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// isInvalidChar is twitter-text's invalidCharsGroup.
func isInvalidChar(r rune) bool {
	return r == 0xfffe || r == 0xfeff || r == 0xffff || (r >= 0x202a && r <= 0x202e)
}
