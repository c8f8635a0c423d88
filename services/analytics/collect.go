package analytics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Collection defaults.
const (
	// DefaultAccountTimeout bounds the collection of one account (token, both reads, save).
	DefaultAccountTimeout = 2 * time.Minute
	// DefaultParallel is how many accounts are read at once.
	DefaultParallel = 2
)

// CollectStore is the persistence the Collector needs; services/store implements it.
type CollectStore interface {
	ListWorkspaces(ctx context.Context) ([]model.Workspace, error)
	ListAccounts(ctx context.Context, workspaceID int64) ([]model.Account, error)
	// PublishedTargets are the account's published targets that have a platform post id.
	PublishedTargets(ctx context.Context, accountID int64) ([]model.Target, error)
	// SaveReading writes one account's reading in one transaction.
	SaveReading(ctx context.Context, r Reading) error
}

// Tokens reads and refreshes access tokens, like the publisher's.
type Tokens interface {
	// AccessToken returns the current access token of an account.
	AccessToken(ctx context.Context, acct model.Account) (string, error)
	// Refresh obtains a new access token once after an auth error.
	Refresh(ctx context.Context, acct model.Account) (string, error)
}

// Reading is what one collection read from one account's network.
type Reading struct {
	AccountID int64
	TakenAt   time.Time
	// Posts are the targets the network still has, with their counters.
	Posts []PostReading
	// Account holds the account's counters.
	Account platforms.AccountMetrics
}

// PostReading is the counters of one published target.
type PostReading struct {
	Target  model.Target
	Metrics platforms.PostMetrics
}

// SkipReason says why an account was not read.
type SkipReason string

// Reasons for not reading an account.
const (
	// SkipReconnect: the account is not ok (needs reconnecting, or disabled).
	SkipReconnect SkipReason = "reconnect_needed"
	// SkipUnsupported: the network's connector cannot read statistics.
	SkipUnsupported SkipReason = "unsupported"
	// SkipRateLimited: the network asked to wait; CollectResult.NotBefore says until when.
	SkipRateLimited SkipReason = "rate_limited"
)

// CollectResult is the outcome of reading one account.
type CollectResult struct {
	AccountID int64
	// Posts is how many published posts had their counters read.
	Posts int
	// Skipped is why the account was not read; "" when it was.
	Skipped   SkipReason
	NotBefore time.Time
}

// CollectorParams are the dependencies of NewCollector; Store, Connectors and Tokens are
// required.
type CollectorParams struct {
	Store      CollectStore
	Connectors platforms.Registry
	Tokens     Tokens
	Now        func() time.Time
	Log        *slog.Logger
	// Timeout bounds one account; DefaultAccountTimeout when zero.
	Timeout time.Duration
	// Parallel is how many accounts are read at once; DefaultParallel when zero.
	Parallel int
}

// Collector reads every published post's counters and every account's followers from
// the networks and keeps them: latest values in post_analytics, every reading in
// metric_snapshots and account_metrics. It never touches the publisher: a slow or
// rate-limited network only delays statistics.
type Collector struct {
	p         CollectorParams
	mu        sync.Mutex
	notBefore map[int64]time.Time // per account, from a network's rate-limit reset time
}

// NewCollector builds a Collector; it panics when a required dependency is missing.
func NewCollector(p CollectorParams) *Collector {
	if p.Store == nil || p.Connectors == nil || p.Tokens == nil {
		panic("analytics.NewCollector: Store, Connectors and Tokens are required")
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Log == nil {
		p.Log = slog.Default()
	}
	if p.Timeout <= 0 {
		p.Timeout = DefaultAccountTimeout
	}
	if p.Parallel <= 0 {
		p.Parallel = DefaultParallel
	}
	return &Collector{p: p, notBefore: map[int64]time.Time{}}
}

// CollectAccount reads one account's statistics and saves them. An account that is not
// ok, whose network cannot read statistics or that is rate-limited is skipped (with a
// nil error). Errors carry the network's own words.
func (c *Collector) CollectAccount(ctx context.Context, acct model.Account) (CollectResult, error) {
	res := CollectResult{AccountID: acct.ID}
	reader, skip := c.readerFor(acct)
	if skip != "" {
		res.Skipped, res.NotBefore = skip, c.waitUntil(acct.ID)
		return res, nil
	}
	ctx, cancel := context.WithTimeout(ctx, c.p.Timeout)
	defer cancel()
	r, err := c.read(ctx, reader, acct)
	if err != nil {
		return c.failed(res, acct, err)
	}
	if err := c.p.Store.SaveReading(ctx, r); err != nil {
		return res, fmt.Errorf("analytics: save the statistics of account %d: %w", acct.ID, err)
	}
	res.Posts = len(r.Posts)
	c.p.Log.Info("statistics collected", "account_id", acct.ID, "platform", acct.Platform, "posts", res.Posts)
	return res, nil
}

// readerFor returns the account's MetricsReader, or why the account is skipped.
func (c *Collector) readerFor(acct model.Account) (platforms.MetricsReader, SkipReason) {
	if acct.Status != model.AccountOK {
		c.p.Log.Debug("statistics skipped", "account_id", acct.ID, "status", acct.Status)
		return nil, SkipReconnect
	}
	if until := c.waitUntil(acct.ID); c.p.Now().Before(until) {
		c.p.Log.Debug("statistics deferred", "account_id", acct.ID, "until", until)
		return nil, SkipRateLimited
	}
	conn, err := c.p.Connectors.Get(acct.Platform)
	reader, ok := conn.(platforms.MetricsReader)
	if err != nil || !ok {
		c.p.Log.Debug("statistics not supported", "account_id", acct.ID, "platform", acct.Platform)
		return nil, SkipUnsupported
	}
	return reader, ""
}

// failed remembers a network's reset time and wraps err.
func (c *Collector) failed(res CollectResult, acct model.Account, err error) (CollectResult, error) {
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Kind == platforms.Transient && !pe.RetryAt.IsZero() {
		c.mu.Lock()
		c.notBefore[acct.ID] = pe.RetryAt
		c.mu.Unlock()
		res.NotBefore = pe.RetryAt
	}
	return res, fmt.Errorf("analytics: read the statistics of %s account %d: %w", acct.Platform.Title(), acct.ID, err)
}

// waitUntil is the account's not-before time (zero when none).
func (c *Collector) waitUntil(accountID int64) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.notBefore[accountID]
}

// read asks the network for the counters of the account's published posts and for its
// followers.
func (c *Collector) read(ctx context.Context, reader platforms.MetricsReader, acct model.Account) (Reading, error) {
	targets, err := c.p.Store.PublishedTargets(ctx, acct.ID)
	if err != nil {
		return Reading{}, err
	}
	s := &session{tokens: c.p.Tokens, acct: acct}
	r := Reading{AccountID: acct.ID}
	if len(targets) > 0 {
		var byID map[string]platforms.PostMetrics
		err := s.do(ctx, func(tok string) (err error) {
			byID, err = reader.PostMetrics(ctx, acct, tok, platformPostIDs(targets))
			return err
		})
		if err != nil {
			return Reading{}, err
		}
		r.Posts = postReadings(targets, byID)
	}
	err = s.do(ctx, func(tok string) (err error) {
		r.Account, err = reader.AccountMetrics(ctx, acct, tok)
		return err
	})
	r.TakenAt = c.p.Now().UTC()
	return r, err
}

// platformPostIDs lists the targets' platform post ids.
func platformPostIDs(targets []model.Target) []string {
	ids := make([]string, len(targets))
	for i, t := range targets {
		ids[i] = t.PlatformPostID
	}
	return ids
}

// postReadings pairs each target with its counters, leaving out the posts the network
// no longer has.
func postReadings(targets []model.Target, byID map[string]platforms.PostMetrics) []PostReading {
	out := make([]PostReading, 0, len(byID))
	for _, t := range targets {
		if m, ok := byID[t.PlatformPostID]; ok {
			out = append(out, PostReading{Target: t, Metrics: m})
		}
	}
	return out
}

// session holds one account's access token for one collection and refreshes it once
// after an auth error, like the publisher.
type session struct {
	tokens    Tokens
	acct      model.Account
	token     string
	refreshed bool
}

// do runs call with the access token, refreshing the token once on an auth error.
func (s *session) do(ctx context.Context, call func(token string) error) error {
	if s.token == "" {
		tok, err := s.tokens.AccessToken(ctx, s.acct)
		if err != nil {
			return err
		}
		s.token = tok
	}
	err := call(s.token)
	var pe *platforms.Error
	if err == nil || s.refreshed || !errors.As(err, &pe) || pe.Kind != platforms.Auth {
		return err
	}
	s.refreshed = true
	tok, rerr := s.tokens.Refresh(ctx, s.acct)
	if rerr != nil {
		return fmt.Errorf("refresh the sign-in: %w", rerr)
	}
	s.token = tok
	return call(s.token)
}

// CollectSummary counts what a collection over several accounts did.
type CollectSummary struct {
	// Accounts were read; Posts is how many published posts had their counters read.
	Accounts, Posts int
	// Reconnect accounts need reconnecting, Unsupported ones are on networks that cannot
	// read statistics, Deferred ones are waiting for a rate limit to reset.
	Reconnect, Unsupported, Deferred int
	// Failed accounts could not be read (the error says why).
	Failed int
}

// add counts one account's outcome.
func (s *CollectSummary) add(r CollectResult, err error) {
	switch {
	case err != nil:
		s.Failed++
	case r.Skipped == SkipReconnect:
		s.Reconnect++
	case r.Skipped == SkipUnsupported:
		s.Unsupported++
	case r.Skipped == SkipRateLimited:
		s.Deferred++
	default:
		s.Accounts++
		s.Posts += r.Posts
	}
}

// CollectAll reads every account of every workspace, at most Parallel at once; the error
// joins the accounts' errors.
func (c *Collector) CollectAll(ctx context.Context) error {
	var accts []model.Account
	wss, err := c.p.Store.ListWorkspaces(ctx)
	if err != nil {
		return fmt.Errorf("analytics: list workspaces: %w", err)
	}
	for _, ws := range wss {
		a, err := c.p.Store.ListAccounts(ctx, ws.ID)
		if err != nil {
			return fmt.Errorf("analytics: list the accounts of workspace %d: %w", ws.ID, err)
		}
		accts = append(accts, a...)
	}
	_, err = c.CollectAccounts(ctx, accts)
	return err
}

// CollectAccounts reads the given accounts, at most Parallel at once, each within the
// timeout, and counts the outcomes; the error joins the accounts' errors.
func (c *Collector) CollectAccounts(ctx context.Context, accts []model.Account) (CollectSummary, error) {
	var (
		mu   sync.Mutex
		sum  CollectSummary
		errs []error
		wg   sync.WaitGroup
	)
	slots := make(chan struct{}, c.p.Parallel)
	for _, a := range accts {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			r, err := c.CollectAccount(ctx, a)
			mu.Lock()
			defer mu.Unlock()
			sum.add(r, err)
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	return sum, errors.Join(errs...)
}
