package text

import (
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"webox-social/services/model"
)

// Hashtag caps per network: how many hashtags NormalizeHashtags keeps. Only Instagram's
// is a limit the network enforces; the others are recommendations, since
// ../shared/reference/platforms.md gives no hashtag limit for them.
const (
	instagramHashtagCap = instagramHashtags // §2 [IG15]: ≤30 hashtags, refused above
	youtubeHashtagCap   = 15                // YouTube's "Add hashtags" help (not in platforms.md): over 15, all are ignored
	recommendedCap      = 5                 // recommendation: a few relevant tags read better than a wall of them
	unknownHashtagCap   = 10                // recommendation for a network this package does not know
)

// hashtagCaps holds the networks whose cap is not recommendedCap.
var hashtagCaps = map[model.Platform]int{
	model.Instagram: instagramHashtagCap,
	model.YouTube:   youtubeHashtagCap,
	// X (no limit in §1; X's own advice is one or two), LinkedIn, TikTok, Facebook,
	// Mastodon and Bluesky (§4–§8 give none): recommendedCap.
	model.X: recommendedCap, model.LinkedIn: recommendedCap, model.TikTok: recommendedCap,
	model.Facebook: recommendedCap, model.Mastodon: recommendedCap, model.Bluesky: recommendedCap,
}

// HashtagCap is how many hashtags NormalizeHashtags keeps for p: Instagram's limit of 30
// (platforms.md §2), 15 on YouTube, which ignores every hashtag of a video that has more,
// and a recommended 5 elsewhere (10 for a network this package does not know).
func HashtagCap(p model.Platform) int {
	if n, ok := hashtagCaps[p]; ok {
		return n
	}
	return unknownHashtagCap
}

// NormalizeHashtags turns ranked hashtag suggestions into tags ready to append to a post
// on p: each gets one "#" prefix and loses spaces and punctuation ("#summer vibes!" gives
// "#summervibes"; letters of any script, marks, digits, "_" and the few joiners
// twitter-text allows inside a tag stay, so "#café" is kept), is NFC-normalised, and must read as one whole hashtag to Hashtags ("#2024", all digits,
// is dropped). Empty results and case-insensitive repeats are dropped, keeping the first
// spelling, and the list is cut at HashtagCap(p). The order of tags is kept: the input
// is assumed ranked, best first.
func NormalizeHashtags(tags []string, p model.Platform) []string {
	limit := HashtagCap(p)
	fold := cases.Fold()
	seen := make(map[string]bool, len(tags))
	out := make([]string, 0, min(len(tags), limit))
	for _, t := range tags {
		if len(out) == limit {
			break
		}
		body, ok := hashtagBody(t)
		if !ok {
			continue
		}
		key := fold.String(body)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, "#"+body)
	}
	return out
}

// hashtagBody is tag without "#", spaces and punctuation, or false when nothing is left
// that Hashtags would read as one tag.
func hashtagBody(tag string) (string, bool) {
	var b strings.Builder
	for _, r := range tag {
		if isHashtagRune(r) {
			b.WriteRune(r)
		}
	}
	body := norm.NFC.String(b.String()) // after filtering: "e-\u0301" must end as "é"
	if body == "" {
		return "", false
	}
	found := Hashtags("#" + body)
	return body, len(found) == 1 && found[0] == body
}
