package views

import (
	"context"

	"webox-social/app"
	"webox-social/services/model"
)

// composeCore is what the compose screen needs from the core beyond Core's shared methods.
type composeCore interface {
	// ProbeMedia reads a file being attached (type, size, picture size, duration) from
	// its headers: it reads the disk, so it is called off the UI goroutine.
	ProbeMedia(path string) (model.Media, error)
	// Media returns files already in the data folder (an edited post's attachments), in
	// the order of ids, with their alt text.
	Media(ctx context.Context, ids []int64) ([]model.Media, error)
	// GenerateCaption writes alternatives per network with the configured AI endpoint,
	// passing the text to onDelta as it is written (from the worker goroutine); while AI
	// is not set up the error's sentence says so. On an error the result may still hold
	// some networks' texts.
	GenerateCaption(ctx context.Context, req app.CaptionRequest, onDelta func(string)) (app.CaptionResult, error)
	// SuggestHashtags proposes count hashtags for a text on network p ("" for any): the
	// AI's, or while AI is not set up a local suggestion marked Local.
	SuggestHashtags(ctx context.Context, text string, p model.Platform, count int) (app.HashtagSuggestion, error)
	// Analyze reports how the draft fits each account's network, locally, without AI.
	Analyze(ctx context.Context, d app.Draft, accounts []model.Account) (app.Report, error)
	// AIFeedback asks the AI for an opinion of a text and rewrites.
	AIFeedback(ctx context.Context, content string, networks []model.Platform) (app.Feedback, error)
	// SuggestTime proposes when to publish on the accounts, from their history or their
	// networks' typical times.
	SuggestTime(ctx context.Context, accountIDs []int64) (app.TimeSuggestion, error)
	// AddToQueue saves the draft scheduled at the next free slot of its accounts'
	// posting schedules; the post returned carries the time and zone it got.
	AddToQueue(ctx context.Context, d app.Draft) (model.Post, error)
}
