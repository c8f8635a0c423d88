package views

import (
	"context"
	"fmt"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// postsScreen lists posts newest first and shows the delivery of the selected one.
type postsScreen struct {
	e        *env
	loads    latest
	root     fyne.CanvasObject
	list     *widget.List
	posts    []model.Post
	accounts map[int64]model.Account
	selected int64 // post ID, 0 for none
	detail   *fyne.Container
	status   *widget.Label
	count    *widget.Label
}

// postsData is what the screen loads off the UI goroutine.
type postsData struct {
	posts    []model.Post
	accounts map[int64]model.Account
}

func newPostsScreen(e *env) *postsScreen {
	s := &postsScreen{e: e, accounts: map[int64]model.Account{}, status: newStatusLabel(), count: newStatusLabel()}
	s.list = widget.NewList(func() int { return len(s.posts) }, newPostRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) { s.selected = s.posts[id].ID; s.showDetail() }
	s.detail = container.NewVBox()
	split := container.NewHSplit(container.NewBorder(s.count, nil, nil, nil, s.list), container.NewVScroll(s.detail))
	split.Offset = 0.42
	s.root = page(navPosts, "Every post with its delivery to each account. Select a post to act on it.",
		container.NewBorder(s.status, nil, nil, nil, split))
	s.showDetail()
	e.subscribePosts(s.reload)
	return s
}

func (s *postsScreen) view() fyne.CanvasObject { return s.root }

// reload fetches posts and accounts off the UI goroutine.
func (s *postsScreen) reload() {
	reloadInto(s.e, &s.loads, loadPosts(s.e.core, model.PostFilter{}), s.apply)
}

// loadPosts returns a loader for posts (newest scheduled first) and accounts by ID.
func loadPosts(core Core, f model.PostFilter) func(ctx context.Context) (postsData, error) {
	return func(ctx context.Context) (postsData, error) {
		posts, err := core.ListPosts(ctx, f)
		if err != nil {
			return postsData{}, err
		}
		accs, err := core.Accounts(ctx)
		if err != nil {
			return postsData{}, err
		}
		byID := make(map[int64]model.Account, len(accs))
		for _, a := range accs {
			byID[a.ID] = a
		}
		sort.SliceStable(posts, func(i, j int) bool { return sortTime(posts[i]).After(sortTime(posts[j])) })
		return postsData{posts: posts, accounts: byID}, nil
	}
}

func (s *postsScreen) apply(d postsData, err error) {
	if err != nil {
		message(s.count, err, "") // the count line carries load errors; status keeps action results
		return
	}
	s.posts, s.accounts = d.posts, d.accounts
	say(s.count, widget.MediumImportance, fmt.Sprintf("%d posts", len(s.posts)))
	s.list.UnselectAll()
	s.list.Refresh()
	for i, p := range s.posts {
		if p.ID == s.selected {
			s.list.Select(i)
			return
		}
	}
	s.selected = 0
	s.showDetail()
}

func newPostRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	meta := widget.NewLabel("")
	meta.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedVBoxLayout(0), title, meta)
}

func (s *postsScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	p := s.posts[id]
	row := o.(*fyne.Container)
	row.Objects[0].(*widget.Label).SetText(excerpt(p.Content, 80))
	row.Objects[1].(*widget.Label).SetText(postMeta(p))
}

// postMeta is the one-line summary under a post's excerpt.
func postMeta(p model.Post) string {
	when := "No time set"
	if !p.ScheduledAt.IsZero() {
		when = formatWhen(p.ScheduledAt)
	}
	n := len(p.Targets)
	acc := "accounts"
	if n == 1 {
		acc = "account"
	}
	return fmt.Sprintf("%s · %s · %d %s", postStatusText(p.Status), when, n, acc)
}

// sortTime orders posts: by scheduled time, or creation time for unscheduled ones.
func sortTime(p model.Post) time.Time {
	if !p.ScheduledAt.IsZero() {
		return p.ScheduledAt
	}
	return p.CreatedAt
}

// selectedPost returns the selected post, if it is still listed.
func (s *postsScreen) selectedPost() (model.Post, bool) {
	for _, p := range s.posts {
		if p.ID == s.selected {
			return p, true
		}
	}
	return model.Post{}, false
}

// subscribePosts reloads on post and delivery events; cancelled when the UI quits.
func (e *env) subscribePosts(reload func()) {
	ev := e.core.Events()
	e.track(ev.Posts.Subscribe(func(context.Context, app.PostChanged) { fyne.Do(reload) }))
	e.track(ev.Delivery.Subscribe(func(context.Context, app.DeliveryEvent) { fyne.Do(reload) }))
}
