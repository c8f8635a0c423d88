package ai

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Retry policy: at most maxTries tries; between them an exponential backoff from
// baseDelay with jitter, or the server's Retry-After when longer. A Retry-After beyond
// maxRetryAfter is not waited for: the rate-limit sentence is returned at once.
const (
	maxTries      = 3
	baseDelay     = 500 * time.Millisecond
	maxRetryAfter = 30 * time.Second
)

// retry runs op until it succeeds, fails for good, or maxTries are spent. Only 429 (but
// not insufficient_quota), 5xx and transport errors are tried again.
func (c *Client) retry(ctx context.Context, op func(ctx context.Context) error) error {
	for try := 1; ; try++ {
		info := &attemptInfo{}
		err := op(context.WithValue(ctx, attemptKey{}, info))
		if err == nil || try >= maxTries || ctx.Err() != nil || !retryable(err) {
			return err
		}
		wait, ok := c.delay(try, info.retryAfter)
		if !ok {
			return err
		}
		c.log.Info("ai: trying again", "try", try+1, "wait", wait, "err", c.redact(err.Error()))
		if serr := c.sleep(ctx, wait); serr != nil {
			return serr
		}
	}
}

// delay is how long to wait after try (1-based): baseDelay·2^(try-1), jittered to between
// half and all of it, or retryAfter when that is longer. ok is false when retryAfter is
// too long to wait for.
func (c *Client) delay(try int, retryAfter time.Duration) (time.Duration, bool) {
	d := baseDelay << (try - 1)
	d = d/2 + c.jitter(d/2)
	if retryAfter > maxRetryAfter {
		return 0, false
	}
	return max(d, retryAfter), true
}

// permanent marks an error not to be retried: a stream that broke after text arrived
// (trying again would repeat the text already shown).
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// retryable reports whether trying again may help.
func retryable(err error) bool {
	var p permanent
	if errors.As(err, &p) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if status, code := httpStatus(err); status != 0 {
		return status == http.StatusTooManyRequests && !isQuota(code, code) || status >= 500
	}
	var u *url.Error
	return errors.As(err, &u) // http.Client.Do wraps every transport failure in *url.Error
}

// httpStatus returns the status of an error answer and its code (or type), 0 when err is
// not one.
func httpStatus(err error) (int, string) {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		code := apiErr.Type
		if s, ok := apiErr.Code.(string); ok && s != "" {
			code = s
		}
		return apiErr.HTTPStatusCode, code
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode, ""
	}
	return 0, ""
}

// attemptInfo carries what headerDoer saw of one try's answer back to retry.
type attemptInfo struct{ retryAfter time.Duration }

type attemptKey struct{}

// headerDoer is the HTTP client go-openai uses: it notes Retry-After, which go-openai's
// errors do not carry.
type headerDoer struct{ hc *http.Client }

// Do sends req and records the answer's Retry-After in the try's attemptInfo.
func (d headerDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.hc.Do(req)
	if err != nil {
		return resp, err
	}
	if info, ok := req.Context().Value(attemptKey{}).(*attemptInfo); ok {
		info.retryAfter = parseRetryAfter(resp.Header, time.Now())
	}
	return resp, nil
}

// parseRetryAfter reads retry-after-ms (OpenAI), then Retry-After in seconds or as an
// HTTP date; 0 when absent or unreadable.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	if ms, err := strconv.ParseFloat(strings.TrimSpace(h.Get("Retry-After-Ms")), 64); err == nil && ms > 0 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs > 0 {
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// randomJitter returns a random duration in [0, d).
func randomJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d)
}
