// Package analytics holds pure computations over posts and their metrics, with no I/O
// and no model call: a local, deterministic analysis of a post's text (Analyze), keyword
// hashtag suggestions (LocalHashtags) and the best times to post from an account's own
// history (ComputeBestTimes). Counting is package text's and media rules are package
// mediainfo's, so the analysis never disagrees with the composer's counters or checks.
package analytics

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"webox-social/services/mediainfo"
	"webox-social/services/model"
	"webox-social/services/text"
)

// Levels of a Finding.
const (
	LevelOK      = "ok"      // worth knowing, nothing to change
	LevelWarn    = "warn"    // the post works but could do better
	LevelProblem = "problem" // the network would refuse the post or its media
)

// Finding is one remark on a post: a sentence for the user and how much it matters.
type Finding struct {
	// Network is the network the remark is about; "" means the post as a whole.
	Network model.Platform
	// Level is LevelOK, LevelWarn or LevelProblem.
	Level string
	// Message is a sentence that names the network when there is one.
	Message string
}

// Report is the analysis of one post: findings about the whole post first, then each
// check's findings network by network in the order the networks were given.
type Report struct{ Items []Finding }

// Worst is the highest level among the findings, LevelOK for an empty report.
func (r Report) Worst() string {
	worst := LevelOK
	for _, f := range r.Items {
		if f.Level == LevelProblem {
			return LevelProblem
		}
		if f.Level == LevelWarn {
			worst = LevelWarn
		}
	}
	return worst
}

// analysis is one post under analysis.
type analysis struct {
	content  string
	networks []model.Platform
	media    []mediainfo.Info
	words    []word
}

// Analyze checks content (and its media, probed) against each of networks, with the
// networks' default limits (an X Premium account or a Mastodon instance may allow
// more): length in each network's own unit, hashtags, mentions, links, emojis,
// readability, a call to action and the media a network needs. It reads no file and
// calls no model; the same input always gives the same report.
func Analyze(content string, networks []model.Platform, media []mediainfo.Info) Report {
	a := &analysis{content: content, networks: uniqueNetworks(networks), media: media, words: splitWords(content)}
	checks := []func() []Finding{a.lengths, a.hashtags, a.mentions, a.links, a.emojis, a.readability, a.callToAction, a.missingMedia}
	var r Report
	for _, check := range checks {
		r.Items = append(r.Items, check()...)
	}
	slices.SortStableFunc(r.Items, func(x, y Finding) int { return boolOrder(x.Network != "", y.Network != "") })
	return r
}

func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func uniqueNetworks(ps []model.Platform) []model.Platform {
	var out []model.Platform
	for _, p := range ps {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// printer writes numbers with thousands separators, as the networks' documentation does.
var printer = message.NewPrinter(language.English)

func levelIf(cond bool, level string) string {
	if cond {
		return level
	}
	return LevelOK
}

// plural writes "1 link", "3 links".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return printer.Sprintf("%d %ss", n, noun)
}

// lengths measures the text against each network's limits (the hashtag and mention
// limits are the hashtags and mentions checks'), and passes on text's other refusals.
func (a *analysis) lengths() []Finding {
	var out []Finding
	if text.IsBlank(a.content) {
		out = append(out, Finding{Level: LevelWarn, Message: "The post has no text."})
	}
	for _, p := range a.networks {
		for _, c := range text.Counts(p, a.content, text.Options{}) {
			if c.Unit != text.UnitHashtags && c.Unit != text.UnitMentions && c.Limit < math.MaxInt32 {
				out = append(out, lengthFinding(p, c))
			}
		}
		for _, pr := range text.Validate(p, a.content, text.Options{}) {
			if pr.Rule == text.RuleCharacters {
				out = append(out, Finding{Network: p, Level: LevelProblem, Message: pr.Message})
			}
		}
	}
	return out
}

// lengthFinding writes "X: 312/280 weighted characters — 32 over."
func lengthFinding(p model.Platform, c text.Count) Finding {
	where := ""
	if p == model.YouTube {
		where = " in the description"
	}
	msg := printer.Sprintf("%s: %d/%d %s%s", p.Title(), c.Used, c.Limit, c.Unit, where)
	if c.Over() {
		return Finding{Network: p, Level: LevelProblem, Message: printer.Sprintf("%s — %d over.", msg, c.Used-c.Limit)}
	}
	return Finding{Network: p, Level: LevelOK, Message: printer.Sprintf("%s — %d left.", msg, c.Limit-c.Used)}
}

// overLimit returns the count of unit among p's limits when the text is over it.
func overLimit(p model.Platform, s, unit string) (text.Count, bool) {
	for _, c := range text.Counts(p, s, text.Options{}) {
		if c.Unit == unit && c.Over() {
			return c, true
		}
	}
	return text.Count{}, false
}

func (a *analysis) hashtags() []Finding {
	tags := text.Hashtags(a.content)
	out := []Finding{{Level: LevelOK, Message: listing(len(tags), "hashtag", "#", tags)}}
	out = append(out, repeatedTags(tags)...)
	for _, p := range a.networks {
		if c, over := overLimit(p, a.content, text.UnitHashtags); over {
			msg := printer.Sprintf("%s: %d/%d hashtags — %d over.", p.Title(), c.Used, c.Limit, c.Used-c.Limit)
			out = append(out, Finding{Network: p, Level: LevelProblem, Message: msg})
		} else if limit := text.HashtagCap(p); len(tags) > limit {
			out = append(out, Finding{Network: p, Level: LevelWarn, Message: tooManyTags(p, len(tags), limit)})
		}
	}
	return out
}

func tooManyTags(p model.Platform, n, limit int) string {
	if p == model.YouTube {
		return fmt.Sprintf("YouTube: %d hashtags — YouTube ignores every hashtag of a video that has more than %d.", n, limit)
	}
	return fmt.Sprintf("%s: %d hashtags — more than the %d recommended; keep the most relevant.", p.Title(), n, limit)
}

// repeatedTags warns about a hashtag written more than once (in any case).
func repeatedTags(tags []string) []Finding {
	fold := cases.Fold()
	count := map[string]int{}
	var order []string
	for _, t := range tags {
		k := fold.String(t)
		if count[k] == 0 {
			order = append(order, t)
		}
		count[k]++
	}
	var out []Finding
	for _, t := range order {
		if n := count[fold.String(t)]; n > 1 {
			out = append(out, Finding{Level: LevelWarn, Message: fmt.Sprintf("#%s is used %d times; once is enough.", t, n)})
		}
	}
	return out
}

// listing writes "No hashtags." or "2 hashtags: #a, #b."
func listing(n int, noun, sign string, items []string) string {
	if n == 0 {
		return "No " + noun + "s."
	}
	return plural(n, noun) + ": " + sign + strings.Join(items, ", "+sign) + "."
}

func (a *analysis) mentions() []Finding {
	names := text.Mentions(a.content)
	if len(names) == 0 {
		return nil
	}
	out := []Finding{{Level: LevelOK, Message: listing(len(names), "mention", "@", names)}}
	for _, p := range a.networks {
		if c, over := overLimit(p, a.content, text.UnitMentions); over {
			msg := printer.Sprintf("%s: %d/%d @mentions — %d over.", p.Title(), c.Used, c.Limit, c.Used-c.Limit)
			out = append(out, Finding{Network: p, Level: LevelProblem, Message: msg})
		}
		if p == model.LinkedIn {
			// platforms.md §4: "@" is escaped in commentary; a mention is @[Name](urn:li:…).
			out = append(out, Finding{Network: p, Level: LevelWarn, Message: "LinkedIn: @mentions are published as " +
				"plain text; a LinkedIn mention needs the member's or page's LinkedIn identifier."})
		}
	}
	return out
}

// links counts links as X finds them (bare domains too) and warns on X, whose API
// charges more for a post with a link (platforms.md §1, Pricing [X11]).
func (a *analysis) links() []Finding {
	n := countLinks(model.X, a.content)
	if n == 0 {
		return nil
	}
	out := []Finding{{Level: LevelOK, Message: plural(n, "link") + "."}}
	if slices.Contains(a.networks, model.X) {
		out = append(out, Finding{Network: model.X, Level: LevelWarn, Message: "X: this post has a link; " +
			"from 20 April 2026 X charges $0.20 for each post with a link published through its API, " +
			"against $0.015 for a post without one."})
	}
	return out
}

func (a *analysis) emojis() []Finding {
	n := countEmojis(a.content)
	if n == 0 {
		return []Finding{{Level: LevelOK, Message: "No emojis."}}
	}
	return []Finding{{Level: LevelOK, Message: plural(n, "emoji") + "."}}
}

func (a *analysis) readability() []Finding { return readabilityFinding(a.words) }

// callToAction looks for an imperative such as "book", "visit", "réservez", "découvrez".
func (a *analysis) callToAction() []Finding {
	if len(a.words) == 0 {
		return nil
	}
	for _, w := range a.words {
		if ctaVerbs[w.lower] {
			return []Finding{{Level: LevelOK, Message: fmt.Sprintf("Call to action: “%s”.", w.text)}}
		}
	}
	return []Finding{{Level: LevelWarn, Message: "No call to action: say what the reader should do next " +
		"(“book”, “visit”, “réservez”, “découvrez”…)."}}
}

// missingMedia reports the networks that need media the post does not have
// (Instagram, TikTok, YouTube), in mediainfo's words. The other media checks are the
// composer's, which knows the file names.
func (a *analysis) missingMedia() []Finding {
	var out []Finding
	for _, p := range a.networks {
		for _, pr := range mediainfo.Check(p, a.media, nil, model.TargetOptions{}) {
			if pr.Rule == mediainfo.RuleRequired {
				out = append(out, Finding{Network: p, Level: LevelProblem, Message: pr.Message})
			}
		}
	}
	return out
}
