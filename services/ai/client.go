// Package ai is the composer's writing assistant: captions per network, hashtags and
// feedback on a draft, from any OpenAI-compatible chat endpoint through
// github.com/sashabaranov/go-openai.
//
// Any server that speaks /v1/models and /v1/chat/completions works with its base URL as
// given: OpenAI (https://api.openai.com/v1), OpenRouter (https://openrouter.ai/api/v1),
// Ollama (http://localhost:11434/v1), LM Studio (http://localhost:1234/v1) and the
// llama.cpp server (http://localhost:8080/v1). Azure OpenAI's deployment paths
// (/openai/deployments/NAME/...?api-version=) are out of scope.
//
// Nothing is sent unless a method is called: the package starts no goroutine and makes
// no background call. Each call asks Meter.Allow first and reports its tokens to
// Meter.Record afterwards. Prompts are text/template files under prompts/, their rendered
// output golden-tested in testdata/prompts.
package ai

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// DefaultBaseURL is OpenAI's endpoint, used when Config.BaseURL is empty.
const DefaultBaseURL = "https://api.openai.com/v1"

// Config says which endpoint, model and key to use.
type Config struct {
	BaseURL string // e.g. "http://localhost:11434/v1"; DefaultBaseURL when empty
	Model   string // e.g. "gpt-4o-mini", "llama3.2"
	APIKey  string // may be empty for local servers
	// Timeout bounds each request to the endpoint, its retries included; 0: only the
	// caller's context does.
	Timeout    time.Duration
	HTTPClient *http.Client // nil: a plain http.Client
}

// LogValue keeps the API key out of logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.BaseURL), slog.String("model", c.Model),
		slog.Bool("has_key", c.APIKey != ""), slog.Duration("timeout", c.Timeout))
}

// Usage is the tokens one request consumed, as the endpoint reported them (or, when it
// reported none, estimated at four characters a token).
type Usage struct {
	Feature          string // one of the Feature constants
	Model            string
	PromptTokens     int
	CompletionTokens int
}

// Features a Usage is recorded under.
const (
	FeatureCaptions = "captions"
	FeatureShorten  = "captions_shorten" // the follow-up for a caption over its limit
	FeatureHashtags = "hashtags"
	FeatureFeedback = "feedback"
)

// Meter counts and caps AI spending (the app stores it in ai_usage). Allow is asked
// before every request; its error stops the call. Record is told after every request
// that got an answer, even one the app could not use.
type Meter interface {
	Allow(ctx context.Context) error
	Record(ctx context.Context, u Usage) error
}

// Client calls one endpoint with one model. It is safe for concurrent use.
type Client struct {
	cfg   Config
	api   *openai.Client
	meter Meter
	log   *slog.Logger

	// sleep waits between tries and jitter randomises a backoff; tests replace both.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(d time.Duration) time.Duration

	// The endpoint refused response_format or stream_options once: stop sending it.
	noJSONMode    atomic.Bool
	noStreamUsage atomic.Bool
}

// New returns a client for cfg. m may be nil: nothing is recorded and nothing capped.
func New(cfg Config, m Meter) *Client {
	cfg.BaseURL = strings.TrimRight(cmp.Or(strings.TrimSpace(cfg.BaseURL), DefaultBaseURL), "/")
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = cfg.BaseURL
	oc.HTTPClient = headerDoer{hc: hc}
	return &Client{
		cfg: cfg, api: openai.NewClientWithConfig(oc), meter: m,
		log:   slog.Default().With("component", "ai"),
		sleep: sleepCtx, jitter: randomJitter,
	}
}

// Models lists the ids of the models the endpoint offers, sorted.
func (c *Client) Models(ctx context.Context) ([]string, error) {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	var list openai.ModelsList
	err := c.retry(ctx, func(ctx context.Context) error {
		var err error
		list, err = c.api.ListModels(ctx)
		return err
	})
	if err != nil {
		return nil, c.fail(ctx, "models", err)
	}
	ids := make([]string, 0, len(list.Models))
	for _, m := range list.Models {
		ids = append(ids, m.ID)
	}
	slices.Sort(ids)
	return ids, nil
}

// Test checks the settings: the endpoint answers, accepts the key and offers the
// configured model. Its error's Message explains the failure in a sentence.
func (c *Client) Test(ctx context.Context) error {
	if strings.TrimSpace(c.cfg.Model) == "" {
		return &Error{Kind: ErrModelNotFound, Message: "No AI model is set; enter the name of one the endpoint offers."}
	}
	ids, err := c.Models(ctx)
	if err != nil {
		return err
	}
	if hasModel(ids, c.cfg.Model) {
		return nil
	}
	if len(ids) == 0 {
		return &Error{Kind: ErrModelNotFound, Message: fmt.Sprintf(
			"The endpoint offers no model, so %s cannot be used; load or pull one first.", c.cfg.Model)}
	}
	return &Error{Kind: ErrModelNotFound, Message: fmt.Sprintf(
		"The endpoint has no model named %s; it offers: %s.", c.cfg.Model, listSome(ids, 12))}
}

// hasModel matches Ollama's implicit ":latest" tag too: "llama3.2" is "llama3.2:latest".
func hasModel(ids []string, model string) bool {
	return slices.Contains(ids, model) || slices.Contains(ids, model+":latest")
}

// listSome joins the first n ids and says how many more there are.
func listSome(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:n], ", "), len(ids)-n)
}

// withTimeout applies Config.Timeout to ctx.
func (c *Client) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.cfg.Timeout > 0 {
		return context.WithTimeout(ctx, c.cfg.Timeout)
	}
	return context.WithCancel(ctx)
}

// fail classifies err (the context's own error first: a cancelled stream reports a read
// error) and logs it.
func (c *Client) fail(ctx context.Context, op string, err error) *Error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = ctxErr
	}
	e := c.classify(err)
	if e.Kind != ErrCanceled {
		c.log.Warn("ai: call failed", "op", op, "kind", e.Kind, "status", e.Status, "err", e.Message)
	}
	return e
}
