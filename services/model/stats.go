package model

import "time"

// StatsOverview are the totals of the posts published in a period on the chosen accounts.
// Counters are sums of each post's latest metrics; a counter a network does not give
// counts as 0. A post sent to three networks counts as three posts.
type StatsOverview struct {
	Posts, Views, Likes, Comments, Shares, Saves int64
	// EngagementRate is (likes + comments + shares) / views × 100 over the posts whose
	// network gives views, rounded to 2 places; meaningful only when RateOK ("n/a"
	// otherwise).
	EngagementRate float64
	RateOK         bool
	// Followers is the sum of each account's latest follower reading before the period's
	// end; meaningful only when FollowersOK (some account has a reading).
	Followers   int64
	FollowersOK bool
	// Previous is the period of equal length just before, for the change; nil inside
	// Previous itself.
	Previous *StatsOverview
}

// NetworkStats are one network's totals over a period.
type NetworkStats struct {
	Platform                                     Platform
	Posts, Views, Likes, Comments, Shares, Saves int64
	// EngagementRate is as in StatsOverview; meaningful only when RateOK.
	EngagementRate float64
	RateOK         bool
}

// TimePoint is one day of a chart. For engagement over time, Value is the engagement
// rate of the posts published that day (meaningful only when OK), with their Posts,
// Views and Engagements (likes + comments + shares); for follower growth, Value is the
// last follower count read that day and OK is true.
type TimePoint struct {
	Day   time.Time // midnight of the day in the zone asked for
	Value float64
	OK    bool
	// Posts, Views and Engagements are set for engagement over time only.
	Posts, Views, Engagements int64
}

// FollowerSeries is one account's follower count, one point per day with a reading.
type FollowerSeries struct {
	AccountID int64
	Platform  Platform
	Account   string // the account's display name, or its handle
	Points    []TimePoint
}

// BestPost is one of the most engaging published posts of a period.
type BestPost struct {
	PostID, TargetID int64
	AccountID        int64
	Platform         Platform
	Account          string // the account's display name, or its handle
	Text             string // the target's text override, or the post's content
	Permalink        string // "" when the network gave none
	PublishedAt      time.Time
	Views            int64
	EngagementRate   float64
}

// HeatCell is the average engagement rate of the posts published in one local weekday
// and hour, over Samples posts.
type HeatCell struct {
	Weekday time.Weekday
	Hour    int // 0..23
	Rate    float64
	Samples int
}
