package publisher

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// fakeOutbox is an in-memory Outbox that keeps the store's contract: claims move due
// pending targets to publishing with a lease, an attempt key and an attempt row; Finish
// only accepts a publishing target and its open attempt row.
type fakeOutbox struct {
	mu           sync.Mutex
	nextID       int64
	accounts     map[int64]model.Account
	posts        map[int64]model.Post
	media        map[int64][]model.Media // by post
	targets      map[int64]*fakeTarget
	attempts     []model.Attempt // ID = index + 1
	nextDueCalls int
	finishes     []Outcome
	violations   []error
	// failNextDue, failClaim and failOrphaned make the next call of that method fail.
	failNextDue, failClaim, failOrphaned error
}

type fakeTarget struct {
	model.Target
	needsReconcile bool
}

func newFakeOutbox() *fakeOutbox {
	return &fakeOutbox{
		accounts: map[int64]model.Account{},
		posts:    map[int64]model.Post{},
		media:    map[int64][]model.Media{},
		targets:  map[int64]*fakeTarget{},
	}
}

func (f *fakeOutbox) id() int64 {
	f.nextID++
	return f.nextID
}

// addAccount connects an account in status ok.
func (f *fakeOutbox) addAccount(p model.Platform, handle string) model.Account {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := model.Account{ID: f.id(), Platform: p, Handle: handle, Name: handle, Status: model.AccountOK}
	f.accounts[a.ID] = a
	return a
}

// schedule adds a post for one account, pending at at; it returns the target id.
func (f *fakeOutbox) schedule(acct model.Account, at time.Time, content string, tags ...string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	post := model.Post{ID: f.id(), Content: content, Hashtags: tags, ScheduledAt: at, Zone: "UTC", Status: model.PostScheduled}
	f.posts[post.ID] = post
	t := &fakeTarget{Target: model.Target{
		ID: f.id(), PostID: post.ID, AccountID: acct.ID, Platform: acct.Platform,
		Status: model.TargetPending, NextAttemptAt: at,
	}}
	f.targets[t.ID] = t
	return t.ID
}

// addOrphan adds a target an earlier run left publishing: one attempt started at
// started with key, never ended.
func (f *fakeOutbox) addOrphan(acct model.Account, started time.Time, key string) int64 {
	id := f.schedule(acct, started, "orphan")
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.targets[id]
	t.Status, t.Attempts, t.AttemptKey = model.TargetPublishing, 1, key
	t.LeaseUntil = started.Add(DefaultLease)
	f.attempts = append(f.attempts, model.Attempt{ID: int64(len(f.attempts) + 1), TargetID: id, Key: key, StartedAt: started})
	return id
}

func (f *fakeOutbox) target(id int64) fakeTarget {
	f.mu.Lock()
	defer f.mu.Unlock()
	return *f.targets[id]
}

func (f *fakeOutbox) account(id int64) model.Account {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.accounts[id]
}

// attemptRows returns the target's attempt rows in order.
func (f *fakeOutbox) attemptRows(targetID int64) []model.Attempt {
	f.mu.Lock()
	defer f.mu.Unlock()
	var rows []model.Attempt
	for _, a := range f.attempts {
		if a.TargetID == targetID {
			rows = append(rows, a)
		}
	}
	return rows
}

func (f *fakeOutbox) outcomes(targetID int64) []string {
	var out []string
	for _, a := range f.attemptRows(targetID) {
		out = append(out, a.Outcome)
	}
	return out
}

func (f *fakeOutbox) nextDueCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.nextDueCalls
}

func (f *fakeOutbox) contractViolations() []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.violations)
}

func (f *fakeOutbox) NextDue(ctx context.Context) (time.Time, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextDueCalls++
	if err := f.failNextDue; err != nil {
		f.failNextDue = nil
		return time.Time{}, false, err
	}
	var at time.Time
	ok := false
	for _, t := range f.targets {
		if t.Status == model.TargetPending && (!ok || t.NextAttemptAt.Before(at)) {
			at, ok = t.NextAttemptAt, true
		}
	}
	return at, ok, nil
}

func (f *fakeOutbox) Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Job, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failClaim; err != nil {
		f.failClaim = nil
		return nil, err
	}
	var due []*fakeTarget
	for _, t := range f.targets {
		if t.Status == model.TargetPending && !t.NextAttemptAt.After(now) {
			due = append(due, t)
		}
	}
	slices.SortFunc(due, func(a, b *fakeTarget) int {
		return cmp.Or(a.NextAttemptAt.Compare(b.NextAttemptAt), cmp.Compare(a.ID, b.ID))
	})
	var jobs []Job
	for _, t := range due[:min(limit, len(due))] {
		t.Status, t.LeaseUntil = model.TargetPublishing, now.Add(lease)
		t.Attempts++
		if t.AttemptKey == "" {
			t.AttemptKey = fmt.Sprintf("key-%d", f.id())
		}
		jobs = append(jobs, f.startAttempt(t, now))
	}
	return jobs, nil
}

func (f *fakeOutbox) Orphaned(ctx context.Context, leaseBefore, now time.Time) ([]Job, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failOrphaned; err != nil {
		return nil, err
	}
	var jobs []Job
	for _, t := range f.targets {
		if t.Status == model.TargetPublishing && t.LeaseUntil.Before(leaseBefore) {
			jobs = append(jobs, f.startAttempt(t, now))
		}
	}
	return jobs, nil
}

// startAttempt writes an attempt row and builds the job. f.mu is held.
func (f *fakeOutbox) startAttempt(t *fakeTarget, now time.Time) Job {
	f.attempts = append(f.attempts, model.Attempt{ID: int64(len(f.attempts) + 1), TargetID: t.ID, Key: t.AttemptKey, StartedAt: now})
	first := now
	for _, a := range f.attempts {
		if a.Key == t.AttemptKey && a.StartedAt.Before(first) {
			first = a.StartedAt
		}
	}
	return Job{
		Target: t.Target, Post: f.posts[t.PostID], Account: f.accounts[t.AccountID],
		Media: f.media[t.PostID], AttemptID: int64(len(f.attempts)), KeyFirstUsed: first,
		NeedsReconcile: t.needsReconcile,
	}
}

func (f *fakeOutbox) Finish(ctx context.Context, o Outcome) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.checkFinish(o); err != nil {
		f.violations = append(f.violations, err)
		return err
	}
	f.finishes = append(f.finishes, o)
	t := f.targets[o.TargetID]
	t.Status, t.LastError = o.Status, o.ErrorText
	if o.Status == model.TargetPending {
		t.NextAttemptAt, t.needsReconcile = o.NextAttemptAt, o.NeedsReconcile
	}
	// Like the store: ids are kept when the outcome has none (a handed-over post is pending with one).
	t.PlatformPostID = cmp.Or(o.Result.PlatformPostID, t.PlatformPostID)
	t.Permalink = cmp.Or(o.Result.Permalink, t.Permalink)
	if o.Status == model.TargetPublished {
		t.PublishedAt = o.Result.PublishedAt
	}
	a := &f.attempts[o.AttemptID-1]
	a.EndedAt, a.Outcome, a.HTTPStatus, a.ErrorText = o.EndedAt, o.AttemptOutcome, o.HTTPStatus, o.ErrorText
	return nil
}

// checkFinish enforces the store's contract. f.mu is held.
func (f *fakeOutbox) checkFinish(o Outcome) error {
	t, ok := f.targets[o.TargetID]
	switch {
	case !ok:
		return fmt.Errorf("finish: target %d: %w", o.TargetID, model.ErrNotFound)
	case t.Status != model.TargetPublishing:
		return fmt.Errorf("finish: target %d is %s, not publishing: %w", o.TargetID, t.Status, model.ErrConflict)
	case o.AttemptID < 1 || int(o.AttemptID) > len(f.attempts):
		return fmt.Errorf("finish: attempt %d: %w", o.AttemptID, model.ErrNotFound)
	case f.attempts[o.AttemptID-1].TargetID != o.TargetID || !f.attempts[o.AttemptID-1].EndedAt.IsZero():
		return fmt.Errorf("finish: attempt %d is not the open attempt of target %d: %w", o.AttemptID, o.TargetID, model.ErrConflict)
	case o.Status == model.TargetPending && o.NextAttemptAt.IsZero():
		return fmt.Errorf("finish: pending without next attempt time: %w", model.ErrInvalid)
	case o.EndedAt.IsZero() || o.AttemptOutcome == "":
		return fmt.Errorf("finish: end time and outcome required: %w", model.ErrInvalid)
	}
	return nil
}

func (f *fakeOutbox) SetAccountStatus(ctx context.Context, accountID int64, status model.AccountStatus) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.accounts[accountID]
	if !ok {
		return fmt.Errorf("set account status: %w", model.ErrNotFound)
	}
	a.Status = status
	f.accounts[accountID] = a
	return nil
}

// fakeTokens hands out numbered tokens; Refresh fails when refreshErr is set.
type fakeTokens struct {
	mu         sync.Mutex
	gen        map[int64]int
	refreshes  int
	refreshErr error
}

func (f *fakeTokens) AccessToken(ctx context.Context, acct model.Account) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprintf("token-%d-%d", acct.ID, f.gen[acct.ID]), nil
}

func (f *fakeTokens) Refresh(ctx context.Context, acct model.Account) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshes++
	if f.refreshErr != nil {
		return "", f.refreshErr
	}
	if f.gen == nil {
		f.gen = map[int64]int{}
	}
	f.gen[acct.ID]++
	return fmt.Sprintf("token-%d-%d", acct.ID, f.gen[acct.ID]), nil
}

func (f *fakeTokens) refreshCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refreshes
}

// fakeConn is a network: by default Publish stores the post under its attempt key and
// Reconcile finds it there. publishFn and reconcileFn override the answers; n counts
// calls from 1.
type fakeConn struct {
	platform    model.Platform
	mu          sync.Mutex
	network     map[string]platforms.Result // attempt key → post the network has
	publishes   []platforms.Request
	publishedAt []time.Time
	reconciles  []platforms.Request
	inflight    map[int64]int
	maxInflight map[int64]int
	publishFn   func(ctx context.Context, n int, req platforms.Request) (platforms.Result, error)
	reconcileFn func(ctx context.Context, n int, req platforms.Request) (platforms.Result, bool, error)
}

func newFakeConn(p model.Platform) *fakeConn {
	return &fakeConn{platform: p, network: map[string]platforms.Result{}, inflight: map[int64]int{}, maxInflight: map[int64]int{}}
}

func (c *fakeConn) Platform() model.Platform { return c.platform }

func (c *fakeConn) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	c.mu.Lock()
	c.publishes = append(c.publishes, req)
	c.publishedAt = append(c.publishedAt, time.Now())
	n, fn := len(c.publishes), c.publishFn
	c.enter(req.Account.ID)
	c.mu.Unlock()
	defer c.leave(req.Account.ID)
	if fn != nil {
		return fn(ctx, n, req)
	}
	return c.post(req), nil
}

// post makes the network hold the post for req's key (as Mastodon's Idempotency-Key
// does, the same key gives the same post).
func (c *fakeConn) post(req platforms.Request) platforms.Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	if res, ok := c.network[req.AttemptKey]; ok {
		return res
	}
	id := fmt.Sprintf("%d", len(c.network)+1)
	res := platforms.Result{PlatformPostID: id, Permalink: "https://social.example/@me/" + id, PublishedAt: time.Now()}
	c.network[req.AttemptKey] = res
	return res
}

func (c *fakeConn) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	c.mu.Lock()
	c.reconciles = append(c.reconciles, req)
	n, fn := len(c.reconciles), c.reconcileFn
	c.mu.Unlock()
	if fn != nil {
		return fn(ctx, n, req)
	}
	return c.lookup(req.AttemptKey)
}

func (c *fakeConn) Delete(ctx context.Context, acct model.Account, token, platformPostID string) error {
	return errors.New("not used")
}

func (c *fakeConn) enter(acct int64) { // c.mu is held
	c.inflight[acct]++
	c.maxInflight[acct] = max(c.maxInflight[acct], c.inflight[acct])
}

func (c *fakeConn) leave(acct int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inflight[acct]--
}

func (c *fakeConn) publishCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.publishes)
}

func (c *fakeConn) reconcileCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.reconciles)
}

func (c *fakeConn) requests() []platforms.Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.publishes)
}

func (c *fakeConn) times() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.publishedAt)
}

func (c *fakeConn) networkSize() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.network)
}

// lookup is the default Reconcile answer: whether the network has key.
func (c *fakeConn) lookup(key string) (platforms.Result, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	res, ok := c.network[key]
	return res, ok, nil
}

func (c *fakeConn) maxInflightFor(acct int64) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.maxInflight[acct]
}
