package views

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// askReschedule asks for a new date and time for posts; each post keeps its own zone.
func (s *postsScreen) askReschedule(posts []model.Post) {
	if len(posts) == 0 {
		return
	}
	loc, zone := postZone(posts[0])
	start := posts[0].ScheduledAt
	if start.Before(time.Now()) {
		start = nextRoundHour(time.Now(), loc)
	}
	date, clock := widget.NewEntry(), widget.NewEntry()
	date.SetText(start.In(loc).Format(dateInputLayout))
	clock.SetText(start.In(loc).Format(timeInputLayout))
	date.Validator = layoutValidator(dateInputLayout, lang.L("Write the date as YYYY-MM-DD, for example 2030-05-01."))
	clock.Validator = layoutValidator(timeInputLayout, lang.L("Write the time as HH:MM, for example 09:30."))
	note := lang.L("The time is read in each post's own time zone.")
	if sameZone(posts) {
		note = lang.L("The time is read in the post's time zone, {{.Zone}}.", map[string]any{"Zone": zone})
	}
	title := lang.L("Reschedule this post")
	if len(posts) > 1 {
		title = lang.N("Reschedule {{.Count}} posts", len(posts), countData(len(posts)))
	}
	items := []*widget.FormItem{widget.NewFormItem(lang.L("Date"), date), widget.NewFormItem(lang.L("Time"), clock),
		widget.NewFormItem("", wrapped(note, widget.MediumImportance))}
	d := dialog.NewForm(title, lang.L("Reschedule"), lang.L("Cancel"), items, func(ok bool) {
		if ok {
			s.reschedule(posts, date.Text, clock.Text)
		}
	}, s.e.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// layoutValidator accepts text that parses with layout, and says msg otherwise.
func layoutValidator(layout, msg string) func(string) error {
	return func(v string) error {
		if _, err := time.Parse(layout, strings.TrimSpace(v)); err != nil {
			return errors.New(msg)
		}
		return nil
	}
}

// reschedule moves each post to day and clock in its own zone, then offers Undo.
func (s *postsScreen) reschedule(posts []model.Post, day, clock string) {
	s.runEach(posts, func(ctx context.Context, p model.Post) error {
		loc, _ := postZone(p)
		at, err := time.ParseInLocation(dateInputLayout+" "+timeInputLayout,
			strings.TrimSpace(day)+" "+strings.TrimSpace(clock), loc)
		if err != nil {
			return postsError{lang.L("Write the date as YYYY-MM-DD and the time as HH:MM."), model.ErrInvalid}
		}
		return s.e.core.SchedulePost(ctx, p.ID, at, p.Zone)
	}, func(out bulkOutcome) {
		s.report(out, rescheduleWords())
		s.offerRestore(out.done)
		s.reload()
	})
}

// postZone is the zone a post was scheduled in, and its name; the computer's zone when
// the post names none.
func postZone(p model.Post) (*time.Location, string) {
	if loc, ok := namedZone(p.Zone); ok {
		return loc, p.Zone
	}
	return time.Local, localZoneName()
}

func sameZone(posts []model.Post) bool {
	_, first := postZone(posts[0])
	for _, p := range posts[1:] {
		if _, z := postZone(p); z != first {
			return false
		}
	}
	return true
}

func rescheduleWords() summaryWords {
	return summaryWords{
		one:  func(p model.Post) string { return lang.L("Rescheduled “{{.Post}}”.", postData(p)) },
		many: func(n int) string { return lang.N("Rescheduled {{.Count}} posts.", n, countData(n)) },
		none: lang.L("Nothing was rescheduled."),
		failed: func(p model.Post, why string) string {
			return lang.L("“{{.Post}}” was not rescheduled: {{.Reason}}", reasonData(p, why))
		},
	}
}
