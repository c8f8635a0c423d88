package mastodon

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

const (
	// idempotencySafe is how long after the first attempt re-posting with the same
	// Idempotency-Key is still safe: Mastodon keeps keys 1 hour; 5 minutes of margin.
	idempotencySafe = 55 * time.Minute
	// clockSkew widens the read-back window for a clock that differs from the instance's.
	clockSkew = time.Minute
	// readBackPage and readBackPages bound the read-back of the account's statuses.
	readBackPage  = 40
	readBackPages = 5
)

// Reconcile finds out whether an earlier attempt went out, by reading back the
// account's recent statuses and looking for one created since the attempt started with
// the same text (HTML stripped, whitespace normalised) and media count.
//
// Not found is "safe to retry" (found=false, nil error) when the attempt is less than
// 55 minutes old (the Idempotency-Key still protects a re-post) or when the read-back
// reached statuses older than the attempt. Otherwise the outcome cannot be known and an
// error is returned.
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	base, err := instanceBase(req.Account.InstanceURL)
	if err != nil {
		return platforms.Result{}, false, err
	}
	me, err := c.VerifyCredentials(ctx, base, req.Token)
	if err != nil {
		return platforms.Result{}, false, err
	}
	st, found, covered, err := c.findRecent(ctx, base, req.Token, me.ID, req)
	switch {
	case err != nil:
		return platforms.Result{}, false, err
	case found:
		slog.Info("mastodon: reconciled a published status", "account_id", req.Account.ID, "status_id", st.ID)
		return st.result(), true, nil
	case c.Now().Sub(req.StartedAt) < idempotencySafe || covered:
		return platforms.Result{}, false, nil
	}
	return platforms.Result{}, false, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Uncertain: true,
		Message: fmt.Sprintf("could not tell whether the post went out: the %d most recent posts were read back without reaching %s",
			readBackPage*readBackPages, req.StartedAt.UTC().Format(time.RFC3339))}
}

// findRecent pages back through the account's statuses until one matches, the page
// reaches before the attempt's window (covered) or the page budget is spent.
func (c *Connector) findRecent(ctx context.Context, base, token, accountID string, req platforms.Request) (status, bool, bool, error) {
	since := req.StartedAt.Add(-clockSkew)
	want := normalize(req.Text)
	maxID := ""
	for range readBackPages {
		page, err := c.accountStatuses(ctx, base, token, accountID, maxID)
		if err != nil {
			return status{}, false, false, err
		}
		for _, st := range page {
			if !st.CreatedAt.Before(since) && len(st.Media) == len(req.Media) && normalize(plainText(st.Content)) == want {
				return st, true, true, nil
			}
		}
		if len(page) < readBackPage || page[len(page)-1].CreatedAt.Before(since) {
			return status{}, false, true, nil
		}
		maxID = page[len(page)-1].ID
	}
	return status{}, false, false, nil
}

func (c *Connector) accountStatuses(ctx context.Context, base, token, accountID, maxID string) ([]status, error) {
	q := url.Values{"limit": {fmt.Sprint(readBackPage)}}
	if maxID != "" {
		q.Set("max_id", maxID)
	}
	path := "/api/v1/accounts/" + url.PathEscape(accountID) + "/statuses?" + q.Encode()
	var page []status
	_, err := c.do(ctx, apiRequest{method: http.MethodGet, base: base, path: path, token: token}, &page)
	return page, err
}

var (
	breakRe      = regexp.MustCompile(`(?i)<br\s*/?>|</p>\s*<p[^>]*>`)
	tagRe        = regexp.MustCompile(`<[^>]*>`)
	remoteMenRe  = regexp.MustCompile(`(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	whitespaceRe = regexp.MustCompile(`\s+`)
)

// plainText turns status content back into text: line breaks for <br> and paragraphs,
// tags removed (a link's hidden spans keep the full URL), entities decoded.
func plainText(content string) string {
	s := breakRe.ReplaceAllString(content, "\n")
	return html.UnescapeString(tagRe.ReplaceAllString(s, ""))
}

// normalize makes texts comparable: whitespace collapsed, and remote mentions reduced to
// @user, as Mastodon displays them.
func normalize(s string) string {
	s = remoteMenRe.ReplaceAllString(s, "$1")
	return strings.TrimSpace(whitespaceRe.ReplaceAllString(s, " "))
}
