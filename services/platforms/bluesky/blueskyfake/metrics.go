package blueskyfake

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// AppView read rules (platforms.md §8 Analytics and Limits, §9 rule 8): getPosts takes
// 1..25 URIs; reads count against 3,000 requests per 5 minutes per IP.
const (
	getPostsMax      = 25
	readLimitDefault = 3000
	readWindow       = 5 * time.Minute
)

// PostCounts are a post's counters as the AppView gives them.
type PostCounts struct {
	Likes, Reposts, Replies, Quotes, Bookmarks int
}

// ProfileCounts are a profile's counters. A negative Posts means "count the account's
// stored posts", which is also what a profile without SetProfileCounts gets.
type ProfileCounts struct {
	Followers, Follows, Posts int
}

// metricsState is the counters tests set; guarded by Server.mu.
type metricsState struct {
	posts     map[string]PostCounts    // by at:// URI
	profiles  map[string]ProfileCounts // by DID
	readLimit int                      // 0: readLimitDefault
}

// SetPostCounts puts numbers on the post at uri (at://did/app.bsky.feed.post/rkey).
func (s *Server) SetPostCounts(uri string, pc PostCounts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.metrics.posts == nil {
		s.metrics.posts = map[string]PostCounts{}
	}
	s.metrics.posts[uri] = pc
}

// SetProfileCounts puts numbers on the profile of actor (a handle or DID).
func (s *Server) SetProfileCounts(actor string, pc ProfileCounts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.metrics.profiles == nil {
		s.metrics.profiles = map[string]ProfileCounts{}
	}
	s.metrics.profiles[s.mustFind(actor).DID] = pc
}

// SetReadLimit changes how many getPosts and getProfile calls one IP may make per 5
// minutes (3,000); past it they answer 429 RateLimitExceeded with RateLimit-* headers.
func (s *Server) SetReadLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.metrics.readLimit = n
}

// limitReads counts one AppView read for the caller's IP.
func (s *Server) limitReads(c *call) *xrpcError {
	host, _, err := net.SplitHostPort(c.r.RemoteAddr)
	if err != nil {
		host = c.r.RemoteAddr
	}
	points := readLimitDefault
	if s.metrics.readLimit > 0 {
		points = s.metrics.readLimit
	}
	st := s.consume(c.now, limiter{name: "read-5m", points: points, period: readWindow}, host)
	setLimitHeaders(c.header, st)
	if st.remaining >= 0 {
		return nil
	}
	return &xrpcError{Status: http.StatusTooManyRequests, Name: "RateLimitExceeded", Message: "Rate Limit Exceeded"}
}

// getPosts is app.bsky.feed.getPosts: an access JWT, 1..25 at:// URIs; posts the fake
// does not hold are left out of the answer.
func (s *Server) getPosts(c *call) (any, *xrpcError) {
	if err := s.limitReads(c); err != nil {
		return nil, err
	}
	if _, err := s.authAccess(c); err != nil {
		return nil, err
	}
	uris := c.r.URL.Query()["uris"]
	switch {
	case len(uris) == 0:
		return nil, invalidRequest(`Params must have the property "uris"`)
	case len(uris) > getPostsMax:
		return nil, invalidRequest(fmt.Sprintf("uris must not have more than %d elements", getPostsMax))
	}
	posts := []map[string]any{}
	for i, uri := range uris {
		if !strings.HasPrefix(uri, "at://") {
			return nil, invalidRequest(fmt.Sprintf("uris/%d must be a valid at-uri", i))
		}
		if view := s.postViewLocked(uri, c.now); view != nil {
			posts = append(posts, view)
		}
	}
	return map[string]any{"posts": posts}, nil
}

// postViewLocked is the app.bsky.feed.defs#postView of a stored post, nil when none.
func (s *Server) postViewLocked(uri string, now time.Time) map[string]any {
	r := s.records[strings.TrimPrefix(uri, "at://")]
	if r == nil || !strings.Contains(uri, "/"+postCollection+"/") {
		return nil
	}
	did, _, _ := strings.Cut(strings.TrimPrefix(uri, "at://"), "/")
	author := map[string]any{"did": did}
	if a := s.find(did); a != nil {
		author["handle"] = a.Handle
	}
	pc := s.metrics.posts[uri]
	return map[string]any{"uri": r.uri, "cid": r.cid, "author": author, "record": r.value,
		"likeCount": pc.Likes, "repostCount": pc.Reposts, "replyCount": pc.Replies, "quoteCount": pc.Quotes,
		"bookmarkCount": pc.Bookmarks, "indexedAt": now.UTC().Format(time.RFC3339)}
}

// getProfileWithCounts is app.bsky.actor.getProfile with the counters
// SetProfileCounts gave (postsCount: the stored posts unless set).
func (s *Server) getProfileWithCounts(c *call) (any, *xrpcError) {
	if err := s.limitReads(c); err != nil {
		return nil, err
	}
	out, xerr := s.getProfile(c)
	body, ok := out.(map[string]any)
	if xerr != nil || !ok {
		return out, xerr
	}
	did, _ := body["did"].(string)
	pc, set := s.metrics.profiles[did]
	if !set || pc.Posts < 0 {
		pc.Posts = s.postsLocked(did)
	}
	body["followersCount"], body["followsCount"], body["postsCount"] = pc.Followers, pc.Follows, pc.Posts
	return body, nil
}

// postsLocked counts the account's stored posts.
func (s *Server) postsLocked(did string) int {
	n := 0
	for key := range s.records {
		if strings.HasPrefix(key, did+"/"+postCollection+"/") {
			n++
		}
	}
	return n
}
