// Command demodata fills a data dir with a realistic workspace so the Stats screen has
// something to show without connected accounts: a bakery with one account on each of the
// 8 networks, six months of published posts (most sent to several networks at once),
// a daily metrics snapshot of every post for its first 30 days, and a daily follower
// reading per account. Engagement depends on the network, the weekday and the hour (in
// Europe/Paris), with seeded noise, so the same flags always give the same data.
//
// The accounts have no sign-in: the app shows them, and collection skips them with an
// error. Counters a network does not give (views on Mastodon and Bluesky, saves outside
// Instagram and X) are stored as "not provided", as the collector would.
//
// Usage:
//
//	demodata --data-dir DIR [--months 6] [--now 2026-03-15T12:00:00Z] [--seed 1]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"webox-social/services/model"
	"webox-social/services/store"
)

// paris is the zone the bakery posts in.
var paris = mustZone("Europe/Paris")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func main() {
	dir := flag.String("data-dir", os.Getenv("WEBOX_DATA_DIR"), "data folder to fill (created if missing; env WEBOX_DATA_DIR)")
	months := flag.Int("months", 6, "months of published posts before now")
	nowFlag := flag.String("now", "", "the moment the data ends, RFC 3339 (default: now)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := run(context.Background(), *dir, *months, *nowFlag, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "demodata:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir string, months int, nowFlag string, seed uint64) error {
	if dir == "" || months <= 0 {
		return errors.New("--data-dir and a positive --months are required")
	}
	now := time.Now().UTC().Truncate(time.Second)
	if nowFlag != "" {
		t, err := time.Parse(time.RFC3339, nowFlag)
		if err != nil {
			return fmt.Errorf("--now: %w", err)
		}
		now = t.UTC()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	st, err := store.Open(ctx, filepath.Join(dir, "webox-social.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	started := time.Now()
	g := &generator{st: st, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: now,
		from: now.AddDate(0, -months, 0)}
	if err := g.fill(ctx); err != nil {
		return err
	}
	fmt.Printf("demodata: %d accounts, %d posts on %d networks, %d snapshots in %s (data dir %s)\n",
		len(g.accounts), g.posts, len(model.Platforms), g.snapshots, time.Since(started).Round(time.Millisecond), dir)
	return nil
}

// generator holds what is being generated.
type generator struct {
	st        *store.Store
	rnd       *rand.Rand
	now, from time.Time
	accounts  []demoAccount
	published []published
	posts     int
	snapshots int
}

// fill writes the accounts, the posts and their history.
func (g *generator) fill(ctx context.Context) error {
	if err := g.createAccounts(ctx); err != nil {
		return err
	}
	if err := g.createPosts(ctx); err != nil {
		return err
	}
	return g.writeHistory(ctx)
}

// createAccounts stores one account per network in the default workspace, refusing a
// data dir that already has accounts there.
func (g *generator) createAccounts(ctx context.Context) error {
	ws, err := g.st.EnsureDefaultWorkspace(ctx)
	if err != nil {
		return err
	}
	existing, err := g.st.ListAccounts(ctx, ws.ID)
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		return fmt.Errorf("the workspace %q already has %d accounts: use an empty data dir", ws.Name, len(existing))
	}
	for _, p := range profiles {
		a := model.Account{WorkspaceID: ws.ID, Platform: p.platform, RemoteID: "demo-" + string(p.platform),
			Name: "Maison Lumière", Handle: p.handle, InstanceURL: p.instance, Status: model.AccountOK}
		if err := g.st.CreateAccount(ctx, &a); err != nil {
			return fmt.Errorf("account on %s: %w", p.platform.Title(), err)
		}
		g.accounts = append(g.accounts, demoAccount{Account: a, profile: p})
	}
	return nil
}
