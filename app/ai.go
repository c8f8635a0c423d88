package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"webox-social/services/ai"
	"webox-social/services/model"
)

// The assistant's data, as the views use it (the views import no services but model).
type (
	// CaptionRequest asks for post texts: topic, tone, language ("en", "fr"), an optional
	// length, the networks to write for and how many alternatives per network.
	CaptionRequest = ai.CaptionRequest
	// CaptionResult holds the alternatives written for each network.
	CaptionResult = ai.CaptionResult
	// Feedback is the AI's opinion of a text and its proposed rewrites.
	Feedback = ai.Feedback
)

// HashtagSuggestion is the hashtags proposed for a text, ranked. Local tells that they
// come from the text's own keywords because AI is not set up.
type HashtagSuggestion struct {
	Tags  []string
	Local bool
}

// Assistant limits and defaults.
const (
	// aiTimeout bounds one AI request (a streamed caption included).
	aiTimeout = 90 * time.Second
	// defaultHashtags is how many hashtags are proposed when the caller does not say.
	defaultHashtags = 10
	maxHashtags     = 30
)

// errAINotSetUp is the answer while no AI endpoint is configured.
var errAINotSetUp = invalid("AI is not set up: add an OpenAI-compatible endpoint, a model and a key in Settings.")

// aiClient builds a client from the AI settings, with a meter that records each call in
// ai_usage and enforces the monthly budget. The key comes from OPENAI_API_KEY or the
// keychain, the endpoint from OPENAI_BASE_URL or the settings. AI counts as set up with
// a key, or with an endpoint other than OpenAI's (a local server needs none).
func (a *App) aiClient(ctx context.Context) (*ai.Client, error) {
	s, err := a.AISettings(ctx)
	if err != nil {
		return nil, err
	}
	endpoint := s.Endpoint
	if s.EndpointEnv != "" {
		if msg := endpointProblem(s.EndpointEnv); msg != "" {
			return nil, invalid(EnvAIEndpoint + ": " + msg)
		}
		endpoint = s.EndpointEnv
	}
	key, err := a.aiKey()
	if err != nil {
		return nil, err
	}
	if key == "" && endpoint == DefaultAIEndpoint {
		return nil, errAINotSetUp
	}
	cfg := ai.Config{BaseURL: endpoint, Model: s.Model, APIKey: key, Timeout: aiTimeout}
	return ai.New(cfg, &aiMeter{a: a, budgetUSD: s.BudgetUSD}), nil
}

// aiKey is OPENAI_API_KEY, else the stored key, else "".
func (a *App) aiKey() (string, error) {
	if k := strings.TrimSpace(a.getenv(EnvAIKey)); k != "" {
		return k, nil
	}
	k, err := a.secrets.Get(aiKeySecret)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("read the AI key from the keychain: %w", err)
	}
	return k, nil
}

// aiFailed turns an AI error into one the user can read: the client's sentence (with
// the server's words; the client has logged it) or the budget's; cancellation passes
// through.
func aiFailed(feature string, err error) error {
	var ue *userError
	var ae *ai.Error
	switch {
	case err == nil || errors.Is(err, context.Canceled) || errors.As(err, &ue):
		return err
	case errors.As(err, &ae) && ae.Message != "":
		return invalid(ae.Message)
	}
	return fmt.Errorf("AI %s: %w", feature, err)
}

// TestAI checks the AI settings: the endpoint answers with the key and offers the model.
// Nothing is generated, so nothing is counted.
func (a *App) TestAI(ctx context.Context) error {
	c, err := a.aiClient(ctx)
	if err != nil {
		return err
	}
	return aiFailed("test", c.Test(ctx))
}

// GenerateCaption writes alternatives about req.Topic for each of req.Networks (2 per
// network unless req.Alternatives says, at most 3), each within its network's rules.
// onDelta (may be nil) receives the texts as they are written, readable: the answer's
// JSON is left out. On an error the result still holds the networks already written.
// It is only called on the user's request.
func (a *App) GenerateCaption(ctx context.Context, req CaptionRequest, onDelta func(string)) (CaptionResult, error) {
	req, err := cleanCaptionRequest(req)
	if err != nil {
		return CaptionResult{}, err
	}
	c, err := a.aiClient(ctx)
	if err != nil {
		return CaptionResult{}, err
	}
	var stream func(string)
	if onDelta != nil {
		stream = newTextStream(onDelta).write
	}
	res, err := c.Captions(ctx, req, stream)
	return res, aiFailed("captions", err)
}

// cleanCaptionRequest checks a caption request and fills in its defaults.
func cleanCaptionRequest(req CaptionRequest) (CaptionRequest, error) {
	req.Topic = strings.TrimSpace(req.Topic)
	if req.Topic == "" {
		return req, invalid("Say what the post is about, then try again.")
	}
	req.Networks = uniquePlatforms(req.Networks)
	if len(req.Networks) == 0 {
		return req, invalid("Choose at least one account first: the text is written for its network.")
	}
	return req, nil
}

// uniquePlatforms drops empty and repeated networks, keeping the order.
func uniquePlatforms(ps []model.Platform) []model.Platform {
	var out []model.Platform
	for _, p := range ps {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// SuggestHashtags proposes count hashtags (10 when 0) for content on network p ("" for
// any), ranked and normalised for the network. While AI is not set up, they are picked
// locally from the text's keywords and Local is set.
func (a *App) SuggestHashtags(ctx context.Context, content string, p model.Platform, count int) (HashtagSuggestion, error) {
	if strings.TrimSpace(content) == "" {
		return HashtagSuggestion{}, invalid("Write the text first: the hashtags are chosen for it.")
	}
	if count <= 0 {
		count = defaultHashtags
	}
	count = min(count, maxHashtags)
	c, err := a.aiClient(ctx)
	if errors.Is(err, errAINotSetUp) {
		return HashtagSuggestion{Tags: localHashtags(content, p, count), Local: true}, nil
	}
	if err != nil {
		return HashtagSuggestion{}, err
	}
	tags, err := c.Hashtags(ctx, content, p, count)
	if err != nil {
		return HashtagSuggestion{}, aiFailed("hashtags", err)
	}
	return HashtagSuggestion{Tags: tags}, nil
}

// AIFeedback asks the AI for an opinion of content for the given networks and for
// rewrites. It is only called on the user's request.
func (a *App) AIFeedback(ctx context.Context, content string, networks []model.Platform) (Feedback, error) {
	if strings.TrimSpace(content) == "" {
		return Feedback{}, invalid("Write the text first: the AI gives its opinion of it.")
	}
	c, err := a.aiClient(ctx)
	if err != nil {
		return Feedback{}, err
	}
	fb, err := c.Feedback(ctx, content, uniquePlatforms(networks))
	return fb, aiFailed("feedback", err)
}
