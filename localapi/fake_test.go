package localapi

import (
	"context"
	"fmt"
	"time"

	"webox-social/app"
	"webox-social/services/model"
)

// fakeCore answers from memory; err, when set, is returned by every post call.
type fakeCore struct {
	accounts []model.Account
	posts    map[int64]model.Post
	err      error
	calls    []string
}

func newFake() *fakeCore {
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	return &fakeCore{
		accounts: []model.Account{{ID: 1, Platform: model.Mastodon, Name: "Ann", RemoteID: "42",
			Handle: "@ann@example.social", Status: model.AccountOK}},
		posts: map[int64]model.Post{7: {ID: 7, Content: "hello", Status: model.PostScheduled, ScheduledAt: at,
			Targets: []model.Target{{ID: 70, PostID: 7, AccountID: 1, Platform: model.Mastodon}}}},
	}
}

func (f *fakeCore) call(name string) { f.calls = append(f.calls, name) }

func (f *fakeCore) post(id int64) (model.Post, error) {
	if f.err != nil {
		return model.Post{}, f.err
	}
	p, ok := f.posts[id]
	if !ok {
		return model.Post{}, fmt.Errorf("fake: post %d: %w", id, model.ErrNotFound)
	}
	return p, nil
}

func (f *fakeCore) Accounts(context.Context) ([]model.Account, error) { return f.accounts, nil }

func (f *fakeCore) RefreshAccount(_ context.Context, id int64) (model.Account, error) {
	f.call("refresh")
	return f.accounts[0], nil
}

func (f *fakeCore) DisconnectAccount(_ context.Context, id int64) error {
	f.call(fmt.Sprintf("disconnect %d", id))
	return nil
}

func (f *fakeCore) CreatePost(_ context.Context, d app.Draft) (model.Post, error) {
	f.call("create " + d.Content)
	return model.Post{ID: 8, Content: d.Content, Status: model.PostDraft}, f.err
}

func (f *fakeCore) UpdatePost(_ context.Context, id int64, d app.Draft) (model.Post, error) {
	p, err := f.post(id)
	p.Content = d.Content
	return p, err
}

func (f *fakeCore) GetPost(_ context.Context, id int64) (model.Post, error) { return f.post(id) }

func (f *fakeCore) ListPosts(context.Context, model.PostFilter) ([]model.Post, error) {
	return []model.Post{f.posts[7]}, nil
}

func (f *fakeCore) DeletePost(_ context.Context, id int64) error {
	_, err := f.post(id)
	return err
}

func (f *fakeCore) PublishNow(_ context.Context, id int64) error {
	_, err := f.post(id)
	return err
}

func (f *fakeCore) SchedulePost(_ context.Context, id int64, at time.Time, zone string) error {
	f.call("schedule " + at.Format(time.RFC3339) + " " + zone)
	_, err := f.post(id)
	return err
}

func (f *fakeCore) CancelPost(_ context.Context, id int64) error {
	_, err := f.post(id)
	return err
}

func (f *fakeCore) GenerateCaption(_ context.Context, req app.CaptionRequest, _ func(string)) (app.CaptionResult, error) {
	return app.CaptionResult{Variants: map[model.Platform][]string{model.Mastodon: {"About " + req.Topic}}}, nil
}

func (f *fakeCore) SuggestHashtags(context.Context, string, model.Platform, int) (app.HashtagSuggestion, error) {
	return app.HashtagSuggestion{Tags: []string{"#go"}, Local: true}, nil
}

func (f *fakeCore) SuggestTime(context.Context, []int64) (app.TimeSuggestion, error) {
	return app.TimeSuggestion{At: time.Date(2026, 5, 2, 18, 0, 0, 0, time.UTC), Zone: "UTC", Network: model.Mastodon}, nil
}

func (f *fakeCore) Analyze(_ context.Context, _ app.Draft, accts []model.Account) (app.Report, error) {
	return app.Report{Items: []app.Finding{{Network: model.Mastodon, Level: "warn",
		Message: fmt.Sprintf("%d account(s) checked.", len(accts))}}}, nil
}

func (f *fakeCore) StatsOverview(context.Context, app.StatsPeriod, []int64) (model.StatsOverview, error) {
	return model.StatsOverview{}, nil
}

func (f *fakeCore) StatsByNetwork(context.Context, app.StatsPeriod, []int64) ([]model.NetworkStats, error) {
	return []model.NetworkStats{{Platform: model.Mastodon, Posts: 3}}, nil
}

func (f *fakeCore) EngagementOverTime(context.Context, app.StatsPeriod, []int64) ([]model.TimePoint, error) {
	return []model.TimePoint{}, nil
}

func (f *fakeCore) FollowerGrowth(context.Context, app.StatsPeriod, []int64) ([]model.FollowerSeries, error) {
	return []model.FollowerSeries{}, nil
}

func (f *fakeCore) BestPosts(context.Context, app.StatsPeriod, []int64, int, int64) ([]model.BestPost, error) {
	return []model.BestPost{}, nil
}
