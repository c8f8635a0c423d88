package views

import (
	"context"

	"webox-social/services/model"
)

// postsCore is what the posts screen needs from the core beyond Core's shared methods.
type postsCore interface {
	// DuplicatePost saves a copy of a post as a new draft (same text, accounts, per-account
	// texts and options, attachments; no time) and returns it.
	DuplicatePost(ctx context.Context, id int64) (model.Post, error)
}
