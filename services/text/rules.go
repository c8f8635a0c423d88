package text

import (
	"cmp"
	"fmt"
	"math"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"webox-social/services/model"
)

// limitRule is one limit a network puts on a text.
type limitRule struct {
	rule    string // Problem.Rule when over
	unit    string // Count.Unit
	limit   int    // the network's default
	noun    string // what the limit counts, for the message: "characters in a title"
	main    bool   // Options.Limit replaces limit
	measure func(s string, o Options) int
	note    func(o Options) string // extra words after the noun, may be nil
}

func (r limitRule) count(s string, o Options) Count {
	limit := r.limit
	if r.main {
		limit = o.limit(limit)
	}
	return Count{Used: max(r.measure(s, o), 0), Limit: limit, Unit: r.unit}
}

// message is the user sentence for a text over this limit, e.g.
// "Mastodon allows 500 characters (links count as 23); this post has 512."
func (r limitRule) message(p model.Platform, c Count, o Options, subject string) string {
	note := ""
	if r.note != nil {
		note = r.note(o)
	}
	return fmt.Sprintf("%s allows %s %s%s; this %s has %s.",
		p.Title(), Thousands(c.Limit), r.noun, note, subject, Thousands(c.Used))
}

// ruleSet is everything checked for one kind of text on one network.
type ruleSet struct {
	limits  []limitRule
	forbid  []rune // characters the network refuses
	where   string // "a post", "a title": for the forbidden-character message
	subject string // "title": what "this … has 101" names; "post" when empty
}

// counts measures s against every limit of set.
func (set ruleSet) counts(s string, opts Options) []Count {
	out := make([]Count, len(set.limits))
	for i, r := range set.limits {
		out[i] = r.count(s, opts)
	}
	return out
}

// check lists the problems of s: blank, over a limit, forbidden characters.
func (set ruleSet) check(p model.Platform, s string, opts Options) []Problem {
	subject := cmp.Or(set.subject, "post")
	var out []Problem
	if s != "" && IsBlank(s) {
		msg := fmt.Sprintf("%s needs some text: this %s has only spaces and line breaks.", p.Title(), subject)
		out = append(out, Problem{Rule: RuleBlank, Message: msg})
	}
	for _, r := range set.limits {
		if c := r.count(s, opts); c.Over() {
			out = append(out, Problem{Rule: r.rule, Message: r.message(p, c, opts, subject)})
		}
	}
	return append(out, set.forbidden(p, s)...)
}

// Default limits from platforms.md "Limits" (§1–§8).
const (
	xLimit            = 280   // §1 [X4]
	instagramLimit    = 2200  // §2 [IG15], 3rd-party
	instagramHashtags = 30    // §2 [IG15]
	instagramMentions = 20    // §2 [IG15]
	facebookLimit     = 63206 // §3 [FB5], 3rd-party
	linkedInLimit     = 3000  // §4 [LI6], 3rd-party
	tiktokLimit       = 2200  // §5 [TT10]: video title, "UTF-16 runes"
	youtubeTitleLimit = 100   // §6 [YT11]: characters
	youtubeDescLimit  = 5000  // §6 [YT11]: bytes
	mastodonLimit     = 500   // §7 [M8]: configuration.statuses.max_characters
	blueskyGraphemes  = 300   // §8 [B3]
	blueskyBytes      = 3000  // §8 [B3]
	unknownLimit      = math.MaxInt32
)

// youtubeTitle is checked by MeasureYouTubeTitle and ValidateYouTubeTitle.
var youtubeTitle = ruleSet{
	limits: []limitRule{{rule: RuleLength, unit: UnitCharacters, limit: youtubeTitleLimit,
		noun: "characters in a title", measure: codePoints}},
	forbid: []rune("<>"), where: "a title", subject: "title",
}

// networks holds each network's rules; on YouTube the post text is the description.
var networks = map[model.Platform]ruleSet{
	model.X: {limits: []limitRule{mainRule(UnitWeighted, xLimit, xWeighted, xNote)},
		forbid: xForbidden, where: "a post"},
	model.Instagram: {limits: []limitRule{
		mainRule(UnitCharacters, instagramLimit, codePoints, nil),
		{rule: RuleHashtags, unit: UnitHashtags, limit: instagramHashtags, noun: "hashtags", measure: countHashtags},
		{rule: RuleMentions, unit: UnitMentions, limit: instagramMentions, noun: "@mentions", measure: countMentions},
	}},
	model.Facebook: {limits: []limitRule{mainRule(UnitCharacters, facebookLimit, codePoints, nil)}},
	model.LinkedIn: {limits: []limitRule{mainRule(UnitCharacters, linkedInLimit, codePoints, nil)}},
	model.TikTok:   {limits: []limitRule{mainRule(UnitCharacters, tiktokLimit, utf16Units, tiktokNote)}},
	model.YouTube: {limits: []limitRule{{rule: RuleLength, unit: UnitBytes, limit: youtubeDescLimit,
		noun: "bytes in a description", main: true, measure: utf8Bytes}},
		forbid: []rune("<>"), where: "a description"},
	model.Mastodon: {limits: []limitRule{mainRule(UnitGraphemes, mastodonLimit, mastodonLength, mastodonNote)}},
	model.Bluesky: {limits: []limitRule{
		mainRule(UnitGraphemes, blueskyGraphemes, graphemes, nil),
		{rule: RuleBytes, unit: UnitBytes, limit: blueskyBytes, noun: "bytes of text", measure: utf8Bytes,
			note: func(Options) string { return " (an emoji takes up to 4, an accented letter 2)" }},
	}},
}

// unknownNetwork measures characters with no practical limit.
var unknownNetwork = ruleSet{limits: []limitRule{mainRule(UnitCharacters, unknownLimit, codePoints, nil)}}

func rulesFor(p model.Platform) ruleSet {
	if set, ok := networks[p]; ok {
		return set
	}
	return unknownNetwork
}

func mainRule(unit string, limit int, measure func(string, Options) int, note func(Options) string) limitRule {
	return limitRule{rule: RuleLength, unit: unit, limit: limit, noun: "characters", main: true,
		measure: measure, note: note}
}

func xNote(o Options) string {
	return fmt.Sprintf(" (links count as %d, emoji and CJK characters as 2)", o.urlWeight())
}

func mastodonNote(o Options) string {
	if o.SpoilerText != "" {
		return fmt.Sprintf(" (links count as %d, the content warning included)", o.urlWeight())
	}
	return fmt.Sprintf(" (links count as %d)", o.urlWeight())
}

func tiktokNote(Options) string { return " (most emoji count as 2)" }

func codePoints(s string, _ Options) int { return utf8.RuneCountInString(s) }

func utf8Bytes(s string, _ Options) int { return len(s) }

func graphemes(s string, _ Options) int { return uniseg.GraphemeClusterCount(s) }

func utf16Units(s string, _ Options) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func countHashtags(s string, _ Options) int { return len(Hashtags(s)) }

func countMentions(s string, _ Options) int { return len(Mentions(s)) }

// forbidden reports the characters of set.forbid that s contains, as one Problem.
func (set ruleSet) forbidden(p model.Platform, s string) []Problem {
	var found []string
	for _, r := range set.forbid {
		if strings.ContainsRune(s, r) {
			found = append(found, describeRune(r))
		}
	}
	if len(found) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%s does not allow %s in %s.", p.Title(), strings.Join(found, " or "), set.where)
	return []Problem{{Rule: RuleCharacters, Message: msg}}
}

func describeRune(r rune) string {
	if r > ' ' && r < utf8.RuneSelf {
		return "“" + string(r) + "”"
	}
	return fmt.Sprintf("the invisible character U+%04X", r)
}
