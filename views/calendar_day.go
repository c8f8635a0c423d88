package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// openPost edits p in Compose; a post that can no longer be edited (published, or
// being published) is shown instead.
func (s *calendarScreen) openPost(p model.Post) {
	if editable(p) {
		s.e.edit(p)
		return
	}
	s.showPost(p)
}

// showPost shows a post that can no longer be edited, and what can still be done.
func (s *calendarScreen) showPost(p model.Post) {
	state := widget.NewLabel(postStatusText(p.Status) + " · " + calWhen(p.ScheduledAt.In(s.data.loc)))
	state.Importance = postImportance(p.Status)
	body := container.NewVBox(state, wrapped(excerpt(p.Content, 280), widget.MediumImportance),
		wrapped(targetsSummary(p, s.data.byID), widget.MediumImportance),
		wrapped(lang.L("A published post can no longer be edited. Drag it to another day to schedule a copy, "+
			"or open Posts for its links and delivery."), widget.LowImportance))
	d := dialog.NewCustom(lang.L("Published post"), lang.L("Close"), body, s.e.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// openCell lists every post of a day (or an hour in the week view): the "+N more" link.
func (s *calendarScreen) openCell(c *calCell) {
	title := calDayTitle(c.day)
	if c.hour >= 0 {
		title = calWhen(c.day.at(c.hour, 0, 0, s.data.loc))
	}
	var d *dialog.CustomDialog
	list := container.NewVBox()
	for _, p := range c.posts {
		list.Add(newCalChip(p, s.data.loc, func() { d.Hide(); s.openPost(p) }))
	}
	hint := wrapped(lang.L("Click a post to edit it. To move one, close this list and drag it on the calendar."),
		widget.LowImportance)
	d = dialog.NewCustom(title, lang.L("Close"), container.NewBorder(hint, nil, nil, nil, container.NewVScroll(list)), s.e.win)
	d.Resize(fyne.NewSize(460, 420))
	d.Show()
}
