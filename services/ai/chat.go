package ai

import (
	"context"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// call is one chat request a feature makes.
type call struct {
	feature string
	prompt  prompt
	stream  bool
	onDelta func(string) // streamed text as it arrives; may be nil
}

// answer is what came back: the text and the usage the endpoint reported, if any.
type answer struct {
	text     strings.Builder
	usage    openai.Usage
	hasUsage bool
}

// complete asks the model and returns its whole text: Meter.Allow first, retries, then
// Meter.Record with the tokens of whatever answer arrived.
func (c *Client) complete(ctx context.Context, k call) (string, error) {
	if err := c.allow(ctx); err != nil {
		return "", err
	}
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	var ans *answer
	op := func(ctx context.Context) error {
		ans = &answer{}
		return c.attempt(ctx, k, ans)
	}
	err := c.retry(ctx, op)
	if err != nil && c.dropRefusedOption(err) {
		err = c.retry(ctx, op)
	}
	c.record(ctx, k, ans)
	if err != nil {
		return ans.text.String(), c.fail(ctx, k.feature, err)
	}
	return ans.text.String(), nil
}

// attempt is one try: streamed or not.
func (c *Client) attempt(ctx context.Context, k call, ans *answer) error {
	req := c.request(k)
	if !k.stream {
		resp, err := c.api.CreateChatCompletion(ctx, req)
		if err != nil {
			return err
		}
		if len(resp.Choices) > 0 {
			ans.text.WriteString(resp.Choices[0].Message.Content)
		}
		ans.usage, ans.hasUsage = resp.Usage, resp.Usage.PromptTokens+resp.Usage.CompletionTokens > 0
		return nil
	}
	return c.readStream(ctx, req, k.onDelta, ans)
}

// request builds the chat request: JSON mode and streamed usage unless the endpoint
// refused them before.
func (c *Client) request(k call) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model: c.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: k.prompt.System},
			{Role: openai.ChatMessageRoleUser, Content: k.prompt.User},
		},
		Stream: k.stream,
	}
	if !c.noJSONMode.Load() {
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	if k.stream && !c.noStreamUsage.Load() {
		req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	}
	return req
}

// readStream reads the SSE answer, passing each piece of text to onDelta.
func (c *Client) readStream(ctx context.Context, req openai.ChatCompletionRequest, onDelta func(string), ans *answer) error {
	s, err := c.api.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return err
	}
	defer s.Close()
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil && ans.text.Len() > 0 {
			return permanent{err}
		}
		if err != nil {
			return err
		}
		if chunk.Usage != nil {
			ans.usage, ans.hasUsage = *chunk.Usage, true
		}
		for _, ch := range chunk.Choices {
			if ch.Index == 0 && ch.Delta.Content != "" {
				ans.text.WriteString(ch.Delta.Content)
				if onDelta != nil {
					onDelta(ch.Delta.Content)
				}
			}
		}
	}
}

// dropRefusedOption handles a 400 that names response_format or stream_options (LM Studio
// and older llama.cpp servers refuse them): it stops sending the option and reports
// whether the request is worth trying again. The prompts ask for JSON anyway.
func (c *Client) dropRefusedOption(err error) bool {
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 400 {
		return false
	}
	words := strings.ToLower(apiErr.Message)
	if apiErr.Param != nil {
		words += " " + strings.ToLower(*apiErr.Param)
	}
	switch {
	case strings.Contains(words, "response_format") && !c.noJSONMode.Load():
		c.noJSONMode.Store(true)
	case strings.Contains(words, "stream_options") && !c.noStreamUsage.Load():
		c.noStreamUsage.Store(true)
	default:
		return false
	}
	c.log.Info("ai: the endpoint refused an option; sending without it", "err", c.redact(apiErr.Message))
	return true
}

// allow asks the meter; its refusal becomes an ErrBudget Error with the meter's sentence.
func (c *Client) allow(ctx context.Context) error {
	if c.meter == nil {
		return nil
	}
	if err := c.meter.Allow(ctx); err != nil {
		return &Error{Kind: ErrBudget, Message: sentence(Sentence(err)), Err: err}
	}
	return nil
}

// record reports the tokens of an answer that arrived (even an unusable one) to the meter.
func (c *Client) record(ctx context.Context, k call, ans *answer) {
	if c.meter == nil || ans == nil || (ans.text.Len() == 0 && !ans.hasUsage) {
		return
	}
	u := Usage{Feature: k.feature, Model: c.cfg.Model,
		PromptTokens: ans.usage.PromptTokens, CompletionTokens: ans.usage.CompletionTokens}
	if !ans.hasUsage {
		// The endpoint sent no usage (some local servers never do, even when asked):
		// estimate at four characters a token, the usual rule of thumb for English.
		u.PromptTokens = estimateTokens(k.prompt.System) + estimateTokens(k.prompt.User)
		u.CompletionTokens = estimateTokens(ans.text.String())
	}
	// The answer has arrived: record it even if the caller has cancelled since.
	if err := c.meter.Record(context.WithoutCancel(ctx), u); err != nil {
		c.log.Warn("ai: recording usage failed", "feature", u.Feature, "err", err)
	}
}

// estimateTokens is characters/4, rounded up.
func estimateTokens(s string) int {
	return (utf8.RuneCountInString(s) + 3) / 4
}
