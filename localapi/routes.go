package localapi

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/wire"
)

// route is one endpoint: its ServeMux pattern parts, its OpenAPI summary and handler,
// and for the OpenAPI document its body, answer (a value of each type; nil for none),
// success status and query parameters.
type route struct {
	method, path, summary string
	handle                func(*server, http.ResponseWriter, *http.Request)
	in, out               any
	status                int
	query                 []queryParam
}

// queryParam is one documented ?name= of a route.
type queryParam struct{ name, about string }

// op is a route answering 200 without a body to read; takes, gives and with add the rest.
func op(method, path, summary string, h func(*server, http.ResponseWriter, *http.Request)) route {
	return route{method: method, path: path, summary: summary, handle: h, status: http.StatusOK}
}

// takes sets the route's JSON body.
func (rt route) takes(in any) route { rt.in = in; return rt }

// gives sets the route's success status and answer (nil for no body).
func (rt route) gives(status int, out any) route { rt.status, rt.out = status, out; return rt }

// with documents query parameters.
func (rt route) with(q ...queryParam) route { rt.query = q; return rt }

// pattern is the Go 1.22 ServeMux pattern of the route.
func (rt route) pattern() string { return rt.method + " " + rt.path }

// periodParam is the ?period of the statistics routes.
var periodParam = queryParam{"period", "Number of days ending now, such as 7d, 30d or 90d (default 30d)."}

// routes lists every endpoint; both the mux and the OpenAPI document are built from it.
func routes() []route {
	const s = "/api/social/"
	ok, created, accepted, none := http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusNoContent
	return []route{
		op("GET", s+"connect/{platform}", "Start connecting an account (browser sign-in)", (*server).connectStart).
			gives(accepted, connectionJSON{}).with(queryParam{"instance_url", "Mastodon instance, such as mastodon.social."},
			queryParam{"via_facebook", "true connects Instagram accounts through their Facebook Pages."}),
		op("POST", s+"connect/{platform}", "Connect an account with an app password (Bluesky)", (*server).connectPassword).
			takes(passwordInput{}).gives(created, accountsOut{}),
		op("GET", s+"connect/{platform}/{connection}", "Follow a connection in progress", (*server).connectStatus).
			gives(ok, connectionJSON{}),
		op("DELETE", s+"connect/{platform}/{connection}", "Cancel a connection in progress", (*server).connectCancel).
			gives(none, nil),
		op("POST", s+"callback/{platform}", "Finish a connection with the address the browser ended on", (*server).connectCallback).
			takes(callbackInput{}).gives(accepted, connectionJSON{}),
		op("GET", s+"accounts", "List connected accounts", (*server).listAccounts).gives(ok, accountsOut{}),
		op("POST", s+"accounts/{id}/refresh", "Refresh an account's token", (*server).refreshAccount).gives(ok, wire.Account{}),
		op("POST", s+"disconnect/{platform}", "Disconnect an account", (*server).disconnect).
			takes(disconnectInput{}).gives(none, nil),
		op("GET", s+"posts", "List posts", (*server).listPosts).gives(ok, postsOut{}).with(
			queryParam{"status", "Only posts with this status (draft, scheduled, published, failed…)."},
			queryParam{"platform", "Only posts to this network."}, queryParam{"q", "Only posts whose text contains this."},
			queryParam{"limit", "At most this many posts (1 to 500)."}),
		op("POST", s+"posts", "Create a post", (*server).createPost).takes(postInput{}).gives(created, wire.Post{}),
		op("GET", s+"posts/{id}", "Get a post", (*server).getPost).gives(ok, wire.Post{}),
		op("PUT", s+"posts/{id}", "Update a post", (*server).updatePost).takes(postInput{}).gives(ok, wire.Post{}),
		op("DELETE", s+"posts/{id}", "Delete a post", (*server).deletePost).gives(none, nil),
		op("POST", s+"posts/{id}/publish", "Publish a post now", (*server).publishPost).gives(ok, wire.Post{}),
		op("POST", s+"posts/{id}/schedule", "Schedule a post", (*server).schedulePost).
			takes(scheduleInput{}).gives(ok, wire.Post{}),
		op("POST", s+"posts/{id}/cancel", "Cancel a scheduled post", (*server).cancelPost).gives(ok, wire.Post{}),
		op("POST", s+"generate/caption", "Write captions with AI", (*server).generateCaption).
			takes(captionInput{}).gives(ok, captionsOut{}),
		op("POST", s+"generate/hashtags", "Suggest hashtags", (*server).generateHashtags).
			takes(hashtagsInput{}).gives(ok, hashtagsOut{}),
		op("POST", s+"suggest/times", "Suggest the best time to post", (*server).suggestTimes).
			takes(timesInput{}).gives(ok, timesOut{}),
		op("POST", s+"analyze/content", "Analyze a draft", (*server).analyzeContent).
			takes(postInput{}).gives(ok, analysisOut{}),
		op("GET", s+"stats/overview", "Statistics overview", (*server).statsOverview).
			gives(ok, wire.Overview{}).with(periodParam),
		op("GET", s+"stats/engagement", "Engagement over time", (*server).statsEngagement).
			gives(ok, engagementOut{}).with(periodParam),
		op("GET", s+"stats/growth", "Follower growth", (*server).statsGrowth).gives(ok, growthOut{}).with(periodParam),
		op("GET", s+"stats/best-posts", "Best posts", (*server).statsBestPosts).gives(ok, bestPostsOut{}).with(periodParam),
		op("GET", s+"stats/{platform}", "Statistics of one network", (*server).statsPlatform).
			gives(ok, wire.NetworkStats{}).with(periodParam),
		op("GET", openPath, "This OpenAPI document", (*server).openAPI),
	}
}

// server holds what the handlers need.
type server struct {
	core  Core
	now   func() time.Time
	conns connections
}

// New returns the API handler: token is the bearer token every route but
// GET /api/openapi.json requires; an empty token refuses every protected route.
func New(core Core, token string) http.Handler {
	return guard(token, newMux(&server{core: core, now: time.Now}))
}

// newMux registers every route of the table, plus a JSON 404 for unknown addresses.
func newMux(s *server) *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range routes() {
		mux.HandleFunc(rt.pattern(), func(w http.ResponseWriter, r *http.Request) { rt.handle(s, w, r) })
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "no_route", "There is no such API address.")
	})
	return mux
}

// --- accounts ---

func (s *server) listAccounts(w http.ResponseWriter, r *http.Request) {
	accts, err := s.core.Accounts(r.Context())
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, accountsOut{Accounts: wire.Map(accts, wire.AccountOf)})
}

func (s *server) refreshAccount(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	acct, err := s.core.RefreshAccount(r.Context(), id)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.AccountOf(acct))
}

func (s *server) disconnect(w http.ResponseWriter, r *http.Request) {
	var in disconnectInput
	if !decode(w, r, &in) {
		return
	}
	acct, ok := s.findAccount(w, r, in.AccountID)
	if !ok {
		return
	}
	if string(acct.Platform) != r.PathValue("platform") {
		writeError(w, http.StatusBadRequest, "platform_mismatch",
			"Account "+strconv.FormatInt(acct.ID, 10)+" is a "+acct.Platform.Title()+" account, not "+r.PathValue("platform")+".")
		return
	}
	if err := s.core.DisconnectAccount(r.Context(), acct.ID); err != nil {
		writeAppError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// findAccount looks an account up by id; it writes a 404 when there is none.
func (s *server) findAccount(w http.ResponseWriter, r *http.Request, id int64) (model.Account, bool) {
	accts, err := s.core.Accounts(r.Context())
	if err != nil {
		writeAppError(w, err)
		return model.Account{}, false
	}
	i := slices.IndexFunc(accts, func(a model.Account) bool { return a.ID == id })
	if i < 0 {
		writeError(w, http.StatusNotFound, "not_found", "There is no connected account with id "+strconv.FormatInt(id, 10)+".")
		return model.Account{}, false
	}
	return accts[i], true
}

// --- stats ---

var periodRE = regexp.MustCompile(`^([1-9][0-9]{0,3})d$`)

// period reads ?period=Nd (default 30d) as the N days ending now. The store keeps
// whole seconds and the period's end is excluded, so it ends after the current second:
// a post published a moment ago counts.
func (s *server) period(w http.ResponseWriter, r *http.Request) (app.StatsPeriod, bool) {
	v := r.URL.Query().Get("period")
	if v == "" {
		v = "30d"
	}
	m := periodRE.FindStringSubmatch(v)
	if m == nil {
		writeError(w, http.StatusBadRequest, "bad_period", "The period must be a number of days such as 7d, 30d or 90d.")
		return app.StatsPeriod{}, false
	}
	days, _ := strconv.Atoi(m[1])
	return app.LastPeriod(s.now(), time.Duration(days)*24*time.Hour), true
}

func (s *server) statsOverview(w http.ResponseWriter, r *http.Request) {
	statsRoute(s, w, r, s.core.StatsOverview, func(o model.StatsOverview) any { return wire.OverviewOf(o) })
}

func (s *server) statsEngagement(w http.ResponseWriter, r *http.Request) {
	statsRoute(s, w, r, s.core.EngagementOverTime, func(ps []model.TimePoint) any {
		return engagementOut{Points: wire.Map(ps, wire.EngagementPointOf)}
	})
}

func (s *server) statsGrowth(w http.ResponseWriter, r *http.Request) {
	statsRoute(s, w, r, s.core.FollowerGrowth, func(ss []model.FollowerSeries) any {
		return growthOut{Series: wire.Map(ss, wire.FollowerSeriesOf)}
	})
}

func (s *server) statsBestPosts(w http.ResponseWriter, r *http.Request) {
	best := func(ctx context.Context, p app.StatsPeriod, ids []int64) ([]model.BestPost, error) {
		return s.core.BestPosts(ctx, p, ids, bestPostsCount, 0)
	}
	statsRoute(s, w, r, best, func(bs []model.BestPost) any {
		return bestPostsOut{Posts: wire.Map(bs, wire.BestPostOf)}
	})
}

// bestPostsCount is how many posts stats/best-posts returns.
const bestPostsCount = 10

func (s *server) statsPlatform(w http.ResponseWriter, r *http.Request) {
	p := model.Platform(r.PathValue("platform"))
	if !slices.Contains(model.Platforms, p) {
		writeError(w, http.StatusNotFound, "unknown_platform", "Webox Social does not know the network "+string(p)+".")
		return
	}
	statsRoute(s, w, r, s.core.StatsByNetwork, func(all []model.NetworkStats) any {
		i := slices.IndexFunc(all, func(n model.NetworkStats) bool { return n.Platform == p })
		if i < 0 {
			return wire.NetworkStatsOf(model.NetworkStats{Platform: p})
		}
		return wire.NetworkStatsOf(all[i])
	})
}

// statsRoute runs one statistics query over ?period and writes its result as toJSON gives it.
func statsRoute[T any](s *server, w http.ResponseWriter, r *http.Request,
	q func(context.Context, app.StatsPeriod, []int64) (T, error), toJSON func(T) any) {
	per, ok := s.period(w, r)
	if !ok {
		return
	}
	out, err := q(r.Context(), per, nil)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, toJSON(out))
}
