package views

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// chipMaker returns the function that builds a draggable chip for a post of d.
func (s *calendarScreen) chipMaker(d calData) func(model.Post) *calChip {
	return func(p model.Post) *calChip {
		c := newCalChip(p, d.loc, func() { s.openPost(p) })
		c.onDrag, c.onDrop = s.dragOver, s.drop
		return c
	}
}

// dragOver remembers the pointer and highlights the cell under it.
func (s *calendarScreen) dragOver(_ *calChip, abs fyne.Position) {
	s.dragAt = abs
	if s.grid == nil {
		return
	}
	c, _ := s.grid.cellAt(s.e.fa.Driver(), abs)
	if c == s.hovered {
		return
	}
	if s.hovered != nil {
		s.hovered.hover(false)
	}
	if c != nil {
		c.hover(true)
	}
	s.hovered = c
}

// drop reschedules the chip's post to the cell under the pointer: same time of day on
// another day (month), or the quarter hour pointed at (week).
func (s *calendarScreen) drop(chip *calChip) {
	if s.hovered != nil {
		s.hovered.hover(false)
		s.hovered = nil
	}
	if s.grid == nil {
		return
	}
	c, frac := s.grid.cellAt(s.e.fa.Driver(), s.dragAt)
	if c == nil {
		return
	}
	if c.gap {
		say(s.msg, widget.WarningImportance, lang.L("That hour does not exist on this day: the clocks go forward. Drop the post on another hour."))
		return
	}
	if at, moved := calDropTime(chip.post, c, frac, s.data.loc); moved {
		s.move(chip.post, at)
	}
}

// calDropTime is the post's new time for a drop on c at frac (0 top, 1 bottom of the
// cell); moved is false when it would not change. Days are built with time.Date in
// loc, so the time of day is kept across DST changes.
func calDropTime(p model.Post, c *calCell, frac float32, loc *time.Location) (at time.Time, moved bool) {
	old := p.ScheduledAt.In(loc)
	if c.hour < 0 {
		at = c.day.at(old.Hour(), old.Minute(), old.Second(), loc)
	} else {
		q := min(max(int(frac*4), 0), 3)
		at = c.day.at(c.hour, q*15, 0, loc)
	}
	return at, !at.Equal(p.ScheduledAt)
}

// zoneOf is the zone a post is rescheduled in: its own, else the calendar's.
func (s *calendarScreen) zoneOf(p model.Post) string {
	if p.Zone != "" {
		return p.Zone
	}
	return s.data.zone
}

// move reschedules p at at, off the UI goroutine; a published post is copied instead,
// after the user agrees.
func (s *calendarScreen) move(p model.Post, at time.Time) {
	switch p.Status {
	case model.PostPublishing:
		say(s.msg, widget.WarningImportance, lang.L("This post is being published right now; wait a moment, then move it."))
		return
	case model.PostPublished, model.PostPartiallyPublished:
		s.confirmCopy(p, at)
		return
	}
	zone, back, backZone := s.zoneOf(p), p.ScheduledAt, s.zoneOf(p)
	when := calWhen(at.In(s.data.loc))
	say(s.msg, widget.MediumImportance, lang.L("Moving the post to {{.When}}…", map[string]any{"When": when}))
	s.run(func(ctx context.Context) error { return s.e.core.SchedulePost(ctx, p.ID, at, zone) }, func() {
		s.offerUndo(lang.L("Moved to {{.When}}.", map[string]any{"When": when}),
			func(ctx context.Context) error { return s.e.core.SchedulePost(ctx, p.ID, back, backZone) },
			lang.L("Moved back to {{.When}}.", map[string]any{"When": calWhen(back.In(s.data.loc))}))
	})
}

// run calls fn off the UI goroutine, then shows its error or calls done, and reloads.
func (s *calendarScreen) run(fn func(ctx context.Context) error, done func()) {
	work(s.e, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) }, func(_ struct{}, err error) {
		if err != nil {
			message(s.msg, err, "")
		} else {
			done()
		}
		s.reload()
	})
}

// confirmCopy asks before scheduling a copy of a published post at at.
func (s *calendarScreen) confirmCopy(p model.Post, at time.Time) {
	when := calWhen(at.In(s.data.loc))
	d := dialog.NewConfirm(lang.L("Schedule a copy?"),
		lang.L("This post is already published. Schedule a copy on {{.When}}?", map[string]any{"When": when}),
		func(ok bool) {
			if ok {
				s.scheduleCopy(p, at, when)
			}
		}, s.e.win)
	d.SetConfirmText(lang.L("Schedule a copy"))
	d.SetDismissText(lang.L("Cancel"))
	d.Show()
}

// scheduleCopy duplicates p and schedules the copy at at; undo deletes the copy.
func (s *calendarScreen) scheduleCopy(p model.Post, at time.Time, when string) {
	zone := s.zoneOf(p)
	var copyID int64
	say(s.msg, widget.MediumImportance, lang.L("Scheduling a copy on {{.When}}…", map[string]any{"When": when}))
	s.run(func(ctx context.Context) error {
		id, err := s.copyAt(ctx, p.ID, at, zone)
		copyID = id
		return err
	}, func() {
		s.offerUndo(lang.L("A copy is scheduled on {{.When}}.", map[string]any{"When": when}),
			func(ctx context.Context) error { return s.e.core.DeletePost(ctx, copyID) },
			lang.L("The copy was removed."))
	})
}

// copyAt duplicates post id and schedules the copy; a copy that cannot be scheduled is
// removed again so no stray draft is left behind.
func (s *calendarScreen) copyAt(ctx context.Context, id int64, at time.Time, zone string) (int64, error) {
	cp, err := s.e.core.DuplicatePost(ctx, id)
	if err != nil {
		return 0, fmt.Errorf("views: copy post %d: %w", id, err)
	}
	if err := s.e.core.SchedulePost(ctx, cp.ID, at, zone); err != nil {
		if derr := s.e.core.DeletePost(ctx, cp.ID); derr != nil {
			s.e.log.Warn("views: remove unscheduled copy", "post", cp.ID, "err", derr)
		}
		return 0, fmt.Errorf("views: schedule copy of post %d: %w", id, err)
	}
	return cp.ID, nil
}

// offerUndo shows text with an Undo button for calUndoWindow; Undo runs undo off the UI
// goroutine and then says undone.
func (s *calendarScreen) offerUndo(text string, undo func(ctx context.Context) error, undone string) {
	s.undoSeq++
	seq := s.undoSeq
	say(s.msg, widget.SuccessImportance, text)
	s.undo.OnTapped = func() {
		s.hideUndo()
		say(s.msg, widget.MediumImportance, lang.L("Undoing…"))
		s.run(undo, func() { say(s.msg, widget.SuccessImportance, undone) })
	}
	s.undo.Show()
	s.after(calUndoWindow, func() {
		fyne.Do(func() {
			if s.undoSeq == seq {
				s.hideUndo()
			}
		})
	})
}

func (s *calendarScreen) hideUndo() {
	s.undoSeq++
	s.undo.OnTapped = nil
	s.undo.Hide()
}
