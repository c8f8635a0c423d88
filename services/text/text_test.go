package text

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

type limitCase struct {
	name     string
	platform model.Platform
	text     string
	opts     Options
	used     int      // Measure(...).Used
	problems []string // Validate(...) rules, in order
}

// limitCases check each network's limits from platforms.md "Limits" (§1–§8) at the
// limit and one over. Sources are cited per group.
var limitCases = []limitCase{
	// §2 Instagram [IG15]: ≤2,200 characters, ≤30 hashtags, ≤20 @-mentions.
	{"instagram 2200", model.Instagram, rep("a", 2200), Options{}, 2200, nil},
	{"instagram 2201", model.Instagram, rep("a", 2201), Options{}, 2201, []string{RuleLength}},
	{"instagram emoji are one character each", model.Instagram, rep("😀", 2200), Options{}, 2200, nil},
	{"instagram 30 hashtags", model.Instagram, rep("#tag ", 30), Options{}, 150, nil},
	{"instagram 31 hashtags", model.Instagram, rep("#tag ", 31), Options{}, 155, []string{RuleHashtags}},
	{"instagram 20 mentions", model.Instagram, rep("@user ", 20), Options{}, 120, nil},
	{"instagram 21 mentions", model.Instagram, rep("@user ", 21), Options{}, 126, []string{RuleMentions}},
	{"instagram everything over", model.Instagram, rep("#t @u ", 367), Options{}, 2202,
		[]string{RuleLength, RuleHashtags, RuleMentions}},

	// §3 Facebook [FB5]: 63,206 characters.
	{"facebook 63206", model.Facebook, rep("a", 63206), Options{}, 63206, nil},
	{"facebook 63207", model.Facebook, rep("a", 63207), Options{}, 63207, []string{RuleLength}},

	// §4 LinkedIn [LI6]: 3,000 characters.
	{"linkedin 3000", model.LinkedIn, rep("é", 3000), Options{}, 3000, nil},
	{"linkedin 3001", model.LinkedIn, rep("é", 3001), Options{}, 3001, []string{RuleLength}},

	// §5 TikTok [TT10]: 2,200 "UTF-16 runes"; an emoji outside the BMP is two.
	{"tiktok 2200 BMP", model.TikTok, rep("é", 2200), Options{}, 2200, nil},
	{"tiktok 1100 emoji", model.TikTok, rep("😀", 1100), Options{}, 2200, nil},
	{"tiktok 1101 emoji", model.TikTok, rep("😀", 1101), Options{}, 2202, []string{RuleLength}},

	// §6 YouTube [YT11]: description ≤5,000 bytes, no < or >.
	{"youtube 5000 bytes", model.YouTube, rep("é", 2500), Options{}, 5000, nil},
	{"youtube 5002 bytes", model.YouTube, rep("é", 2501), Options{}, 5002, []string{RuleLength}},
	{"youtube angle brackets", model.YouTube, "a <b> tag", Options{}, 9, []string{RuleCharacters}},

	// §7 Mastodon [M8][M9]: 500 grapheme clusters by default, every link counts 23,
	// a remote mention counts only @user, the content warning counts too.
	{"mastodon 500", model.Mastodon, rep("a", 500), Options{}, 500, nil},
	{"mastodon 501", model.Mastodon, rep("a", 501), Options{}, 501, []string{RuleLength}},
	{"mastodon link at the limit", model.Mastodon,
		rep("a", 476) + " https://example.com/a/very/long/path/that/is/over/twenty/three", Options{}, 500, nil},
	{"mastodon link one over", model.Mastodon, rep("a", 477) + " https://example.com/", Options{}, 501, []string{RuleLength}},
	{"mastodon gemini link", model.Mastodon, "gemini://example.org/a/long/capsule/page.gmi", Options{}, 23, nil},
	{"mastodon bare domain is text", model.Mastodon, "example.com", Options{}, 11, nil},
	{"mastodon remote mention", model.Mastodon, "@Gargron@mastodon.social", Options{}, 8, nil},
	{"mastodon local mention", model.Mastodon, "@alice hi", Options{}, 9, nil},
	{"mastodon mention inside a link", model.Mastodon, "https://mastodon.social/@Gargron", Options{}, 23, nil},
	{"mastodon graphemes", model.Mastodon, family + "🇫🇷e\u0301", Options{}, 3, nil},
	{"mastodon content warning at the limit", model.Mastodon, rep("a", 492), Options{SpoilerText: "CW: food"}, 500, nil},
	{"mastodon content warning one over", model.Mastodon, rep("a", 493), Options{SpoilerText: "CW: food"}, 501,
		[]string{RuleLength}},
	{"mastodon instance limit", model.Mastodon, rep("a", 5000), Options{Limit: 5000}, 5000, nil},
	{"mastodon instance link weight", model.Mastodon, "https://example.com", Options{URLWeight: 10}, 10, nil},

	// §8 Bluesky [B3]: ≤300 graphemes and ≤3,000 UTF-8 bytes.
	{"bluesky 300", model.Bluesky, rep("a", 300), Options{}, 300, nil},
	{"bluesky 301", model.Bluesky, rep("a", 301), Options{}, 301, []string{RuleLength}},
	{"bluesky 120 families is 3000 bytes", model.Bluesky, rep(family, 120), Options{}, 120, nil},
	{"bluesky 121 families is 3025 bytes", model.Bluesky, rep(family, 121), Options{}, 121, []string{RuleBytes}},
	{"bluesky combining marks", model.Bluesky, rep("q\u0301", 300), Options{}, 300, nil},
	{"bluesky links count in full", model.Bluesky, "https://example.com/" + rep("a", 281), Options{}, 301,
		[]string{RuleLength}},

	{"unknown network", model.Platform("myspace"), rep("a", 100000), Options{}, 100000, nil},
}

func TestLimits(t *testing.T) {
	for _, tc := range limitCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.used, Measure(tc.platform, tc.text, tc.opts).Used)
			var rules []string
			for _, p := range Validate(tc.platform, tc.text, tc.opts) {
				rules = append(rules, p.Rule)
			}
			assert.Equal(t, tc.problems, rules)
		})
	}
}

func TestUnits(t *testing.T) {
	want := map[model.Platform][]string{
		model.Instagram: {UnitCharacters, UnitHashtags, UnitMentions},
		model.Facebook:  {UnitCharacters},
		model.X:         {UnitWeighted},
		model.LinkedIn:  {UnitCharacters},
		model.TikTok:    {UnitCharacters},
		model.YouTube:   {UnitBytes},
		model.Mastodon:  {UnitGraphemes},
		model.Bluesky:   {UnitGraphemes, UnitBytes},
	}
	for _, p := range model.Platforms {
		var units []string
		for _, c := range Counts(p, "hi", Options{}) {
			units = append(units, c.Unit)
		}
		assert.Equal(t, want[p], units, p)
	}
}

func TestMessages(t *testing.T) {
	tests := []struct {
		name     string
		platform model.Platform
		text     string
		opts     Options
		want     string
	}{
		{"mastodon", model.Mastodon, rep("a", 488) + " https://example.com/x", Options{},
			"Mastodon allows 500 characters (links count as 23); this post has 512."},
		{"mastodon with a content warning", model.Mastodon, rep("a", 500), Options{SpoilerText: "CW"},
			"Mastodon allows 500 characters (links count as 23, the content warning included); this post has 502."},
		{"bluesky", model.Bluesky, rep("a", 301), Options{}, "Bluesky allows 300 characters; this post has 301."},
		{"bluesky bytes", model.Bluesky, rep(family, 121), Options{},
			"Bluesky allows 3,000 bytes of text (an emoji takes up to 4, an accented letter 2); this post has 3,025."},
		{"facebook", model.Facebook, rep("a", 63207), Options{}, "Facebook allows 63,206 characters; this post has 63,207."},
		{"instagram hashtags", model.Instagram, rep("#tag ", 31), Options{}, "Instagram allows 30 hashtags; this post has 31."},
		{"instagram mentions", model.Instagram, rep("@u ", 21), Options{}, "Instagram allows 20 @mentions; this post has 21."},
		{"tiktok", model.TikTok, rep("😀", 1101), Options{},
			"TikTok allows 2,200 characters (most emoji count as 2); this post has 2,202."},
		{"youtube", model.YouTube, rep("a", 5001), Options{},
			"YouTube allows 5,000 bytes in a description; this post has 5,001."},
		{"youtube brackets", model.YouTube, "<>", Options{}, "YouTube does not allow “<” or “>” in a description."},
		{"linkedin blank", model.LinkedIn, " \n", Options{}, "LinkedIn needs some text: this post has only spaces and line breaks."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := Validate(tc.platform, tc.text, tc.opts)
			require.Len(t, ps, 1)
			assert.Equal(t, tc.want, ps[0].Message)
		})
	}
}

func TestBlank(t *testing.T) {
	for _, p := range model.Platforms {
		assert.Nil(t, Validate(p, "", Options{}), p)
		for _, s := range []string{" ", "\n\t", "\u3000", "\u200b", "\u00a0\r\n"} {
			assert.True(t, hasRule(Validate(p, s, Options{}), RuleBlank), "%s %q", p, s)
		}
		assert.Nil(t, Validate(p, " a ", Options{}), p)
	}
}

func TestYouTubeTitle(t *testing.T) {
	assert.Equal(t, Count{Used: 100, Limit: 100, Unit: UnitCharacters}, MeasureYouTubeTitle(rep("é", 100)))
	assert.Nil(t, ValidateYouTubeTitle(rep("é", 100)))
	assert.Equal(t, []Problem{{Rule: RuleLength,
		Message: "YouTube allows 100 characters in a title; this title has 101."}}, ValidateYouTubeTitle(rep("a", 101)))
	assert.Equal(t, []Problem{{Rule: RuleCharacters,
		Message: "YouTube does not allow “<” in a title."}}, ValidateYouTubeTitle("a < b"))
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 63206: "63,206", 1234567: "1,234,567", -1000: "-1,000"} {
		assert.Equal(t, want, Thousands(n))
	}
}
