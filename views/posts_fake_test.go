package views

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// postsFake is the shared fake core with what the posts list tests need on top: it
// records ListPosts' filters and applies them like the store, fails chosen posts, and
// records SchedulePost calls.
type postsFake struct {
	*viewstest.Core
	mu        sync.Mutex
	filters   []model.PostFilter
	fail      map[int64]error // CancelPost, DeletePost and SchedulePost fail for these posts
	schedules []scheduleCall
}

// scheduleCall is one SchedulePost call.
type scheduleCall struct {
	id   int64
	at   time.Time
	zone string
}

func newPostsFake() *postsFake {
	return &postsFake{Core: viewstest.New(), fail: map[int64]error{}}
}

func (f *postsFake) ListPosts(ctx context.Context, flt model.PostFilter) ([]model.Post, error) {
	f.mu.Lock()
	f.filters = append(f.filters, flt)
	f.mu.Unlock()
	all, err := f.Core.ListPosts(ctx, model.PostFilter{From: flt.From, To: flt.To})
	var out []model.Post
	for _, p := range all {
		if matchesFilter(p, flt) {
			out = append(out, p)
		}
	}
	return out, err
}

// matchesFilter applies a filter's status, account, network and text like the store.
func matchesFilter(p model.Post, f model.PostFilter) bool {
	if f.Status != "" && p.Status != f.Status {
		return false
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	text := q == "" || strings.Contains(strings.ToLower(p.Content), q)
	acct, net := f.AccountID == 0, f.Platform == ""
	for _, t := range p.Targets {
		acct = acct || t.AccountID == f.AccountID
		net = net || t.Platform == f.Platform
		text = text || strings.Contains(strings.ToLower(t.TextOverride), q)
	}
	return acct && net && text
}

// lastFilter is the filter of the latest ListPosts call.
func (f *postsFake) lastFilter() model.PostFilter {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.filters[len(f.filters)-1]
}

func (f *postsFake) listCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.filters)
}

func (f *postsFake) failure(id int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fail[id]
}

func (f *postsFake) CancelPost(ctx context.Context, id int64) error {
	if err := f.failure(id); err != nil {
		return err
	}
	return f.Core.CancelPost(ctx, id)
}

func (f *postsFake) DeletePost(ctx context.Context, id int64) error {
	if err := f.failure(id); err != nil {
		return err
	}
	return f.Core.DeletePost(ctx, id)
}

func (f *postsFake) SchedulePost(ctx context.Context, id int64, at time.Time, zone string) error {
	if err := f.failure(id); err != nil {
		return err
	}
	f.mu.Lock()
	f.schedules = append(f.schedules, scheduleCall{id: id, at: at, zone: zone})
	f.mu.Unlock()
	return f.Core.SchedulePost(ctx, id, at, zone)
}

func (f *postsFake) scheduled() []scheduleCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.schedules)
}

// refusal is an error whose text is the core's sentence, like the core's user errors.
type refusal string

func (r refusal) Error() string { return string(r) }
func (r refusal) Unwrap() error { return model.ErrConflict }

// openPosts builds the window on core, opens Posts and makes its undo windows close only
// when the test says so (undoBar.settle) or the UI stops.
func openPosts(t *testing.T, core Core) (*UI, *postsScreen) {
	t.Helper()
	fa := test.NewTempApp(t)
	u := newUI(fa, core, Options{}, func(f func()) { f() })
	u.start()
	t.Cleanup(u.stop)
	s := open[*postsScreen](t, u, navPosts)
	s.undo.start = func(time.Duration, func()) func() bool { return func() bool { return true } }
	s.filters.typing.delay = time.Hour // the test flushes the search itself
	return u, s
}

// scheduledPost is a scheduled post with one pending target per account.
func scheduledPost(id int64, content string, at time.Time, zone string, accts ...model.Account) model.Post {
	p := model.Post{ID: id, Content: content, ScheduledAt: at, Zone: zone, Status: model.PostScheduled,
		CreatedAt: at.Add(-time.Hour)}
	for _, a := range accts {
		p.Targets = append(p.Targets, model.Target{ID: id*10 + a.ID, PostID: id, AccountID: a.ID, Platform: a.Platform,
			Status: model.TargetPending, NextAttemptAt: at})
	}
	return p
}

// topOverlay is the dialog on top of the window.
func topOverlay(t *testing.T, u *UI) fyne.CanvasObject {
	t.Helper()
	top := u.Window().Canvas().Overlays().Top()
	require.NotNil(t, top, "no dialog is open")
	return top
}
