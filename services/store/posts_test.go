package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/publisher"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

var t0 = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)

func TestCreateAndGetPost(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	masto := storetest.NewAccount(t, s)
	sky := storetest.NewAccount(t, s, func(a *model.Account) { a.Platform = model.Bluesky })
	media := make([]int64, 3)
	for i := range media {
		m := model.Media{WorkspaceID: masto.WorkspaceID, Path: fmt.Sprintf("/m%d.png", i), Mime: "image/png"}
		require.NoError(t, s.AddMedia(ctx, &m))
		media[i] = m.ID
	}
	p := storetest.NewPost(t, s, func(p *model.Post) {
		p.ScheduledAt, p.MediaIDs = t0, []int64{media[2], media[0]}
		p.Targets = []model.Target{
			storetest.Target(masto, model.TargetPending, t0),
			{AccountID: sky.ID, TextOverride: "short", Status: model.TargetPending, NextAttemptAt: t0},
		}
	})
	assert.NotZero(t, p.ID)
	assert.Equal(t, model.PostScheduled, p.Status)
	require.Len(t, p.Targets, 2)
	assert.Equal(t, model.Bluesky, p.Targets[1].Platform, "the platform comes from the account")
	assert.Equal(t, "short", p.Targets[1].TextOverride)
	assert.Equal(t, t0, p.Targets[0].NextAttemptAt)

	got, err := s.GetPost(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p, got)
	assert.Equal(t, []int64{media[2], media[0]}, got.MediaIDs)
	assert.Equal(t, []string{"webox"}, got.Hashtags)
	assert.Equal(t, "Europe/Paris", got.Zone)

	_, err = s.GetPost(ctx, 999)
	require.ErrorIs(t, err, model.ErrNotFound)
	n, err := s.CountPosts(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

func TestCreatePostDerivesStatus(t *testing.T) {
	s := storetest.Open(t)
	a := storetest.NewAccount(t, s)
	draft := storetest.NewPost(t, s, func(p *model.Post) {
		p.ScheduledAt = time.Time{}
		p.Targets = []model.Target{storetest.Target(a, "", time.Time{})}
	})
	assert.Equal(t, model.PostDraft, draft.Status)
	assert.Equal(t, model.TargetDraft, draft.Targets[0].Status)
	assert.True(t, draft.ScheduledAt.IsZero())

	none := storetest.NewPost(t, s, func(p *model.Post) { p.Targets = []model.Target{} })
	assert.Equal(t, model.PostDraft, none.Status)
	assert.Empty(t, none.Targets)
}

func TestCreatePostRejects(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	storetest.Workspace(t, s) // the default workspace comes first
	other, err := s.CreateWorkspace(ctx, "Client B")
	require.NoError(t, err)
	foreign := storetest.NewAccount(t, s, func(a *model.Account) { a.WorkspaceID = other.ID })
	mine := storetest.NewAccount(t, s)
	ws := storetest.Workspace(t, s)

	tests := []struct {
		name   string
		target model.Target
		want   error
	}{
		{"account of another workspace", storetest.Target(foreign, model.TargetPending, t0), model.ErrInvalid},
		{"missing account", model.Target{AccountID: 999, Status: model.TargetDraft}, model.ErrInvalid},
		{"pending without time", storetest.Target(mine, model.TargetPending, time.Time{}), model.ErrInvalid},
		{"already published", storetest.Target(mine, model.TargetPublished, t0), model.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := model.Post{WorkspaceID: ws.ID, Content: "x", Targets: []model.Target{tc.target}}
			require.ErrorIs(t, s.CreatePost(ctx, &p), tc.want)
		})
	}
	foreignMedia := model.Media{WorkspaceID: other.ID, Path: "/x.png", Mime: "image/png"}
	require.NoError(t, s.AddMedia(ctx, &foreignMedia))
	for name, p := range map[string]model.Post{
		"media of another workspace": {WorkspaceID: ws.ID, MediaIDs: []int64{foreignMedia.ID}},
		"missing media":              {WorkspaceID: ws.ID, MediaIDs: []int64{999}},
		"missing workspace":          {WorkspaceID: 999},
	} {
		require.ErrorIs(t, s.CreatePost(ctx, &p), model.ErrInvalid, name)
	}
	n, err := s.CountPosts(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "a rejected post leaves nothing behind")
}

func TestListPostsFilters(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	a, b := storetest.NewAccount(t, s), storetest.NewAccount(t, s)
	at := func(day int) time.Time { return t0.AddDate(0, 0, day) }
	post := func(day int, acct model.Account, status model.TargetStatus) model.Post {
		return storetest.NewPost(t, s, func(p *model.Post) {
			p.ScheduledAt = at(day)
			p.Targets = []model.Target{storetest.Target(acct, status, at(day))}
		})
	}
	p3 := post(3, a, model.TargetPending)
	p1 := post(1, b, model.TargetPending)
	p2 := post(2, a, model.TargetDraft)
	p40 := post(40, b, model.TargetPending)
	unscheduled := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = time.Time{}; p.Targets = []model.Target{} })

	tests := []struct {
		name string
		f    model.PostFilter
		want []model.Post
	}{
		{"all, by time, unscheduled by creation", model.PostFilter{}, []model.Post{unscheduled, p1, p2, p3, p40}},
		{"month", model.PostFilter{From: at(0), To: at(31)}, []model.Post{p1, p2, p3}},
		{"half-open range", model.PostFilter{From: at(2), To: at(3)}, []model.Post{p2}},
		{"status", model.PostFilter{Status: model.PostScheduled}, []model.Post{p1, p3, p40}},
		{"account", model.PostFilter{AccountID: a.ID}, []model.Post{p2, p3}},
		{"workspace", model.PostFilter{WorkspaceID: p1.WorkspaceID, To: at(2)}, []model.Post{p1}},
		{"other workspace", model.PostFilter{WorkspaceID: 999}, nil},
		{"limit", model.PostFilter{From: at(0), Limit: 2}, []model.Post{p1, p2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ListPosts(ctx, tc.f)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestUpdatePostReplacesTargets(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	kept, dropped, added := storetest.NewAccount(t, s), storetest.NewAccount(t, s), storetest.NewAccount(t, s)
	p := storetest.NewPost(t, s, func(p *model.Post) {
		p.ScheduledAt = t0
		p.Targets = []model.Target{
			storetest.Target(kept, model.TargetPending, t0),
			storetest.Target(dropped, model.TargetPending, t0),
		}
	})
	keptID := p.Targets[0].ID

	later := t0.Add(2 * time.Hour)
	p.Content, p.Hashtags, p.ScheduledAt, p.Zone = "edited", []string{"new"}, later, "America/New_York"
	p.Targets = []model.Target{
		{AccountID: kept.ID, TextOverride: "override", Status: model.TargetPending, NextAttemptAt: later},
		storetest.Target(added, model.TargetDraft, time.Time{}),
	}
	require.NoError(t, s.UpdatePost(ctx, &p))

	got, err := s.GetPost(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p, got)
	assert.Equal(t, "edited", got.Content)
	assert.Equal(t, later, got.ScheduledAt)
	require.Len(t, got.Targets, 2)
	assert.Equal(t, keptID, got.Targets[0].ID, "the kept account's row survives")
	assert.Equal(t, "override", got.Targets[0].TextOverride)
	assert.Equal(t, later, got.Targets[0].NextAttemptAt)
	assert.Equal(t, added.ID, got.Targets[1].AccountID)
	assert.Equal(t, model.PostScheduled, got.Status)

	missing := model.Post{ID: 999}
	require.ErrorIs(t, s.UpdatePost(ctx, &missing), model.ErrNotFound)
}

func TestUpdatePostConflicts(t *testing.T) {
	for _, finish := range []bool{false, true} {
		name := map[bool]string{false: "publishing", true: "published"}[finish]
		t.Run(name, func(t *testing.T) {
			s := storetest.Open(t)
			ctx := t.Context()
			p := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0; p.Targets = nil })
			job := claimOne(t, s, t0)
			if finish {
				finishPublished(t, s, job, t0)
			}
			edit := p
			edit.Content = "too late"
			require.ErrorIs(t, s.UpdatePost(ctx, &edit), model.ErrConflict)
			got, err := s.GetPost(ctx, p.ID)
			require.NoError(t, err)
			assert.Equal(t, p.Content, got.Content)
		})
	}
}

func TestDeletePost(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	p := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0; p.Targets = nil })
	job := claimOne(t, s, t0)
	require.ErrorIs(t, s.DeletePost(ctx, p.ID), model.ErrConflict, "not while publishing")

	finishPublished(t, s, job, t0)
	require.NoError(t, s.DeletePost(ctx, p.ID))
	_, err := s.GetPost(ctx, p.ID)
	require.ErrorIs(t, err, model.ErrNotFound)
	attempts, err := s.ListAttempts(ctx, job.Target.ID)
	require.NoError(t, err)
	assert.Empty(t, attempts, "attempts go with their post")
	require.ErrorIs(t, s.DeletePost(ctx, p.ID), model.ErrNotFound)
}

func TestSetPostTargets(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	p := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0; p.Targets = nil })
	all := []model.TargetStatus{model.TargetPending, model.TargetDraft, model.TargetMissed}

	// Cancel.
	n, err := s.SetPostTargets(ctx, p.ID, all, model.TargetCancelled, time.Time{}, time.Time{}, "")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	got := mustPost(t, s, p.ID)
	assert.Equal(t, model.PostCancelled, got.Status)
	assert.True(t, got.Targets[0].NextAttemptAt.IsZero())

	// Nothing left in those states.
	n, err = s.SetPostTargets(ctx, p.ID, all, model.TargetCancelled, time.Time{}, time.Time{}, "")
	require.NoError(t, err)
	assert.Zero(t, n)

	// Reschedule a cancelled post.
	later := t0.Add(24 * time.Hour)
	n, err = s.SetPostTargets(ctx, p.ID, []model.TargetStatus{model.TargetCancelled}, model.TargetPending, later, later, "Asia/Tokyo")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	got = mustPost(t, s, p.ID)
	assert.Equal(t, model.PostScheduled, got.Status)
	assert.Equal(t, later, got.ScheduledAt)
	assert.Equal(t, "Asia/Tokyo", got.Zone)
	assert.Equal(t, later, got.Targets[0].NextAttemptAt)
}

func TestSetPostTargetsAttemptKey(t *testing.T) {
	tests := []struct {
		name      string
		from      model.TargetStatus
		keepKey   bool
		reconcile bool
	}{
		{"reschedule a retry keeps the key and the reconciliation", model.TargetPending, true, true},
		{"retry an unconfirmed target starts a new key", model.TargetUnconfirmed, false, false},
		{"retry a failed target starts a new key", model.TargetFailed, false, false},
		{"publish a missed target starts a new key", model.TargetMissed, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := storetest.Open(t)
			ctx := t.Context()
			p := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0; p.Targets = nil })
			job := claimOne(t, s, t0)
			finish(t, s, publisherOutcome(job, tc.from, t0.Add(time.Minute), true))

			n, err := s.SetPostTargets(ctx, p.ID, []model.TargetStatus{tc.from}, model.TargetPending, t0.Add(time.Hour), time.Time{}, "")
			require.NoError(t, err)
			require.Equal(t, 1, n)
			target := mustPost(t, s, p.ID).Targets[0]
			assert.Equal(t, model.TargetPending, target.Status)
			assert.Zero(t, target.Attempts)
			assert.Empty(t, target.LastError)
			assert.Equal(t, tc.keepKey, target.AttemptKey == job.Target.AttemptKey, "key %q", target.AttemptKey)

			again := claimOne(t, s, t0.Add(time.Hour))
			assert.Equal(t, tc.reconcile, again.NeedsReconcile)
			assert.Len(t, again.Target.AttemptKey, 32)
		})
	}
}

func TestSetPostTargetsRejects(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	p := storetest.NewPost(t, s)
	_, err := s.SetPostTargets(ctx, p.ID, []model.TargetStatus{model.TargetPublishing}, model.TargetCancelled, time.Time{}, time.Time{}, "")
	require.ErrorIs(t, err, model.ErrInvalid)
	_, err = s.SetPostTargets(ctx, p.ID, []model.TargetStatus{model.TargetPending}, model.TargetPending, time.Time{}, time.Time{}, "")
	require.ErrorIs(t, err, model.ErrInvalid)
	_, err = s.SetPostTargets(ctx, 999, []model.TargetStatus{model.TargetPending}, model.TargetCancelled, time.Time{}, time.Time{}, "")
	require.ErrorIs(t, err, model.ErrNotFound)
}

func TestWorkspaceDeleteCascades(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	p := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0; p.Targets = nil })
	m := model.Media{WorkspaceID: p.WorkspaceID, Path: "/m.png", Mime: "image/png"}
	require.NoError(t, s.AddMedia(ctx, &m))
	job := claimOne(t, s, t0)
	finishPublished(t, s, job, t0)
	_, err := s.DB().ExecContext(ctx, `INSERT INTO metric_snapshots (target_id, taken_at) VALUES (?, 1)`, job.Target.ID)
	require.NoError(t, err)

	_, err = s.DB().ExecContext(ctx, `DELETE FROM workspaces WHERE id = ?`, p.WorkspaceID)
	require.NoError(t, err)
	for _, table := range []string{"social_accounts", "scheduled_posts", "post_targets", "delivery_attempts", "media", "metric_snapshots"} {
		var n int
		require.NoError(t, s.DB().QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n))
		assert.Zero(t, n, table)
	}
}

func TestForeignKeysEnforced(t *testing.T) {
	s := storetest.Open(t)
	_, err := s.DB().ExecContext(t.Context(), `INSERT INTO media (workspace_id, path, mime, created_at) VALUES (999, 'x', 'y', 0)`)
	require.Error(t, err)
}

func mustPost(t *testing.T, s *store.Store, id int64) model.Post {
	t.Helper()
	p, err := s.GetPost(t.Context(), id)
	require.NoError(t, err)
	return p
}

func TestTargetOptionsRoundTripAndNativeTargetsAreDueAtOnce(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	a := storetest.NewAccount(t, s)
	later := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	opts := model.TargetOptions{Native: true, Title: "Launch", Tags: []string{"a", "b"}, MediaURLs: []string{"https://cdn.example/1.jpg"}}
	p := storetest.NewPost(t, s, func(p *model.Post) {
		tg := storetest.Target(a, model.TargetPending, later)
		tg.Options = opts
		p.ScheduledAt, p.Targets = later, []model.Target{tg}
	})
	got := mustPost(t, s, p.ID)
	assert.Equal(t, opts, got.Targets[0].Options)

	// The engine handed it over: pending with the network's id.
	jobs, err := s.Claim(ctx, later, time.Minute, 1)
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	assert.Equal(t, opts, jobs[0].Target.Options)
	require.NoError(t, s.Finish(ctx, publisher.Outcome{TargetID: jobs[0].Target.ID, AttemptID: jobs[0].AttemptID,
		Status: model.TargetPending, NextAttemptAt: later.Add(time.Minute), AttemptOutcome: "handed_over",
		Result: platforms.Result{PlatformPostID: "sched-1"}}))
	assert.Equal(t, "sched-1", mustPost(t, s, p.ID).Targets[0].PlatformPostID)

	// Rescheduled (after the caller withdrew it): due at once, without the old id.
	again := later.Add(24 * time.Hour)
	_, err = s.SetPostTargets(ctx, p.ID, []model.TargetStatus{model.TargetPending}, model.TargetPending, again, again, "UTC")
	require.NoError(t, err)
	tg := mustPost(t, s, p.ID).Targets[0]
	assert.Empty(t, tg.PlatformPostID)
	assert.True(t, tg.NextAttemptAt.Before(again), "a native target is handed over again at once, not at its time")
}

func TestListPostsSearchesTextAndNetwork(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	masto := storetest.NewAccount(t, s)
	sky := storetest.NewAccount(t, s, func(a *model.Account) { a.Platform = model.Bluesky })
	post := func(day int, content string, targets ...model.Target) model.Post {
		return storetest.NewPost(t, s, func(p *model.Post) {
			p.Content, p.ScheduledAt, p.Targets = content, t0.AddDate(0, 0, day), targets
		})
	}
	summer := post(1, "Été en fête: 50% off", storetest.Target(masto, model.TargetPending, t0))
	override := post(2, "Plain text", model.Target{AccountID: sky.ID, TextOverride: "Un ÉTÉ radieux",
		Status: model.TargetPending, NextAttemptAt: t0})
	underscore := post(3, "file_name 5x", storetest.Target(sky, model.TargetPending, t0))
	post(4, "Nothing here", storetest.Target(masto, model.TargetPending, t0))

	tests := []struct {
		name string
		f    model.PostFilter
		want []model.Post
	}{
		{"case folded beyond ASCII, in the text or an override", model.PostFilter{Query: "été"}, []model.Post{summer, override}},
		{"surrounding spaces ignored", model.PostFilter{Query: "  FÊTE "}, []model.Post{summer}},
		{"percent is a plain character", model.PostFilter{Query: "0%"}, []model.Post{summer}},
		{"underscore is a plain character", model.PostFilter{Query: "e_n"}, []model.Post{underscore}},
		{"no match", model.PostFilter{Query: "winter"}, nil},
		{"network", model.PostFilter{Platform: model.Bluesky}, []model.Post{override, underscore}},
		{"network and text", model.PostFilter{Platform: model.Mastodon, Query: "été"}, []model.Post{summer}},
		{"text with other filters before it", model.PostFilter{WorkspaceID: summer.WorkspaceID, AccountID: sky.ID,
			From: t0, Query: "été"}, []model.Post{override}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ListPosts(ctx, tc.f)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
