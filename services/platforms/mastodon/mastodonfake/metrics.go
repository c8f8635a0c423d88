package mastodonfake

import "net/http"

// metricsState is the counters the fake's entities do not keep themselves; guarded by
// Server.mu and not saved to the StateFile.
type metricsState struct {
	following map[string]int // by account id
	quotes    map[string]int // by status id
}

// SetAccountCounts puts followers_count and following_count on username's account
// (statuses_count stays the count of its live statuses).
func (s *Server) SetAccountCounts(username string, followers, following int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(username, s.opts.Now().UTC())
	a.FollowersCount = followers
	if s.metrics.following == nil {
		s.metrics.following = map[string]int{}
	}
	s.metrics.following[a.ID] = following
	s.persistLocked()
}

// SetQuotes puts quotes_count on a status (Mastodon ≥ 4.5 counts quotes).
func (s *Server) SetQuotes(statusID string, quotes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.metrics.quotes == nil {
		s.metrics.quotes = map[string]int{}
	}
	s.metrics.quotes[statusID] = quotes
}

// getStatusWithCounts is GET /api/v1/statuses/:id (404 for an unknown, deleted or
// invisible status) with the counts SetQuotes and SetAccountCounts gave.
func (s *Server) getStatusWithCounts(c *call) reply {
	rep := s.getStatus(c)
	body, ok := rep.body.(map[string]any)
	if rep.status != http.StatusOK || !ok {
		return rep
	}
	body["quotes_count"] = s.metrics.quotes[c.r.PathValue("id")]
	if a, ok := body["account"].(map[string]any); ok {
		s.withFollowing(a)
	}
	return rep
}

// verifyCredentialsWithCounts is GET /api/v1/accounts/verify_credentials with the
// following_count SetAccountCounts gave.
func (s *Server) verifyCredentialsWithCounts(c *call) reply {
	rep := s.verifyCredentials(c)
	if body, ok := rep.body.(map[string]any); ok && rep.status == http.StatusOK {
		s.withFollowing(body)
	}
	return rep
}

// withFollowing sets following_count on an account entity.
func (s *Server) withFollowing(account map[string]any) {
	if id, ok := account["id"].(string); ok {
		account["following_count"] = s.metrics.following[id]
	}
}
