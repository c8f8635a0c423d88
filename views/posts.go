package views

import (
	"context"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// maxRowChips is how many per-account chips a row shows before "+N".
const maxRowChips = 3

// postsScreen lists posts (filtered, searched, sorted), lets the user act on several at
// once, and shows the delivery of the selected one.
type postsScreen struct {
	e        *env
	loads    latest
	root     fyne.CanvasObject
	list     *widget.List
	posts    []model.Post // shown: matching the filters, without pending deletions
	accounts map[int64]model.Account
	selected int64 // post ID, 0 for none
	detail   *fyne.Container
	status   *widget.Label   // the result of the last action
	problem  *widget.Label   // why the list could not be loaded; hidden otherwise
	count    *widget.Label   // how many posts are shown
	empty    *fyne.Container // over the list when nothing is shown

	query   postsQuery
	filters *postsFilters
	bulk    *bulkBar
	checked map[int64]bool // ticked rows, by post ID
	undo    *undoBar
	csv     *transfer      // "Import CSV…" and "Export…"
	hidden  map[int64]bool // deleted posts waiting for the undo window to close
	busy    bool           // an action on posts is running
	// openURL opens a permalink in the browser; called off the UI goroutine.
	openURL func(string) error
}

// postsData is what the screen loads off the UI goroutine.
type postsData struct {
	posts    []model.Post
	accounts map[int64]model.Account
}

func newPostsScreen(e *env) *postsScreen {
	s := &postsScreen{e: e, accounts: map[int64]model.Account{}, status: newStatusLabel(), problem: newStatusLabel(),
		count: widget.NewLabel(""), checked: map[int64]bool{}, hidden: map[int64]bool{}, openURL: OpenURLFunc(e.fa)}
	s.list = widget.NewList(func() int { return len(s.posts) }, newPostRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) { s.selected = s.posts[id].ID; s.showDetail() }
	s.detail = container.NewVBox()
	s.empty = container.NewCenter()
	s.filters = newPostsFilters(s)
	s.bulk = newBulkBar(s)
	s.undo = newUndoBar(e)
	s.csv = newTransfer(s)
	left := container.NewBorder(s.problem, nil, nil, nil, container.NewStack(s.list, s.empty))
	split := container.NewHSplit(left, container.NewVScroll(s.detail))
	split.Offset = 0.45
	top := container.NewVBox(s.filters.bar, s.bulk.bar, s.bulk.progress,
		container.NewBorder(nil, nil, nil, container.NewHBox(s.undo.button, s.csv.bar), s.status))
	s.root = page(lang.L(navPosts), lang.L("Every post with its delivery to each account. Tick posts to act on several at once."),
		container.NewBorder(top, nil, nil, nil, split))
	s.showDetail()
	e.subscribePosts(s.reload)
	e.track(s.undo.quit)
	s.addSearchShortcut()
	e.showPost = s.showPost
	return s
}

// showPost selects post id, clearing the filters that could hide it (the list selects
// it once reloaded).
func (s *postsScreen) showPost(id int64) {
	s.selected = id
	s.filters.clear()
}

func (s *postsScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the posts matching the filters, sorted, and the accounts, off the UI goroutine.
func (s *postsScreen) reload() {
	q := s.query
	load := loadPosts(s.e.core, q.filter())
	reloadInto(s.e, &s.loads, func(ctx context.Context) (postsData, error) {
		d, err := load(ctx)
		sortPosts(d.posts, q.order)
		return d, err
	}, s.apply)
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
		message(s.problem, err, "") // the status line keeps the last action's result
		return
	}
	say(s.problem, widget.MediumImportance, "")
	shown := make([]model.Post, 0, len(d.posts))
	for _, p := range d.posts {
		if !s.hidden[p.ID] {
			shown = append(shown, p)
		}
	}
	s.posts, s.accounts = shown, d.accounts
	s.filters.setAccounts(d.accounts)
	s.keepCheckedShown()
	s.count.SetText(lang.N("{{.Count}} posts", len(s.posts), countData(len(s.posts))))
	s.showEmpty()
	s.bulk.refresh()
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

// showEmpty puts a message over the list when it is empty, saying what to do next.
func (s *postsScreen) showEmpty() {
	if len(s.posts) > 0 {
		s.empty.Objects = nil
		s.empty.Hide()
		return
	}
	var box fyne.CanvasObject
	if s.query.filtered() {
		box = container.NewVBox(emptyState(lang.L("No posts match these filters"),
			lang.L("Change the filters or clear them to see every post.")),
			container.NewCenter(widget.NewButton(lang.L("Clear filters"), s.filters.clear)))
	} else {
		box = container.NewVBox(emptyState(lang.L("No posts yet"), lang.L("Write one in Compose (Ctrl+N).")),
			container.NewCenter(widget.NewButton(lang.L("Compose a post"), func() { s.e.navigate(navCompose) })))
	}
	s.empty.Objects = []fyne.CanvasObject{capped(420, box)}
	s.empty.Show()
	s.empty.Refresh()
}

// newPostRow is a list row: a tick box, the excerpt, status and time, and one chip per account.
func newPostRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	meta := widget.NewLabel("")
	meta.Truncation = fyne.TextTruncateEllipsis
	chips := container.NewHBox(postChip())
	text := container.New(layout.NewCustomPaddedVBoxLayout(0), title, meta, chips)
	return container.NewBorder(nil, nil, widget.NewCheck("", nil), nil, text)
}

// postChip is a small label for one account's delivery in a row.
func postChip() *widget.Label {
	l := widget.NewLabel("")
	l.SizeName = theme.SizeNameCaptionText
	return l
}

func (s *postsScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	p := s.posts[id]
	row := o.(*fyne.Container)
	text, check := row.Objects[0].(*fyne.Container), row.Objects[1].(*widget.Check)
	text.Objects[0].(*widget.Label).SetText(excerpt(p.Content, 80))
	meta := text.Objects[1].(*widget.Label)
	meta.SetText(postMeta(p))
	meta.Importance = postImportance(p.Status)
	meta.Refresh()
	chips := text.Objects[2].(*fyne.Container)
	chips.Objects = rowChips(p)
	chips.Refresh()
	check.OnChanged = nil
	check.SetChecked(s.checked[p.ID])
	check.OnChanged = func(on bool) { s.setChecked(p.ID, on) }
}

// rowChips are a post's per-account chips: network and delivery status, at most maxRowChips.
func rowChips(p model.Post) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for i, t := range p.Targets {
		if i == maxRowChips {
			more := postChip()
			more.SetText(lang.L("+{{.Count}} more", countData(len(p.Targets)-i)))
			out = append(out, more)
			break
		}
		c := postChip()
		c.SetText(lang.L("{{.Network}}: {{.Status}}", map[string]any{"Network": t.Platform.Title(),
			"Status": chipStatus(t)}))
		c.Importance = targetImportance(t.Status)
		out = append(out, c)
	}
	if len(out) == 0 {
		none := postChip()
		none.SetText(lang.L("No account chosen"))
		out = append(out, none)
	}
	return out
}

// chipStatus is a target's status for a chip; a post handed to its network says so.
func chipStatus(t model.Target) string {
	if handedOver(t) {
		return lang.L("Scheduled there")
	}
	return targetStatusText(t.Status)
}

// postMeta is the one-line summary under a post's excerpt: status and time.
func postMeta(p model.Post) string {
	if p.ScheduledAt.IsZero() {
		return lang.L("{{.Status}} · not scheduled (written {{.When}})", map[string]any{
			"Status": postStatusText(p.Status), "When": formatWhen(p.CreatedAt)})
	}
	return lang.L("{{.Status}} · {{.When}}", map[string]any{"Status": postStatusText(p.Status),
		"When": formatWhen(p.ScheduledAt)})
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
