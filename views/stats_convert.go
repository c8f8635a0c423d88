package views

import (
	"webox-social/services/model"
)

// overviewFrom converts the core's overview (with its previous period) for the cards.
func overviewFrom(o model.StatsOverview) statsOverview {
	out := statsOverview{Current: totalsFrom(o)}
	if o.Previous != nil {
		out.Previous = totalsFrom(*o.Previous)
	}
	return out
}

// totalsFrom converts one period's totals.
func totalsFrom(o model.StatsOverview) statsTotals {
	return statsTotals{Posts: o.Posts, Views: o.Views, Likes: o.Likes, Comments: o.Comments, Shares: o.Shares,
		Rate: o.EngagementRate, HasRate: o.RateOK, Followers: o.Followers, HasFollowers: o.FollowersOK}
}

// networksFrom converts the per-network totals.
func networksFrom(rows []model.NetworkStats) []networkStats {
	out := make([]networkStats, 0, len(rows))
	for _, n := range rows {
		out = append(out, networkStats{Network: n.Platform, Posts: n.Posts, Views: n.Views, Likes: n.Likes,
			Comments: n.Comments, Shares: n.Shares, Rate: n.EngagementRate, HasRate: n.RateOK})
	}
	return out
}

// daysFrom converts engagement over time: one point per day, Value being the day's rate.
func daysFrom(points []model.TimePoint) []dayStats {
	out := make([]dayStats, 0, len(points))
	for _, p := range points {
		out = append(out, dayStats{Day: p.Day, Posts: p.Posts, Views: p.Views, Engagements: p.Engagements,
			Rate: p.Value, HasRate: p.OK})
	}
	return out
}

// followersFrom converts follower growth: Value is the day's last follower count.
func followersFrom(series []model.FollowerSeries) []followerLine {
	out := make([]followerLine, 0, len(series))
	for _, s := range series {
		l := followerLine{Network: s.Platform, Account: s.Account}
		for _, p := range s.Points {
			if p.OK {
				l.Points = append(l.Points, followerPoint{At: p.Day, Followers: int64(p.Value)})
			}
		}
		out = append(out, l)
	}
	return out
}

// bestFrom converts the best posts; a post without views has no rate.
func bestFrom(posts []model.BestPost) []bestPost {
	out := make([]bestPost, 0, len(posts))
	for _, p := range posts {
		out = append(out, bestPost{PostID: p.PostID, Text: p.Text, Network: p.Platform, Account: p.Account,
			Views: p.Views, Rate: p.EngagementRate, HasRate: p.Views > 0, URL: p.Permalink})
	}
	return out
}

// heatFrom places the heatmap cells in the grid; the cells given all have a rate.
func heatFrom(cells []model.HeatCell) heatGrid {
	var g heatGrid
	for _, c := range cells {
		if c.Hour >= 0 && c.Hour < 24 {
			g[heatDay(c.Weekday)][c.Hour] = heatCell{Rate: c.Rate, HasRate: true, Samples: c.Samples}
		}
	}
	return g
}
