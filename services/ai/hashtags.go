package ai

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"webox-social/services/model"
	"webox-social/services/text"
)

// Hashtag counts: the default when count is 0, and the most asked for (Instagram's cap).
const (
	DefaultHashtags = 10
	MaxHashtags     = 30
)

// Hashtags asks the model for count hashtags for content on p (0 is DefaultHashtags; at
// most text.HashtagCap(p)), ranked from most to least relevant, a mix of broad and niche
// ones. They come back normalised by text.NormalizeHashtags: "#" prefix, no spaces or
// punctuation, no duplicates, within the network's cap.
func (c *Client) Hashtags(ctx context.Context, content string, p model.Platform, count int) ([]string, error) {
	if strings.TrimSpace(content) == "" {
		return nil, fmt.Errorf("ai: hashtags: the post is empty: %w", model.ErrInvalid)
	}
	if count <= 0 {
		count = DefaultHashtags
	}
	count = min(count, MaxHashtags, text.HashtagCap(p)) // no point paying for tags the cap drops
	pr, err := render(promptHashtags, hashtagsPrompt{Content: strings.TrimSpace(content), Network: networkOf(p), Count: count})
	if err != nil {
		return nil, err
	}
	raw, err := c.complete(ctx, call{feature: FeatureHashtags, prompt: pr})
	if err != nil {
		return nil, err
	}
	tags := text.NormalizeHashtags(hashtagsIn(raw), p)
	if len(tags) == 0 {
		return nil, badAnswer("The model suggested no usable hashtag: %s", excerpt(raw))
	}
	return tags[:min(len(tags), count)], nil
}

// hashtagsIn reads {"hashtags": [...]}, a bare list, or, when the answer is not JSON, the
// words of the answer that start with "#".
func hashtagsIn(raw string) []string {
	v, ok := decodeAnswer(raw)
	if !ok {
		return hashWords(raw)
	}
	if obj, isObj := v.(map[string]any); isObj {
		if list, found := field(obj, "hashtags", "tags"); found {
			v = list
		}
	}
	var out []string
	for _, t := range textsOf(v) {
		if strings.Count(t, "#") > 1 {
			out = append(out, hashWords(t)...) // "#a #b #c" in one string
		} else {
			out = append(out, t)
		}
	}
	return out
}

// hashWords returns the words of s that start with "#".
func hashWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' }) {
		if strings.HasPrefix(w, "#") {
			out = append(out, w)
		}
	}
	return out
}

// hashtagsPrompt is the data of hashtags_*.tmpl.
type hashtagsPrompt struct {
	Content string
	Network network
	Count   int
}
