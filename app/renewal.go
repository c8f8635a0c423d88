package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Renewal margins: a sign-in is renewed a fifth of its lifetime before it expires, but
// at least 5 minutes and at most 7 days ahead (a 2-hour X token at 1 h 36, a 60-day Meta
// token a week before).
const (
	minRenewMargin = 5 * time.Minute
	maxRenewMargin = 7 * 24 * time.Hour
	// renewRetry is how long to wait after a renewal failed for a passing reason.
	renewRetry = 15 * time.Minute
)

// renewAt is when an account's sign-in should be renewed; zero when it never expires.
func renewAt(a model.Account) time.Time {
	if a.ExpiresAt.IsZero() || a.Status != model.AccountOK {
		return time.Time{}
	}
	margin := min(max(a.ExpiresAt.Sub(a.UpdatedAt)/5, minRenewMargin), maxRenewMargin)
	return a.ExpiresAt.Add(-margin)
}

// runRenewals renews sign-ins before they expire. It sleeps until the earliest renewal
// (no wake-ups when no sign-in expires) and re-plans when accounts change.
func (a *App) runRenewals(ctx context.Context) {
	changed := make(chan struct{}, 1)
	cancel := a.events.Accounts.Subscribe(func(context.Context, AccountChanged) {
		select {
		case changed <- struct{}{}:
		default:
		}
	})
	defer cancel()
	for {
		if !a.waitRenewal(ctx, a.renewDue(ctx), changed) {
			return
		}
	}
}

// waitRenewal sleeps until next (never when next is zero), a change, or the end; it
// reports false at the end. The sleep is capped at an hour so a laptop's suspend (the
// monotonic clock stops) is noticed.
func (a *App) waitRenewal(ctx context.Context, next time.Time, changed <-chan struct{}) bool {
	var wake <-chan time.Time
	if !next.IsZero() {
		timer := time.NewTimer(min(next.Sub(a.now()), time.Hour))
		defer timer.Stop()
		wake = timer.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-changed:
	case <-wake:
	}
	return true
}

// renewDue renews every account whose renewal time has come and returns the next
// renewal time (zero when none).
func (a *App) renewDue(ctx context.Context) time.Time {
	accounts, err := a.store.ListAccounts(ctx, 0)
	if err != nil {
		if ctx.Err() == nil {
			a.log.Error("list accounts for renewal", "err", err)
		}
		return a.now().Add(renewRetry)
	}
	var next time.Time
	for _, acct := range accounts {
		at := renewAt(acct)
		if at.IsZero() {
			continue
		}
		if !at.After(a.now()) {
			at = a.renew(ctx, acct)
		}
		if !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	return next
}

// renew refreshes one account and returns its next renewal time. A refused renewal
// marks the account and warns about the posts that would fail.
func (a *App) renew(ctx context.Context, acct model.Account) time.Time {
	_, err := a.refreshAccount(ctx, acct.ID)
	if err == nil {
		fresh, gerr := a.store.GetAccount(ctx, acct.ID)
		if gerr != nil {
			return a.now().Add(renewRetry)
		}
		return renewAt(fresh)
	}
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Kind == platforms.Auth {
		a.warnReconnect(ctx, acct, err)
		return time.Time{}
	}
	a.log.Warn("sign-in renewal failed; will retry", "account_id", acct.ID, "platform", acct.Platform, "err", err)
	return a.now().Add(renewRetry)
}

// warnReconnect tells the user an account needs reconnecting, before its scheduled
// posts come due, and how many are waiting on it.
func (a *App) warnReconnect(ctx context.Context, acct model.Account, err error) {
	waiting, lerr := a.store.ListPosts(ctx, model.PostFilter{AccountID: acct.ID, Status: model.PostScheduled})
	if lerr != nil {
		a.log.Warn("count posts waiting on an account", "account_id", acct.ID, "err", lerr)
	}
	msg := fmt.Sprintf("Reconnect %s on %s in Accounts: its sign-in could not be renewed. %s", accountLabel(acct),
		acct.Platform.Title(), UserMessage(err))
	if n := len(waiting); n > 0 {
		msg += fmt.Sprintf(" %d scheduled post(s) on this account will not go out until you do.", n)
	}
	a.events.Delivery.Publish(ctx, DeliveryEvent{Kind: DeliveryReconnectNeeded, AccountID: acct.ID,
		Platform: acct.Platform, Message: msg})
}
