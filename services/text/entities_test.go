package text

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

type extractCase struct {
	name string
	text string
	want []string
}

// hashtagCases come from twitter-text's conformance/extract.yml ("hashtags"),
// except where marked "ours".
var hashtagCases = []extractCase{
	{"all alpha", "a #hashtag here", []string{"hashtag"}},
	{"number then letters", "#1hashtag is this", []string{"1hashtag"}},
	{"all numeric", "On the #16 bus", nil},
	{"after brackets", "(#hashtag1 )#hashtag2 [#hashtag3 ]#hashtag4 ’#hashtag5’#hashtag6",
		[]string{"hashtag1", "hashtag2", "hashtag3", "hashtag4", "hashtag5", "hashtag6"}},
	{"accents", "Working remotely #café #mañana", []string{"café", "mañana"}},
	{"space after #", "this is not valid: # 会議中 ハッシュ", nil},
	{"Korean", "What is #트위터 anyway?", []string{"트위터"}},
	{"after CJK punctuation", "日本語ハッシュテスト。#日本語ハッシュタグ", []string{"日本語ハッシュタグ"}},
	{"punctuation not included", "#日本語ハッシュタグ。", []string{"日本語ハッシュタグ"}},
	{"full-width sign", "全角英数字ハッシュタグ ＃ｈａｓｈｔａｇ１２３", []string{"ｈａｓｈｔａｇ１２３"}},
	{"no space before", "日本語ハッシュタグ#日本語ハッシュタグ", nil},
	{"before punctuation", "#hashtag: #hashtag; #hashtag, #hashtag. #hashtag! #hashtag?",
		[]string{"hashtag", "hashtag", "hashtag", "hashtag", "hashtag", "hashtag"}},
	{"followed by URL", "#http://twitter.com #https://twitter.com", nil},
	{"Hebrew", "#עַל־יְדֵי #וכו׳ #מ״כ", []string{"עַל־יְדֵי", "וכו׳", "מ״כ"}},
	{"Sinhala with ZWJ", "#ශ්\u200dරීලංකා", []string{"ශ්\u200dරීලංකා"}},
	{"Hindi digits", "#महात्मा #महात्मा_१२३४ #१२३४ गांधी", []string{"महात्मा", "महात्मा_१२३४"}},
	{"ours: HTML entity", "it&#39;s", nil},
	{"ours: keycap emoji", "#\ufe0f\u20e3 #️⃣", nil},
	{"ours: after an emoji", "❤\ufe0f#love", []string{"love"}},
	{"ours: two in a row", "#a#b", nil},
}

func TestHashtags(t *testing.T) {
	for _, tc := range hashtagCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Hashtags(tc.text))
		})
	}
}

// mentionCases come from twitter-text's conformance/extract.yml ("mentions"), except
// where marked "ours" (Mastodon remote mentions and Bluesky handles).
var mentionCases = []extractCase{
	{"start", "@username reply", []string{"username"}},
	{"end", "mention @username", []string{"username"}},
	{"underscore", "mention @user_name", []string{"user_name"}},
	{"numeric", "mention @12345", []string{"12345"}},
	{"two", "mention @username1 @username2", []string{"username1", "username2"}},
	{"Japanese", "の@usernameに到着を待っている", []string{"username"}},
	{"username ending in @", "Current Status: @_@ (cc: @username)", []string{"username"}},
	{"followed by accented latin", "@aliceìnheiro something something", nil},
	{"followed by scheme", "@http://twitter.com", nil},
	{"newline", "@username\n@mention", []string{"username", "mention"}},
	{"after !, @, #, $, %, &, *", "f!@kn f@@kn f#@kn f$@kn f%@kn f&@kn f*@kn", nil},
	{"ours: e-mail", "me@example.com", nil},
	{"ours: Mastodon remote", "hi @Gargron@mastodon.social!", []string{"Gargron@mastodon.social"}},
	{"ours: Bluesky handle", "thanks @alice.bsky.social.", []string{"alice.bsky.social"}},
	{"ours: URL path", "https://mastodon.social/@Gargron", nil},
	{"ours: full-width sign", "＠user", []string{"user"}},
}

func TestMentions(t *testing.T) {
	for _, tc := range mentionCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Mentions(tc.text))
		})
	}
}
