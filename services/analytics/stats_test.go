package analytics_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/analytics"
	"webox-social/services/model"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func slot(t time.Time) int64 { return t.Unix() / analytics.BucketSeconds * analytics.BucketSeconds }

// Summer time starts in Paris on Sunday 29 March 2026 at 02:00 (UTC+1 → UTC+2).
func TestDailySeriesAcrossSummerTime(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, paris) }
	buckets := []analytics.Bucket{
		// Sat 28 23:30 UTC is Sunday 00:30 in Paris.
		{Start: slot(time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC)), Posts: 1, Views: 100, RatedEngagements: 3, Engagements: 3},
		// Sun 29 22:15 UTC is Monday 00:15 in Paris (UTC+2 now).
		{Start: slot(time.Date(2026, 3, 29, 22, 15, 0, 0, time.UTC)), Posts: 2, Views: 300, RatedEngagements: 10, Engagements: 17},
		{Start: slot(time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC)), Posts: 1, Engagements: 5}, // no views
	}
	got := analytics.DailySeries(buckets, analytics.Period{From: day(28), To: day(31)}, paris)
	assert.Equal(t, []model.TimePoint{
		{Day: day(28)},
		{Day: day(29), Value: 3, OK: true, Posts: 1, Views: 100, Engagements: 3},
		{Day: day(30), Value: 3.33, OK: true, Posts: 3, Views: 300, Engagements: 22}, // 10/300
	}, got)
}

func TestHeatAveragesPostRatesPerLocalHour(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	buckets := []analytics.Bucket{
		{Start: slot(time.Date(2026, 3, 27, 17, 0, 0, 0, time.UTC)), RateSum: 4, Rated: 1},     // Fri 18h (UTC+1)
		{Start: slot(time.Date(2026, 3, 30, 16, 45, 0, 0, time.UTC)), RateSum: 3, Rated: 2},    // Mon 18h (UTC+2)
		{Start: slot(time.Date(2026, 3, 30, 16, 0, 0, 0, time.UTC)), RateSum: 6.5, Rated: 1},   // Mon 18h
		{Start: slot(time.Date(2026, 3, 30, 10, 0, 0, 0, time.UTC)), Posts: 4, Engagements: 9}, // no rated post
	}
	assert.Equal(t, []model.HeatCell{
		{Weekday: time.Monday, Hour: 18, Rate: 3.17, Samples: 3}, // (3 + 6.5) / 3
		{Weekday: time.Friday, Hour: 18, Rate: 4, Samples: 1},
	}, analytics.Heat(buckets, paris))
}

func TestLastPerDay(t *testing.T) {
	utc := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	got := analytics.LastPerDay([]analytics.FollowerReading{
		{At: utc(1, 6), Followers: 100}, {At: utc(1, 21), Followers: 104}, {At: utc(3, 9), Followers: 110},
	}, time.UTC)
	assert.Equal(t, []model.TimePoint{
		{Day: utc(1, 0), Value: 104, OK: true},
		{Day: utc(3, 0), Value: 110, OK: true},
	}, got)
}
