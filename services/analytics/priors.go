package analytics

import "webox-social/services/model"

// curve is a network's usual engagement over a week, relative (1 = the best hour): a
// weight per hour of the day, 00:00 to 23:00, and per day, Sunday first as in
// time.Weekday. A slot's weight is the product of its hour's and its day's.
type curve struct {
	hours [slotsPerDay]float64
	days  [7]float64
}

// The prior curves. They are a rough shape of the usual "best time to post" advice, not
// measurements and not from platforms.md: weekday mid-morning and early-evening peaks in
// general, business hours on LinkedIn, evenings on Instagram and TikTok, afternoons on
// YouTube. Each has two separated peaks so that Seed(2) on an empty history gives two
// distinct times a day (09:00 and 18:00 in general). They only decide the ranking where
// the account's own history is thin; see ComputeBestTimes.
var (
	//                        00   01   02   03   04   05   06   07   08   09   10   11   12   13   14   15   16   17   18   19   20   21   22   23
	generalCurve = curve{hours: [24]float64{.2, .1, .1, .1, .1, .2, .4, .6, .8, 1, .9, .8, .8, .7, .6, .6, .7, .85, .98, .85, .7, .5, .4, .3},
		days: [7]float64{.7, 1, 1, 1, 1, .9, .7}}
	linkedInCurve = curve{hours: [24]float64{.05, .05, .05, .05, .05, .05, .2, .5, .85, 1, .9, .8, .95, .8, .75, .7, .7, .6, .4, .3, .2, .1, .1, .05},
		days: [7]float64{.3, .8, 1, 1, 1, .8, .3}}
	instagramCurve = curve{hours: [24]float64{.3, .2, .1, .1, .1, .1, .3, .5, .6, .6, .6, .75, .9, .7, .6, .6, .7, .8, .85, 1, .88, .8, .6, .4},
		days: [7]float64{.9, 1, 1, 1, 1, 1, .9}}
	tiktokCurve = curve{hours: [24]float64{.5, .3, .2, .1, .1, .1, .2, .3, .4, .4, .4, .5, .6, .5, .5, .6, .7, .85, .85, .9, .88, 1, .8, .7},
		days: [7]float64{1, 1, 1, 1, 1, 1, 1}}
	youtubeCurve = curve{hours: [24]float64{.3, .2, .1, .1, .1, .1, .2, .3, .4, .5, .6, .7, .8, .8, .85, .95, .9, 1, .9, .85, .8, .7, .5, .4},
		days: [7]float64{1, .9, .9, .9, .9, 1, 1}}
)

// curves holds the networks that differ from generalCurve (X, Facebook, Mastodon,
// Bluesky and any other network use it).
var curves = map[model.Platform]curve{
	model.LinkedIn:  linkedInCurve,
	model.Instagram: instagramCurve,
	model.TikTok:    tiktokCurve,
	model.YouTube:   youtubeCurve,
}

// priorShape is p's curve over the week's slots (index weekday·24 + hour), scaled so
// that its best slot is 1: the prior then never promises more than the account's own
// average rate, and a slot ranks above that only on the strength of its own posts.
func priorShape(p model.Platform) [slotsInWeek]float64 {
	c, ok := curves[p]
	if !ok {
		c = generalCurve
	}
	var shape [slotsInWeek]float64
	top := 0.0
	for i := range shape {
		shape[i] = c.days[i/slotsPerDay] * c.hours[i%slotsPerDay]
		top = max(top, shape[i])
	}
	for i := range shape {
		shape[i] /= top
	}
	return shape
}
