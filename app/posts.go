package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"webox-social/services/model"
)

// schedulingGrace lets a time picked "now" in the composer still count as valid.
const schedulingGrace = time.Minute

// Statuses a user action may move targets from.
var (
	reschedulable = []model.TargetStatus{model.TargetDraft, model.TargetPending, model.TargetFailed,
		model.TargetMissed, model.TargetCancelled}
	publishable = append(slices.Clone(reschedulable), model.TargetUnconfirmed)
	cancellable = []model.TargetStatus{model.TargetDraft, model.TargetPending, model.TargetFailed,
		model.TargetMissed, model.TargetUnconfirmed}
)

// CreatePost saves a new post: a draft when d.ScheduledAt is zero, otherwise scheduled.
func (a *App) CreatePost(ctx context.Context, d Draft) (model.Post, error) {
	p, err := a.postFromDraft(ctx, d)
	if err != nil {
		return model.Post{}, err
	}
	if err := a.store.CreatePost(ctx, &p); err != nil {
		return model.Post{}, fmt.Errorf("create post: %w", err)
	}
	a.postChanged(ctx, p.ID, false)
	return a.store.GetPost(ctx, p.ID)
}

// UpdatePost replaces a post that has not been published yet.
func (a *App) UpdatePost(ctx context.Context, id int64, d Draft) (model.Post, error) {
	p, err := a.postFromDraft(ctx, d)
	if err != nil {
		return model.Post{}, err
	}
	p.ID = id
	if err := a.withdraw(ctx, id); err != nil {
		return model.Post{}, err
	}
	if err := a.store.UpdatePost(ctx, &p); err != nil {
		return model.Post{}, fmt.Errorf("update post %d: %w", id, conflictSentence(err,
			"This post is being published or was already published, so it can no longer be edited."))
	}
	a.postChanged(ctx, id, false)
	return a.store.GetPost(ctx, id)
}

// GetPost returns one post with its targets.
func (a *App) GetPost(ctx context.Context, id int64) (model.Post, error) {
	return a.store.GetPost(ctx, id)
}

// ListPosts returns posts of the current workspace matching f.
func (a *App) ListPosts(ctx context.Context, f model.PostFilter) ([]model.Post, error) {
	if f.WorkspaceID == 0 {
		f.WorkspaceID = a.CurrentWorkspace().ID
	}
	return a.store.ListPosts(ctx, f)
}

// DeletePost removes a post that is not being published right now.
func (a *App) DeletePost(ctx context.Context, id int64) error {
	if err := a.withdraw(ctx, id); err != nil {
		return err
	}
	if err := a.store.DeletePost(ctx, id); err != nil {
		return fmt.Errorf("delete post %d: %w", id, conflictSentence(err,
			"This post is being published right now; wait a moment, then delete it."))
	}
	a.postChanged(ctx, id, true)
	return nil
}

// PublishNow queues every unpublished target of the post for immediate delivery.
func (a *App) PublishNow(ctx context.Context, id int64) error {
	p, err := a.store.GetPost(ctx, id)
	if err != nil {
		return err
	}
	if err := a.checkPublishable(ctx, p); err != nil {
		return err
	}
	return a.moveTargets(ctx, id, publishable, model.TargetPending, a.now(), time.Time{}, "",
		"This post has nothing left to publish.")
}

// SchedulePost (re)schedules every unpublished target of the post at the given time.
func (a *App) SchedulePost(ctx context.Context, id int64, at time.Time, zone string) error {
	p, err := a.store.GetPost(ctx, id)
	if err != nil {
		return err
	}
	if err := a.checkTime(at, zone); err != nil {
		return err
	}
	if err := a.checkPublishable(ctx, p); err != nil {
		return err
	}
	if err := a.withdraw(ctx, id); err != nil {
		return err
	}
	return a.moveTargets(ctx, id, reschedulable, model.TargetPending, at, at, zone,
		"This post has nothing left to schedule.")
}

// CancelPost stops every target of the post that has not been published.
func (a *App) CancelPost(ctx context.Context, id int64) error {
	if err := a.withdraw(ctx, id); err != nil {
		return err
	}
	return a.moveTargets(ctx, id, cancellable, model.TargetCancelled, time.Time{}, time.Time{}, "",
		"This post has nothing left to cancel: it is published or being published.")
}

// Attempts returns the delivery log of one target.
func (a *App) Attempts(ctx context.Context, targetID int64) ([]model.Attempt, error) {
	return a.store.ListAttempts(ctx, targetID)
}

// NextDue returns the next post the engine will publish, if any.
func (a *App) NextDue(ctx context.Context) (model.Post, bool, error) {
	posts, err := a.store.ListPosts(ctx, model.PostFilter{WorkspaceID: a.CurrentWorkspace().ID,
		Status: model.PostScheduled, From: a.now().Add(-24 * time.Hour), Limit: 1})
	if err != nil || len(posts) == 0 {
		return model.Post{}, false, err
	}
	return posts[0], true, nil
}

func (a *App) moveTargets(ctx context.Context, id int64, from []model.TargetStatus, to model.TargetStatus,
	next, scheduledAt time.Time, zone, noneMsg string) error {
	n, err := a.store.SetPostTargets(ctx, id, from, to, next, scheduledAt, zone)
	if err != nil {
		return fmt.Errorf("post %d: move targets to %s: %w", id, to, err)
	}
	if n == 0 {
		return invalid(noneMsg)
	}
	a.postChanged(ctx, id, false)
	return nil
}

func (a *App) postChanged(ctx context.Context, id int64, deleted bool) {
	a.engine.Wake()
	a.events.Posts.Publish(ctx, PostChanged{PostID: id, Deleted: deleted})
}

func conflictSentence(err error, msg string) error {
	if errors.Is(err, model.ErrConflict) {
		return &userError{msg: msg, kind: model.ErrConflict}
	}
	return err
}
