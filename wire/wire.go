// Package wire holds the JSON shapes of Webox Social's resources with the seed's field
// names (social_accounts, scheduled_posts, post_analytics: snake_case), shared by the
// two machine-facing front-ends — the local REST API and the command line's --json — so
// a script sees the same fields from both. No secret is ever part of a shape.
package wire

import (
	"time"

	"webox-social/services/model"
)

// Account is a connected account (the seed's social_accounts, without its tokens).
type Account struct {
	ID          int64      `json:"id"`
	Platform    string     `json:"platform"`
	AccountName string     `json:"account_name"`
	AccountID   string     `json:"account_id"`
	Handle      string     `json:"handle"`
	AvatarURL   string     `json:"avatar_url,omitempty"`
	InstanceURL string     `json:"instance_url,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at" jsonschema:"nullable"`
	IsActive    bool       `json:"is_active"`
	Status      string     `json:"status"`
	CreatedAt   *time.Time `json:"created_at,omitempty"`
	UpdatedAt   *time.Time `json:"updated_at,omitempty"`
}

// AccountOf is a's shape.
func AccountOf(a model.Account) Account {
	return Account{
		ID: a.ID, Platform: string(a.Platform), AccountName: a.Name, AccountID: a.RemoteID,
		Handle: a.Handle, AvatarURL: a.AvatarURL, InstanceURL: a.InstanceURL,
		ExpiresAt: TimePtr(a.ExpiresAt), IsActive: a.Status == model.AccountOK,
		Status: string(a.Status), CreatedAt: TimePtr(a.CreatedAt), UpdatedAt: TimePtr(a.UpdatedAt),
	}
}

// Post is a post (the seed's scheduled_posts) with one Target per account it goes to.
type Post struct {
	ID            int64      `json:"id"`
	Content       string     `json:"content"`
	MediaIDs      []int64    `json:"media_ids"`
	Platforms     []string   `json:"platforms"`
	Hashtags      []string   `json:"hashtags"`
	ScheduledTime *time.Time `json:"scheduled_time" jsonschema:"nullable"`
	Zone          string     `json:"zone,omitempty"`
	Status        string     `json:"status"`
	PublishedAt   *time.Time `json:"published_at" jsonschema:"nullable"`
	ErrorMessage  string     `json:"error_message"`
	CreatedAt     *time.Time `json:"created_at" jsonschema:"nullable"`
	Targets       []Target   `json:"targets"`
}

// Target is one account of a post and how its delivery went.
type Target struct {
	ID           int64      `json:"id"`
	AccountID    int64      `json:"account_id"`
	Platform     string     `json:"platform"`
	Status       string     `json:"status"`
	Attempts     int        `json:"attempts"`
	Permalink    string     `json:"permalink,omitempty"`
	ErrorMessage string     `json:"error_message,omitempty"`
	PublishedAt  *time.Time `json:"published_at,omitempty"`
}

// PostOf is p's shape; platforms lists the post's networks once each, in target order.
func PostOf(p model.Post) Post {
	out := Post{
		ID: p.ID, Content: p.Content, MediaIDs: NonNil(p.MediaIDs), Hashtags: NonNil(p.Hashtags),
		ScheduledTime: TimePtr(p.ScheduledAt), Zone: p.Zone, Status: string(p.Status),
		PublishedAt: TimePtr(p.PublishedAt), ErrorMessage: p.ErrorMessage, CreatedAt: TimePtr(p.CreatedAt),
		Platforms: []string{}, Targets: []Target{},
	}
	seen := map[model.Platform]bool{}
	for _, t := range p.Targets {
		out.Targets = append(out.Targets, Target{ID: t.ID, AccountID: t.AccountID,
			Platform: string(t.Platform), Status: string(t.Status), Attempts: t.Attempts,
			Permalink: t.Permalink, ErrorMessage: t.LastError, PublishedAt: TimePtr(t.PublishedAt)})
		if !seen[t.Platform] {
			seen[t.Platform] = true
			out.Platforms = append(out.Platforms, string(t.Platform))
		}
	}
	return out
}

// Totals are a period's numbers (the seed's post_analytics summed); engagement_rate is
// null when no network gave views to compute it from.
type Totals struct {
	PostsPublished int64    `json:"posts_published"`
	Views          int64    `json:"views"`
	Likes          int64    `json:"likes"`
	Comments       int64    `json:"comments"`
	Shares         int64    `json:"shares"`
	Saves          int64    `json:"saves"`
	EngagementRate *float64 `json:"engagement_rate" jsonschema:"nullable"`
}

// Overview is a period's totals with followers (null when no network gives them) and
// the previous period of equal length, when there is one.
type Overview struct {
	Totals
	Followers      *int64    `json:"followers" jsonschema:"nullable"`
	FollowerChange *int64    `json:"follower_change,omitempty"`
	Previous       *Overview `json:"previous,omitempty"`
}

// OverviewOf is o's shape.
func OverviewOf(o model.StatsOverview) Overview {
	out := Overview{Totals: Totals{PostsPublished: o.Posts, Views: o.Views, Likes: o.Likes,
		Comments: o.Comments, Shares: o.Shares, Saves: o.Saves, EngagementRate: OkPtr(o.EngagementRate, o.RateOK)},
		Followers: OkPtr(o.Followers, o.FollowersOK)}
	if o.Previous != nil {
		prev := OverviewOf(*o.Previous)
		out.Previous = &prev
		out.FollowerChange = OkPtr(o.Followers-o.Previous.Followers, o.FollowersOK && o.Previous.FollowersOK)
	}
	return out
}

// NetworkStats are one network's totals over a period.
type NetworkStats struct {
	Platform string `json:"platform"`
	Totals
}

// NetworkStatsOf is n's shape.
func NetworkStatsOf(n model.NetworkStats) NetworkStats {
	return NetworkStats{Platform: string(n.Platform), Totals: Totals{PostsPublished: n.Posts, Views: n.Views,
		Likes: n.Likes, Comments: n.Comments, Shares: n.Shares, Saves: n.Saves,
		EngagementRate: OkPtr(n.EngagementRate, n.RateOK)}}
}

// EngagementPoint is one day of engagement over time.
type EngagementPoint struct {
	Date           time.Time `json:"date"`
	EngagementRate *float64  `json:"engagement_rate" jsonschema:"nullable"`
	PostsPublished int64     `json:"posts_published"`
	Views          int64     `json:"views"`
	Engagements    int64     `json:"engagements"`
}

// EngagementPointOf is p's shape.
func EngagementPointOf(p model.TimePoint) EngagementPoint {
	return EngagementPoint{Date: p.Day, EngagementRate: OkPtr(p.Value, p.OK), PostsPublished: p.Posts,
		Views: p.Views, Engagements: p.Engagements}
}

// FollowerPoint is one day of an account's followers.
type FollowerPoint struct {
	Date      time.Time `json:"date"`
	Followers int64     `json:"followers"`
}

// FollowerSeries is one account's follower growth.
type FollowerSeries struct {
	AccountID   int64           `json:"account_id"`
	Platform    string          `json:"platform"`
	AccountName string          `json:"account_name"`
	Points      []FollowerPoint `json:"points"`
}

// FollowerSeriesOf is s's shape.
func FollowerSeriesOf(s model.FollowerSeries) FollowerSeries {
	return FollowerSeries{AccountID: s.AccountID, Platform: string(s.Platform), AccountName: s.Account,
		Points: Map(s.Points, func(p model.TimePoint) FollowerPoint {
			return FollowerPoint{Date: p.Day, Followers: int64(p.Value)}
		})}
}

// BestPost is one of the period's best posts by engagement rate.
type BestPost struct {
	PostID         int64     `json:"post_id"`
	TargetID       int64     `json:"target_id"`
	AccountID      int64     `json:"account_id"`
	Platform       string    `json:"platform"`
	AccountName    string    `json:"account_name"`
	Content        string    `json:"content"`
	Permalink      string    `json:"permalink,omitempty"`
	PublishedAt    time.Time `json:"published_at"`
	Views          int64     `json:"views"`
	EngagementRate float64   `json:"engagement_rate"`
}

// BestPostOf is b's shape.
func BestPostOf(b model.BestPost) BestPost {
	return BestPost{PostID: b.PostID, TargetID: b.TargetID, AccountID: b.AccountID,
		Platform: string(b.Platform), AccountName: b.Account, Content: b.Text, Permalink: b.Permalink,
		PublishedAt: b.PublishedAt, Views: b.Views, EngagementRate: b.EngagementRate}
}

// TimePtr is &t, or nil (JSON null) for the zero time.
func TimePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// OkPtr is &v when ok, nil (JSON null) otherwise.
func OkPtr[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	return &v
}

// NonNil is s, or an empty slice (JSON []) for nil.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Map applies f to every element of in.
func Map[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}
