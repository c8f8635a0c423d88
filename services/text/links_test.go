package text

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

type linkCase struct {
	name string
	text string
	want []string
}

// xLinkCases come from twitter-text's conformance/extract.yml ("urls"), the extractor
// X counts links with, except where marked "ours".
var xLinkCases = []linkCase{
	{"lone URL", "http://example.com", []string{"http://example.com"}},
	{"unicode host", "http://ああ.com", []string{"http://ああ.com"}},
	{"unicode host with -", "http://あ-あ.com", []string{"http://あ-あ.com"}},
	{"fragment", "text http://foobar.com/#", []string{"http://foobar.com/#"}},
	{"port", "text http://somehost.com:3000", []string{"http://somehost.com:3000"}},
	{"path punctuation", "text http://xo.com/~matthew+%ff-,.;x", []string{"http://xo.com/~matthew+%ff-,.;x"}},
	{"balanced parens", "text http://en.wikipedia.org/wiki/Primer_(film)", []string{"http://en.wikipedia.org/wiki/Primer_(film)"}},
	{"parens mid-path", "text http://msdn.microsoft.com/ja-jp/library/system.net.httpwebrequest(v=VS.100).aspx",
		[]string{"http://msdn.microsoft.com/ja-jp/library/system.net.httpwebrequest(v=VS.100).aspx"}},
	{"symbol host", "text http://✪df.ws/ejp", []string{"http://✪df.ws/ejp"}},
	{"TLD followed by CJK", "test http://example.comだよね.comtest/hogehoge", []string{"http://example.com"}},
	{"query ending in hyphen", "text https://www.youtube.com/watch?v=LOxOAuDHzaw&list=PLPoq910Q9jXhuH6pit_KwIsck9fEz_9U-",
		[]string{"https://www.youtube.com/watch?v=LOxOAuDHzaw&list=PLPoq910Q9jXhuH6pit_KwIsck9fEz_9U-"}},
	{"no TLD", "text http://no-tld", nil},
	{"TLD too short", "text http://tld-too-short.x", nil},
	{"after a parenthesis", "(http://twitter.com", []string{"http://twitter.com"}},
	{"hyphenated TLD", "text http://domain.com-that-you-should-have-put-a-space-after", []string{"http://domain.com"}},
	{"query then fragment", "text http://foo.com?#foo text", []string{"http://foo.com?#foo"}},
	{"bare gTLDs", "foo.com foo.net foo.org foo.edu foo.gov", []string{"foo.com", "foo.net", "foo.org", "foo.edu", "foo.gov"}},
	{"bare non-TLDs and short ccTLDs", "foo.baz foo.co.jp www.xxxxxxx.baz www.foo.co.uk wwwww.xxxxxxx foo.comm foo.somecom foo.govedu foo.jp",
		[]string{"foo.co.jp", "www.foo.co.uk"}},
	{"bare ccTLD with path", "t.co/abcde bit.ly/abcde", []string{"t.co/abcde", "bit.ly/abcde"}},
	{"path ending in + or -", "Go to http://example.com/a+ or http://example.com/a-", []string{"http://example.com/a+", "http://example.com/a-"}},
	{"en dash in path", "Go to https://en.m.wikipedia.org/wiki/Hatfield–McCoy_feud please",
		[]string{"https://en.m.wikipedia.org/wiki/Hatfield–McCoy_feud"}},
	{"scheme then space", "@user Try http:// example.com/path", []string{"example.com/path"}},
	{"bare among CJK", "これは日本語です。example.com/path/index.html中国語example.com/path한국",
		[]string{"example.com/path/index.html", "example.com/path"}},
	{"short bare among CJK", "twitter.comこれは日本語です。example.com中国語t.co/abcde한국twitter.com example2.comテストtwitter.com/abcde",
		[]string{"twitter.com", "example.com", "t.co/abcde", "twitter.com", "example2.com", "twitter.com/abcde"}},
	{"Cyrillic path", "Go to http://twitter.com/Русские_слова", []string{"http://twitter.com/Русские_слова"}},
	{"label over 63", "http://exampleこれは日本語です.com/path/index.html http://" + rep("あ", 64) + ".com/path/index.html",
		[]string{"http://exampleこれは日本語です.com/path/index.html"}},
	{"invalid punycode", "Hello http://xn--はじめよう.com/index.html", nil},
	{"underscore in domain", "text http://domain-dash_2314352345_dfasd.foo-cow_4352.com", nil},
	{"co and tv short domains", "MLB.tv vine.co twitch.tv t.co", []string{"MLB.tv", "vine.co", "twitch.tv", "t.co"}},
	{"underscore in subdomain", "test http://sub_domain-dash.twitter.com", []string{"http://sub_domain-dash.twitter.com"}},
	{"minimal", "test http://a.b.cd", []string{"http://a.b.cd"}},
	{"accented bare domain", "test ELPAÍS.com", []string{"ELPAÍS.com"}},
	{"period after path", "test http://twitter.com/.", []string{"http://twitter.com/"}},
	{"many trailing periods", "Test http://example.com/path" + rep(".", 40), []string{"http://example.com/path"}},
	{"many trailing commas", "Test http://example.com/" + rep(",", 40), []string{"http://example.com/"}},
	{"in hashtag or mention", "#test.com @test.com #http://test.com @http://test.com #t.co/abcde @t.co/abcde", nil},
	{"lines", "http://twitter.com\nhttp://example.com\nhttp://example.com/path\nexample.com/path\nit.so\nit.so/abcde",
		[]string{"http://twitter.com", "http://example.com", "http://example.com/path", "example.com/path", "it.so/abcde"}},
	{"after $", "$http://twitter.com $twitter.com $http://t.co/abcde $t.co/abcde $t.co $TVI.CA $RBS.CA", nil},
	{"file names", "long.test.tar.bz2 test.tar.bz2 tar.bz2", nil},
	{"e-mail with gTLD", "john.doe.gov@mail.com", nil},
	{"e-mail with ccTLD", "john.doe.jp@mail.com", nil},
	{"IDN TLDs", "test http://foobar.みんな/ http://foobar.中国/ http://foobar.پاکستان/ ",
		[]string{"http://foobar.みんな/", "http://foobar.中国/", "http://foobar.پاکستان/"}},
	{"ours: localhost and IPs are not links", "http://localhost:8080/ http://127.0.0.1/x", nil},
	{"ours: upper-case scheme", "HTTPS://WWW.EXAMPLE.COM/index.html", []string{"HTTPS://WWW.EXAMPLE.COM/index.html"}},
	{"ours: too long", "https://example.com/" + rep("a", 4096), nil},
}

func TestFindLinksX(t *testing.T) {
	for _, tc := range xLinkCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, linkTexts(tc.text, xLinks))
		})
	}
}

// mastodonLinkCases: Mastodon needs a scheme (extract_url_without_protocol: false) and
// accepts more schemes and path characters (its config/initializers/twitter_regex.rb).
var mastodonLinkCases = []linkCase{
	{"bare domain", "example.com", nil},
	{"https", "see https://example.com/a.", []string{"https://example.com/a"}},
	{"gemini", "gemini://example.org/x", []string{"gemini://example.org/x"}},
	{"unicode path", "https://example.com/日本語/ok", []string{"https://example.com/日本語/ok"}},
	{"unknown scheme", "ftp://example.com/x", nil},
}

func TestFindLinksMastodon(t *testing.T) {
	for _, tc := range mastodonLinkCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, linkTexts(tc.text, mastodonLinks))
		})
	}
}

func linkTexts(s string, st linkStyle) []string {
	var out []string
	for _, l := range findLinks(s, st) {
		out = append(out, s[l.start:l.end])
	}
	return out
}
