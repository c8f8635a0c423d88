package analytics

import (
	"slices"
	"time"

	"webox-social/services/model"
)

// BucketSeconds is the width of the time buckets the store aggregates published posts
// into. Every time zone's offset is a multiple of 15 minutes, so each bucket falls in
// exactly one local hour and one local day, whatever the zone and its DST rules.
const BucketSeconds = 15 * 60

// Bucket holds the sums over the posts published in one BucketSeconds-wide slot.
type Bucket struct {
	// Start is the slot's first Unix second (a multiple of BucketSeconds).
	Start int64
	Posts int64
	// Views sums the views of the posts whose network gives views; RatedEngagements the
	// likes + comments + shares of those same posts (the engagement rate's numerator);
	// Engagements the likes + comments + shares of every post.
	Views, RatedEngagements, Engagements int64
	// RateSum sums the engagement rates of the Rated posts (those with views).
	RateSum float64
	Rated   int
}

// DailySeries folds buckets into one point per local day of p in loc, days without
// posts included (OK false): Value is the day's engagement rate, computed over the posts
// that have views.
func DailySeries(buckets []Bucket, p Period, loc *time.Location) []model.TimePoint {
	byDay := map[time.Time]*Bucket{}
	for _, b := range buckets {
		day := dayOf(time.Unix(b.Start, 0), loc)
		sum := byDay[day]
		if sum == nil {
			sum = &Bucket{}
			byDay[day] = sum
		}
		sum.Posts += b.Posts
		sum.Views += b.Views
		sum.RatedEngagements += b.RatedEngagements
		sum.Engagements += b.Engagements
	}
	var out []model.TimePoint
	for day := dayOf(p.From, loc); day.Before(p.To); day = day.AddDate(0, 0, 1) {
		pt := model.TimePoint{Day: day}
		if sum := byDay[day]; sum != nil {
			pt.Posts, pt.Views, pt.Engagements = sum.Posts, sum.Views, sum.Engagements
			pt.Value, pt.OK = RateOf(sum.RatedEngagements, sum.Views)
		}
		out = append(out, pt)
	}
	return out
}

// Heat folds buckets into local weekday × hour cells in loc: each cell's Rate is the
// average engagement rate of its posts that have views, rounded to 2 places. Cells
// without such posts are left out; cells come Sunday 00h first.
func Heat(buckets []Bucket, loc *time.Location) []model.HeatCell {
	type key struct {
		wd   time.Weekday
		hour int
	}
	sums := map[key]*Bucket{}
	for _, b := range buckets {
		if b.Rated == 0 {
			continue
		}
		t := time.Unix(b.Start, 0).In(loc)
		k := key{t.Weekday(), t.Hour()}
		if sums[k] == nil {
			sums[k] = &Bucket{}
		}
		sums[k].RateSum += b.RateSum
		sums[k].Rated += b.Rated
	}
	out := make([]model.HeatCell, 0, len(sums))
	for k, s := range sums {
		out = append(out, model.HeatCell{Weekday: k.wd, Hour: k.hour, Samples: s.Rated,
			Rate: Round2(s.RateSum / float64(s.Rated))})
	}
	slices.SortFunc(out, func(a, b model.HeatCell) int {
		return (int(a.Weekday)*24 + a.Hour) - (int(b.Weekday)*24 + b.Hour)
	})
	return out
}

// FollowerReading is one follower count read at At.
type FollowerReading struct {
	At        time.Time
	Followers int64
}

// LastPerDay keeps the last reading of each local day in loc, oldest first; readings
// must come oldest first.
func LastPerDay(readings []FollowerReading, loc *time.Location) []model.TimePoint {
	var out []model.TimePoint
	for _, r := range readings {
		pt := model.TimePoint{Day: dayOf(r.At, loc), Value: float64(r.Followers), OK: true}
		if n := len(out); n > 0 && out[n-1].Day.Equal(pt.Day) {
			out[n-1] = pt
			continue
		}
		out = append(out, pt)
	}
	return out
}

// dayOf is midnight of t's day in loc.
func dayOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
