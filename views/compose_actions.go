package views

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// errBadWhen marks a date or time the user typed that cannot be read.
var errBadWhen = errors.New("unreadable date or time")

// outcome is what a compose action reports back to the UI goroutine.
type outcome struct {
	ok      string // success sentence
	created bool   // the post is stored now, so the form can be cleared even on a later error
}

// storeFunc returns the call that stores the form: CreatePost for a new post, UpdatePost
// for the post being edited (its ID is taken now, on the UI goroutine).
func (s *composeScreen) storeFunc() func(ctx context.Context, d app.Draft) (model.Post, error) {
	id := s.edit.id
	if id == 0 {
		return s.e.core.CreatePost
	}
	return func(ctx context.Context, d app.Draft) (model.Post, error) { return s.e.core.UpdatePost(ctx, id, d) }
}

// saved prefixes a success sentence when an edited post was changed.
func (s *composeScreen) saved(ok string) string {
	if s.edit.id != 0 {
		return lang.L("Changes saved. {{.Result}}", map[string]any{"Result": ok})
	}
	return ok
}

// schedule stores the post with its time; the publisher takes it from there.
func (s *composeScreen) schedule() {
	if !s.ready(true) {
		return
	}
	at, err := s.when()
	if err != nil {
		s.fail(lang.L("Type the date as 2026-11-24 and the time as 14:30."))
		return
	}
	if !at.After(time.Now()) {
		s.fail(lang.L("That time has already passed. Pick a later time, or use Publish now."))
		return
	}
	d := s.draft()
	d.ScheduledAt = at
	label := s.saved(lang.L("Scheduled for {{.When}} ({{.Zone}}).", map[string]any{"When": whenText(at), "Zone": s.zone}))
	store := s.storeFunc()
	s.submit(func(ctx context.Context) (outcome, error) {
		_, err := store(ctx, d)
		return outcome{ok: label, created: err == nil}, err
	})
}

// publishNow stores the post without a time and hands it to the publisher at once.
func (s *composeScreen) publishNow() {
	if !s.ready(true) {
		return
	}
	d := s.draft()
	store := s.storeFunc()
	s.submit(func(ctx context.Context) (outcome, error) {
		p, err := store(ctx, d)
		if err != nil {
			return outcome{}, err
		}
		if err := s.e.core.PublishNow(ctx, p.ID); err != nil {
			return outcome{created: true}, err
		}
		return outcome{ok: lang.L("Publishing now. Follow it in Posts."), created: true}, nil
	})
}

// saveDraft stores the post without a time.
func (s *composeScreen) saveDraft() {
	if !s.ready(false) {
		return
	}
	d := s.draft()
	label := lang.L("Draft saved. Find it in Posts.")
	if s.edit.id != 0 {
		label = lang.L("Changes saved as a draft: it will not go out until you schedule it. Find it in Posts.")
	}
	store := s.storeFunc()
	s.submit(func(ctx context.Context) (outcome, error) {
		_, err := store(ctx, d)
		return outcome{ok: label, created: err == nil}, err
	})
}

// ready checks what can be checked without the core.
func (s *composeScreen) ready(needAccounts bool) bool {
	if strings.TrimSpace(s.text.Text) == "" && len(s.attached) == 0 {
		s.fail(lang.L("Write something first."))
		return false
	}
	if !needAccounts {
		return true
	}
	if len(s.chosen()) == 0 {
		s.fail(lang.L("Choose at least one account to publish to."))
		return false
	}
	if missing := s.choicesMissing(); len(missing) > 0 {
		s.fail(missing[0])
		return false
	}
	return true
}

func (s *composeScreen) fail(msg string) {
	say(s.status, widget.DangerImportance, msg)
}

// submit runs fn off the UI goroutine with the buttons disabled, then reports. Once
// the post is stored, a new post's form is cleared and edit mode is left.
func (s *composeScreen) submit(fn func(ctx context.Context) (outcome, error)) {
	s.setBusy(true)
	say(s.status, widget.MediumImportance, lang.L("Saving… Large files take a few seconds to copy."))
	editing := s.edit.id
	work(s.e, fn, func(o outcome, err error) {
		s.setBusy(false)
		switch {
		case !o.created:
		case editing == 0:
			s.clear()
		case s.edit.id == editing:
			s.stopEditing()
		}
		if err != nil {
			msg := app.UserMessage(err)
			if o.created {
				msg = lang.L("{{.Error}} The post was saved; find it in Posts.", map[string]any{"Error": msg})
			}
			s.fail(msg)
			return
		}
		message(s.status, nil, o.ok)
	})
}

// setBusy disables the buttons and the shortcuts and shows the progress bar while a
// post is being saved.
func (s *composeScreen) setBusy(busy bool) {
	s.busy = busy
	spin(s.progress, busy)
	setEnabled(!busy, s.buttons...)
}

// addToQueue stores the post at the next free slot of its accounts' posting schedules.
// While a saved post is edited the button is hidden: the queue makes a new post.
func (s *composeScreen) addToQueue() {
	if s.edit.id != 0 || !s.ready(true) {
		return
	}
	d := s.draft()
	core := s.e.core
	s.submit(func(ctx context.Context) (outcome, error) {
		p, err := core.AddToQueue(ctx, d)
		if err != nil {
			return outcome{}, err
		}
		return outcome{ok: queuedText(p), created: true}, nil
	})
}

// queuedText says when a queued post goes out, in the zone of its slot.
func queuedText(p model.Post) string {
	loc, zone := zoneLocation(p.Zone)
	return lang.L("Queued for {{.When}} ({{.Zone}}).", map[string]any{"When": whenText(p.ScheduledAt.In(loc)), "Zone": zone})
}
