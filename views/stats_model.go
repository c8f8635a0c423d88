package views

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"webox-social/services/model"
)

// statsFilter is what the Stats screen asks for: the period [From, To) and one account
// (0 for every account of the workspace).
type statsFilter struct {
	From, To  time.Time
	AccountID int64
}

// statsTotals are the totals of one period.
type statsTotals struct {
	Posts, Views, Likes, Comments, Shares int64
	// Rate is the engagement rate in percent; meaningful only when HasRate.
	Rate    float64
	HasRate bool
	// Followers is the latest follower count of the chosen accounts at the period's end.
	Followers    int64
	HasFollowers bool
}

// statsOverview is the chosen period against the one just before it, as long.
type statsOverview struct {
	Current, Previous statsTotals
}

// networkStats are one network's totals over the period.
type networkStats struct {
	Network                               model.Platform
	Posts, Views, Likes, Comments, Shares int64
	Rate                                  float64
	HasRate                               bool
}

// engagements is likes, comments and shares together.
func (n networkStats) engagements() int64 { return n.Likes + n.Comments + n.Shares }

// dayStats is the engagement of the posts of one day.
type dayStats struct {
	Day                       time.Time
	Posts, Views, Engagements int64
	Rate                      float64
	HasRate                   bool
}

// followerPoint is one follower reading.
type followerPoint struct {
	At        time.Time
	Followers int64
}

// followerLine is the follower readings of one account.
type followerLine struct {
	Network model.Platform
	Account string
	Points  []followerPoint
}

// name is the line's legend: the network and the account.
func (f followerLine) name() string {
	return lang.L("{{.Network}} · {{.Account}}", map[string]any{"Network": f.Network.Title(), "Account": f.Account})
}

// bestPost is one of the most engaging posts of the period.
type bestPost struct {
	PostID  int64
	Text    string
	Network model.Platform
	Account string
	Views   int64
	Rate    float64
	HasRate bool
	// URL is the post's permalink on the network, "" when unknown.
	URL string
}

// statsData is everything the Stats screen shows for one filter.
type statsData struct {
	Overview  statsOverview
	Networks  []networkStats
	Days      []dayStats
	Followers []followerLine
	Best      []bestPost
	Heat      heatGrid
}

// empty reports whether there is nothing to show: no post in the period or the one
// before, and no follower reading. Days without posts do not count.
func (d statsData) empty() bool {
	o := d.Overview
	if o.Current.Posts > 0 || o.Previous.Posts > 0 || o.Current.HasFollowers || len(d.Best) > 0 {
		return false
	}
	for _, f := range d.Followers {
		if len(f.Points) > 0 {
			return false
		}
	}
	for _, n := range d.Networks {
		if n.Posts > 0 {
			return false
		}
	}
	return true
}

// rateText is an engagement rate for people: "2.31%", or "n/a" when it cannot be computed.
func rateText(rate float64, ok bool) string {
	if !ok {
		return lang.L("n/a")
	}
	s := strconv.FormatFloat(rate, 'f', 2, 64)
	return strings.Replace(s, ".", lang.X("number.decimal_separator", "."), 1) + "%"
}

// rateCSV is an engagement rate for a CSV file: "2.31", or empty when it cannot be computed.
func rateCSV(rate float64, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.FormatFloat(rate, 'f', 2, 64)
}

// count writes a whole number.
func count(n int64) string { return strconv.FormatInt(n, 10) }
