package xcomfake

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Tweet lookup rules: GET /2/tweets takes 1..100 ids (platforms.md §1 Analytics); its
// per-user limit is X's classic 900 per 15 minutes (not in platforms.md; unverified).
const (
	lookupMaxIDs = 100
	lookupLimit  = 900
)

// tweetFields are the tweet.fields values the lookup knows.
var tweetFields = []string{"attachments", "author_id", "conversation_id", "created_at", "edit_history_tweet_ids",
	"entities", "id", "in_reply_to_user_id", "lang", "non_public_metrics", "organic_metrics", "public_metrics",
	"referenced_tweets", "reply_settings", "source", "text"}

// TweetMetrics are a tweet's public_metrics (platforms.md §1 Analytics [X10]).
type TweetMetrics struct {
	Likes, Replies, Retweets, Quotes, Bookmarks, Impressions int64
}

// UserMetrics are a user's public_metrics. A negative Tweets means "count the user's
// live tweets", which is also what a user without SetUserMetrics gets.
type UserMetrics struct {
	Followers, Following, Tweets int64
}

// metricsState is the counters tests set; guarded by Server.mu.
type metricsState struct {
	tweets map[string]TweetMetrics // by tweet id
	users  map[string]UserMetrics  // by user id
	// hideImpressions leaves impression_count out, as lower access tiers get it.
	hideImpressions bool
}

// SetTweetMetrics puts numbers on a tweet (any id; unknown tweets are still 404).
func (s *Server) SetTweetMetrics(tweetID string, m TweetMetrics) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.metrics.tweets == nil {
		s.metrics.tweets = map[string]TweetMetrics{}
	}
	s.metrics.tweets[tweetID] = m
}

// SetUserMetrics puts numbers on username's profile (GET /2/users/me public_metrics).
func (s *Server) SetUserMetrics(username string, m UserMetrics) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.metrics.users == nil {
		s.metrics.users = map[string]UserMetrics{}
	}
	s.metrics.users[s.userLocked(username).ID] = m
}

// HideImpressions makes public_metrics leave out impression_count (true), as X does
// for access tiers without it.
func (s *Server) HideImpressions(hide bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.metrics.hideImpressions = hide
}

// lookupTweets is GET /2/tweets?ids=...: scopes tweet.read and users.read, 1..100
// numeric ids, known tweet.fields; ids of tweets X does not have (or deleted) come back
// in errors[] of a 200 answer.
func (s *Server) lookupTweets(c *call) reply {
	tok, denied := s.bearer(c, "tweet.read", "users.read")
	if denied != nil {
		return *denied
	}
	hdr, over := s.rateLimit(c, tok.UserID, RouteLookup, lookupLimit)
	if over {
		return tooMany(hdr)
	}
	q := c.R.URL.Query()
	ids, fields, rep := lookupParams(q.Get("ids"), q.Get("tweet.fields"))
	if rep != nil {
		return withHeader(*rep, hdr)
	}
	return withHeader(jsonReply(http.StatusOK, s.lookupLocked(ids, fields)), hdr)
}

// lookupParams validates ids and tweet.fields.
func lookupParams(rawIDs, rawFields string) (ids, fields []string, rep *reply) {
	ids = strings.Split(rawIDs, ",")
	if rawIDs == "" || len(ids) > lookupMaxIDs {
		r := invalidBody("ids", fmt.Sprintf("The number of values in the `ids` query parameter list [%d] is not between 1 and %d", len(ids), lookupMaxIDs))
		return nil, nil, &r
	}
	for _, id := range ids {
		if !mediaIDRe.MatchString(id) {
			r := invalidBody("ids", "The `ids` query parameter value ["+id+"] does not match ^[0-9]{1,19}$")
			return nil, nil, &r
		}
	}
	if rawFields != "" {
		fields = strings.Split(rawFields, ",")
	}
	for _, f := range fields {
		if !slices.Contains(tweetFields, f) {
			r := invalidBody("tweet.fields", "The `tweet.fields` query parameter value ["+f+"] is not one of ["+strings.Join(tweetFields, ",")+"]")
			return nil, nil, &r
		}
	}
	return ids, fields, nil
}

// lookupLocked answers the found tweets in data[] and the others in errors[].
func (s *Server) lookupLocked(ids, fields []string) map[string]any {
	var data, errs []map[string]any
	for _, id := range ids {
		i := slices.IndexFunc(s.st.tweets, func(t *Tweet) bool { return t.ID == id && !t.Deleted })
		if i < 0 {
			errs = append(errs, map[string]any{"value": id, "detail": "Could not find tweet with ids: [" + id + "].",
				"title": "Not Found Error", "resource_type": "tweet", "parameter": "ids", "resource_id": id, "type": typeNotFound})
			continue
		}
		data = append(data, s.tweetJSON(s.st.tweets[i], fields))
	}
	out := map[string]any{}
	if len(data) > 0 {
		out["data"] = data
	}
	if len(errs) > 0 {
		out["errors"] = errs
	}
	return out
}

// tweetJSON is one tweet of the lookup with the requested fields.
func (s *Server) tweetJSON(t *Tweet, fields []string) map[string]any {
	d := map[string]any{"id": t.ID, "text": t.shown(), "edit_history_tweet_ids": []string{t.ID}}
	if slices.Contains(fields, "created_at") {
		d["created_at"] = t.CreatedAt.Format("2006-01-02T15:04:05.000Z")
	}
	if slices.Contains(fields, "author_id") {
		d["author_id"] = t.AuthorID
	}
	if slices.Contains(fields, "public_metrics") {
		m := s.metrics.tweets[t.ID]
		pm := map[string]int64{"like_count": m.Likes, "reply_count": m.Replies, "retweet_count": m.Retweets,
			"quote_count": m.Quotes, "bookmark_count": m.Bookmarks, "impression_count": m.Impressions}
		if s.metrics.hideImpressions {
			delete(pm, "impression_count")
		}
		d["public_metrics"] = pm
	}
	return d
}

// usersMeWithMetrics is GET /2/users/me with the public_metrics SetUserMetrics gave.
func (s *Server) usersMeWithMetrics(c *call) reply {
	rep := s.usersMe(c)
	body, ok := rep.Body.(map[string]any)
	if rep.Status != http.StatusOK || !ok {
		return rep
	}
	data, _ := body["data"].(map[string]any)
	if _, asked := data["public_metrics"]; !asked {
		return rep
	}
	id, _ := data["id"].(string)
	m, set := s.metrics.users[id]
	if !set || m.Tweets < 0 {
		m.Tweets = s.liveTweetsLocked(id)
	}
	data["public_metrics"] = map[string]int64{"followers_count": m.Followers, "following_count": m.Following,
		"tweet_count": m.Tweets, "listed_count": 0}
	return rep
}

// liveTweetsLocked counts a user's tweets that are not deleted.
func (s *Server) liveTweetsLocked(userID string) int64 {
	var n int64
	for _, t := range s.st.tweets {
		if t.AuthorID == userID && !t.Deleted {
			n++
		}
	}
	return n
}
