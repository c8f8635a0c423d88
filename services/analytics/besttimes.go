package analytics

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
)

// Sample is one published post's metrics: when it went out, where, how many people saw
// it and how many engaged with it (likes, comments, shares, saves, clicks…).
type Sample struct {
	At                       time.Time
	Network                  model.Platform
	Impressions, Engagements int64
}

// Slot is one hour of the week with its smoothed engagement rate (engagements per
// impression, 0.031 = 3.1 %) and how many of the account's posts it is based on.
type Slot struct {
	Weekday time.Weekday
	Hour    int // 0–23, local to BestTimes.Zone
	Rate    float64
	Samples int
}

// BestTimes ranks the 168 hours of a week, best first, in one time zone.
type BestTimes struct {
	Slots []Slot
	Zone  string // the IANA name of the zone the hours are in, e.g. "Europe/Paris"
}

const (
	// priorWeight is k, how many posts the prior counts for in every slot: a slot needs
	// about this many posts of its own before its own average weighs as much as the prior.
	priorWeight = 3.0
	// nominalRate is the base rate used when there is no usable sample at all: the
	// ranking then is the network's prior shape, and the rates are only indicative.
	nominalRate = 0.03
	slotsPerDay = 24
	slotsInWeek = 7 * slotsPerDay
)

// ComputeBestTimes ranks the hours of the week for posting on p (every network when p
// is ""), from the account's own samples, in loc (UTC when nil).
//
// Each sample gives an engagement rate, Engagements/Impressions (samples with no
// impressions, or negative counts, are skipped), and falls in the slot of its weekday
// and hour in loc, so a post at 18:00 in Paris is in the 18:00 slot in winter and in
// summer time alike. A slot's rate is shrunk toward a prior with k = priorWeight
// pseudo-posts:
//
//	rate(slot) = (Σ sample rates in slot + k·prior(slot)) / (samples in slot + k)
//	prior(slot) = base · shape_p(weekday, hour) / max(shape_p)
//
// where base is the mean rate of all the account's samples on p (nominalRate with none)
// and shape_p is the network's default curve (priorShape). A slot with many posts keeps
// its own average; a slot with few or none follows the network's usual peaks, at most at
// the account's average, so an untried hour never outranks one the account's own posts
// have shown to do better than average. Ties are broken by sample count, then
// Monday-first, then hour.
func ComputeBestTimes(samples []Sample, loc *time.Location, p model.Platform) BestTimes {
	if loc == nil {
		loc = time.UTC
	}
	var sum [slotsInWeek]float64
	var n [slotsInWeek]int
	total, count := 0.0, 0
	for _, s := range samples {
		if (p != "" && s.Network != p) || s.Impressions <= 0 || s.Engagements < 0 {
			continue
		}
		rate := float64(s.Engagements) / float64(s.Impressions)
		t := s.At.In(loc)
		i := int(t.Weekday())*slotsPerDay + t.Hour()
		sum[i] += rate
		n[i]++
		total += rate
		count++
	}
	base := nominalRate
	if count > 0 {
		base = total / float64(count)
	}
	shape := priorShape(p)
	slots := make([]Slot, slotsInWeek)
	for i := range slots {
		prior := base * shape[i]
		slots[i] = Slot{Weekday: time.Weekday(i / slotsPerDay), Hour: i % slotsPerDay, Samples: n[i],
			Rate: (sum[i] + priorWeight*prior) / (float64(n[i]) + priorWeight)}
	}
	slices.SortStableFunc(slots, compareSlots)
	return BestTimes{Slots: slots, Zone: loc.String()}
}

// compareSlots orders slots best first: rate, then samples, then Monday-first, then hour.
func compareSlots(a, b Slot) int {
	return cmp.Or(cmp.Compare(b.Rate, a.Rate), cmp.Compare(b.Samples, a.Samples),
		cmp.Compare(mondayFirst(a.Weekday), mondayFirst(b.Weekday)), cmp.Compare(a.Hour, b.Hour))
}

func mondayFirst(d time.Weekday) int { return (int(d) + 6) % 7 }

// Seed gives the best perDay hours of each weekday in the seed's shape, each day's hours
// in time order: {"monday": ["09:00", "18:00"], …}. Days with no slot are left out, so
// the zero BestTimes or perDay <= 0 gives an empty map.
func (b BestTimes) Seed(perDay int) map[string][]string {
	picked := map[time.Weekday][]int{}
	for _, s := range b.Slots {
		if len(picked[s.Weekday]) < perDay {
			picked[s.Weekday] = append(picked[s.Weekday], s.Hour)
		}
	}
	out := make(map[string][]string, len(picked))
	for day, hours := range picked {
		slices.Sort(hours)
		times := make([]string, len(hours))
		for i, h := range hours {
			times[i] = fmt.Sprintf("%02d:00", h)
		}
		out[strings.ToLower(day.String())] = times
	}
	return out
}
