package analytics

import (
	"math"
	"time"

	"webox-social/services/platforms"
)

// Period is the half-open time range [From, To) of a statistics view.
type Period struct{ From, To time.Time }

// LastPeriod is the period of length d that ends with now's second, included: the store
// keeps whole seconds and To is excluded, so a post published this second counts.
func LastPeriod(now time.Time, d time.Duration) Period {
	end := now.Truncate(time.Second).Add(time.Second)
	return Period{From: end.Add(-d), To: end}
}

// Previous is the period of equal length that ends where p starts.
func (p Period) Previous() Period {
	return Period{From: p.From.Add(-p.To.Sub(p.From)), To: p.From}
}

// EngagementRate is the seed's calculate_engagement_rate: (likes + comments + shares) /
// views × 100, rounded to 2 places. ok is false ("n/a") when views are 0 or not provided
// by the network; likes, comments or shares the network does not give count as 0.
func EngagementRate(m platforms.PostMetrics) (rate float64, ok bool) {
	return RateOf(Engagements(m), m.Views)
}

// Engagements is likes + comments + shares, counting NotProvided counters as 0.
func Engagements(m platforms.PostMetrics) int64 {
	return Counter(m.Likes) + Counter(m.Comments) + Counter(m.Shares)
}

// RateOf is engagements / views × 100 rounded to 2 places; ok is false when views are 0
// or negative (not provided).
func RateOf(engagements, views int64) (rate float64, ok bool) {
	if views <= 0 {
		return 0, false
	}
	return Round2(float64(engagements) / float64(views) * 100), true
}

// Round2 rounds x to 2 decimal places, halves away from zero.
func Round2(x float64) float64 { return math.Round(x*100) / 100 }

// Counter is n, or 0 when the network did not provide it (NotProvided or any negative).
func Counter(n int64) int64 { return max(n, 0) }
