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
	// GenerateCaption writes a post text with the configured AI endpoint; while AI is not
	// set up the error's sentence says so.
	GenerateCaption(ctx context.Context, req app.CaptionRequest) (string, error)
	// SuggestHashtags proposes hashtags for a text on network p with the AI endpoint.
	SuggestHashtags(ctx context.Context, text string, p model.Platform) ([]string, error)
	// AddToQueue saves the draft scheduled at the next free slot of its accounts'
	// posting schedules; the post returned carries the time and zone it got.
	AddToQueue(ctx context.Context, d app.Draft) (model.Post, error)
}
