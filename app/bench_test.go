package app_test

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/mastodon"
	"webox-social/services/platforms/mastodon/mastodonfake"
	"webox-social/services/secrets"
	"webox-social/services/store"
)

// Shape of the due-time benchmark: benchAccounts accounts with benchPerAccount posts
// each, one post per account due at each of benchPerAccount consecutive whole seconds
// (the store keeps times in whole seconds), so 20 posts come due together every second
// for 10 seconds: the "everything at 09:00:00" burst an agency produces. Twenty
// accounts rather than 200 with one post each: per-account deliveries are serialized,
// and with one second between an account's posts that serialization never delays a post,
// while the burst still exercises claiming in batches and 20 concurrent workers.
const (
	benchAccounts   = 20
	benchPerAccount = 10
	// benchLead is how far after set-up the first posts come due.
	benchLead = 3 * time.Second
	// benchDeadline bounds a run in case posts never arrive.
	benchDeadline = 2 * time.Minute
)

// BenchmarkDueToRequest measures, for 200 due posts, the delay from a post's due time to
// the moment the Mastodon fake receives its POST /api/v1/statuses, through the real core:
// app.New with the Mastodon connector, a real store in a temp dir, in-memory secrets and
// the engine's defaults (a timer set to the earliest due time, a 30 s wall-clock
// heartbeat only as a suspend/resume safety net, no polling). It reports p50, p99 and
// max in milliseconds; ns/op is the whole scenario with its set-up (about 13 s) and
// means nothing.
//
// Run it once: go test -run '^$' -bench DueToRequest -benchtime 1x ./app/
func BenchmarkDueToRequest(b *testing.B) {
	logger := slog.Default()
	slog.SetDefault(slog.New(slog.DiscardHandler)) // the connector logs each publish
	b.Cleanup(func() { slog.SetDefault(logger) })
	var lat []time.Duration
	for b.Loop() {
		lat = append(lat, runDueScenario(b)...)
	}
	slices.Sort(lat)
	b.ReportMetric(benchMs(benchPercentile(lat, 50)), "p50-ms")
	b.ReportMetric(benchMs(benchPercentile(lat, 99)), "p99-ms")
	b.ReportMetric(benchMs(lat[len(lat)-1]), "max-ms")
	b.ReportMetric(float64(len(lat)), "posts")
}

// dueBench is one run of the scenario.
type dueBench struct {
	core     *app.App
	fake     *mastodonfake.Server
	accounts []model.Account

	mu       sync.Mutex
	due      map[string]time.Time // status text → due time
	received map[string]time.Time // status text → when the fake got it
	all      chan struct{}        // closed when every post arrived
}

func runDueScenario(b *testing.B) []time.Duration {
	r := &dueBench{due: map[string]time.Time{}, received: map[string]time.Time{}, all: make(chan struct{})}
	r.fake = mastodonfake.New(mastodonfake.Options{OnStatusPost: r.arrived, Logger: slog.New(slog.DiscardHandler)})
	defer r.fake.Close()
	r.setUp(b)
	first := time.Now().Truncate(time.Second).Add(benchLead)
	r.schedule(b, first)
	r.core.Start(b.Context())
	defer r.core.Stop()
	select {
	case <-r.all:
	case <-time.After(time.Until(first) + benchDeadline):
		b.Fatalf("only %d of %d posts reached the fake", r.count(), len(r.due))
	}
	require.Len(b, r.fake.Statuses(), len(r.due), "each post is published exactly once")
	return r.latencies()
}

// setUp builds the core on a fresh store and connects the accounts with tokens the
// fake issued.
func (r *dueBench) setUp(b *testing.B) {
	ctx, dir := b.Context(), b.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "webox-social.db"))
	require.NoError(b, err)
	b.Cleanup(func() { st.Close() })
	sec := secrets.NewMemory()
	ws, err := st.EnsureDefaultWorkspace(ctx)
	require.NoError(b, err)
	for i := range benchAccounts {
		r.accounts = append(r.accounts, r.newAccount(b, st, sec, ws.ID, fmt.Sprintf("bench%d", i)))
	}
	mc := mastodon.New(&http.Client{Timeout: 10 * time.Minute}) // as main.go builds it
	r.core, err = app.New(ctx, app.Params{Store: st, Secrets: sec, DataDir: dir,
		Logger: slog.New(slog.DiscardHandler), Connectors: platforms.Registry{model.Mastodon: mc}})
	require.NoError(b, err)
}

func (r *dueBench) newAccount(b *testing.B, st *store.Store, sec secrets.Store, wsID int64, user string) model.Account {
	token := r.fake.IssueToken(user)
	a := model.Account{WorkspaceID: wsID, Platform: model.Mastodon, RemoteID: r.fake.AccountID(user),
		Name: user, Handle: "@" + user + "@127.0.0.1", InstanceURL: r.fake.URL, Status: model.AccountOK,
		Scopes: []string{"write:statuses", "write:media"}}
	require.NoError(b, st.CreateAccount(b.Context(), &a))
	require.NoError(b, sec.Set(model.SecretKey(a.ID, platforms.SecretAccess), token))
	return a
}

// schedule creates the posts through the core, as the composer does: at each second from
// first on, one post per account.
func (r *dueBench) schedule(b *testing.B, first time.Time) {
	for s := range benchPerAccount {
		at := first.Add(time.Duration(s) * time.Second)
		for _, a := range r.accounts {
			text := fmt.Sprintf("Due-time benchmark: post %d of %s", s, a.Name)
			_, err := r.core.CreatePost(b.Context(), app.Draft{Content: text, AccountIDs: []int64{a.ID},
				ScheduledAt: at, Zone: "UTC"})
			require.NoError(b, err)
			r.due[text] = at
		}
	}
	require.True(b, time.Now().Before(first), "set-up took longer than benchLead")
}

// arrived is the fake's OnStatusPost hook.
func (r *dueBench) arrived(s mastodonfake.Status) {
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.received[s.Text]; dup {
		return // counted once; the exactly-once check sees the duplicate
	}
	r.received[s.Text] = now
	if len(r.received) == len(r.due) {
		close(r.all)
	}
}

func (r *dueBench) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.received)
}

func (r *dueBench) latencies() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]time.Duration, 0, len(r.received))
	for text, at := range r.received {
		out = append(out, at.Sub(r.due[text]))
	}
	return out
}

// percentile is the nearest-rank percentile of sorted values.
func benchPercentile(sorted []time.Duration, p float64) time.Duration {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

func benchMs(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
