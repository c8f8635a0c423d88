// Package text counts and checks post text the way each network does: X's weighted
// characters, Mastodon's and Bluesky's grapheme clusters, Bluesky's and YouTube's byte
// limits, TikTok's UTF-16 units and the plain character limits of the others, plus
// Instagram's hashtag and mention caps. Post validation and the composer's live counters
// both use it, so a counter and a validation error never disagree.
//
// The facts come from ../shared/reference/platforms.md, "Limits" of §1–§8. Where a
// network does not say what a "character" is, a Unicode code point is used.
package text

import (
	"strconv"
	"strings"
	"unicode"

	"webox-social/services/model"
)

// Units a Count is expressed in.
const (
	UnitCharacters = "characters"          // Unicode code points (TikTok: UTF-16 code units)
	UnitGraphemes  = "graphemes"           // user-perceived characters (grapheme clusters)
	UnitBytes      = "bytes"               // UTF-8 bytes
	UnitWeighted   = "weighted characters" // X: links 23, emoji and CJK 2, most Latin 1
	UnitHashtags   = "hashtags"
	UnitMentions   = "mentions"
)

// Rules a Problem can report.
const (
	RuleBlank      = "blank"      // the text is only whitespace
	RuleLength     = "length"     // the network's main text limit
	RuleBytes      = "bytes"      // a byte limit next to the main one (Bluesky)
	RuleHashtags   = "hashtags"   // too many hashtags (Instagram)
	RuleMentions   = "mentions"   // too many @mentions (Instagram)
	RuleCharacters = "characters" // a character the network refuses (X, YouTube)
)

// Count is how much of one limit a text uses, e.g. 290 of 280 weighted characters.
type Count struct {
	Used  int
	Limit int
	Unit  string // one of the Unit constants
}

// Over reports whether the text is over this limit.
func (c Count) Over() bool { return c.Used > c.Limit }

// Problem is one reason a network would refuse a text.
type Problem struct {
	Rule    string // one of the Rule constants
	Message string // a sentence for the user that names the network and the limit
}

// Options carries limits that depend on the account rather than the network.
// The zero value means the network's defaults.
type Options struct {
	// Limit, when > 0, replaces the network's main text limit: a Mastodon instance's
	// configuration.statuses.max_characters, or 25,000 for an X Premium account.
	Limit int
	// URLWeight, when > 0, replaces what each link counts for on X and Mastodon
	// (Mastodon: configuration.statuses.characters_reserved_per_url). Default 23.
	URLWeight int
	// SpoilerText is a Mastodon content warning; it counts toward the same limit.
	SpoilerText string
}

const defaultURLWeight = 23

func (o Options) urlWeight() int {
	if o.URLWeight > 0 {
		return o.URLWeight
	}
	return defaultURLWeight
}

func (o Options) limit(def int) int {
	if o.Limit > 0 {
		return o.Limit
	}
	return def
}

// Measure returns how much of p's main text limit s uses, in the network's own unit.
// A network this package does not know is measured in characters with no limit.
func Measure(p model.Platform, s string, opts Options) Count {
	return Counts(p, s, opts)[0]
}

// Counts returns every limit p puts on s, the main one first: Bluesky adds bytes,
// Instagram adds hashtags and mentions. A composer can show one counter per entry.
func Counts(p model.Platform, s string, opts Options) []Count {
	return rulesFor(p).counts(s, opts)
}

// Validate lists the reasons p would refuse s, or nil. Empty text is left to the
// caller (some networks accept it with media); text that is only whitespace is a problem.
// On YouTube s is the video's description; see ValidateYouTubeTitle for the title.
func Validate(p model.Platform, s string, opts Options) []Problem {
	return rulesFor(p).check(p, s, opts)
}

// MeasureYouTubeTitle returns how much of YouTube's 100-character title limit title uses.
func MeasureYouTubeTitle(title string) Count {
	return youtubeTitle.counts(title, Options{})[0]
}

// ValidateYouTubeTitle lists the reasons YouTube would refuse title, or nil.
func ValidateYouTubeTitle(title string) []Problem {
	return youtubeTitle.check(model.YouTube, title, Options{})
}

// IsBlank reports whether s has nothing but whitespace and invisible separators.
func IsBlank(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !isBlankRune(r) }) < 0
}

func isBlankRune(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e':
		return true
	}
	return unicode.IsSpace(r)
}

// Thousands writes n with comma thousands separators, as the networks' own messages do:
// 5000 → "5,000".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}
