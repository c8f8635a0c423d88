package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// handedOver reports whether a target sits on its network waiting to be published there
// (native scheduling): it must be withdrawn before the post changes.
func handedOver(t model.Target) bool {
	return t.Status == model.TargetPending && t.PlatformPostID != ""
}

// withdraw deletes from their networks the targets of post id handed over for native
// scheduling, so that an edit, a new time, a cancel or a delete does not leave them to go
// out anyway. Nothing is changed locally when a network refuses.
func (a *App) withdraw(ctx context.Context, id int64) error {
	p, err := a.store.GetPost(ctx, id)
	if err != nil {
		return err
	}
	for _, t := range p.Targets {
		if !handedOver(t) {
			continue
		}
		if err := a.deleteRemote(ctx, t); err != nil {
			return &userError{kind: model.ErrConflict, msg: fmt.Sprintf(
				"The post is already scheduled on %s and could not be withdrawn there, so nothing was changed: %s",
				t.Platform.Title(), UserMessage(err))}
		}
		a.log.Info("withdrew natively scheduled post", "post_id", id, "target_id", t.ID, "platform", t.Platform)
	}
	return nil
}

// deleteRemote deletes one target's post on its network, refreshing the sign-in once if
// the network says it expired.
func (a *App) deleteRemote(ctx context.Context, t model.Target) error {
	conn, err := a.connectors.Get(t.Platform)
	if err != nil {
		return err
	}
	acct, err := a.store.GetAccount(ctx, t.AccountID)
	if err != nil {
		return err
	}
	tok, err := (&tokens{app: a}).AccessToken(ctx, acct)
	if err != nil {
		return err
	}
	err = conn.Delete(ctx, acct, tok, t.PlatformPostID)
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Kind == platforms.Auth {
		if tok, err = a.refreshAccount(ctx, acct.ID); err != nil {
			return err
		}
		err = conn.Delete(ctx, acct, tok, t.PlatformPostID)
	}
	return err
}

// RemoteDeletion says what deleting a post did on each network it was published to.
type RemoteDeletion struct {
	// Deleted names the networks the post was removed from.
	Deleted []string
	// Manual holds a sentence per network whose API cannot delete posts, saying where
	// the user can do it.
	Manual []string
}

// Summary is the sentence to show after a deletion.
func (r RemoteDeletion) Summary() string {
	var parts []string
	if n := len(r.Deleted); n > 0 {
		names := strings.Join(r.Deleted[:n-1], ", ")
		if n > 1 {
			names += " and "
		}
		parts = append(parts, "Deleted from "+names+r.Deleted[n-1]+".")
	}
	return strings.Join(append(parts, r.Manual...), " ")
}

// DeletePostEverywhere deletes the post from every network it was published to (the
// seed's DELETE /posts/{id}), then from Webox Social. A network whose API cannot delete
// is listed in the answer with where to do it; a network that fails keeps the post here,
// so the user can try again.
func (a *App) DeletePostEverywhere(ctx context.Context, id int64) (RemoteDeletion, error) {
	p, err := a.store.GetPost(ctx, id)
	if err != nil {
		return RemoteDeletion{}, err
	}
	var out RemoteDeletion
	for _, t := range p.Targets {
		if t.Status != model.TargetPublished || t.PlatformPostID == "" {
			continue
		}
		err := a.deleteRemote(ctx, t)
		switch {
		case err == nil:
			out.Deleted = append(out.Deleted, t.Platform.Title())
		case errors.Is(err, model.ErrUnsupported):
			out.Manual = append(out.Manual, unsupportedWords(err))
		default:
			return out, fmt.Errorf("delete post %d on %s: %w", id, t.Platform, &userError{kind: err,
				msg: fmt.Sprintf("%s could not delete the post, so it is kept here: %s", t.Platform.Title(), UserMessage(err))})
		}
	}
	return out, a.DeletePost(ctx, id)
}

// unsupportedWords is the connector's own sentence for a deletion its API does not offer
// ("TikTok does not let apps delete posts; delete it in the TikTok app.").
func unsupportedWords(err error) string {
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Message != "" {
		return sentence(pe.Message)
	}
	return UserMessage(err)
}
