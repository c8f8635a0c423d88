package analytics

import (
	"testing"
	"time"
	_ "time/tzdata" // Europe/Paris on any machine

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

// monday is 2026-03-02, a Monday, midnight UTC.
var monday = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// at is a sample on X at weekday d (Monday = 0) of week w, hour h (UTC), with rate per mille.
func at(w, d, h int, perMille int64) Sample {
	return Sample{At: monday.AddDate(0, 0, 7*w+d).Add(time.Duration(h) * time.Hour), Network: model.X,
		Impressions: 1000, Engagements: perMille}
}

// history is weeks of daily posts at 09:00, 13:00 and 18:00 UTC with a 2 % rate, but
// Tuesday 18:00 at 8 %.
func history(weeks int) []Sample {
	var out []Sample
	for w := range weeks {
		for d := range 7 {
			for _, h := range []int{9, 13, 18} {
				rate := int64(20)
				if d == 1 && h == 18 {
					rate = 80
				}
				out = append(out, at(w, d, h, rate))
			}
		}
	}
	return out
}

func slotAt(t *testing.T, b BestTimes, d time.Weekday, h int) (Slot, int) {
	t.Helper()
	for i, s := range b.Slots {
		if s.Weekday == d && s.Hour == h {
			return s, i
		}
	}
	require.Failf(t, "missing slot", "%s %02d:00", d, h)
	return Slot{}, -1
}

func TestBestTimesKnownPeak(t *testing.T) {
	b := ComputeBestTimes(history(8), time.UTC, model.X)
	require.Len(t, b.Slots, 168)
	assert.Equal(t, "UTC", b.Zone)
	best := b.Slots[0]
	assert.Equal(t, time.Tuesday, best.Weekday)
	assert.Equal(t, 18, best.Hour)
	assert.Equal(t, 8, best.Samples)
	base := (8*0.08 + 160*0.02) / 168
	prior := base * 0.98 // X uses the general curve: Tuesday 1 × 18:00 .98, best slot 1
	assert.InDelta(t, (8*0.08+3*prior)/(8+3), best.Rate, 1e-9, "8 posts against k = 3 pseudo-posts of the prior")
	assert.Equal(t, map[string][]string{"tuesday": {"18:00"}}, pick(b.Seed(1), "tuesday"))
}

func pick(m map[string][]string, day string) map[string][]string {
	return map[string][]string{day: m[day]}
}

// TestBestTimesPriorDominates: two great posts at Wednesday 03:00 do not outrank the
// network's usual peak, but twenty do.
func TestBestTimesPriorDominates(t *testing.T) {
	few := []Sample{at(0, 2, 3, 100), at(1, 2, 3, 100)}
	b := ComputeBestTimes(few, time.UTC, model.X)
	slot, rank := slotAt(t, b, time.Wednesday, 3)
	assert.Equal(t, 2, slot.Samples)
	assert.Greater(t, rank, 10, "the prior's peaks stay ahead")
	assert.Equal(t, time.Monday, b.Slots[0].Weekday)
	assert.Equal(t, 9, b.Slots[0].Hour)
	assert.InDelta(t, (2*0.1+3*0.1*0.1)/(2+3), slot.Rate, 1e-9, "shrunk toward the prior (base .1 × 03:00 .1)")

	var many []Sample
	for w := range 20 {
		many = append(many, at(w, 2, 3, 100), at(w, 0, 9, 20))
	}
	b = ComputeBestTimes(many, time.UTC, model.X)
	assert.Equal(t, time.Wednesday, b.Slots[0].Weekday)
	assert.Equal(t, 3, b.Slots[0].Hour)
}

// TestBestTimesDST buckets by the local hour across the change to summer time in Paris
// (2026-03-29): 18:00 is 17:00 UTC before and 16:00 UTC after.
func TestBestTimesDST(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	samples := []Sample{
		{At: time.Date(2026, 3, 27, 17, 0, 0, 0, time.UTC), Network: model.Instagram, Impressions: 100, Engagements: 5},
		{At: time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), Network: model.Instagram, Impressions: 100, Engagements: 5},
		{At: time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), Network: model.Instagram, Impressions: 100, Engagements: 5},
	}
	b := ComputeBestTimes(samples, paris, model.Instagram)
	assert.Equal(t, "Europe/Paris", b.Zone)
	for _, tc := range []struct {
		d    time.Weekday
		h, n int
	}{
		{time.Friday, 18, 1}, {time.Friday, 17, 0}, {time.Tuesday, 18, 1}, {time.Tuesday, 16, 0},
		{time.Sunday, 3, 1}, {time.Sunday, 2, 0}, // 01:30 UTC is 03:30 CEST; 02:00–03:00 did not exist
	} {
		slot, _ := slotAt(t, b, tc.d, tc.h)
		assert.Equal(t, tc.n, slot.Samples, "%s %02d:00", tc.d, tc.h)
	}
}

func TestBestTimesFilters(t *testing.T) {
	samples := []Sample{
		at(0, 0, 5, 50),
		{At: monday.Add(5 * time.Hour), Network: model.LinkedIn, Impressions: 100, Engagements: 50},
		{At: monday.Add(5 * time.Hour), Network: model.X, Impressions: 0, Engagements: 3},
		{At: monday.Add(5 * time.Hour), Network: model.X, Impressions: 10, Engagements: -1},
	}
	slot, _ := slotAt(t, ComputeBestTimes(samples, nil, model.X), time.Monday, 5)
	assert.Equal(t, 1, slot.Samples, "other networks, no impressions and negative counts skipped")
	slot, _ = slotAt(t, ComputeBestTimes(samples, nil, ""), time.Monday, 5)
	assert.Equal(t, 2, slot.Samples, "every network when p is empty")
}

func TestBestTimesRanked(t *testing.T) {
	b := ComputeBestTimes(history(3), time.UTC, model.LinkedIn)
	seen := map[[2]int]bool{}
	for i, s := range b.Slots {
		seen[[2]int{int(s.Weekday), s.Hour}] = true
		if i > 0 {
			assert.LessOrEqual(t, s.Rate, b.Slots[i-1].Rate)
		}
	}
	assert.Len(t, seen, 168, "every hour of the week once")
	assert.Equal(t, "UTC", ComputeBestTimes(nil, nil, model.X).Zone)
}

// TestSeedFromPrior: with no history, Seed is the prior table's two peaks every day.
func TestSeedFromPrior(t *testing.T) {
	for _, tc := range []struct {
		p    model.Platform
		want []string
	}{
		{model.X, []string{"09:00", "18:00"}}, {model.Facebook, []string{"09:00", "18:00"}},
		{model.LinkedIn, []string{"09:00", "12:00"}}, {model.Instagram, []string{"12:00", "19:00"}},
		{model.TikTok, []string{"19:00", "21:00"}}, {model.YouTube, []string{"15:00", "17:00"}},
	} {
		seed := ComputeBestTimes(nil, time.UTC, tc.p).Seed(2)
		require.Len(t, seed, 7, "%s", tc.p)
		for _, day := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
			assert.Equal(t, tc.want, seed[day], "%s %s", tc.p, day)
		}
	}
}

func TestSeedEdges(t *testing.T) {
	assert.Empty(t, BestTimes{}.Seed(2))
	assert.Empty(t, ComputeBestTimes(nil, nil, model.X).Seed(0))
	seed := ComputeBestTimes(history(4), time.UTC, model.X).Seed(3)
	assert.Contains(t, seed["tuesday"], "18:00")
	assert.IsIncreasing(t, seed["tuesday"], "sorted by time, not by rank")
	assert.Len(t, ComputeBestTimes(nil, nil, model.X).Seed(30)["monday"], 24)
}
