package viewstest

import (
	"context"
	"fmt"

	"webox-social/app"
	"webox-social/services/model"
)

// DuplicatePost copies the post like the core: app.DraftOf it, then CreatePost (so the
// copy is recorded in Created and added to PostList as a draft).
func (c *Core) DuplicatePost(ctx context.Context, id int64) (model.Post, error) {
	p, err := c.GetPost(ctx, id)
	if err != nil {
		return model.Post{}, fmt.Errorf("fake: duplicate post %d: %w", id, err)
	}
	return c.CreatePost(ctx, app.DraftOf(p))
}
