package views

import (
	"context"
	"time"

	"fyne.io/fyne/v2/lang"

	"webox-social/app"
	"webox-social/services/model"
)

// cancelPosts cancels posts and offers Undo, which puts them back as they were.
func (s *postsScreen) cancelPosts(posts []model.Post) {
	s.runEach(posts, func(ctx context.Context, p model.Post) error { return s.e.core.CancelPost(ctx, p.ID) },
		func(out bulkOutcome) {
			s.report(out, cancelWords())
			s.offerRestore(out.done)
			s.reload()
		})
}

// offerRestore offers Undo for posts changed by an action: it puts them back as they were.
func (s *postsScreen) offerRestore(posts []model.Post) {
	if len(posts) > 0 {
		s.undo.offer(&undoable{undo: func() { s.restore(posts) }})
	}
}

// restore puts posts back as their snapshots were, off the UI goroutine, and says how it went.
func (s *postsScreen) restore(posts []model.Post) {
	s.runEach(posts, func(ctx context.Context, p model.Post) error { return restorePost(ctx, s.e.core, p, time.Now()) },
		func(out bulkOutcome) {
			s.report(out, undoWords())
			s.reload()
		})
}

// restorePost puts a post back as its snapshot p was: a draft again, cancelled again, or
// scheduled at its old time in its zone.
func restorePost(ctx context.Context, core Core, p model.Post, now time.Time) error {
	switch {
	case p.Status == model.PostDraft:
		_, err := core.UpdatePost(ctx, p.ID, app.DraftOf(p))
		return err
	case p.Status == model.PostCancelled:
		return core.CancelPost(ctx, p.ID)
	case p.ScheduledAt.IsZero():
		return postsError{lang.L("It had no scheduled time to go back to: reschedule it, or choose Publish now."),
			model.ErrInvalid}
	case p.ScheduledAt.Before(now.Add(-time.Minute)):
		return postsError{lang.L("Its time, {{.When}}, has passed: reschedule it, or choose Publish now.",
			map[string]any{"When": formatWhen(p.ScheduledAt)}), model.ErrInvalid}
	}
	return core.SchedulePost(ctx, p.ID, p.ScheduledAt, p.Zone)
}

// publishAgain hands a post's unfinished targets to the publisher now.
func (s *postsScreen) publishAgain(p model.Post) {
	s.runEach([]model.Post{p}, func(ctx context.Context, p model.Post) error { return s.e.core.PublishNow(ctx, p.ID) },
		func(out bulkOutcome) {
			s.report(out, publishWords())
			s.reload()
		})
}

// duplicate copies a post as a new draft and opens the copy in Compose.
func (s *postsScreen) duplicate(p model.Post) {
	work(s.e, func(ctx context.Context) (model.Post, error) { return s.e.core.DuplicatePost(ctx, p.ID) },
		func(cp model.Post, err error) {
			if err != nil {
				message(s.status, err, "")
				return
			}
			message(s.status, nil, lang.L("Copied as a new draft: edit it and choose when it goes out."))
			s.e.edit(cp)
		})
}

// open opens a permalink in the browser, off the UI goroutine.
func (s *postsScreen) open(url string) {
	work(s.e, func(context.Context) (struct{}, error) { return struct{}{}, s.openURL(url) },
		func(_ struct{}, err error) {
			if err != nil {
				message(s.status, err, "")
			}
		})
}

func cancelWords() summaryWords {
	return summaryWords{
		one: func(model.Post) string { return lang.L("Cancelled: it will not be published.") },
		many: func(n int) string {
			return lang.N("Cancelled {{.Count}} posts: they will not be published.", n, countData(n))
		},
		none: lang.L("Nothing was cancelled."),
		failed: func(p model.Post, why string) string {
			return lang.L("“{{.Post}}” was not cancelled: {{.Reason}}", reasonData(p, why))
		},
	}
}

func undoWords() summaryWords {
	return summaryWords{
		one:  func(p model.Post) string { return lang.L("Undone: “{{.Post}}” is back as it was.", postData(p)) },
		many: func(n int) string { return lang.N("Undone: {{.Count}} posts are back as they were.", n, countData(n)) },
		none: lang.L("Nothing could be put back."),
		failed: func(p model.Post, why string) string {
			return lang.L("“{{.Post}}” could not be put back: {{.Reason}}", reasonData(p, why))
		},
	}
}

func publishWords() summaryWords {
	return summaryWords{
		one:  func(model.Post) string { return lang.L("Publishing now.") },
		many: func(n int) string { return lang.N("Publishing {{.Count}} posts now.", n, countData(n)) },
		none: lang.L("Nothing was published."),
		failed: func(p model.Post, why string) string {
			return lang.L("“{{.Post}}” was not published: {{.Reason}}", reasonData(p, why))
		},
	}
}
