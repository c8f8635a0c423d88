package views

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// bulkBar is the row above the list to act on the ticked posts, and the progress bar
// shown while an action on several posts runs.
type bulkBar struct {
	s          *postsScreen
	bar        fyne.CanvasObject
	all        *widget.Check
	count      *widget.Label
	cancel     *widget.Button
	reschedule *widget.Button
	del        *widget.Button
	progress   *widget.ProgressBar
	syncing    bool // refresh is setting the "select all" box: not the user
}

func newBulkBar(s *postsScreen) *bulkBar {
	b := &bulkBar{s: s, count: widget.NewLabel(""), progress: widget.NewProgressBar()}
	b.all = widget.NewCheck(lang.L("Select all shown"), b.selectAll)
	b.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { s.cancelPosts(s.checkedPosts()) })
	b.reschedule = widget.NewButtonWithIcon(lang.L("Reschedule…"), theme.CalendarIcon(),
		func() { s.askReschedule(s.checkedPosts()) })
	b.del = widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), func() { s.confirmDeleteMany(s.checkedPosts()) })
	b.del.Importance = widget.DangerImportance
	b.progress.Hide()
	b.bar = container.NewBorder(nil, nil, container.NewHBox(b.all, s.count), container.NewHBox(b.count, b.cancel,
		b.reschedule, b.del))
	b.refresh()
	return b
}

// refresh shows how many posts are ticked and enables the actions accordingly.
func (b *bulkBar) refresh() {
	n := len(b.s.checkedPosts())
	b.count.SetText(lang.N("{{.Count}} selected", n, map[string]any{"Count": n}))
	for _, btn := range []*widget.Button{b.cancel, b.reschedule, b.del} {
		if n == 0 || b.s.busy {
			btn.Disable()
		} else {
			btn.Enable()
		}
	}
	b.syncing = true
	b.all.SetChecked(n > 0 && n == len(b.s.posts))
	b.syncing = false
	if len(b.s.posts) == 0 {
		b.all.Disable()
	} else {
		b.all.Enable()
	}
}

// selectAll ticks or unticks every post shown.
func (b *bulkBar) selectAll(on bool) {
	if b.syncing {
		return
	}
	clear(b.s.checked)
	if on {
		for _, p := range b.s.posts {
			b.s.checked[p.ID] = true
		}
	}
	b.s.list.Refresh()
	b.refresh()
}

// setChecked ticks or unticks one post.
func (s *postsScreen) setChecked(id int64, on bool) {
	if on {
		s.checked[id] = true
	} else {
		delete(s.checked, id)
	}
	s.bulk.refresh()
}

// checkedPosts are the ticked posts, in list order.
func (s *postsScreen) checkedPosts() []model.Post {
	var out []model.Post
	for _, p := range s.posts {
		if s.checked[p.ID] {
			out = append(out, p)
		}
	}
	return out
}

// keepCheckedShown unticks posts no longer shown, so actions only touch what is visible.
func (s *postsScreen) keepCheckedShown() {
	shown := make(map[int64]bool, len(s.posts))
	for _, p := range s.posts {
		shown[p.ID] = true
	}
	for id := range s.checked {
		if !shown[id] {
			delete(s.checked, id)
		}
	}
}

// bulkOutcome is what an action did to several posts.
type bulkOutcome struct {
	done   []model.Post
	failed []bulkFailure
}

// bulkFailure is a post an action could not be applied to, and why.
type bulkFailure struct {
	post model.Post
	err  error
}

// each applies act to every post in turn and calls step (if not nil) after each one.
func each(ctx context.Context, posts []model.Post, act func(context.Context, model.Post) error, step func(n int)) bulkOutcome {
	var out bulkOutcome
	for i, p := range posts {
		if err := act(ctx, p); err != nil {
			out.failed = append(out.failed, bulkFailure{post: p, err: err})
		} else {
			out.done = append(out.done, p)
		}
		if step != nil {
			step(i + 1)
		}
	}
	return out
}

// runEach applies act to posts off the UI goroutine, one after the other, moving the
// progress bar, then calls finish on the UI goroutine. One action runs at a time.
func (s *postsScreen) runEach(posts []model.Post, act func(context.Context, model.Post) error, finish func(bulkOutcome)) {
	if len(posts) == 0 {
		return
	}
	if s.busy {
		say(s.status, widget.WarningImportance, lang.L("Wait for the current action to finish."))
		return
	}
	s.setBusy(true, len(posts))
	s.e.bg(func() {
		out := each(s.e.ctx, posts, act, func(n int) { fyne.Do(func() { s.bulk.progress.SetValue(float64(n)) }) })
		for _, f := range out.failed {
			s.e.log.Warn("views: post action failed", "post_id", f.post.ID, "err", f.err)
		}
		fyne.Do(func() {
			s.setBusy(false, 0)
			finish(out)
		})
	})
}

// setBusy shows the progress bar (for more than one post) and locks the bulk actions.
func (s *postsScreen) setBusy(busy bool, n int) {
	s.busy = busy
	s.undo.setEnabled(!busy)
	s.bulk.progress.Hide()
	if busy && n > 1 {
		s.bulk.progress.Max = float64(n)
		s.bulk.progress.SetValue(0)
		s.bulk.progress.Show()
	}
	s.bulk.refresh()
}

// summaryWords are the sentences an action's summary is made of.
type summaryWords struct {
	one    func(p model.Post) string             // one post, done
	many   func(n int) string                    // several posts, done
	none   string                                // nothing done
	failed func(p model.Post, why string) string // one post not done, with the reason
}

// summary is the sentence saying what worked and what did not, with the reasons, and
// how to colour it.
func summary(out bulkOutcome, w summaryWords) (string, widget.Importance) {
	var parts []string
	switch {
	case len(out.done) == 1 && len(out.failed) == 0:
		parts = append(parts, w.one(out.done[0]))
	case len(out.done) > 0:
		parts = append(parts, w.many(len(out.done)))
	case len(out.failed) > 1:
		parts = append(parts, w.none)
	}
	for _, f := range out.failed {
		parts = append(parts, w.failed(f.post, app.UserMessage(f.err)))
	}
	imp := widget.SuccessImportance
	switch {
	case len(out.done) == 0:
		imp = widget.DangerImportance
	case len(out.failed) > 0:
		imp = widget.WarningImportance
	}
	return strings.Join(parts, " "), imp
}

// report shows an action's summary in the status line.
func (s *postsScreen) report(out bulkOutcome, w summaryWords) {
	text, imp := summary(out, w)
	say(s.status, imp, text)
}

// postData is a post's excerpt for sentences.
func postData(p model.Post) map[string]any {
	return map[string]any{"Post": excerpt(p.Content, 40)}
}

func countData(n int) map[string]any { return map[string]any{"Count": n} }

func reasonData(p model.Post, why string) map[string]any {
	return map[string]any{"Post": excerpt(p.Content, 40), "Reason": why}
}

// untick removes posts from the ticked ones.
func (s *postsScreen) untick(posts []model.Post) {
	for _, p := range posts {
		delete(s.checked, p.ID)
	}
	s.bulk.refresh()
}

// confirmDeleteMany asks before deleting the ticked posts (here only; they can be undone
// for a few seconds).
func (s *postsScreen) confirmDeleteMany(posts []model.Post) {
	if len(posts) == 1 {
		s.confirmDelete(posts[0])
		return
	}
	d := dialog.NewConfirm(lang.N("Delete {{.Count}} posts?", len(posts), countData(len(posts))),
		lang.L("Their delivery history is removed too. Posts already published stay on the networks. You can undo for a few seconds."),
		func(ok bool) {
			if ok {
				s.deleteLater(posts, false)
			}
		}, s.e.win)
	d.SetConfirmText(lang.L("Delete"))
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}
