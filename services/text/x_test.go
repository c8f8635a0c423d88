package text

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
)

const (
	// A 160-character Chinese text from twitter-text's conformance suite.
	poem = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。" +
		"旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。" +
		"泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。" +
		"遥知兄弟登高处，遍插茱萸少一人。"
	kana   = "あいうえおかきくけこ"
	family = "👨\u200d👩\u200d👧\u200d👦" // one grapheme, 7 code points, 25 bytes
)

var rep = strings.Repeat

type weightCase struct {
	name string
	text string
	want int
}

// xCases: the first group is twitter-text's conformance suite
// (conformance/validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest, the v3
// config that platforms.md §1 [X4] points to); the rest are our edge cases.
var xCases = []weightCase{
	{"conformance: regular tweet with url", "Hi http://test.co", 26},
	{"conformance: just url", "http://test.co", 23},
	{"conformance: 285 chars", "285 chars-" + rep("xxxxxxxxxx-", 25), 285},
	{"conformance: url in the middle", "285 chars- http://www.twitter.com/jack " + rep("xxxxxxxxxx-", 24), 299},
	{"conformance: url at the end", rep("xxxxxxxxxx-", 24) + " http://www.twitter.com/jack ", 289},
	{"conformance: 10 urls", rep("https://www.twitter.com/aloha ", 10), 240},
	{"conformance: 160 CJK", poem, 320},
	{"conformance: 160 emoji", rep("😷", 160), 320},
	{"conformance: 3 latin + 160 CJK", "the" + poem, 323},
	{"conformance: normalised character", "282 chars-" + rep("xxxxxxxxxx-", 24) + "xxxxxA\u0301x", 281},
	{"conformance: Á is normalised into 1 char", "A\u0301B", 2},
	{"conformance: שּׁ is normalised into 3 chars", "A\ufb2c", 4},
	{"conformance: single, double and ZWJ emoji", "H🐱☺" + family, 7},
	{"conformance: emoji outside the BMP", "😷👾😡🔥💩", 10},
	{"conformance: skin tone and ZWJ", "🙋🏽👨\u200d🎤", 4},
	{"conformance: 64-character domain is not a link", "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68},
	{"conformance: host over 63 punycode chars is not a link", rep(kana, 12) + " http://" + rep(kana, 5) + "あいう.com", 358},
	{"conformance: host within 63 punycode chars is a link", rep(kana, 12) + " http://" + rep(kana, 5) + "あい.com", 264},

	{"empty", "", 0},
	{"ZWJ family", family, 2},
	{"flag", "🇫🇷", 2},
	{"subdivision flag", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 2},
	{"keycap", "1\ufe0f\u20e3", 2},
	{"copyright as text", "©", 1},
	{"copyright as emoji", "©\ufe0f", 2},
	{"text-style emoji", "☺\ufe0e", 4},
	{"combining mark composes", "e\u0301", 1},
	{"combining mark without precomposed form", "q\u0301", 2},
	{"Devanagari conjunct", "\u0915\u094d\u0937", 3},
	{"Hangul jamo compose to a syllable", "\u1100\u1161", 2},
	{"last weight-1 code point", "\u10ff", 1},
	{"first weight-2 code point", "\u1100", 2},
	{"general punctuation, weight 1", "\u2010\u201f\u2032\u2037", 4},
	{"general punctuation, weight 2", "\u2020\u2038", 4},
	{"ZWJ alone", "\u200d", 1},
	{"bare domain", "see example.com", 27},
	{"bare file name is not a link", "see main.py and notes.txt", 25},
	{"trailing dot stays outside the link", "see https://example.com/a.", 28},
	{"link followed by CJK", "https://example.com日本", 27},
	{"e-mail address is not a link", "mail me@example.com", 19},
}

func TestXWeightedLength(t *testing.T) {
	for _, tc := range xCases {
		t.Run(tc.name, func(t *testing.T) {
			c := Measure(model.X, tc.text, Options{})
			assert.Equal(t, tc.want, c.Used)
			assert.Equal(t, 280, c.Limit)
			assert.Equal(t, UnitWeighted, c.Unit)
		})
	}
}

func TestXLimitEdges(t *testing.T) {
	tests := []struct {
		name string
		text string
		ok   bool
	}{
		{"280 latin", rep("a", 280), true},
		{"281 latin", rep("a", 281), false},
		{"140 CJK", rep("あ", 140), true},
		{"141 CJK", rep("あ", 141), false},
		{"140 ZWJ families", rep(family, 140), true},
		{"141 ZWJ families", rep(family, 141), false},
		{"link exactly at the limit", rep("a", 256) + " https://example.com/a/long/path/of/many/characters", true},
		{"link one over", rep("a", 257) + " https://example.com/", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.ok, !hasRule(Validate(model.X, tc.text, Options{}), RuleLength))
		})
	}
}

func TestXOptions(t *testing.T) {
	assert.Equal(t, 30, Measure(model.X, "https://example.com", Options{URLWeight: 30}).Used)
	premium := Options{Limit: 25000}
	assert.Empty(t, Validate(model.X, rep("a", 25000), premium))
	assert.Equal(t, 25000, Measure(model.X, "a", premium).Limit)
}

func TestXMessages(t *testing.T) {
	got := Validate(model.X, rep("a", 281), Options{})
	want := []Problem{{Rule: RuleLength,
		Message: "X allows 280 characters (links count as 23, emoji and CJK characters as 2); this post has 281."}}
	assert.Equal(t, want, got)

	got = Validate(model.X, "hello\ufeff", Options{})
	want = []Problem{{Rule: RuleCharacters, Message: "X does not allow the invisible character U+FEFF in a post."}}
	assert.Equal(t, want, got)
}

func hasRule(ps []Problem, rule string) bool {
	for _, p := range ps {
		if p.Rule == rule {
			return true
		}
	}
	return false
}
