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
// and X's trailing media link ignored; for a thread, the head followed by each part as a
// reply to the one before. Found means the whole post (every part of a thread) is out.
//
// Not found is "safe to retry" (found=false, nil) when the read-back covered the whole
// window, and also when only the first parts of a thread are out: Publish reads back the
// same way and resumes after the last part found, so nothing is posted twice. When the
// read-back could not reach the start of the window, an error is returned.
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	parts := threadParts(req)
	chain, covered, err := c.readBack(ctx, req, parts)
	switch {
	case err != nil:
		return platforms.Result{}, false, err
	case len(chain) == len(parts):
		slog.Info("xcom: reconciled a published tweet", "account_id", req.Account.ID, "tweet_id", chain[0].ID, "parts", len(chain))
		return c.result(req.Account, chain[0]), true, nil
	case len(chain) > 0:
		slog.Info("xcom: thread partly published; publishing again resumes it", "account_id", req.Account.ID,
			"tweet_id", chain[0].ID, "parts", len(chain), "of", len(parts))
		return platforms.Result{}, false, nil
	case covered:
		return platforms.Result{}, false, nil
	}
	return platforms.Result{}, false, unknowable(req)
}

// unknowable is the error for a read-back that did not reach the attempt's start.
func unknowable(req platforms.Request) error {
	return &platforms.Error{Platform: model.X, Kind: platforms.Transient, Uncertain: true,
		Message: fmt.Sprintf("Could not tell whether the post went out: %d tweets since %s were read back without reaching the end.",
			readBackPage*readBackPages, req.StartedAt.UTC().Format(time.RFC3339))}
}

// userID is the account's X user id, asked from GET /2/users/me when not stored.
func (c *Connector) userID(ctx context.Context, req platforms.Request) (string, error) {
	if req.Account.RemoteID != "" {
		return req.Account.RemoteID, nil
	}
	u, err := c.auth.me(ctx, req.Token)
	return u.ID, err
}

// readBack pages through the user's tweets in the attempt's window, newest first, until
// the head of parts is found (its chain is then complete: replies are newer), the pages
// run out (covered) or the page budget is spent. chain is the longest run of parts
// found: the head, then each part replying to the one before.
func (c *Connector) readBack(ctx context.Context, req platforms.Request, parts []string) (chain []tweet, covered bool, err error) {
	userID, err := c.userID(ctx, req)
	if err != nil {
		return nil, false, err
	}
	q := url.Values{"max_results": {fmt.Sprint(readBackPage)}, "tweet.fields": {"created_at,referenced_tweets"},
		"start_time": {req.StartedAt.Add(-clockSkew).UTC().Format(time.RFC3339)}}
	var seen []tweet
	for range readBackPages {
		var page struct {
			Data []tweet `json:"data"`
			Meta struct {
				NextToken string `json:"next_token"`
			} `json:"meta"`
		}
		path := "/2/users/" + url.PathEscape(userID) + "/tweets?" + q.Encode()
		if err := c.do(ctx, apiCall{method: http.MethodGet, path: path, token: req.Token}, &page); err != nil {
			return nil, false, err
		}
		seen = append(seen, page.Data...)
		if chain := matchChain(seen, parts, len(req.Media) > 0); len(chain) > 0 {
			return chain, true, nil
		}
		if page.Meta.NextToken == "" {
			return nil, true, nil
		}
		q.Set("pagination_token", page.Meta.NextToken)
	}
	return nil, false, nil
}

// matchChain finds, among seen, the longest chain of parts: a tweet that replies to
// nothing with the head's text, then each next part replying to the previous tweet.
func matchChain(seen []tweet, parts []string, media bool) []tweet {
	want := normalize(parts[0])
	var best []tweet
	for _, h := range seen {
		if h.repliedTo() != "" || !sameText(normalize(h.Text), want, media) {
			continue
		}
		chain := []tweet{h}
		for _, p := range parts[1:] {
			next, ok := replyWith(seen, chain[len(chain)-1].ID, p)
			if !ok {
				break
			}
			chain = append(chain, next)
		}
		if len(chain) > len(best) {
			best = chain
		}
	}
	return best
}

// replyWith finds the tweet of seen replying to parentID with text.
func replyWith(seen []tweet, parentID, text string) (tweet, bool) {
	want := normalize(text)
	for _, t := range seen {
		if t.repliedTo() != parentID {
			continue
		}
		got := normalize(t.Text)
		if got == want || strings.TrimSpace(leadingMentionsRe.ReplaceAllString(got, "")) == want {
			return t, true
		}
	}
	return tweet{}, false
}

var (
	linkRe       = regexp.MustCompile(`https?://\S+`)
	whitespaceRe = regexp.MustCompile(`\s+`)
	// leadingMentionsRe is the @mentions X may put before a reply's text.
	leadingMentionsRe = regexp.MustCompile(`^(@\w+\s+)+`)
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
