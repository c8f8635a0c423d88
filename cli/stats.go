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
	"webox-social/wire"
)

// statsJSON is the stats --json output: the overview and each network in the same
// shapes as the local API's stats routes.
type statsJSON struct {
	From     time.Time           `json:"from"`
	To       time.Time           `json:"to"`
	Overview wire.Overview       `json:"overview"`
	Networks []wire.NetworkStats `json:"networks"`
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
	p := app.LastPeriod(r.now().In(r.loc), d)
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
	return statsJSON{From: p.From, To: p.To, Overview: wire.OverviewOf(o), Networks: wire.Map(nets, wire.NetworkStatsOf)}
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
