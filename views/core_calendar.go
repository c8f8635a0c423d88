package views

import (
	"context"

	"webox-social/services/model"
)

// calendarCore is what the calendar screen needs from the core beyond Core's shared methods.
type calendarCore interface {
	// DuplicatePost saves a copy of a post as a new draft (same text, accounts, media and
	// options, no time): a published post dragged to another day is copied, then the copy
	// is scheduled.
	DuplicatePost(ctx context.Context, id int64) (model.Post, error)
}
