package views

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// showDetail rebuilds the right-hand panel for the selected post.
func (s *postsScreen) showDetail() {
	p, ok := s.selectedPost()
	if !ok {
		s.detail.Objects = []fyne.CanvasObject{s.emptyDetail()}
		s.detail.Refresh()
		return
	}
	content := widget.NewLabel(p.Content)
	content.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{
		subheading(postStatusText(p.Status)),
		widget.NewLabel(whenLine(p, time.Local)),
		widget.NewCard("", "", content),
		s.actions(p),
		subheading("Delivery"),
	}
	for _, t := range p.Targets {
		objs = append(objs, s.targetCard(p, t))
	}
	if len(p.Targets) == 0 {
		objs = append(objs, widget.NewLabel("No accounts chosen: this post is a draft."))
	}
	s.detail.Objects = objs
	s.detail.Refresh()
}

func (s *postsScreen) emptyDetail() fyne.CanvasObject {
	if len(s.posts) == 0 {
		return container.NewVBox(emptyState("No posts yet", "Write your first post in Compose (Ctrl+N)."),
			container.NewCenter(widget.NewButton("Compose a post", func() { s.e.navigate(navCompose) })))
	}
	return emptyState("Select a post", "Its delivery to each account and its actions appear here.")
}

// whenLine says when the post went or goes out: a scheduled time in the zone it was
// chosen in, with the time in local (the computer's zone) when that reads differently.
func whenLine(p model.Post, local *time.Location) string {
	switch {
	case !p.PublishedAt.IsZero():
		return "Published " + p.PublishedAt.In(local).Format(whenLayout)
	case !p.ScheduledAt.IsZero():
		return "Scheduled for " + scheduledText(p.ScheduledAt, p.Zone, local)
	}
	return "Not scheduled"
}

// targetCard shows one account's delivery: status, link, the engine's sentence (with the
// network's own words) and, when it adds something, what the user can do about it.
func (s *postsScreen) targetCard(p model.Post, t model.Target) fyne.CanvasObject {
	name := t.Platform.Title()
	acc, known := s.accounts[t.AccountID]
	if known {
		name += " · " + acc.Handle
	}
	state := widget.NewLabel(targetStatusText(t.Status))
	state.Importance = targetImportance(t.Status)
	if handedOver(t) {
		state.SetText("Scheduled on " + t.Platform.Title())
	}
	head := container.NewBorder(nil, nil, widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewButtonWithIcon("Attempts", theme.HistoryIcon(), func() { s.showAttempts(t, name) }), state)
	objs := []fyne.CanvasObject{head}
	if u, err := url.Parse(t.Permalink); err == nil && t.Permalink != "" {
		objs = append(objs, widget.NewHyperlink(t.Permalink, u))
	}
	if handedOver(t) {
		objs = append(objs, wrapped(t.Platform.Title()+" holds the post and publishes it at its time, even with this "+
			"computer off. Editing, rescheduling or deleting the post withdraws it there first.", widget.MediumImportance))
	}
	if why := targetMessage(t); why != "" {
		objs = append(objs, wrapped(why, widget.DangerImportance))
	}
	if hint := targetHint(t, known && acc.Status == model.AccountReconnectNeeded, editable(p)); hint != "" {
		objs = append(objs, wrapped(hint, widget.MediumImportance))
	}
	return widget.NewCard("", "", container.NewVBox(objs...))
}

// handedOver reports whether a target was handed to its network to publish at its time
// (native scheduling): pending, yet already known there.
func handedOver(t model.Target) bool {
	return t.Status == model.TargetPending && t.PlatformPostID != ""
}

func targetImportance(st model.TargetStatus) widget.Importance {
	switch st {
	case model.TargetPublished:
		return widget.SuccessImportance
	case model.TargetFailed, model.TargetMissed, model.TargetUnconfirmed:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

func wrapped(text string, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	return l
}

// actions are the buttons for the selected post, enabled by what its status allows.
func (s *postsScreen) actions(p model.Post) fyne.CanvasObject {
	edit := widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { s.e.edit(p) })
	if !editable(p) {
		edit.Disable()
	}
	now := widget.NewButtonWithIcon("Publish now", theme.MailSendIcon(), func() { s.confirmPublish(p) })
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { s.cancel(p) })
	del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() { s.confirmDelete(p) })
	del.Importance = widget.DangerImportance
	switch p.Status {
	case model.PostPublished, model.PostCancelled:
		now.Disable()
		cancel.Disable()
	case model.PostPublishing:
		now.Disable()
		del.Disable()
	}
	return container.NewHBox(edit, now, cancel, del)
}

// confirmPublish publishes, asking first when an earlier delivery may have gone out.
func (s *postsScreen) confirmPublish(p model.Post) {
	if p.Status != model.PostUnconfirmed {
		s.run(func(ctx context.Context) error { return s.e.core.PublishNow(ctx, p.ID) }, "Publishing now.")
		return
	}
	d := dialog.NewConfirm("Publish again?",
		"Webox Social could not tell whether this post went out. Check the account first: publishing again may post it twice.",
		func(ok bool) {
			if ok {
				s.run(func(ctx context.Context) error { return s.e.core.PublishNow(ctx, p.ID) }, "Publishing now.")
			}
		}, s.e.win)
	d.SetConfirmText("Publish again")
	d.Show()
}

func (s *postsScreen) cancel(p model.Post) {
	s.run(func(ctx context.Context) error { return s.e.core.CancelPost(ctx, p.ID) }, "Cancelled: it will not be published.")
}

func (s *postsScreen) confirmDelete(p model.Post) {
	if nets := publishedOn(p); len(nets) > 0 {
		s.askDeleteEverywhere(p, nets)
		return
	}
	d := dialog.NewConfirm("Delete this post?",
		"“"+excerpt(p.Content, 60)+"” and its delivery history are removed. Posts already published stay on the networks.",
		func(ok bool) {
			if ok {
				s.run(func(ctx context.Context) error { return s.e.core.DeletePost(ctx, p.ID) }, "Deleted.")
			}
		}, s.e.win)
	d.SetConfirmText("Delete")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// run performs one post action off the UI goroutine, reports it and reloads.
func (s *postsScreen) run(fn func(ctx context.Context) error, ok string) {
	work(s.e, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) }, func(_ struct{}, err error) {
		message(s.status, err, ok)
		s.reload()
	})
}

// showAttempts opens the delivery log of one target.
func (s *postsScreen) showAttempts(t model.Target, name string) {
	work(s.e, func(ctx context.Context) ([]model.Attempt, error) { return s.e.core.Attempts(ctx, t.ID) },
		func(list []model.Attempt, err error) {
			if err != nil {
				message(s.status, err, "")
				return
			}
			lbl := wrapped(attemptsText(list), widget.MediumImportance)
			d := dialog.NewCustom("Delivery attempts — "+name, "Close", container.NewVScroll(lbl), s.e.win)
			d.Resize(fyne.NewSize(640, 400))
			d.Show()
		})
}

func attemptsText(list []model.Attempt) string {
	if len(list) == 0 {
		return "No delivery attempt yet."
	}
	var b strings.Builder
	for _, a := range list {
		fmt.Fprintf(&b, "%s — %s", formatWhen(a.StartedAt), humanize(a.Outcome))
		if a.HTTPStatus != 0 {
			fmt.Fprintf(&b, " (HTTP %d)", a.HTTPStatus)
		}
		if a.ErrorText != "" {
			b.WriteString(": " + a.ErrorText)
		}
		b.WriteString("\n")
	}
	return strings.TrimSpace(b.String())
}
