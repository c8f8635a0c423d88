package platforms

import (
	"context"

	"webox-social/services/model"
)

// NotProvided marks a counter the network does not give (e.g. views of an X post
// without the right access, saves outside Instagram): engagement rates then say "n/a"
// instead of counting it as zero.
const NotProvided int64 = -1

// PostMetrics are one published post's counters, read from the network's current
// metric names (platforms.md Analytics); NotProvided where the network has no such
// number.
type PostMetrics struct {
	Views    int64
	Likes    int64
	Comments int64
	Shares   int64 // shares, reposts, retweets, boosts
	Saves    int64
}

// AccountMetrics are an account's counters at one moment; NotProvided where unknown.
type AccountMetrics struct {
	Followers int64
	Following int64
	Posts     int64
}

// MetricsReader is a Connector that can read statistics back from its network.
type MetricsReader interface {
	// PostMetrics reads the counters of the given published posts (Result.PlatformPostID
	// values). Posts the network no longer has are left out of the map. Errors are
	// *Error values, like Publish's.
	PostMetrics(ctx context.Context, acct model.Account, token string, postIDs []string) (map[string]PostMetrics, error)
	// AccountMetrics reads the account's followers (and following and posts where given).
	AccountMetrics(ctx context.Context, acct model.Account, token string) (AccountMetrics, error)
}
