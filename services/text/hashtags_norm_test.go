package text

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

var normalizeCases = []struct {
	name string
	p    model.Platform
	in   []string
	want []string
}{
	{"adds the sign", model.Instagram, []string{"travel", "#food"}, []string{"#travel", "#food"}},
	{"one sign only", model.Instagram, []string{"##travel", "＃food", "# beach"}, []string{"#travel", "#food", "#beach"}},
	{"spaces and punctuation go", model.Instagram, []string{"summer vibes!", "rock'n'roll", "e-mail", "a.b,c"},
		[]string{"#summervibes", "#rocknroll", "#email", "#abc"}},
	{"underscore and digits stay", model.Instagram, []string{"#web_dev", "#1st"}, []string{"#web_dev", "#1st"}},
	{"unicode letters stay", model.Instagram, []string{"#café", "mañana", "#日本語", "#트위터"},
		[]string{"#café", "#mañana", "#日本語", "#트위터"}},
	{"decomposed accents composed", model.Instagram, []string{"cafe\u0301", "cafe-\u0301"}, []string{"#café"}},
	{"empty dropped", model.Instagram, []string{"", "#", "  ", "!!!", "🎉", "travel"}, []string{"#travel"}},
	{"all digits dropped", model.Instagram, []string{"#2024", "2024a"}, []string{"#2024a"}},
	{"case-insensitive repeats keep the first spelling", model.Instagram,
		[]string{"#Paris", "#paris", "PARIS", "#Café", "#CAFÉ", "#Straße", "#STRASSE"},
		[]string{"#Paris", "#Café", "#Straße"}},
	{"order kept", model.X, []string{"zeta", "alpha", "mu"}, []string{"#zeta", "#alpha", "#mu"}},
	{"nil in", model.X, nil, []string{}},
}

func TestNormalizeHashtags(t *testing.T) {
	for _, tc := range normalizeCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, NormalizeHashtags(tc.in, tc.p))
		})
	}
}

func TestNormalizeHashtagsCaps(t *testing.T) {
	var many []string
	for i := range 40 {
		many = append(many, fmt.Sprintf("tag%d", i))
	}
	for _, tc := range []struct {
		p    model.Platform
		want int
	}{
		{model.Instagram, 30}, {model.YouTube, 15}, {model.X, 5}, {model.LinkedIn, 5}, {model.TikTok, 5},
		{model.Facebook, 5}, {model.Mastodon, 5}, {model.Bluesky, 5}, {"myspace", 10},
	} {
		t.Run(string(tc.p), func(t *testing.T) {
			assert.Equal(t, tc.want, HashtagCap(tc.p))
			got := NormalizeHashtags(many, tc.p)
			require.Len(t, got, tc.want)
			assert.Equal(t, "#tag0", got[0], "the best ranked come first")
			assert.Equal(t, fmt.Sprintf("#tag%d", tc.want-1), got[len(got)-1])
		})
	}
}

// TestNormalizeHashtagsCapAfterDedupe checks that dropped repeats do not use up the cap.
func TestNormalizeHashtagsCapAfterDedupe(t *testing.T) {
	in := []string{"a1", "A1", "a1", "", "b1", "c1", "d1", "e1", "f1"}
	assert.Equal(t, []string{"#a1", "#b1", "#c1", "#d1", "#e1"}, NormalizeHashtags(in, model.X))
}

// FuzzNormalizeHashtags checks that normalising never panics, is idempotent, respects the
// cap and gives tags that Hashtags reads back whole.
func FuzzNormalizeHashtags(f *testing.F) {
	for _, tc := range normalizeCases {
		f.Add(strings.Join(tc.in, "\x00"))
	}
	for _, s := range seeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		in := strings.Split(joined, "\x00")
		in = append(in, strings.Fields(joined)...)
		for _, p := range []model.Platform{model.Instagram, model.X, "myspace"} {
			once := NormalizeHashtags(in, p)
			require.LessOrEqual(t, len(once), HashtagCap(p))
			require.Equal(t, once, NormalizeHashtags(once, p), "not idempotent for %q", in)
			for _, tag := range once {
				require.Equal(t, []string{tag[1:]}, Hashtags(tag), "%q is not one whole hashtag", tag)
			}
		}
	})
}
