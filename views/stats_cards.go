package views

import (
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statsCard is one overview number: its caption, its value and its change against the
// previous period.
type statsCard struct {
	value  *widget.Label
	change *widget.Label
	root   fyne.CanvasObject
}

func newStatsCard(caption string) *statsCard {
	c := &statsCard{value: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), change: widget.NewLabel("")}
	c.value.SizeName = theme.SizeNameHeadingText
	c.root = widget.NewCard("", "", container.NewVBox(widget.NewLabel(caption), c.value, c.change))
	return c
}

// set shows a value and its change.
func (c *statsCard) set(value string, change string, imp widget.Importance) {
	c.value.SetText(value)
	c.change.Importance = imp
	c.change.SetText(change)
}

// statsCards are the overview cards, in display order.
type statsCards struct {
	posts, views, likes, comments, shares, rate, followers *statsCard
	grid                                                   *fyne.Container
}

func newStatsCards() *statsCards {
	c := &statsCards{posts: newStatsCard(lang.L("Posts")), views: newStatsCard(lang.L("Views")),
		likes: newStatsCard(lang.L("Likes")), comments: newStatsCard(lang.L("Comments")),
		shares: newStatsCard(lang.L("Shares")), rate: newStatsCard(lang.L("Engagement rate")),
		followers: newStatsCard(lang.L("Followers"))}
	c.grid = container.NewGridWrap(fyne.NewSize(140, c.posts.root.MinSize().Height), c.posts.root, c.views.root, c.likes.root, c.comments.root,
		c.shares.root, c.rate.root, c.followers.root)
	return c
}

// set shows an overview.
func (c *statsCards) set(o statsOverview) {
	cur, prev := o.Current, o.Previous
	for _, x := range []struct {
		card      *statsCard
		cur, prev int64
	}{{c.posts, cur.Posts, prev.Posts}, {c.views, cur.Views, prev.Views}, {c.likes, cur.Likes, prev.Likes},
		{c.comments, cur.Comments, prev.Comments}, {c.shares, cur.Shares, prev.Shares}} {
		text, imp := changeText(float64(x.cur), float64(x.prev), true)
		x.card.set(count(x.cur), text, imp)
	}
	c.setRate(cur, prev)
	c.setFollowers(cur, prev)
}

// setRate shows the engagement rate, "n/a" when it cannot be computed.
func (c *statsCards) setRate(cur, prev statsTotals) {
	text, imp := lang.L("n/a"), widget.LowImportance
	if cur.HasRate && prev.HasRate {
		text, imp = changeText(cur.Rate, prev.Rate, prev.Rate != 0)
	}
	c.rate.set(rateText(cur.Rate, cur.HasRate), text, imp)
}

// setFollowers shows the follower count, "n/a" when no reading was taken.
func (c *statsCards) setFollowers(cur, prev statsTotals) {
	if !cur.HasFollowers {
		c.followers.set(lang.L("n/a"), lang.L("n/a"), widget.LowImportance)
		return
	}
	text, imp := lang.L("n/a"), widget.LowImportance
	if prev.HasFollowers {
		text, imp = changeText(float64(cur.Followers), float64(prev.Followers), true)
	}
	c.followers.set(count(cur.Followers), text, imp)
}

// changeText is the change from prev to cur in percent with an arrow ("▲ 12%", "▼ 3%"),
// "n/a" when prev is 0 and cur is not (no base to compare with); ok false also gives "n/a".
func changeText(cur, prev float64, ok bool) (string, widget.Importance) {
	if !ok || (prev == 0 && cur != 0) {
		return lang.L("n/a"), widget.LowImportance
	}
	pct := 0.0
	if prev != 0 {
		pct = math.Round((cur - prev) / math.Abs(prev) * 100)
	}
	n := strconv.FormatFloat(math.Abs(pct), 'f', 0, 64)
	switch {
	case pct > 0:
		return lang.L("▲ {{.Percent}}%", map[string]any{"Percent": n}), widget.SuccessImportance
	case pct < 0:
		return lang.L("▼ {{.Percent}}%", map[string]any{"Percent": n}), widget.DangerImportance
	}
	return lang.L("No change"), widget.LowImportance
}
