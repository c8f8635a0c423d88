package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"webox-social/services/mediainfo"
	"webox-social/services/model"
)

// ProbeMedia reads what the composer shows about a file the user is attaching (type,
// size, picture size, a video's duration) from the file itself, headers only. The
// result's Path is path; it has no ID, as the file is not in the data folder yet.
// It reads the disk: call it off the UI goroutine.
func (a *App) ProbeMedia(path string) (model.Media, error) {
	info, err := mediainfo.Probe(path)
	if err != nil {
		if errors.Is(err, model.ErrInvalid) {
			return model.Media{}, invalid(err.Error())
		}
		return model.Media{}, invalid(fmt.Sprintf("The file %s cannot be read: %v.", filepath.Base(path), err))
	}
	return model.Media{Path: path, Mime: info.Mime, Size: info.Size, Width: info.Width, Height: info.Height,
		DurationMS: info.DurationMS}, nil
}

// Media returns the files already in the data folder with the given ids, in that order
// (an edited post's attachments: path, type, picture size, duration, alt text). A
// missing id is an error wrapping model.ErrNotFound.
func (a *App) Media(ctx context.Context, ids []int64) ([]model.Media, error) {
	out, err := a.store.GetMedia(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("app: media of the post: %w", err)
	}
	return out, nil
}
