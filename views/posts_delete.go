package views

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// dueMargin: a post that may go out before its undo window closes (plus this margin) is
// cancelled at once when deleted, so it cannot be published while its deletion waits.
const dueMargin = 30 * time.Second

// publishedOn names, once each, the networks a post was published to.
func publishedOn(p model.Post) []string {
	var out []string
	for _, t := range p.Targets {
		name := t.Platform.Title()
		if t.Status == model.TargetPublished && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// confirmDelete asks before deleting one post; a published one can go from the networks too.
func (s *postsScreen) confirmDelete(p model.Post) {
	if nets := publishedOn(p); len(nets) > 0 {
		s.askDeleteEverywhere(p, nets)
		return
	}
	d := dialog.NewConfirm(lang.L("Delete this post?"),
		lang.L("“{{.Post}}” and its delivery history are removed. You can undo for a few seconds.",
			map[string]any{"Post": excerpt(p.Content, 60)}),
		func(ok bool) {
			if ok {
				s.deleteLater([]model.Post{p}, false)
			}
		}, s.e.win)
	d.SetConfirmText(lang.L("Delete"))
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// askDeleteEverywhere offers to delete a published post here only, or from the networks too.
func (s *postsScreen) askDeleteEverywhere(p model.Post, nets []string) {
	msg := wrapped(lang.L("“{{.Post}}” was published on {{.Networks}}. Delete it from there too, or only here (it then stays online and its delivery history is removed)?",
		map[string]any{"Post": excerpt(p.Content, 60), "Networks": strings.Join(nets, ", ")}), widget.MediumImportance)
	var d *dialog.CustomDialog
	cancel := widget.NewButton(lang.L("Keep it"), func() { d.Hide() })
	here := widget.NewButtonWithIcon(lang.L("Delete here only"), theme.DeleteIcon(), func() {
		d.Hide()
		s.deleteLater([]model.Post{p}, false)
	})
	everywhere := widget.NewButtonWithIcon(lang.L("Delete everywhere"), theme.DeleteIcon(), func() {
		d.Hide()
		s.deleteLater([]model.Post{p}, true)
	})
	everywhere.Importance = widget.DangerImportance
	d = dialog.NewCustomWithoutButtons(lang.L("Delete this post?"), container.NewPadded(msg), s.e.win)
	d.SetButtons([]fyne.CanvasObject{cancel, here, everywhere})
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// deleteLater hides posts from the list and offers Undo; they are deleted (here, or
// everywhere) only when the undo window closes or the app quits. A post that could go
// out meanwhile is cancelled first (and put back on undo); one being published is refused.
func (s *postsScreen) deleteLater(posts []model.Post, everywhere bool) {
	var stopped []model.Post
	now := time.Now()
	s.runEach(posts, func(ctx context.Context, p model.Post) error {
		if inFlight(p) {
			return postsError{lang.L("It is being published right now; wait a moment, then delete it."), model.ErrConflict}
		}
		if !dueSoon(p, now) {
			return nil
		}
		if err := s.e.core.CancelPost(ctx, p.ID); err != nil {
			return err
		}
		stopped = append(stopped, p)
		return nil
	}, func(out bulkOutcome) {
		for _, p := range out.done {
			s.hidden[p.ID] = true
		}
		s.report(out, deleteWords(everywhere))
		if len(out.done) > 0 {
			s.undo.offer(&undoable{undo: func() { s.undoDelete(out.done, stopped) },
				commit: s.commitDelete(out.done, everywhere)})
		}
		s.reload()
	})
}

// inFlight reports whether a target of p is being published.
func inFlight(p model.Post) bool {
	return slices.ContainsFunc(p.Targets, func(t model.Target) bool { return t.Status == model.TargetPublishing })
}

// dueSoon reports whether a target of p may be delivered before the undo window closes.
func dueSoon(p model.Post, now time.Time) bool {
	limit := now.Add(undoWindow + dueMargin)
	for _, t := range p.Targets {
		if t.Status != model.TargetPending {
			continue
		}
		at := t.NextAttemptAt
		if at.IsZero() || handedOver(t) { // the network publishes it at the post's time
			at = p.ScheduledAt
		}
		if at.Before(limit) {
			return true
		}
	}
	return false
}

// undoDelete shows the posts again; those cancelled to hold them back are put back.
func (s *postsScreen) undoDelete(posts, stopped []model.Post) {
	for _, p := range posts {
		delete(s.hidden, p.ID)
	}
	if len(stopped) > 0 {
		s.restore(stopped)
		return
	}
	say(s.status, widget.SuccessImportance, lang.L("Undone: nothing was deleted."))
	s.reload()
}

// commitDelete is the held-back deletion of posts, run when the undo window closes.
func (s *postsScreen) commitDelete(posts []model.Post, everywhere bool) func(context.Context) func() {
	core := s.e.core
	return func(ctx context.Context) func() {
		var remote app.RemoteDeletion
		out := each(ctx, posts, func(ctx context.Context, p model.Post) error {
			if !everywhere {
				return core.DeletePost(ctx, p.ID)
			}
			r, err := core.DeletePostEverywhere(ctx, p.ID)
			remote = r
			return err
		}, nil)
		for _, f := range out.failed {
			s.e.log.Warn("views: delete post failed", "post_id", f.post.ID, "everywhere", everywhere, "err", f.err)
		}
		return func() { s.deleted(posts, out, everywhere, remote) }
	}
}

// deleted reports a held-back deletion once done: failures, or what happened on each
// network; posts that could not be deleted show again.
func (s *postsScreen) deleted(posts []model.Post, out bulkOutcome, everywhere bool, r app.RemoteDeletion) {
	for _, p := range posts {
		delete(s.hidden, p.ID)
	}
	switch {
	case everywhere:
		var err error
		if len(out.failed) > 0 {
			err = out.failed[0].err
		}
		s.showRemote(r, err)
	case len(out.failed) > 0:
		s.report(out, deleteWords(false))
	}
	s.reload()
}

// showRemote says what deleting from the networks did, with each network's words.
func (s *postsScreen) showRemote(r app.RemoteDeletion, err error) {
	if err != nil {
		msg := app.UserMessage(err)
		if done := r.Summary(); done != "" {
			msg = done + " " + msg
		}
		say(s.status, widget.DangerImportance, msg)
		return
	}
	summary := r.Summary()
	if summary == "" {
		summary = lang.L("Deleted.")
	}
	say(s.status, widget.SuccessImportance, summary)
}

func deleteWords(everywhere bool) summaryWords {
	return summaryWords{
		one: func(p model.Post) string {
			if everywhere {
				return lang.L("“{{.Post}}” will be deleted here and on the networks in a few seconds.", postData(p))
			}
			return lang.L("Deleted “{{.Post}}”.", postData(p))
		},
		many: func(n int) string { return lang.N("Deleted {{.Count}} posts.", n, countData(n)) },
		none: lang.L("Nothing was deleted."),
		failed: func(p model.Post, why string) string {
			return lang.L("“{{.Post}}” was not deleted: {{.Reason}}", reasonData(p, why))
		},
	}
}

// postsError is an error whose text is already a sentence for the user; it wraps a
// sentinel so app.UserMessage shows the sentence as it is.
type postsError struct {
	msg  string
	kind error
}

func (e postsError) Error() string { return e.msg }
func (e postsError) Unwrap() error { return e.kind }
