package ai

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/text"
)

var update = flag.Bool("update", false, "rewrite testdata/prompts/*.golden from the templates")

// TestPromptsMatchGoldenFiles renders every prompt; a change to a template shows up as a
// diff to review. Run with -update to accept it.
func TestPromptsMatchGoldenFiles(t *testing.T) {
	long := "Launch day is here, and this post goes on for far too long…"
	cases := []struct {
		name, feature string
		data          any
	}{
		{"captions_fr_x_linkedin_instagram", promptCaptions, captionData(CaptionRequest{
			Topic: "Ouverture de notre boulangerie à Lyon samedi", Tone: "chaleureux", Language: "fr",
			Length: "court", Networks: []model.Platform{model.X, model.LinkedIn, model.Instagram}, Alternatives: 2})},
		{"captions_en_all_networks", promptCaptions, captionData(CaptionRequest{
			Topic: "Our app now works offline", Networks: model.Platforms, Alternatives: 3})},
		{"captions_one_alternative", promptCaptions, captionData(CaptionRequest{
			Topic: "Webinar on Thursday", Language: "en", Networks: []model.Platform{model.Bluesky}, Alternatives: 1})},
		{"shorten_x", promptShorten, shortenData{Network: networkOf(model.X), Target: 252, Text: long,
			Problems: []string{"X allows 280 characters (links count as 23, emoji and CJK characters as 2); this post has 354."}}},
		{"hashtags_instagram", promptHashtags, hashtagsPrompt{Content: "Notre pain au levain sort du four.",
			Network: networkOf(model.Instagram), Count: 10}},
		{"feedback_x_mastodon", promptFeedback, feedbackPrompt{Content: "We launch tomorrow!",
			Networks: networksOf([]model.Platform{model.X, model.Mastodon})}},
		{"feedback_no_network", promptFeedback, feedbackPrompt{Content: "We launch tomorrow!"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := render(tc.feature, tc.data)
			require.NoError(t, err)
			got := "### system\n" + p.System + "\n\n### user\n" + p.User + "\n"
			path := filepath.Join("testdata", "prompts", tc.name+".golden")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./services/ai -run Golden -update")
			assert.Equal(t, string(want), got)
		})
	}
}

// TestEveryNetworkHasGuidance: a network added to model.Platforms without a line in
// networks.tmpl would get only its bare limit.
func TestEveryNetworkHasGuidance(t *testing.T) {
	for _, p := range model.Platforms {
		var b strings.Builder
		require.NoError(t, templates.ExecuteTemplate(&b, "guide", networkOf(p)))
		c := text.Measure(p, "", text.Options{})
		assert.NotEqual(t, fmt.Sprintf("at most %d %s.", c.Limit, c.Unit), b.String(), p)
	}
}

func TestLanguageName(t *testing.T) {
	assert.Equal(t, "French", languageName("FR"))
	assert.Equal(t, "English", languageName(""))
	assert.Equal(t, "de", languageName("de"))
}
