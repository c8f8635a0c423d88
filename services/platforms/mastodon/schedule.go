package mastodon

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

const (
	// scheduledPrefix marks a PlatformPostID that names a ScheduledStatus, not a status.
	scheduledPrefix = "scheduled:"
	// minScheduleLead is Mastodon's rule (scheduled_at at least 5 minutes ahead, §7)
	// plus a minute for clock skew and the time the request takes to arrive.
	minScheduleLead = 6 * time.Minute
	// noMaxLead: Mastodon documents no latest scheduled_at.
	noMaxLead = time.Duration(math.MaxInt64)
	// scheduledPage and scheduledPages bound the look for an earlier attempt's scheduled
	// status (40 a page; an account holds at most 300 scheduled statuses).
	scheduledPage  = 40
	scheduledPages = 8
)

// scheduledStatus is the part of Mastodon's ScheduledStatus entity the connector reads.
type scheduledStatus struct {
	ID          string    `json:"id"`
	ScheduledAt time.Time `json:"scheduled_at"`
	Params      struct {
		Idempotency string `json:"idempotency"`
	} `json:"params"`
}

func (s scheduledStatus) result() platforms.Result {
	return platforms.Result{PlatformPostID: scheduledPrefix + s.ID, Scheduled: true}
}

// NativeWindow is at least 6 minutes ahead (Mastodon's 5, plus a minute of margin) and
// at most anything: Mastodon sets no latest time.
func (c *Connector) NativeWindow() (min, max time.Duration) { return minScheduleLead, noMaxLead }

// schedule hands the post to the instance with scheduled_at = req.ScheduleAt and
// answers "scheduled:<id>". It first looks for a scheduled status an earlier attempt
// left (its params keep the Idempotency-Key, which the instance forgets after an hour),
// so a retry never schedules the post twice. A post due too soon to be scheduled (the
// uploads took long) is a Transient error, not a refusal: the engine then publishes it
// itself at its time.
func (c *Connector) schedule(ctx context.Context, base string, req platforms.Request) (platforms.Result, error) {
	if err := c.checkLead(req); err != nil {
		return platforms.Result{}, err
	}
	earlier, found, err := c.findScheduled(ctx, base, req)
	switch {
	case err != nil:
		return platforms.Result{}, err
	case found:
		slog.Info("mastodon: already scheduled by an earlier attempt", "account_id", req.Account.ID, "scheduled_id", earlier.ID)
		return earlier.result(), nil
	}
	ids, err := c.uploadAll(ctx, base, req)
	if err != nil {
		return platforms.Result{}, err
	}
	if err := c.checkLead(req); err != nil {
		return platforms.Result{}, err
	}
	var sc scheduledStatus
	if _, err := c.do(ctx, statusRequest(base, req, ids), &sc); err != nil {
		return platforms.Result{}, err
	}
	slog.Info("mastodon: scheduled", "account_id", req.Account.ID, "scheduled_id", sc.ID, "at", sc.ScheduledAt, "media", len(ids))
	return sc.result(), nil
}

// checkLead refuses, as Transient, a post due in less than minScheduleLead.
func (c *Connector) checkLead(req platforms.Request) error {
	lead := req.ScheduleAt.Sub(c.Now())
	if lead >= minScheduleLead {
		return nil
	}
	return &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Err: model.ErrInvalid,
		Message: fmt.Sprintf("the post is due in %s: Mastodon schedules posts only at least 5 minutes ahead", lead.Round(time.Second))}
}

// findScheduled looks through the account's scheduled statuses for one whose
// Idempotency-Key is req.AttemptKey.
func (c *Connector) findScheduled(ctx context.Context, base string, req platforms.Request) (scheduledStatus, bool, error) {
	if req.AttemptKey == "" {
		return scheduledStatus{}, false, nil
	}
	q := url.Values{"limit": {fmt.Sprint(scheduledPage)}}
	for range scheduledPages {
		var page []scheduledStatus
		r := apiRequest{method: http.MethodGet, base: base, path: "/api/v1/scheduled_statuses?" + q.Encode(), token: req.Token}
		if _, err := c.do(ctx, r, &page); err != nil {
			return scheduledStatus{}, false, err
		}
		for _, sc := range page {
			if sc.Params.Idempotency == req.AttemptKey {
				return sc, true, nil
			}
		}
		if len(page) < scheduledPage {
			break
		}
		q.Set("max_id", page[len(page)-1].ID)
	}
	return scheduledStatus{}, false, nil
}

// Confirm asks whether the post scheduled as "scheduled:<id>" went out. While the
// instance still holds the scheduled status it has not (published=false, nil). Once it
// is gone (404), the status it became is looked for among the account's statuses since
// req.ScheduleAt (or req.StartedAt) with the same text and media count; not finding it
// is a Transient error: the outcome is not known yet (it may also have been cancelled
// or deleted on the instance).
func (c *Connector) Confirm(ctx context.Context, req platforms.Request, platformPostID string) (platforms.Result, bool, error) {
	base, err := instanceBase(req.Account.InstanceURL)
	if err != nil {
		return platforms.Result{}, false, err
	}
	id, ok := strings.CutPrefix(platformPostID, scheduledPrefix)
	if !ok {
		return platforms.Result{}, false, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: fmt.Sprintf("%q does not name a post scheduled on Mastodon", platformPostID)}
	}
	var sc scheduledStatus
	r := apiRequest{method: http.MethodGet, base: base, path: "/api/v1/scheduled_statuses/" + url.PathEscape(id), token: req.Token}
	status, err := c.do(ctx, r, &sc)
	switch {
	case err == nil:
		return platforms.Result{}, false, nil
	case status != http.StatusNotFound:
		return platforms.Result{}, false, err
	}
	return c.findPublished(ctx, base, req)
}

// findPublished looks for the status a scheduled one became.
func (c *Connector) findPublished(ctx context.Context, base string, req platforms.Request) (platforms.Result, bool, error) {
	me, err := c.VerifyCredentials(ctx, base, req.Token)
	if err != nil {
		return platforms.Result{}, false, err
	}
	if !req.ScheduleAt.IsZero() {
		req.StartedAt = req.ScheduleAt
	}
	st, found, covered, err := c.findRecent(ctx, base, req.Token, me.ID, req)
	switch {
	case err != nil:
		return platforms.Result{}, false, err
	case found:
		slog.Info("mastodon: scheduled post went out", "account_id", req.Account.ID, "status_id", st.ID)
		return st.result(), true, nil
	}
	msg := fmt.Sprintf("the scheduled post is no longer waiting on the instance, and it is not among the account's posts since %s: it may have been cancelled or deleted there",
		req.StartedAt.UTC().Format(time.RFC3339))
	if !covered {
		msg = fmt.Sprintf("the scheduled post is no longer waiting on the instance, and the %d most recent posts were read back without finding it",
			readBackPage*readBackPages)
	}
	return platforms.Result{}, false, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Err: model.ErrNotFound, Message: msg}
}

// cancelScheduled deletes a scheduled status before it goes out. One the instance no
// longer holds (it went out, or was cancelled there) is a Permanent ErrNotFound.
func (c *Connector) cancelScheduled(ctx context.Context, base string, acct model.Account, token, id string) error {
	r := apiRequest{method: http.MethodDelete, base: base, path: "/api/v1/scheduled_statuses/" + url.PathEscape(id), token: token}
	status, err := c.do(ctx, r, nil)
	if status == http.StatusNotFound {
		return &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent, Status: status, Err: model.ErrNotFound,
			Message: "the post is no longer scheduled on the instance: it has gone out or was cancelled there"}
	}
	if err == nil {
		slog.Info("mastodon: scheduled post cancelled", "account_id", acct.ID, "scheduled_id", id)
	}
	return err
}
