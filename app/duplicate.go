package app

import (
	"context"
	"fmt"

	"webox-social/services/model"
)

// DuplicatePost saves a copy of a post as a new draft: same text, hashtags, attachments,
// accounts, per-account texts and options, no time. The copy can then be edited and
// scheduled like any draft (e.g. to post a published announcement again).
func (a *App) DuplicatePost(ctx context.Context, id int64) (model.Post, error) {
	p, err := a.store.GetPost(ctx, id)
	if err != nil {
		return model.Post{}, fmt.Errorf("duplicate post %d: %w", id, err)
	}
	return a.CreatePost(ctx, DraftOf(p))
}

// DraftOf turns a saved post back into the draft that would recreate it (without its
// time: a draft).
func DraftOf(p model.Post) Draft {
	d := Draft{Content: p.Content, Hashtags: p.Hashtags, MediaIDs: p.MediaIDs, Zone: p.Zone,
		Overrides: map[int64]string{}, Options: map[int64]model.TargetOptions{}}
	for _, t := range p.Targets {
		d.AccountIDs = append(d.AccountIDs, t.AccountID)
		if t.TextOverride != "" {
			d.Overrides[t.AccountID] = t.TextOverride
		}
		d.Options[t.AccountID] = t.Options
	}
	return d
}
