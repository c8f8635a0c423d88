package xcom

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
	// clockSkew widens the read-back window for a clock that differs from X's.
	clockSkew = time.Minute
	// readBackPage and readBackPages bound the read-back of the user's tweets.
	readBackPage  = 100
	readBackPages = 5
)

// Reconcile finds out whether an earlier attempt went out by reading back the user's
// tweets since req.StartedAt − 1 minute (GET /2/users/:id/tweets with start_time) and
// looking for one with the same text, links compared as links (X shortens them to t.co)
// and X's trailing media link ignored. Not found is "safe to retry" (found=false, nil)
// when the read-back covered the whole window; otherwise an error is returned.
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	userID := req.Account.RemoteID
	if userID == "" {
		u, err := c.auth.me(ctx, req.Token)
		if err != nil {
			return platforms.Result{}, false, err
		}
		userID = u.ID
	}
	t, found, covered, err := c.findRecent(ctx, req, userID)
	switch {
	case err != nil:
		return platforms.Result{}, false, err
	case found:
		slog.Info("xcom: reconciled a published tweet", "account_id", req.Account.ID, "tweet_id", t.ID)
		return c.result(req.Account, t), true, nil
	case covered:
		return platforms.Result{}, false, nil
	}
	return platforms.Result{}, false, &platforms.Error{Platform: model.X, Kind: platforms.Transient, Uncertain: true,
		Message: fmt.Sprintf("Could not tell whether the post went out: %d tweets since %s were read back without reaching the end.",
			readBackPage*readBackPages, req.StartedAt.UTC().Format(time.RFC3339))}
}

// findRecent pages through the user's tweets in the window until one matches, the pages
// run out (covered) or the page budget is spent.
func (c *Connector) findRecent(ctx context.Context, req platforms.Request, userID string) (tweet, bool, bool, error) {
	want := normalize(req.Text)
	q := url.Values{"max_results": {fmt.Sprint(readBackPage)}, "tweet.fields": {"created_at"},
		"start_time": {req.StartedAt.Add(-clockSkew).UTC().Format(time.RFC3339)}}
	for range readBackPages {
		var page struct {
			Data []tweet `json:"data"`
			Meta struct {
				NextToken string `json:"next_token"`
			} `json:"meta"`
		}
		path := "/2/users/" + url.PathEscape(userID) + "/tweets?" + q.Encode()
		if err := c.do(ctx, apiCall{method: http.MethodGet, path: path, token: req.Token}, &page); err != nil {
			return tweet{}, false, false, err
		}
		for _, t := range page.Data {
			if sameText(normalize(t.Text), want, len(req.Media) > 0) {
				return t, true, true, nil
			}
		}
		if page.Meta.NextToken == "" {
			return tweet{}, false, true, nil
		}
		q.Set("pagination_token", page.Meta.NextToken)
	}
	return tweet{}, false, false, nil
}

var (
	linkRe       = regexp.MustCompile(`https?://\S+`)
	whitespaceRe = regexp.MustCompile(`\s+`)
)

// linkMark replaces every link in a normalised text.
const linkMark = "\x00"

// normalize makes a text comparable with X's copy: entities decoded (X returns &amp;),
// links replaced by one mark (X returns t.co links), whitespace collapsed.
func normalize(s string) string {
	s = linkRe.ReplaceAllString(html.UnescapeString(s), linkMark)
	return strings.TrimSpace(whitespaceRe.ReplaceAllString(s, " "))
}

// sameText compares X's normalised text with ours; with media X appends one more link.
func sameText(got, want string, media bool) bool {
	if got == want {
		return true
	}
	if !media {
		return false
	}
	trimmed := strings.TrimSuffix(got, linkMark)
	return trimmed != got && strings.TrimSpace(trimmed) == want
}
