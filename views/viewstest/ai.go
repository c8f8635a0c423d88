package viewstest

import (
	"context"
	"maps"
	"slices"
	"sync"

	"webox-social/app"
	"webox-social/services/model"
)

// AIFake holds the answers and the records of the AI assistant's methods: set its fields
// (through Core.AI) before use. Until Ready, every method that needs a model returns
// AINotSetUp, and SuggestHashtags answers LocalTags marked Local, like the core.
type AIFake struct {
	mu    sync.Mutex
	Ready bool
	// Stream is what GenerateCaption passes to onDelta, piece by piece, before it answers
	// Variants (a copy) and CaptionErr. A cancelled context stops it with the context's
	// error after the pieces streamed so far.
	Stream     []string
	Variants   map[model.Platform][]string
	CaptionErr error
	// Tags are SuggestHashtags' answer once Ready, LocalTags before.
	Tags, LocalTags []string
	// Report is Analyze's answer; Feedback and FeedbackErr AIFeedback's.
	Report      app.Report
	Feedback    app.Feedback
	FeedbackErr error
	// Suggestion and SuggestErr are SuggestTime's answer.
	Suggestion app.TimeSuggestion
	SuggestErr error
	// TestErr is TestAI's answer once Ready; Usage is AIUsageThisMonth's.
	TestErr error
	Usage   app.AIUsage

	CaptionAsks  []app.CaptionRequest
	TagAsks      []TagAsk
	Analyzed     []app.Draft
	FeedbackAsks []string
	SuggestAsks  [][]int64
	Tests        int
}

// TagAsk is one SuggestHashtags call.
type TagAsk struct {
	Text     string
	Platform model.Platform
	Count    int
}

// aiFakes are the AIFake of each Core (fake.go is shared, so the assistant's state lives
// beside it).
var aiFakes sync.Map // *Core → *AIFake

// AI returns the assistant's part of the fake.
func (c *Core) AI() *AIFake {
	v, _ := aiFakes.LoadOrStore(c, &AIFake{})
	return v.(*AIFake)
}

// GenerateCaption records req, streams Stream to onDelta and returns Variants and
// CaptionErr; AINotSetUp until Ready.
func (c *Core) GenerateCaption(ctx context.Context, req app.CaptionRequest, onDelta func(string)) (app.CaptionResult, error) {
	f := c.AI()
	f.mu.Lock()
	f.CaptionAsks = append(f.CaptionAsks, req)
	ready, stream, variants, failure := f.Ready, slices.Clone(f.Stream), maps.Clone(f.Variants), f.CaptionErr
	f.mu.Unlock()
	if !ready {
		return app.CaptionResult{}, AINotSetUp
	}
	for _, piece := range stream {
		if err := ctx.Err(); err != nil {
			return app.CaptionResult{}, err
		}
		if onDelta != nil {
			onDelta(piece)
		}
	}
	if err := ctx.Err(); err != nil {
		return app.CaptionResult{}, err
	}
	return app.CaptionResult{Variants: variants}, failure
}

// SuggestHashtags records the call and returns Tags, or LocalTags marked Local until Ready.
func (c *Core) SuggestHashtags(_ context.Context, text string, p model.Platform, count int) (app.HashtagSuggestion, error) {
	f := c.AI()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.TagAsks = append(f.TagAsks, TagAsk{Text: text, Platform: p, Count: count})
	if !f.Ready {
		return app.HashtagSuggestion{Tags: slices.Clone(f.LocalTags), Local: true}, nil
	}
	return app.HashtagSuggestion{Tags: slices.Clone(f.Tags)}, nil
}

// Analyze records d and returns Report.
func (c *Core) Analyze(_ context.Context, d app.Draft, _ []model.Account) (app.Report, error) {
	f := c.AI()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Analyzed = append(f.Analyzed, d)
	return app.Report{Items: slices.Clone(f.Report.Items)}, nil
}

// AIFeedback records content and returns Feedback and FeedbackErr; AINotSetUp until Ready.
func (c *Core) AIFeedback(_ context.Context, content string, _ []model.Platform) (app.Feedback, error) {
	f := c.AI()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.FeedbackAsks = append(f.FeedbackAsks, content)
	if !f.Ready {
		return app.Feedback{}, AINotSetUp
	}
	return app.Feedback{Summary: f.Feedback.Summary, Rewrites: slices.Clone(f.Feedback.Rewrites)}, f.FeedbackErr
}

// SuggestTime records the accounts and returns Suggestion and SuggestErr.
func (c *Core) SuggestTime(_ context.Context, accountIDs []int64) (app.TimeSuggestion, error) {
	f := c.AI()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.SuggestAsks = append(f.SuggestAsks, slices.Clone(accountIDs))
	return f.Suggestion, f.SuggestErr
}

// TestAI counts the call and returns TestErr; AINotSetUp until Ready.
func (c *Core) TestAI(context.Context) error {
	f := c.AI()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Tests++
	if !f.Ready {
		return AINotSetUp
	}
	return f.TestErr
}

// AIUsageThisMonth returns Usage.
func (c *Core) AIUsageThisMonth(context.Context) (app.AIUsage, error) {
	f := c.AI()
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Usage, nil
}
