// Command seedposts fills a data dir for make bench: one Mastodon account and n scheduled
// posts (one pending target each) spread from one hour from now over the next year, so
// that nothing comes due while the app is measured and the database does not change
// between runs. It goes through the store's public API, like the app does.
//
// Usage:
//
//	seedposts --data-dir DIR [--posts 10000]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"webox-social/services/model"
	"webox-social/services/store"
)

// spread is the span the posts are scheduled over, starting one hour from now.
const spread = 365 * 24 * time.Hour

func main() {
	dir := flag.String("data-dir", "", "data folder to fill (created if missing)")
	n := flag.Int("posts", 10_000, "number of scheduled posts")
	flag.Parse()
	if err := run(context.Background(), *dir, *n); err != nil {
		fmt.Fprintln(os.Stderr, "seedposts:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir string, n int) error {
	if dir == "" || n <= 0 {
		return errors.New("--data-dir and a positive --posts are required")
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
	acct, err := seedAccount(ctx, st)
	if err != nil {
		return err
	}
	if err := seedPosts(ctx, st, acct, n); err != nil {
		return err
	}
	fmt.Printf("seedposts: %d posts in %s\n", n, time.Since(started).Round(time.Millisecond))
	return nil
}

// seedAccount stores a Mastodon account on a loopback address nobody listens on; it is
// never called because no post comes due during a bench run.
func seedAccount(ctx context.Context, st *store.Store) (model.Account, error) {
	ws, err := st.EnsureDefaultWorkspace(ctx)
	if err != nil {
		return model.Account{}, err
	}
	a := model.Account{WorkspaceID: ws.ID, Platform: model.Mastodon, RemoteID: "1", Name: "Bench",
		Handle: "@bench@127.0.0.1", InstanceURL: "http://127.0.0.1:9", Status: model.AccountOK,
		Scopes: []string{"write:statuses", "write:media"}}
	if err := st.CreateAccount(ctx, &a); err != nil {
		return model.Account{}, err
	}
	return a, nil
}

func seedPosts(ctx context.Context, st *store.Store, acct model.Account, n int) error {
	first := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	step := spread / time.Duration(n)
	for i := range n {
		at := first.Add(time.Duration(i) * step).Truncate(time.Second)
		p := model.Post{WorkspaceID: acct.WorkspaceID, Zone: "Europe/Paris", ScheduledAt: at,
			Content:  fmt.Sprintf("Bench post %d: a scheduled post of ordinary length with a link https://example.com/%d", i, i),
			Hashtags: []string{"webox", "bench"},
			Targets: []model.Target{{AccountID: acct.ID, Platform: acct.Platform,
				Status: model.TargetPending, NextAttemptAt: at}}}
		if err := st.CreatePost(ctx, &p); err != nil {
			return fmt.Errorf("post %d: %w", i, err)
		}
	}
	return nil
}
