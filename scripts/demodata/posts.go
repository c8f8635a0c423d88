package main

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// published is one published target and the counters it ends with.
type published struct {
	target model.Target
	acct   int // index in generator.accounts
	final  platforms.PostMetrics
}

// hourWeight is how much a local posting hour is used and how well it does.
var hourWeight = map[int]float64{7: 0.8, 8: 1, 9: 0.9, 11: 0.9, 12: 1.25, 13: 1.15, 16: 0.85, 17: 1.1, 18: 1.35, 19: 1.3, 20: 1.1, 21: 0.9}

// postingHours are the hours the bakery posts at (keys of hourWeight, in order).
var postingHours = []int{7, 8, 9, 11, 12, 13, 16, 17, 18, 19, 20, 21}

// weekdayWeight is how well a local weekday does, Sunday first.
var weekdayWeight = []float64{0.8, 0.9, 1.1, 1.05, 1.15, 1, 0.95}

// createPosts writes one post on most days of the period, each to a few networks, in
// one transaction.
func (g *generator) createPosts(ctx context.Context) error {
	tx, err := g.st.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	for day := g.from; day.Before(g.now); day = day.AddDate(0, 0, 1) {
		if g.rnd.Float64() > 0.85 {
			continue
		}
		at := g.postTime(day)
		if !at.Before(g.now) {
			continue
		}
		if err := g.createPost(ctx, tx, at); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// postTime is a posting time on day's local date in Paris.
func (g *generator) postTime(day time.Time) time.Time {
	y, m, d := day.In(paris).Date()
	h := postingHours[g.rnd.IntN(len(postingHours))]
	return time.Date(y, m, d, h, g.rnd.IntN(60), 0, 0, paris).UTC()
}

// createPost writes one published post with its targets.
func (g *generator) createPost(ctx context.Context, tx *sql.Tx, at time.Time) error {
	const post = `INSERT INTO scheduled_posts (workspace_id, content, hashtags, scheduled_time, scheduled_zone, status,
			published_at, created_at, updated_at)
		VALUES (?, ?, '["bakery","sourdough"]', ?, 'Europe/Paris', 'published', ?, ?, ?) RETURNING id`
	text := postTexts[g.rnd.IntN(len(postTexts))]
	var postID int64
	created := at.Add(-time.Duration(1+g.rnd.IntN(72)) * time.Hour).Unix()
	if err := tx.QueryRowContext(ctx, post, g.accounts[0].WorkspaceID, text, at.Unix(), at.Unix(), created, at.Unix()).Scan(&postID); err != nil {
		return fmt.Errorf("post at %s: %w", at, err)
	}
	for i, a := range g.pickAccounts() {
		if err := g.createTarget(ctx, tx, postID, a, at.Add(time.Duration(2+3*i)*time.Second)); err != nil {
			return err
		}
	}
	g.posts++
	return nil
}

// pickAccounts chooses the networks of one post, at least one.
func (g *generator) pickAccounts() []int {
	var out []int
	for i, a := range g.accounts {
		if g.rnd.Float64() < a.profile.share {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		out = append(out, g.rnd.IntN(len(g.accounts)))
	}
	return out
}

// createTarget writes one published target and decides the counters it ends with.
func (g *generator) createTarget(ctx context.Context, tx *sql.Tx, postID int64, acct int, at time.Time) error {
	const target = `INSERT INTO post_targets (post_id, account_id, platform, status, attempts, platform_post_id,
			permalink, published_at)
		VALUES (?, ?, ?, 'published', 1, ?, ?, ?) RETURNING id`
	a := g.accounts[acct]
	remote := remoteID(a.Platform, len(g.published))
	t := model.Target{PostID: postID, AccountID: a.ID, Platform: a.Platform, Status: model.TargetPublished,
		PlatformPostID: remote, Permalink: a.profile.permalink(remote), PublishedAt: at}
	err := tx.QueryRowContext(ctx, target, postID, a.ID, a.Platform, t.PlatformPostID, t.Permalink, at.Unix()).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("target on %s: %w", a.Platform.Title(), err)
	}
	g.published = append(g.published, published{target: t, acct: acct, final: g.finalMetrics(a.profile, at)})
	return nil
}

// finalMetrics are the counters a post ends with: the network's typical numbers, better
// at good hours and days, growing with the audience over the period, with noise.
func (g *generator) finalMetrics(p profile, at time.Time) platforms.PostMetrics {
	local := at.In(paris)
	quality := hourWeight[local.Hour()] * weekdayWeight[local.Weekday()]
	progress := float64(at.Sub(g.from)) / float64(g.now.Sub(g.from))
	noise := func(sigma float64) float64 { return math.Exp(g.rnd.NormFloat64() * sigma) }
	if p.views == 0 {
		eng := p.engaged * quality * (1 + 0.3*progress) * noise(0.45)
		return split(eng, platforms.NotProvided, platforms.NotProvided)
	}
	views := p.views * quality * (1 + 0.4*progress) * noise(0.35)
	rate := p.rate * math.Sqrt(quality) * noise(0.3)
	saves := platforms.NotProvided
	if p.saves {
		saves = int64(views * 0.009 * noise(0.4))
	}
	return split(views*rate/100, int64(views), saves)
}

// split shares engagements between likes, comments and shares.
func split(eng float64, views, saves int64) platforms.PostMetrics {
	return platforms.PostMetrics{Views: views, Likes: int64(eng * 0.76), Comments: int64(eng * 0.1),
		Shares: int64(eng * 0.14), Saves: saves}
}
