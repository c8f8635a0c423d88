package views

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
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
	content := widget.NewLabelWithStyle(p.Content, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	content.Wrapping = fyne.TextWrapWord
	state := subheading(postStatusText(p.Status))
	state.Importance = postImportance(p.Status)
	objs := []fyne.CanvasObject{
		state,
		wrapped(whenLine(p, time.Local), widget.MediumImportance),
		content,
		s.actions(p),
		subheading(lang.L("Delivery")),
	}
	for _, t := range p.Targets {
		objs = append(objs, s.targetCard(p, t))
	}
	if len(p.Targets) == 0 {
		objs = append(objs, widget.NewLabel(lang.L("No accounts chosen: this post is a draft.")))
	}
	s.detail.Objects = objs
	s.detail.Refresh()
	// A wrapping label knows its height only once it has its width: lay out again.
	s.detail.Refresh()
}

func (s *postsScreen) emptyDetail() fyne.CanvasObject {
	if len(s.posts) == 0 {
		return widget.NewLabel("")
	}
	return emptyState(lang.L("Select a post"), lang.L("Its delivery to each account and its actions appear here."))
}

// whenLine says when the post went or goes out: a scheduled time in the zone it was
// chosen in, with the time in local (the computer's zone) when that reads differently.
func whenLine(p model.Post, local *time.Location) string {
	switch {
	case !p.PublishedAt.IsZero():
		return lang.L("Published {{.When}}", map[string]any{"When": whenText(p.PublishedAt.In(local))})
	case !p.ScheduledAt.IsZero():
		return lang.L("Scheduled for {{.When}}", map[string]any{"When": scheduledText(p.ScheduledAt, p.Zone, local)})
	}
	return lang.L("Not scheduled")
}

// targetCard shows one account's delivery: status, link, the engine's sentence (with the
// network's own words) and, when it adds something, what the user can do about it.
func (s *postsScreen) targetCard(p model.Post, t model.Target) fyne.CanvasObject {
	name := t.Platform.Title()
	acc, known := s.accounts[t.AccountID]
	if known {
		name = lang.L("{{.Network}} · {{.Account}}", map[string]any{"Network": name, "Account": acc.Handle})
	}
	state := widget.NewLabel(targetStatusText(t.Status))
	state.Importance = targetImportance(t.Status)
	if handedOver(t) {
		state.SetText(lang.L("Scheduled on {{.Network}}", map[string]any{"Network": t.Platform.Title()}))
	}
	who := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	who.Truncation = fyne.TextTruncateEllipsis
	head := container.NewBorder(nil, nil, nil, container.NewHBox(state,
		widget.NewButtonWithIcon(lang.L("Attempts"), theme.HistoryIcon(), func() { s.showAttempts(t, name) })), who)
	objs := []fyne.CanvasObject{head}
	if u, err := url.Parse(t.Permalink); err == nil && t.Permalink != "" {
		link := widget.NewHyperlink(t.Permalink, u)
		link.OnTapped = func() { s.open(t.Permalink) }
		objs = append(objs, link)
	}
	if handedOver(t) {
		objs = append(objs, wrapped(lang.L("{{.Network}} holds the post and publishes it at its time, even with this computer off. Editing, rescheduling or deleting the post withdraws it there first.",
			map[string]any{"Network": t.Platform.Title()}), widget.MediumImportance))
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

// actions are the buttons for the selected post, enabled by what its targets allow.
func (s *postsScreen) actions(p model.Post) fyne.CanvasObject {
	edit := widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), func() { s.e.edit(p) })
	dup := widget.NewButtonWithIcon(lang.L("Duplicate"), theme.ContentCopyIcon(), func() { s.duplicate(p) })
	move := widget.NewButtonWithIcon(lang.L("Reschedule…"), theme.CalendarIcon(), func() { s.askReschedule([]model.Post{p}) })
	now := widget.NewButtonWithIcon(lang.L("Publish now"), theme.MailSendIcon(), func() { s.confirmPublish(p) })
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { s.cancelPosts([]model.Post{p}) })
	del := widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), func() { s.confirmDelete(p) })
	del.Importance = widget.DangerImportance
	enable(edit, editable(p))
	enable(move, hasTarget(p, model.TargetDraft, model.TargetPending, model.TargetFailed, model.TargetMissed,
		model.TargetCancelled))
	enable(now, hasTarget(p, model.TargetDraft, model.TargetPending, model.TargetCancelled))
	enable(cancel, hasTarget(p, model.TargetDraft, model.TargetPending, model.TargetFailed, model.TargetMissed,
		model.TargetUnconfirmed))
	enable(del, !inFlight(p))
	buttons := []fyne.CanvasObject{edit, dup, move, now}
	if hasTarget(p, model.TargetFailed, model.TargetMissed, model.TargetUnconfirmed) {
		retry := widget.NewButtonWithIcon(lang.L("Retry"), theme.ViewRefreshIcon(), func() { s.confirmPublish(p) })
		retry.Importance = widget.HighImportance
		buttons = append(buttons, retry)
	}
	return container.NewGridWithColumns(3, append(buttons, cancel, del)...)
}

// enable enables or disables b.
func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
		return
	}
	b.Disable()
}

// hasTarget reports whether a target of p is in one of the statuses.
func hasTarget(p model.Post, statuses ...model.TargetStatus) bool {
	for _, t := range p.Targets {
		if slices.Contains(statuses, t.Status) {
			return true
		}
	}
	return false
}

// confirmPublish publishes now (or retries), asking first when a delivery may already
// have gone out: the user checks the network and confirms it did not.
func (s *postsScreen) confirmPublish(p model.Post) {
	var nets []string
	for _, t := range p.Targets {
		if t.Status == model.TargetUnconfirmed && !slices.Contains(nets, t.Platform.Title()) {
			nets = append(nets, t.Platform.Title())
		}
	}
	if len(nets) == 0 {
		s.publishAgain(p)
		return
	}
	d := dialog.NewConfirm(lang.L("Did it go out?"),
		lang.L("Webox Social could not tell whether this post went out on {{.Networks}}. Check the account there first: if the post is not there, publish again; if it is, publishing again posts it twice.",
			map[string]any{"Networks": strings.Join(nets, ", ")}),
		func(ok bool) {
			if ok {
				s.publishAgain(p)
			}
		}, s.e.win)
	d.SetConfirmText(lang.L("It did not go out: publish again"))
	d.SetDismissText(lang.L("Not now"))
	d.Show()
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
			d := dialog.NewCustom(lang.L("Delivery attempts — {{.Account}}", map[string]any{"Account": name}),
				lang.L("Close"), container.NewVScroll(lbl), s.e.win)
			d.Resize(fyne.NewSize(640, 400))
			d.Show()
		})
}

func attemptsText(list []model.Attempt) string {
	if len(list) == 0 {
		return lang.L("No delivery attempt yet.")
	}
	var b strings.Builder
	for _, a := range list {
		b.WriteString(attemptLine(a) + "\n")
	}
	return strings.TrimSpace(b.String())
}

// attemptLine is one delivery attempt: when, the outcome, the HTTP status and the
// network's words when there are any.
func attemptLine(a model.Attempt) string {
	data := map[string]any{"When": formatWhen(a.StartedAt), "Outcome": humanize(a.Outcome),
		"HTTP": a.HTTPStatus, "Error": a.ErrorText}
	switch {
	case a.HTTPStatus != 0 && a.ErrorText != "":
		return lang.L("{{.When}} — {{.Outcome}} (HTTP {{.HTTP}}): {{.Error}}", data)
	case a.HTTPStatus != 0:
		return lang.L("{{.When}} — {{.Outcome}} (HTTP {{.HTTP}})", data)
	case a.ErrorText != "":
		return lang.L("{{.When}} — {{.Outcome}}: {{.Error}}", data)
	}
	return lang.L("{{.When}} — {{.Outcome}}", data)
}
