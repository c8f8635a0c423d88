package views

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// The period choices, as translation keys; statsPeriodDays gives their length.
const (
	statsLast7  = "Last 7 days"
	statsLast30 = "Last 30 days"
	statsLast90 = "Last 90 days"
	statsCustom = "Custom dates"
)

// statsPeriodDays is the number of days of each fixed period choice.
var statsPeriodDays = map[string]int{statsLast7: 7, statsLast30: 30, statsLast90: 90}

// errStatsDates is the answer to custom dates that cannot be read.
var errStatsDates = errors.New("views: stats: bad custom dates")

// statsFilterBar is the row choosing the period and the account.
type statsFilterBar struct {
	period   *widget.Select
	from, to *widget.Entry
	custom   *fyne.Container
	account  *widget.Select
	accounts []model.Account // in the order of account.Options after "All accounts"
	bar      fyne.CanvasObject
	// quiet is set while the bar changes its own choices, so that changed is not called.
	quiet bool
}

func newStatsFilterBar(changed func()) *statsFilterBar {
	b := &statsFilterBar{from: widget.NewEntry(), to: widget.NewEntry(), quiet: true}
	defer func() { b.quiet = false }()
	user := func() {
		if !b.quiet {
			changed()
		}
	}
	periods := []string{lang.L(statsLast7), lang.L(statsLast30), lang.L(statsLast90), lang.L(statsCustom)}
	b.period = widget.NewSelect(periods, nil)
	b.period.SetSelectedIndex(1)
	b.period.OnChanged = func(string) { b.showCustom(); user() }
	b.from.SetPlaceHolder(lang.L("From (YYYY-MM-DD)"))
	b.to.SetPlaceHolder(lang.L("To (YYYY-MM-DD)"))
	b.from.OnSubmitted = func(string) { changed() }
	b.to.OnSubmitted = func(string) { changed() }
	apply := widget.NewButton(lang.L("Show"), changed)
	b.custom = container.NewHBox(container.NewGridWrap(fyne.NewSize(170, b.from.MinSize().Height), b.from, b.to), apply)
	b.custom.Hide()
	b.account = widget.NewSelect([]string{lang.L("All accounts")}, func(string) { user() })
	b.account.SetSelectedIndex(0)
	b.bar = container.NewHBox(widget.NewLabel(lang.L("Period")), b.period, b.custom, widget.NewLabel(lang.L("Account")), b.account)
	return b
}

// showCustom shows the date fields when the custom period is chosen.
func (b *statsFilterBar) showCustom() {
	if b.period.SelectedIndex() == 3 {
		b.custom.Show()
		return
	}
	b.custom.Hide()
}

// setAccounts replaces the account choices, keeping the chosen account when it is still there.
func (b *statsFilterBar) setAccounts(accts []model.Account) {
	chosen := b.accountID()
	b.accounts = accts
	opts := []string{lang.L("All accounts")}
	sel := 0
	for i, a := range accts {
		opts = append(opts, accountLabel(a))
		if a.ID == chosen {
			sel = i + 1
		}
	}
	b.quiet = true
	b.account.Options = opts
	b.account.SetSelectedIndex(sel)
	b.quiet = false
}

// accountID is the chosen account, 0 for all.
func (b *statsFilterBar) accountID() int64 {
	i := b.account.SelectedIndex()
	if i <= 0 || i > len(b.accounts) {
		return 0
	}
	return b.accounts[i-1].ID
}

// filter is the chosen period and account; now gives "today" in its location.
func (b *statsFilterBar) filter(now time.Time) (statsFilter, error) {
	f := statsFilter{AccountID: b.accountID()}
	if b.period.SelectedIndex() == 3 {
		from, to, err := parseStatsDates(b.from.Text, b.to.Text, now.Location())
		f.From, f.To = from, to
		return f, err
	}
	f.From, f.To = lastDays(now, statsPeriodDays[[]string{statsLast7, statsLast30, statsLast90}[max(b.period.SelectedIndex(), 0)]])
	return f, nil
}

// lastDays is the period of the n days ending with today, [midnight n-1 days ago, midnight tonight).
func lastDays(now time.Time, n int) (time.Time, time.Time) {
	y, m, d := now.Date()
	to := time.Date(y, m, d+1, 0, 0, 0, 0, now.Location())
	return to.AddDate(0, 0, -n), to
}

// parseStatsDates reads the custom dates, both days included.
func parseStatsDates(from, to string, loc *time.Location) (time.Time, time.Time, error) {
	f, err1 := time.ParseInLocation(time.DateOnly, from, loc)
	t, err2 := time.ParseInLocation(time.DateOnly, to, loc)
	if err1 != nil || err2 != nil || t.Before(f) {
		return time.Time{}, time.Time{}, errStatsDates
	}
	return f, t.AddDate(0, 0, 1), nil
}

// accountLabel names an account in the filter: network and handle.
func accountLabel(a model.Account) string {
	who := a.Handle
	if who == "" {
		who = a.Name
	}
	return lang.L("{{.Network}} · {{.Account}}", map[string]any{"Network": a.Platform.Title(), "Account": who})
}
