package analytics

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/mediainfo"
	"webox-social/services/model"
)

var (
	jpeg = mediainfo.Info{Mime: "image/jpeg", Size: 200_000, Width: 1080, Height: 1080}
	mp4  = mediainfo.Info{Mime: "video/mp4", Size: 5_000_000, Width: 1080, Height: 1920, DurationMS: 20_000}
)

func tags(n int, prefix string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(" " + prefix + "tag" + string(rune('a'+i%26)) + strings.Repeat("x", i/26))
	}
	return b.String()
}

var analyzeCases = []struct {
	name     string
	content  string
	networks []model.Platform
	media    []mediainfo.Info
	want     []Finding // each must be in the report
	wantNot  []string  // no finding's message may contain these
}{
	{name: "X over its weighted limit", content: strings.Repeat("a", 300) + " 🎉", networks: []model.Platform{model.X},
		want: []Finding{{model.X, LevelProblem, "X: 303/280 weighted characters — 23 over."}}},
	{name: "within limits, with thousands separators", content: "Hello there", networks: []model.Platform{model.Instagram, model.Bluesky},
		media: []mediainfo.Info{jpeg}, want: []Finding{
			{model.Instagram, LevelOK, "Instagram: 11/2,200 characters — 2,189 left."},
			{model.Bluesky, LevelOK, "Bluesky: 11/300 graphemes — 289 left."},
			{model.Bluesky, LevelOK, "Bluesky: 11/3,000 bytes — 2,989 left."},
		}},
	{name: "YouTube measures the description", content: "Été", networks: []model.Platform{model.YouTube}, media: []mediainfo.Info{mp4},
		want: []Finding{{model.YouTube, LevelOK, "YouTube: 5/5,000 bytes in the description — 4,995 left."}}},
	{name: "forbidden character", content: "hi \u202e", networks: []model.Platform{model.X},
		want: []Finding{{model.X, LevelProblem, "X does not allow the invisible character U+202E in a post."}}},
	{name: "blank", content: " \n ", networks: []model.Platform{model.Mastodon},
		want:    []Finding{{"", LevelWarn, "The post has no text."}, {"", LevelOK, "No hashtags."}},
		wantNot: []string{"Call to action", "Readability"}},
	{name: "hashtags listed and repeats", content: "Trip #Paris #food #paris", networks: nil, want: []Finding{
		{"", LevelOK, "3 hashtags: #Paris, #food, #paris."},
		{"", LevelWarn, "#Paris is used 2 times; once is enough."},
	}},
	{name: "Instagram hashtag limit", content: "Look" + tags(31, "#"), networks: []model.Platform{model.Instagram}, media: []mediainfo.Info{jpeg},
		want: []Finding{{model.Instagram, LevelProblem, "Instagram: 31/30 hashtags — 1 over."}}},
	{name: "hashtag advice elsewhere", content: "Look" + tags(16, "#"), networks: []model.Platform{model.X, model.YouTube, model.Instagram},
		want: []Finding{
			{model.X, LevelWarn, "X: 16 hashtags — more than the 5 recommended; keep the most relevant."},
			{model.YouTube, LevelWarn, "YouTube: 16 hashtags — YouTube ignores every hashtag of a video that has more than 15."},
		}, wantNot: []string{"Instagram: 16"}},
	{name: "mentions", content: "Thanks @alice and @bob@example.social", networks: []model.Platform{model.LinkedIn}, want: []Finding{
		{"", LevelOK, "2 mentions: @alice, @bob@example.social."},
		{model.LinkedIn, LevelWarn, "LinkedIn: @mentions are published as plain text; a LinkedIn mention needs the member's or page's LinkedIn identifier."},
	}},
	{name: "Instagram mention limit", content: "Hi" + tags(21, "@"), networks: []model.Platform{model.Instagram},
		want: []Finding{{model.Instagram, LevelProblem, "Instagram: 21/20 @mentions — 1 over."}}},
	{name: "link on X costs more", content: "Read https://example.com/a and example.org", networks: []model.Platform{model.X},
		want: []Finding{{"", LevelOK, "2 links."}, {model.X, LevelWarn, "X: this post has a link; from 20 April 2026 X charges " +
			"$0.20 for each post with a link published through its API, against $0.015 for a post without one."}}},
	{name: "link without X", content: "Read https://example.com/a", networks: []model.Platform{model.Mastodon},
		want: []Finding{{"", LevelOK, "1 link."}}, wantNot: []string{"$0.20"}},
	{name: "no link", content: "main.py and README.md are files", networks: []model.Platform{model.X}, wantNot: []string{"link"}},
	{name: "emojis", content: "Party 🎉🎉 👍🏽 🇫🇷 👨‍👩‍👧 1️⃣ © ─", want: []Finding{{"", LevelOK, "6 emojis."}}},
	{name: "no emoji", content: "Plain words", want: []Finding{{"", LevelOK, "No emojis."}}},
	{name: "call to action in English", content: "Our new menu is here. Book your table tonight.",
		want: []Finding{{"", LevelOK, "Call to action: “Book”."}}},
	{name: "call to action in French", content: "Notre carte d'été est là : n'hésitez pas, inscrivez-vous !",
		want: []Finding{{"", LevelOK, "Call to action: “hésitez”."}}},
	{name: "no call to action", content: "The weather was lovely on the coast this weekend.",
		want: []Finding{{"", LevelWarn, "No call to action: say what the reader should do next (“book”, “visit”, “réservez”, “découvrez”…)."}}},
	{name: "easy English", content: "The sun is out. We are at the beach. Come and say hi to us.",
		want: []Finding{{"", LevelOK, "Readability (English, Flesch reading ease): 100/100, very easy — 5 words per sentence on average."}}},
	{name: "hard English", content: "The organisational restructuring necessitates comprehensive reconsideration of " +
		"the interdepartmental communication infrastructure and the accompanying documentation requirements.",
		want: []Finding{{"", LevelWarn, "Readability (English, Flesch reading ease): 0/100, very difficult — 16 words per sentence " +
			"on average. Shorter sentences and words would read more easily."}}},
	{name: "French", content: "Le soleil est là. Nous sommes à la plage avec les enfants.",
		want: []Finding{{"", LevelOK, "Readability (French, Kandel–Moles reading ease): 100/100, very easy — 6 words per sentence on average."}}},
	{name: "unknown language", content: "Heute scheint die Sonne über dem Strand",
		want: []Finding{{"", LevelOK, "Readability: 7 words per sentence on average (the language was not recognised as English or French, so there is no score)."}}},
	{name: "media missing", content: "Hello", networks: []model.Platform{model.Instagram, model.TikTok, model.YouTube, model.X},
		want: []Finding{
			{model.Instagram, LevelProblem, "Instagram needs a photo or video; this post has none."},
			{model.TikTok, LevelProblem, "TikTok needs a video or photos; this post has none."},
			{model.YouTube, LevelProblem, "YouTube needs a video; this upload has none."},
		}, wantNot: []string{"X needs"}},
	{name: "media present", content: "Hello", networks: []model.Platform{model.Instagram, model.TikTok}, media: []mediainfo.Info{mp4},
		wantNot: []string{"needs"}},
	{name: "unknown network measured without a limit", content: "Hello", networks: []model.Platform{"myspace"},
		wantNot: []string{"left", "over"}},
}

func TestAnalyze(t *testing.T) {
	for _, tc := range analyzeCases {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.content, tc.networks, tc.media)
			for _, f := range tc.want {
				assert.Contains(t, r.Items, f)
			}
			for _, f := range r.Items {
				for _, bad := range tc.wantNot {
					assert.NotContains(t, f.Message, bad)
				}
				assert.Contains(t, []string{LevelOK, LevelWarn, LevelProblem}, f.Level)
				assert.True(t, strings.HasSuffix(f.Message, "."), "not a sentence: %q", f.Message)
			}
			assert.Equal(t, r, Analyze(tc.content, tc.networks, tc.media), "not deterministic")
		})
	}
}

// TestAnalyzeOrder checks that the whole post's findings come first, then the networks'
// in the order given, each network once.
func TestAnalyzeOrder(t *testing.T) {
	r := Analyze("Hello https://example.com", []model.Platform{model.Instagram, model.X, model.Instagram, ""}, nil)
	var order []model.Platform
	for _, f := range r.Items {
		if len(order) == 0 || order[len(order)-1] != f.Network {
			order = append(order, f.Network)
		}
	}
	// lengths (Instagram, X), then links (X), then media (Instagram)
	assert.Equal(t, []model.Platform{"", model.Instagram, model.X, model.Instagram}, order,
		"whole post first, then each check network by network")
	lengths := 0
	for _, f := range r.Items {
		if strings.HasPrefix(f.Message, "Instagram: ") {
			lengths++
		}
	}
	assert.Equal(t, 1, lengths, "a repeated network is analysed once")
}

func TestReportWorst(t *testing.T) {
	assert.Equal(t, LevelOK, Report{}.Worst())
	assert.Equal(t, LevelWarn, Report{Items: []Finding{{Level: LevelOK}, {Level: LevelWarn}}}.Worst())
	assert.Equal(t, LevelProblem, Report{Items: []Finding{{Level: LevelWarn}, {Level: LevelProblem}, {Level: LevelOK}}}.Worst())
	require.Equal(t, LevelProblem, Analyze("Hello", []model.Platform{model.Instagram}, nil).Worst())
}

func TestSplitWords(t *testing.T) {
	got := splitWords("Summer sale, l'hôtel #Paris inscrivez-vous! Visit example.com/a @bob\nNew line don't")
	var texts []string
	var starts, joined []string
	for _, w := range got {
		texts = append(texts, w.text)
		if w.sentenceStart {
			starts = append(starts, w.text)
		}
		if w.joined {
			joined = append(joined, w.text)
		}
	}
	assert.Equal(t, []string{"Summer", "sale", "l", "hôtel", "inscrivez", "vous", "Visit", "New", "line", "don't"}, texts)
	assert.Equal(t, []string{"Summer", "Visit", "New"}, starts)
	assert.Equal(t, []string{"sale", "hôtel", "vous", "line", "don't"}, joined)
}

func TestSyllables(t *testing.T) {
	for _, tc := range []struct {
		word, lang string
		want       int
	}{
		{"cat", langEN, 1}, {"make", langEN, 1}, {"table", langEN, 2}, {"beautiful", langEN, 3},
		{"readability", langEN, 5}, {"the", langEN, 1}, {"2026", langEN, 1},
		{"belle", langFR, 1}, {"belles", langFR, 1}, {"été", langFR, 2}, {"découvrez", langFR, 3}, {"oiseau", langFR, 2},
	} {
		assert.Equal(t, tc.want, syllables(tc.word, tc.lang), "syllables(%q, %s)", tc.word, tc.lang)
	}
}

func TestGuessLanguage(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"The cat and the dog are in the garden", langEN},
		{"Le chat et le chien sont dans le jardin", langFR},
		{"Paris Berlin Roma", langUnknown},
		{"The chat", langUnknown},
	} {
		assert.Equal(t, tc.want, guessLanguage(splitWords(tc.text)), "guessLanguage(%q)", tc.text)
	}
}

func TestCountLinks(t *testing.T) {
	assert.Equal(t, 0, countLinks(model.X, "no links here, main.py"))
	assert.Equal(t, 2, countLinks(model.X, "https://a.example.com/x and www.example.org"))
	assert.Equal(t, 1, countLinks(model.Mastodon, "https://a.example.com/x and www.example.org"), "Mastodon needs a scheme")
}

// FuzzAnalyze checks that the analysis and the local hashtags never panic, are
// deterministic and keep to their promises on any text.
func FuzzAnalyze(f *testing.F) {
	for _, tc := range analyzeCases {
		f.Add(tc.content)
	}
	for _, tc := range localHashtagCases {
		f.Add(tc.content)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Analyze(s, model.Platforms, nil)
		require.Equal(t, r, Analyze(s, model.Platforms, nil))
		for _, p := range []model.Platform{model.Instagram, model.X} {
			got := LocalHashtags(s, p, 0)
			require.Equal(t, got, LocalHashtags(s, p, 0))
			require.LessOrEqual(t, len(got), 30)
			for _, tag := range got {
				require.True(t, strings.HasPrefix(tag, "#"), tag)
			}
		}
	})
}
