package ai

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"webox-social/services/model"
)

// maxRewrites is how many rewrites Feedback returns at most.
const maxRewrites = 3

// Feedback is the model's review of a draft.
type Feedback struct {
	Summary  string   // what works and what to improve, a few sentences
	Rewrites []string // up to 3 complete rewrites, ready to publish
}

// Feedback asks the model to review content for the given networks (may be empty) and
// to propose rewrites. It complements the local analysis, which needs no model.
func (c *Client) Feedback(ctx context.Context, content string, networks []model.Platform) (Feedback, error) {
	content = strings.TrimSpace(content)
	if content == "" {
		return Feedback{}, fmt.Errorf("ai: feedback: the post is empty: %w", model.ErrInvalid)
	}
	var nets []model.Platform
	for _, p := range networks {
		if !slices.Contains(nets, p) {
			nets = append(nets, p)
		}
	}
	pr, err := render(promptFeedback, feedbackPrompt{Content: content, Networks: networksOf(nets)})
	if err != nil {
		return Feedback{}, err
	}
	raw, err := c.complete(ctx, call{feature: FeatureFeedback, prompt: pr})
	if err != nil {
		return Feedback{}, err
	}
	fb := feedbackIn(raw)
	if fb.Summary == "" && len(fb.Rewrites) == 0 {
		return Feedback{}, badAnswer("The model's review was not the JSON that was asked for: %s", excerpt(raw))
	}
	return fb, nil
}

// feedbackIn reads {"summary": "...", "rewrites": [...]}, tolerating near names.
func feedbackIn(raw string) Feedback {
	v, ok := decodeAnswer(raw)
	obj, isObj := v.(map[string]any)
	if !ok || !isObj {
		return Feedback{}
	}
	var fb Feedback
	if s, found := field(obj, "summary", "feedback", "review"); found {
		fb.Summary = strings.Join(textsOf(s), " ")
	}
	if r, found := field(obj, "rewrites", "suggestions", "rewrite"); found {
		fb.Rewrites = dedupe(textsOf(r))
	}
	fb.Rewrites = fb.Rewrites[:min(len(fb.Rewrites), maxRewrites)]
	return fb
}

// feedbackPrompt is the data of feedback_*.tmpl.
type feedbackPrompt struct {
	Content  string
	Networks []network
}
