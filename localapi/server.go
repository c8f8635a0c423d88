// Package localapi is a second front-end beside views/: a REST API on 127.0.0.1 that lets
// local scripts drive Webox Social through the same app core as the window. It only talks
// to app (through the Core interface) and uses services/model for types.
package localapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"webox-social/app"
	"webox-social/services/model"
)

// Core is the part of *app.App the API calls.
type Core interface {
	Networks() []app.AuthInfo
	ConnectAccount(ctx context.Context, p model.Platform, o app.ConnectOptions) ([]model.Account, error)
	Accounts(ctx context.Context) ([]model.Account, error)
	RefreshAccount(ctx context.Context, id int64) (model.Account, error)
	DisconnectAccount(ctx context.Context, id int64) error
	DownloadMedia(ctx context.Context, sources []string) ([]string, func(), error)
	CreatePost(ctx context.Context, d app.Draft) (model.Post, error)
	UpdatePost(ctx context.Context, id int64, d app.Draft) (model.Post, error)
	GetPost(ctx context.Context, id int64) (model.Post, error)
	ListPosts(ctx context.Context, f model.PostFilter) ([]model.Post, error)
	DeletePost(ctx context.Context, id int64) error
	PublishNow(ctx context.Context, id int64) error
	SchedulePost(ctx context.Context, id int64, at time.Time, zone string) error
	CancelPost(ctx context.Context, id int64) error
	GenerateCaption(ctx context.Context, req app.CaptionRequest, onDelta func(string)) (app.CaptionResult, error)
	SuggestHashtags(ctx context.Context, content string, p model.Platform, count int) (app.HashtagSuggestion, error)
	SuggestTime(ctx context.Context, accountIDs []int64) (app.TimeSuggestion, error)
	Analyze(ctx context.Context, d app.Draft, accounts []model.Account) (app.Report, error)
	StatsOverview(ctx context.Context, p app.StatsPeriod, accountIDs []int64) (model.StatsOverview, error)
	StatsByNetwork(ctx context.Context, p app.StatsPeriod, accountIDs []int64) ([]model.NetworkStats, error)
	EngagementOverTime(ctx context.Context, p app.StatsPeriod, accountIDs []int64) ([]model.TimePoint, error)
	FollowerGrowth(ctx context.Context, p app.StatsPeriod, accountIDs []int64) ([]model.FollowerSeries, error)
	BestPosts(ctx context.Context, p app.StatsPeriod, accountIDs []int64, n int, minViews int64) ([]model.BestPost, error)
}

// ErrNotLoopback is returned by Serve when addr does not name 127.0.0.1.
var ErrNotLoopback = errors.New("localapi: the API listens on 127.0.0.1 only")

// shutdownGrace bounds how long Serve waits for requests in flight when ctx ends.
const shutdownGrace = 5 * time.Second

// Serve listens on addr (which must be 127.0.0.1:<port>; port 0 picks a free one) and
// serves h until ctx ends, then shuts down gracefully.
func Serve(ctx context.Context, addr string, h http.Handler) error {
	ln, err := listenLoopback(addr)
	if err != nil {
		return err
	}
	return serveOn(ctx, ln, h)
}

func serveOn(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	slog.Info("local API listening", "addr", ln.Addr().String())
	select {
	case err := <-done:
		return fmt.Errorf("localapi: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("localapi: shutdown: %w", err)
	}
	<-done
	return nil
}

// The app core is the Core the lead wires in.
var _ Core = (*app.App)(nil)
