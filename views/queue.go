package views

import (
	"context"
	"fmt"
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

// Geometry of the posting schedule dialog.
const (
	scheduleWidth    = 560
	scheduleListMinH = 220
	scheduleDayWidth = 110
	// slotStep is the step of the minute picker.
	slotStep = 5
)

// weekOrder lists the weekdays as the schedule shows them, Monday first.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday,
	time.Saturday, time.Sunday}

// scheduleDialog edits one account's posting schedule (Buffer's queue): the weekly
// times "Add to queue" picks from, read in the account's time zone.
type scheduleDialog struct {
	e     *env
	acct  model.Account
	slots []model.QueueSlot // being edited, sorted Monday first

	zone      *widget.SelectEntry
	days      *widget.Select
	hour      *widget.Select
	minute    *widget.Select
	add       *widget.Button
	best      *widget.Button
	list      *fyne.Container
	next      *widget.Label
	status    *widget.Label
	save      *widget.Button
	dlg       *dialog.CustomDialog
	dayGroups []dayGroup
}

// dayGroup is one choice of the day picker: a weekday, or several at once.
type dayGroup struct {
	label string
	days  []time.Weekday
}

// showScheduleDialog opens the posting schedule of acct and loads it.
func showScheduleDialog(e *env, acct model.Account) *scheduleDialog {
	s := &scheduleDialog{e: e, acct: acct, dayGroups: dayGroups(), list: container.NewVBox(),
		next: widget.NewLabel(""), status: newStatusLabel()}
	s.next.Wrapping = fyne.TextWrapWord
	s.next.Importance = widget.LowImportance
	s.zone = widget.NewSelectEntry(zoneChoices(""))
	s.zone.OnChanged = func(text string) { s.zone.SetOptions(zoneChoices(text)) }
	s.buildPicker()
	s.save = &widget.Button{Text: lang.L("Save"), Importance: widget.HighImportance, OnTapped: s.submit}
	s.save.Disable()
	cancel := widget.NewButton(lang.L("Cancel"), func() { s.dlg.Hide() })
	title := lang.L("Posting schedule of {{.Account}}", map[string]any{"Account": accountName(acct)})
	s.dlg = dialog.NewCustomWithoutButtons(title, s.content(), e.win)
	s.dlg.SetButtons([]fyne.CanvasObject{cancel, s.save})
	s.dlg.Resize(fyne.NewSize(scheduleWidth, 0))
	s.showSlots()
	s.dlg.Show()
	s.load()
	return s
}

// accountName is how the dialog names an account: its handle, else its name.
func accountName(a model.Account) string {
	if a.Handle != "" {
		return a.Handle
	}
	return a.Name
}

// dayGroups are the day picker's choices: every day, weekdays, the weekend, then each day.
func dayGroups() []dayGroup {
	out := []dayGroup{
		{lang.L("Every day"), weekOrder},
		{lang.L("Weekdays (Monday to Friday)"), weekOrder[:5]},
		{lang.L("Weekend"), weekOrder[5:]},
	}
	for _, d := range weekOrder {
		out = append(out, dayGroup{weekdayName(d), []time.Weekday{d}})
	}
	return out
}

// weekdayName is the translated name of d.
func weekdayName(d time.Weekday) string {
	switch d {
	case time.Monday:
		return lang.L("Monday")
	case time.Tuesday:
		return lang.L("Tuesday")
	case time.Wednesday:
		return lang.L("Wednesday")
	case time.Thursday:
		return lang.L("Thursday")
	case time.Friday:
		return lang.L("Friday")
	case time.Saturday:
		return lang.L("Saturday")
	}
	return lang.L("Sunday")
}

// buildPicker builds the "day + hour + minute + Add" row, set to Monday 09:00.
func (s *scheduleDialog) buildPicker() {
	labels := make([]string, len(s.dayGroups))
	for i, g := range s.dayGroups {
		labels[i] = g.label
	}
	s.days = widget.NewSelect(labels, nil)
	s.days.SetSelectedIndex(3) // Monday
	// The short placeholders keep the pickers as narrow as their "00" choices.
	s.hour = &widget.Select{Options: twoDigits(0, 24, 1), PlaceHolder: "--"}
	s.hour.SetSelected("09")
	s.minute = &widget.Select{Options: twoDigits(0, 60, slotStep), PlaceHolder: "--"}
	s.minute.SetSelected("00")
	s.add = widget.NewButtonWithIcon(lang.L("Add time"), theme.ContentAddIcon(), s.addPicked)
	s.best = widget.NewButtonWithIcon(lang.L("Use my best times"), theme.HistoryIcon(), s.useBestTimes)
}

// bestPerDay is how many posting times a day "Use my best times" proposes.
const bestPerDay = 2

// useBestTimes replaces the times being edited with the account's two best hours per
// weekday (from its engagement history, or its network's typical times); Save keeps them.
func (s *scheduleDialog) useBestTimes() {
	s.best.Disable()
	work(s.e, func(ctx context.Context) ([]model.QueueSlot, error) {
		return s.e.core.BestQueueSlots(ctx, s.acct.ID, bestPerDay)
	}, func(slots []model.QueueSlot, err error) {
		s.best.Enable()
		if err != nil {
			say(s.status, widget.DangerImportance, app.UserMessage(err))
			return
		}
		s.slots = sortSlots(slots)
		s.showSlots()
		say(s.status, widget.MediumImportance, lang.L("Proposed from your best times to post: press Save to keep them."))
	})
}

// twoDigits lists "00", "05" ... from from (inclusive) to to (exclusive).
func twoDigits(from, to, step int) []string {
	var out []string
	for i := from; i < to; i += step {
		out = append(out, fmt.Sprintf("%02d", i))
	}
	return out
}

// content lays the dialog out: zone, times per weekday, the picker, next free time.
func (s *scheduleDialog) content() fyne.CanvasObject {
	intro := widget.NewLabel(lang.L("“Add to queue” in Compose schedules a post at the next of these times that " +
		"no other post of this account already holds."))
	intro.Wrapping = fyne.TextWrapWord
	zoneItem := widget.NewFormItem(lang.L("Time zone"), s.zone)
	zoneItem.HintText = lang.L("Leave empty to follow the default time zone of Settings.")
	clock := container.NewHBox(s.hour, widget.NewLabel(":"), s.minute)
	picker := container.NewBorder(nil, nil, nil, container.NewHBox(clock, s.add), s.days)
	hint := widget.NewLabel(lang.L("Click a time to remove it."))
	hint.Importance = widget.LowImportance
	scroll := container.NewVScroll(s.list)
	scroll.SetMinSize(fyne.NewSize(0, scheduleListMinH))
	top := container.NewVBox(intro, widget.NewForm(zoneItem), subheading(lang.L("Posting times")), hint)
	bottom := container.NewVBox(picker, container.NewHBox(s.best), s.next, s.status)
	return container.NewBorder(top, bottom, nil, nil, scroll)
}

// scheduleData is what the dialog loads: the schedule, the default zone and the next
// free time.
type scheduleData struct {
	slots       []model.QueueSlot
	zone        string
	defaultZone string
	next        time.Time
	nextZone    string
}

// load reads the account's schedule off the UI goroutine.
func (s *scheduleDialog) load() {
	work(s.e, func(ctx context.Context) (scheduleData, error) {
		var d scheduleData
		var err error
		if d.slots, d.zone, err = s.e.core.QueueSlots(ctx, s.acct.ID); err != nil {
			return d, err
		}
		if set, err := s.e.core.Settings(ctx); err == nil {
			d.defaultZone = set.DefaultZone
		}
		if len(d.slots) > 0 {
			d.next, d.nextZone, _ = s.e.core.NextQueueSlot(ctx, []int64{s.acct.ID})
		}
		return d, nil
	}, s.apply)
}

// apply shows what load read.
func (s *scheduleDialog) apply(d scheduleData, err error) {
	if err != nil {
		message(s.status, err, "")
		return
	}
	s.slots = sortSlots(d.slots)
	s.zone.SetText(d.zone)
	s.zone.SetPlaceHolder(lang.L("Default time zone ({{.Zone}})", map[string]any{"Zone": zoneLabel(d.defaultZone)}))
	s.showSlots()
	if !d.next.IsZero() {
		s.next.SetText(lang.L("Next free time: {{.When}}", map[string]any{"When": scheduledText(d.next, d.nextZone, time.Local)}))
	}
	s.save.Enable()
}

// zoneLabel names a zone setting for people: "Local" is this computer's zone.
func zoneLabel(zone string) string {
	if zone == "" || zone == "Local" {
		return lang.L("this computer's, {{.Zone}}", map[string]any{"Zone": localZoneName()})
	}
	return zone
}

// addPicked adds the picked time on the picked days.
func (s *scheduleDialog) addPicked() {
	i := s.days.SelectedIndex()
	var h, m int
	if _, err := fmt.Sscanf(s.hour.Selected+":"+s.minute.Selected, "%d:%d", &h, &m); err != nil || i < 0 {
		say(s.status, widget.WarningImportance, lang.L("Pick a day and a time first."))
		return
	}
	for _, d := range s.dayGroups[i].days {
		s.slots = append(s.slots, model.QueueSlot{Weekday: d, Minute: h*60 + m})
	}
	s.slots = sortSlots(s.slots)
	say(s.status, widget.MediumImportance, "")
	s.showSlots()
}

// remove takes one time out of the schedule.
func (s *scheduleDialog) remove(q model.QueueSlot) {
	s.slots = slices.DeleteFunc(s.slots, func(x model.QueueSlot) bool { return x == q })
	s.showSlots()
}

// sortSlots orders slots Monday first, then by time, each once.
func sortSlots(slots []model.QueueSlot) []model.QueueSlot {
	out := slices.Clone(slots)
	slices.SortFunc(out, func(a, b model.QueueSlot) int {
		if c := slices.Index(weekOrder, a.Weekday) - slices.Index(weekOrder, b.Weekday); c != 0 {
			return c
		}
		return a.Minute - b.Minute
	})
	return slices.Compact(out)
}

// showSlots rebuilds the list: one row per weekday that has times.
func (s *scheduleDialog) showSlots() {
	var rows []fyne.CanvasObject
	for _, d := range weekOrder {
		if row := s.dayRow(d); row != nil {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		rows = []fyne.CanvasObject{emptyState(lang.L("No posting times yet"),
			lang.L("Pick a day and a time below, then Add time. Add to queue needs at least one."))}
	}
	s.list.Objects = rows
	s.list.Refresh()
}

// dayRow is a weekday's name and its times as buttons that remove them; nil without times.
func (s *scheduleDialog) dayRow(d time.Weekday) fyne.CanvasObject {
	var buttons []fyne.CanvasObject
	for _, q := range s.slots {
		if q.Weekday != d {
			continue
		}
		b := widget.NewButtonWithIcon(clockText(q.Minute), theme.CancelIcon(), func() { s.remove(q) })
		b.IconPlacement = widget.ButtonIconTrailingText
		buttons = append(buttons, b)
	}
	if len(buttons) == 0 {
		return nil
	}
	name := widget.NewLabelWithStyle(weekdayName(d), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	day := container.NewStack(sizedSpacer(scheduleDayWidth, 0), name)
	cell := buttons[0].MinSize()
	return container.NewBorder(nil, nil, day, nil, container.NewGridWrap(cell, buttons...))
}

// clockText writes minutes after midnight as "09:30".
func clockText(minute int) string { return fmt.Sprintf("%02d:%02d", minute/60, minute%60) }

// submit saves the schedule off the UI goroutine and closes the dialog; on failure it
// stays open with the core's sentence.
func (s *scheduleDialog) submit() {
	s.save.Disable()
	zone, slots := strings.TrimSpace(s.zone.Text), slices.Clone(s.slots)
	work(s.e, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.e.core.SetQueueSlots(ctx, s.acct.ID, zone, slots)
	}, func(_ struct{}, err error) {
		s.save.Enable()
		if err != nil {
			say(s.status, widget.DangerImportance, app.UserMessage(err))
			return
		}
		s.dlg.Hide()
	})
}
