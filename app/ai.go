package app

import (
	"context"

	"webox-social/services/model"
)

// CaptionRequest asks the AI assistant for a post text.
type CaptionRequest struct {
	Prompt   string         // what the post is about, in the user's words
	Tone     string         // e.g. "friendly", "professional"; "" for the default
	Platform model.Platform // the network to write for; "" for a general text
	Language string         // "en", "fr"; "" follows the prompt
}

// errAINotSetUp is the answer while no AI endpoint is configured.
var errAINotSetUp = invalid("AI is not set up: add an OpenAI-compatible endpoint, a model and a key in Settings.")

// GenerateCaption writes a post text with the configured AI endpoint.
//
// Placeholder until the AI assistant lands (issue 6): it says AI is not set up.
func (a *App) GenerateCaption(ctx context.Context, req CaptionRequest) (string, error) {
	return "", errAINotSetUp
}

// SuggestHashtags proposes hashtags for a text on a network with the configured AI endpoint.
//
// Placeholder until the AI assistant lands (issue 6): it says AI is not set up.
func (a *App) SuggestHashtags(ctx context.Context, text string, p model.Platform) ([]string, error) {
	return nil, errAINotSetUp
}
