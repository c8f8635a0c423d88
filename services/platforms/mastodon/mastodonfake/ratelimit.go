package mastodonfake

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// limit counts one request in a fixed window aligned on the period (like Rack::Attack)
// and answers 429 {"error":"Too many requests"} once quota is exceeded. With headers, the
// X-RateLimit-* headers are set on the response whether or not it is limited.
func (s *Server) limit(c *call, bucket, id string, quota int, period time.Duration, headers bool) *reply {
	start := c.now.Truncate(period)
	key := fmt.Sprintf("%s/%s/%d", bucket, id, start.Unix())
	s.counters[key]++
	n := s.counters[key]
	reset := isoMicro(start.Add(period))
	if headers || n > quota {
		c.header.Set("X-RateLimit-Limit", strconv.Itoa(quota))
		c.header.Set("X-RateLimit-Remaining", strconv.Itoa(max(0, quota-n)))
		c.header.Set("X-RateLimit-Reset", reset)
	}
	if n > quota {
		rep := errReply(http.StatusTooManyRequests, "Too many requests")
		return &rep
	}
	return nil
}

// limitIP applies the unauthenticated per-IP limit (300 per 5 minutes).
func (s *Server) limitIP(c *call) *reply {
	host, _, err := net.SplitHostPort(c.r.RemoteAddr)
	if err != nil {
		host = c.r.RemoteAddr
	}
	return s.limit(c, "ip", host, s.opts.IPLimit, 5*time.Minute, false)
}
