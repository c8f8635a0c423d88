package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"webox-social/app"
	"webox-social/services/model"
)

// statsJSON is the stats --json output (the seed's engagement_rate; null when unknown).
type statsJSON struct {
	From     string        `json:"from"`
	To       string        `json:"to"`
	Totals   totalsJSON    `json:"totals"`
	Previous *totalsJSON   `json:"previous"`
	Networks []networkJSON `json:"networks"`
}

// totalsJSON are a period's totals.
type totalsJSON struct {
	Posts          int64    `json:"posts"`
	Views          int64    `json:"views"`
	Likes          int64    `json:"likes"`
	Comments       int64    `json:"comments"`
	Shares         int64    `json:"shares"`
	Saves          int64    `json:"saves"`
	EngagementRate *float64 `json:"engagement_rate"`
	Followers      *int64   `json:"followers"`
}

// networkJSON are one network's totals.
type networkJSON struct {
	Platform       string   `json:"platform"`
	Posts          int64    `json:"posts"`
	Views          int64    `json:"views"`
	Likes          int64    `json:"likes"`
	Comments       int64    `json:"comments"`
	Shares         int64    `json:"shares"`
	Saves          int64    `json:"saves"`
	EngagementRate *float64 `json:"engagement_rate"`
}

func toTotals(o model.StatsOverview) totalsJSON {
	t := totalsJSON{Posts: o.Posts, Views: o.Views, Likes: o.Likes, Comments: o.Comments,
		Shares: o.Shares, Saves: o.Saves}
	if o.RateOK {
		t.EngagementRate = &o.EngagementRate
	}
	if o.FollowersOK {
		t.Followers = &o.Followers
	}
	return t
}

// parsePeriod reads "30d", "12w" or a Go duration ("72h").
func parsePeriod(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a period: write it like 30d, 4w or 72h", s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v <= 0 {
				return 0, bad
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, bad
	}
	return d, nil
}

// stats prints the totals of the period ending now, overall and by network.
func (r *runner) stats(ctx context.Context, args []string) int {
	f := newFlags("stats", "stats [--period 30d] [--json]")
	period := f.String("period", "30d", "how far back from now: 7d, 4w, 72h")
	if _, code := r.parse(f, args, 0); code >= 0 {
		return code
	}
	d, err := parsePeriod(*period)
	if err != nil {
		return r.flagError(f, err.Error())
	}
	now := r.now().In(r.loc)
	p := app.StatsPeriod{From: now.Add(-d), To: now}
	o, err := r.core.StatsOverview(ctx, p, nil)
	if err != nil {
		return r.fail(err)
	}
	nets, err := r.core.StatsByNetwork(ctx, p, nil)
	if err != nil {
		return r.fail(err)
	}
	if f.json {
		return r.printJSON(statsToJSON(p, o, nets))
	}
	r.statsTable(p, o, nets)
	return ExitOK
}

func statsToJSON(p app.StatsPeriod, o model.StatsOverview, nets []model.NetworkStats) statsJSON {
	out := statsJSON{From: p.From.Format(time.RFC3339), To: p.To.Format(time.RFC3339),
		Totals: toTotals(o), Networks: []networkJSON{}}
	if o.Previous != nil {
		prev := toTotals(*o.Previous)
		out.Previous = &prev
	}
	for _, n := range nets {
		nj := networkJSON{Platform: string(n.Platform), Posts: n.Posts, Views: n.Views, Likes: n.Likes,
			Comments: n.Comments, Shares: n.Shares, Saves: n.Saves}
		if n.RateOK {
			nj.EngagementRate = &n.EngagementRate
		}
		out.Networks = append(out.Networks, nj)
	}
	return out
}

func (r *runner) statsTable(p app.StatsPeriod, o model.StatsOverview, nets []model.NetworkStats) {
	fmt.Fprintf(r.stdout, "Statistics from %s to %s\n\n", p.From.Format("2006-01-02 15:04"), p.To.Format("2006-01-02 15:04"))
	tw := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NETWORK\tPOSTS\tVIEWS\tLIKES\tCOMMENTS\tSHARES\tSAVES\tENGAGEMENT")
	for _, n := range nets {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", n.Platform, n.Posts, n.Views, n.Likes,
			n.Comments, n.Shares, n.Saves, rate(n.EngagementRate, n.RateOK))
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", o.Posts, o.Views, o.Likes, o.Comments,
		o.Shares, o.Saves, rate(o.EngagementRate, o.RateOK))
	tw.Flush()
	if o.FollowersOK {
		fmt.Fprintf(r.stdout, "\nFollowers: %d\n", o.Followers)
	}
	if o.Previous != nil {
		fmt.Fprintf(r.stdout, "Previous period: %d posts, %d views, engagement %s\n",
			o.Previous.Posts, o.Previous.Views, rate(o.Previous.EngagementRate, o.Previous.RateOK))
	}
}

func rate(v float64, ok bool) string {
	if !ok {
		return "n/a"
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + "%"
}
