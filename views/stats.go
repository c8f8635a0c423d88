package views

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// statsStatuses are the post statuses counted on the Stats screen, in display order.
var statsStatuses = []model.PostStatus{
	model.PostScheduled, model.PostPublished, model.PostPartiallyPublished, model.PostDraft,
	model.PostFailed, model.PostMissed, model.PostUnconfirmed, model.PostCancelled,
}

// statsScreen shows what is known today: how many posts are in each status. Engagement
// statistics need collected metrics, which a later version adds.
type statsScreen struct {
	e      *env
	loads  latest
	root   fyne.CanvasObject
	grid   *fyne.Container
	total  *widget.Label
	status *widget.Label
}

func newStatsScreen(e *env) *statsScreen {
	s := &statsScreen{e: e, grid: container.NewGridWithColumns(4), total: widget.NewLabel(""), status: newStatusLabel()}
	note := emptyState(lang.L("Statistics arrive once posts are published and collected"),
		lang.L("Likes, reposts and follower growth will show here. Until then, here is where your posts stand."))
	body := container.NewVBox(s.status, widget.NewCard("", "", note), subheading(lang.L("Posts by status")), s.total, s.grid)
	s.root = page(lang.L(navStats), lang.L("Engagement and posting activity."), container.NewVScroll(body))
	e.subscribePosts(s.reload)
	return s
}

func (s *statsScreen) view() fyne.CanvasObject { return s.root }

func (s *statsScreen) reload() {
	reloadInto(s.e, &s.loads, func(ctx context.Context) (map[model.PostStatus]int, error) {
		posts, err := s.e.core.ListPosts(ctx, model.PostFilter{})
		return countByStatus(posts), err
	}, s.apply)
}

// countByStatus counts posts per status.
func countByStatus(posts []model.Post) map[model.PostStatus]int {
	n := map[model.PostStatus]int{}
	for _, p := range posts {
		n[p.Status]++
	}
	return n
}

func (s *statsScreen) apply(n map[model.PostStatus]int, err error) {
	if err != nil {
		message(s.status, err, "")
		return
	}
	total := 0
	for _, c := range n {
		total += c
	}
	objs := make([]fyne.CanvasObject, 0, len(statsStatuses))
	for _, st := range statsStatuses {
		objs = append(objs, statCard(postStatusText(st), n[st]))
	}
	s.total.SetText(lang.N("{{.Count}} posts in total", total, map[string]any{"Count": total}))
	s.grid.Objects = objs
	s.grid.Refresh()
}

// statCard is a big number with a caption.
func statCard(caption string, n int) fyne.CanvasObject {
	num := canvas.NewText(strconv.Itoa(n), theme.Color(theme.ColorNameForeground))
	num.TextSize = 32
	num.TextStyle = fyne.TextStyle{Bold: true}
	c := widget.NewLabel(caption)
	return widget.NewCard("", "", container.NewVBox(num, c))
}
