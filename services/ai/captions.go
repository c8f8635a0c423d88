package ai

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"webox-social/services/model"
	"webox-social/services/text"
)

// Alternatives per network: the default and the most a request may ask for.
const (
	DefaultAlternatives = 2
	MaxAlternatives     = 3
)

// CaptionRequest is what the composer's "Write with AI" form asks for.
type CaptionRequest struct {
	Topic    string
	Tone     string // free words: "friendly", "professional"…; empty: the model's choice
	Language string // "fr" or "en"; empty is English; another code is passed on as is
	Length   string // optional: "short", "about 100 words"…; always within each network's limit
	Networks []model.Platform
	// Alternatives is how many texts to offer per network: 0 is DefaultAlternatives, at
	// most MaxAlternatives.
	Alternatives int
}

// CaptionResult holds, per network, up to Alternatives texts that pass services/text's
// Validate for that network.
type CaptionResult struct {
	Variants map[model.Platform][]string
}

// Captions writes the captions in one streamed request; onDelta (may be nil) receives the
// raw text as it arrives, for a progress view, on the caller's goroutine. A text over its network's limit gets one
// follow-up request to shorten it and is dropped if still over: a text is never cut.
// When a network is left with no text, the error is an ErrBadAnswer Error saying so; on
// any error the result still holds the networks already checked.
func (c *Client) Captions(ctx context.Context, r CaptionRequest, onDelta func(string)) (CaptionResult, error) {
	res := CaptionResult{Variants: map[model.Platform][]string{}}
	r, err := r.normalized()
	if err != nil {
		return res, err
	}
	pr, err := render(promptCaptions, captionData(r))
	if err != nil {
		return res, err
	}
	raw, err := c.complete(ctx, call{feature: FeatureCaptions, prompt: pr, stream: true, onDelta: onDelta})
	if err != nil {
		return res, err
	}
	v, ok := decodeAnswer(raw)
	if !ok {
		return res, badAnswer("The model's answer was not the JSON that was asked for: %s", excerpt(raw))
	}
	return c.checkVariants(ctx, r, parseVariants(v, r.Networks), res)
}

// checkVariants keeps, per network, the texts that pass Validate (shortening the others
// once) and says which networks were left with none.
func (c *Client) checkVariants(ctx context.Context, r CaptionRequest, found map[model.Platform][]string,
	res CaptionResult) (CaptionResult, error) {
	var reasons []string
	for _, p := range r.Networks {
		texts, reason, err := c.fit(ctx, p, dedupe(found[p]), r.Alternatives)
		if len(texts) > 0 {
			res.Variants[p] = texts
		}
		if err != nil {
			return res, err
		}
		if len(texts) == 0 {
			reasons = append(reasons, reason)
		}
	}
	if len(reasons) > 0 {
		return res, badAnswer("%s Try again, or change the topic or the length", strings.Join(reasons, " "))
	}
	return res, nil
}

// fit returns up to n of texts that p accepts, shortening each text over a limit once.
// reason says why none is left, when none is.
func (c *Client) fit(ctx context.Context, p model.Platform, texts []string, n int) ([]string, string, error) {
	if len(texts) == 0 {
		return nil, fmt.Sprintf("The model wrote no %s caption.", p.Title()), nil
	}
	var out []string
	reason := fmt.Sprintf("The model's %s captions were empty.", p.Title())
	for _, t := range texts {
		if len(out) == n {
			break
		}
		problems := text.Validate(p, t, text.Options{})
		if len(problems) == 0 {
			out = append(out, t)
			continue
		}
		if text.IsBlank(t) {
			continue
		}
		short, still, err := c.shorten(ctx, p, t, problems)
		if err != nil {
			return out, "", err
		}
		if len(still) == 0 {
			out = append(out, short)
			continue
		}
		reason = fmt.Sprintf("The model's %s captions stayed too long after one shortening: %s",
			p.Title(), still[0].Message)
	}
	return out, reason, nil
}

// shorten asks once for a version of t that p accepts. It returns the new text, and the
// problems it still has (nil when it passes). An unusable answer is a text that fails,
// not an error: only a failed call is.
func (c *Client) shorten(ctx context.Context, p model.Platform, t string, problems []text.Problem) (string, []text.Problem, error) {
	net := networkOf(p)
	data := shortenData{Network: net, Target: net.Limit * 9 / 10, Text: t}
	for _, pr := range problems {
		data.Problems = append(data.Problems, pr.Message)
	}
	pr, err := render(promptShorten, data)
	if err != nil {
		return "", nil, err
	}
	raw, err := c.complete(ctx, call{feature: FeatureShorten, prompt: pr})
	var e *Error
	if err != nil && !(errors.As(err, &e) && e.Kind == ErrBadAnswer) {
		return "", nil, err
	}
	short := shortenedText(raw)
	if short == "" {
		return "", problems, nil
	}
	return short, text.Validate(p, short, text.Options{}), nil
}

// shortenedText reads {"text": "..."}, or takes the answer as the text when it is not JSON.
func shortenedText(raw string) string {
	if v, ok := decodeAnswer(raw); ok {
		if texts := textsOf(v); len(texts) > 0 {
			return texts[0]
		}
		return ""
	}
	return strings.Trim(strings.TrimSpace(stripFence(thinking.ReplaceAllString(raw, ""))), `"`)
}

// normalized checks r and fills its defaults.
func (r CaptionRequest) normalized() (CaptionRequest, error) {
	r.Topic = strings.TrimSpace(r.Topic)
	if r.Topic == "" {
		return r, fmt.Errorf("ai: captions: the topic is empty: %w", model.ErrInvalid)
	}
	var nets []model.Platform
	for _, p := range r.Networks {
		if !slices.Contains(model.Platforms, p) {
			return r, fmt.Errorf("ai: captions: unknown network %q: %w", p, model.ErrInvalid)
		}
		if !slices.Contains(nets, p) {
			nets = append(nets, p)
		}
	}
	if len(nets) == 0 {
		return r, fmt.Errorf("ai: captions: no network selected: %w", model.ErrInvalid)
	}
	r.Networks = nets
	if r.Alternatives <= 0 {
		r.Alternatives = DefaultAlternatives
	}
	r.Alternatives = min(r.Alternatives, MaxAlternatives)
	return r, nil
}

// dedupe drops repeated texts, keeping the first.
func dedupe(texts []string) []string {
	var out []string
	for _, t := range texts {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// captionsPrompt is the data of captions_*.tmpl.
type captionsPrompt struct {
	Topic, Tone, Length, LanguageName string
	Alternatives                      int
	Networks                          []network
	Example                           string // the JSON shape to answer with
}

func captionData(r CaptionRequest) captionsPrompt {
	return captionsPrompt{Topic: r.Topic, Tone: strings.TrimSpace(r.Tone), Length: strings.TrimSpace(r.Length),
		LanguageName: languageName(r.Language), Alternatives: r.Alternatives,
		Networks: networksOf(r.Networks), Example: variantsExample(r.Networks, r.Alternatives)}
}

// variantsExample is the JSON shape the model answers with, networks in the asked order:
// {"variants": {"twitter": ["...", "..."], "linkedin": ["...", "..."]}}.
func variantsExample(nets []model.Platform, n int) string {
	slots := strings.TrimSuffix(strings.Repeat(`"...", `, n), ", ")
	keys := make([]string, len(nets))
	for i, p := range nets {
		keys[i] = fmt.Sprintf("%q: [%s]", p, slots)
	}
	return `{"variants": {` + strings.Join(keys, ", ") + `}}`
}

// shortenData is the data of shorten_*.tmpl.
type shortenData struct {
	Network  network
	Target   int
	Text     string
	Problems []string
}
