// Command mastodonfake runs the strict Mastodon fake as its own process, for end-to-end
// tests that start, kill and restart the real app binary. It listens on 127.0.0.1 and
// prints one line per fact on stdout:
//
//	URL http://127.0.0.1:PORT
//	TOKEN <username> <access token>   (one per -issue-token)
//
// With -state-file everything the fake knows (statuses, tokens, idempotency keys) is
// loaded at start and rewritten after every request, so a test can count what the fake
// received across restarts of either process.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"webox-social/services/platforms/mastodon/mastodonfake"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mastodonfake:", err)
		os.Exit(1)
	}
}

func run() error {
	port := flag.Int("port", 0, "port on 127.0.0.1 (0: any free port)")
	stateFile := flag.String("state-file", "", "JSON file to load the state from and save it to after every request")
	issue := flag.String("issue-token", "", "comma-separated usernames to create with a token each, printed on stdout")
	hold := flag.Duration("hold-status-response", 0, "delay every POST /api/v1/statuses response after the status is stored")
	videoPolls := flag.Int("video-polls", 2, "206 answers before an uploaded video is ready")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	fake, err := mastodonfake.Listen(fmt.Sprintf("127.0.0.1:%d", *port), mastodonfake.Options{
		StateFile: *stateFile, DelayResponse: *hold, VideoPolls: *videoPolls, Logger: logger,
	})
	if err != nil {
		return err
	}
	defer fake.Close()
	fmt.Println("URL", fake.URL)
	for _, user := range strings.Split(*issue, ",") {
		if user = strings.TrimSpace(user); user != "" {
			fmt.Println("TOKEN", user, fake.IssueToken(user))
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	logger.Info("mastodonfake: stopping", "statuses", len(fake.Statuses()))
	return nil
}
