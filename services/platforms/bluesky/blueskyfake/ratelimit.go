package blueskyfake

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

// window is one rate-limit counter: a fixed window that starts at the first request for
// its key, like rate-limiter-flexible's memory limiter.
type window struct {
	start time.Time
	used  int
}

type limiter struct {
	name   string
	points int
	period time.Duration
}

type limitStatus struct {
	limiter
	remaining int
	reset     time.Time
}

// consume counts one point for key (a refused request counts too).
func (s *Server) consume(now time.Time, l limiter, key string) limitStatus {
	k := l.name + "/" + key
	w := s.windows[k]
	if w == nil || !now.Before(w.start.Add(l.period)) {
		w = &window{start: now}
		s.windows[k] = w
	}
	w.used++
	return limitStatus{limiter: l, remaining: l.points - w.used, reset: w.start.Add(l.period)}
}

// limitSessions applies createSession's two limits (per day, then per 5 minutes, keyed
// by identifier). It sets the RateLimit-* headers of the tightest limit and answers 429
// RateLimitExceeded with Retry-After once one is exceeded.
func (s *Server) limitSessions(c *call, identifier string) *xrpcError {
	limits := []limiter{
		{name: "session-day", points: s.opts.DailySessionLimit, period: 24 * time.Hour},
		{name: "session-5m", points: s.opts.SessionLimit, period: 5 * time.Minute},
	}
	var tightest *limitStatus
	for _, l := range limits {
		st := s.consume(c.now, l, identifier)
		if tightest == nil || st.remaining < tightest.remaining {
			tightest = &st
		}
	}
	setLimitHeaders(c.header, *tightest)
	if tightest.remaining >= 0 {
		return nil
	}
	c.header.Set("Retry-After", strconv.Itoa(int(math.Ceil(tightest.reset.Sub(c.now).Seconds()))))
	return &xrpcError{Status: http.StatusTooManyRequests, Name: "RateLimitExceeded", Message: "Rate Limit Exceeded"}
}

// setLimitHeaders writes the headers of the xrpc-server's rate limiter: the reset is
// Unix seconds, the policy "<points>;w=<window seconds>".
func setLimitHeaders(h http.Header, st limitStatus) {
	h.Set("RateLimit-Limit", strconv.Itoa(st.points))
	h.Set("RateLimit-Remaining", strconv.Itoa(max(0, st.remaining)))
	h.Set("RateLimit-Reset", strconv.FormatInt(st.reset.Unix(), 10))
	h.Set("RateLimit-Policy", fmt.Sprintf("%d;w=%d", st.points, int(st.period.Seconds())))
}
