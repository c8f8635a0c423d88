package store_test

import (
	"sync"
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

func TestNextDue(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	_, ok, err := s.NextDue(ctx)
	require.NoError(t, err)
	assert.False(t, ok, "nothing pending")

	a := storetest.NewAccount(t, s)
	storetest.NewPost(t, s, func(p *model.Post) { p.Targets = []model.Target{storetest.Target(a, model.TargetDraft, t0)} })
	storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0.Add(time.Hour); p.Targets = nil })
	storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0.Add(time.Minute); p.Targets = nil })
	at, ok, err := s.NextDue(ctx)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, t0.Add(time.Minute), at)
}

func TestClaimTakesOnlyDuePendingTargets(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	a := storetest.NewAccount(t, s)
	m := model.Media{WorkspaceID: storetest.Workspace(t, s).ID, Path: "/m.png", Mime: "image/png"}
	require.NoError(t, s.AddMedia(ctx, &m))
	due := storetest.NewPost(t, s, func(p *model.Post) {
		p.ScheduledAt, p.MediaIDs, p.Targets = t0, []int64{m.ID}, []model.Target{storetest.Target(a, model.TargetPending, t0)}
	})
	storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0.Add(time.Second); p.Targets = nil })
	storetest.NewPost(t, s, func(p *model.Post) { p.Targets = []model.Target{storetest.Target(a, model.TargetDraft, time.Time{})} })

	jobs, err := s.Claim(ctx, t0, time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	job := jobs[0]

	assert.Equal(t, due.Targets[0].ID, job.Target.ID)
	assert.Equal(t, model.TargetPublishing, job.Target.Status)
	assert.Equal(t, t0.Add(time.Minute), job.Target.LeaseUntil)
	assert.Equal(t, 1, job.Target.Attempts)
	assert.Regexp(t, `^[0-9a-f]{32}$`, job.Target.AttemptKey)
	assert.Equal(t, t0, job.KeyFirstUsed)
	assert.False(t, job.NeedsReconcile)
	assert.Equal(t, a, job.Account)
	assert.Equal(t, []model.Media{m}, job.Media)
	assert.Equal(t, due.ID, job.Post.ID)
	assert.Empty(t, job.Post.Targets, "the job's post comes without targets")
	assert.Equal(t, model.PostPublishing, job.Post.Status)

	attempts, err := s.ListAttempts(ctx, job.Target.ID)
	require.NoError(t, err)
	require.Len(t, attempts, 1)
	assert.Equal(t, model.Attempt{ID: job.AttemptID, TargetID: job.Target.ID, Key: job.Target.AttemptKey, StartedAt: t0}, attempts[0])

	again, err := s.Claim(ctx, t0, time.Minute, 10)
	require.NoError(t, err)
	assert.Empty(t, again, "a publishing target is not claimed twice")
}

func TestClaimLimitAndOrder(t *testing.T) {
	s := storetest.Open(t)
	for _, d := range []time.Duration{3, 1, 2} {
		storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0.Add(d * time.Minute); p.Targets = nil })
	}
	jobs, err := s.Claim(t.Context(), t0.Add(time.Hour), time.Minute, 2)
	require.NoError(t, err)
	require.Len(t, jobs, 2)
	assert.Equal(t, t0.Add(time.Minute), jobs[0].Target.NextAttemptAt)
	assert.Equal(t, t0.Add(2*time.Minute), jobs[1].Target.NextAttemptAt)
	none, err := s.Claim(t.Context(), t0, time.Minute, 0)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestRetryKeepsAttemptKey(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	p := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0; p.Targets = nil })
	first := claimOne(t, s, t0)
	retryAt := t0.Add(30 * time.Second)
	finish(t, s, publisher.Outcome{
		TargetID: first.Target.ID, AttemptID: first.AttemptID, Status: model.TargetPending,
		NextAttemptAt: retryAt, NeedsReconcile: true, AttemptOutcome: "retry", HTTPStatus: 504,
		ErrorText: "Gateway Timeout", EndedAt: t0.Add(10 * time.Second),
	})
	got := mustPost(t, s, p.ID)
	assert.Equal(t, model.PostScheduled, got.Status)
	assert.Equal(t, "Mastodon: Gateway Timeout", got.ErrorMessage)
	assert.True(t, got.Targets[0].LeaseUntil.IsZero(), "lease cleared")

	none, err := s.Claim(ctx, retryAt.Add(-time.Second), time.Minute, 1)
	require.NoError(t, err)
	assert.Empty(t, none, "not due before the retry time")

	second := claimOne(t, s, retryAt)
	assert.Equal(t, first.Target.AttemptKey, second.Target.AttemptKey)
	assert.Equal(t, t0, second.KeyFirstUsed, "the key was first used by the first attempt")
	assert.True(t, second.NeedsReconcile)
	assert.Equal(t, 2, second.Target.Attempts)
	assert.NotEqual(t, first.AttemptID, second.AttemptID)

	attempts, err := s.ListAttempts(ctx, first.Target.ID)
	require.NoError(t, err)
	require.Len(t, attempts, 2)
	assert.Equal(t, model.Attempt{
		ID: first.AttemptID, TargetID: first.Target.ID, Key: first.Target.AttemptKey, StartedAt: t0,
		EndedAt: t0.Add(10 * time.Second), Outcome: "retry", HTTPStatus: 504, ErrorText: "Gateway Timeout",
	}, attempts[0])
}

func TestFinishPublishedAndPartial(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	masto := storetest.NewAccount(t, s)
	sky := storetest.NewAccount(t, s, func(a *model.Account) { a.Platform = model.Bluesky })
	p := storetest.NewPost(t, s, func(p *model.Post) {
		p.ScheduledAt = t0
		p.Targets = []model.Target{storetest.Target(masto, model.TargetPending, t0), storetest.Target(sky, model.TargetPending, t0)}
	})
	jobs, err := s.Claim(ctx, t0, time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, jobs, 2)

	publishedAt := t0.Add(3 * time.Second)
	finish(t, s, publisher.Outcome{
		TargetID: jobs[0].Target.ID, AttemptID: jobs[0].AttemptID, Status: model.TargetPublished,
		Result:         platforms.Result{PlatformPostID: "109", Permalink: "https://mastodon.example/@a/109", PublishedAt: publishedAt},
		AttemptOutcome: "published", HTTPStatus: 200, EndedAt: t0.Add(5 * time.Second),
	})
	got := mustPost(t, s, p.ID)
	assert.Equal(t, model.PostPublishing, got.Status, "one target is still in flight")
	assert.Equal(t, "109", got.Targets[0].PlatformPostID)
	assert.Equal(t, "https://mastodon.example/@a/109", got.Targets[0].Permalink)
	assert.Equal(t, publishedAt, got.Targets[0].PublishedAt)
	assert.Equal(t, publishedAt, got.PublishedAt)

	finish(t, s, publisher.Outcome{
		TargetID: jobs[1].Target.ID, AttemptID: jobs[1].AttemptID, Status: model.TargetFailed,
		AttemptOutcome: "failed", HTTPStatus: 400, ErrorText: "Record/text must not be longer than 300 graphemes",
		EndedAt: t0.Add(6 * time.Second),
	})
	got = mustPost(t, s, p.ID)
	assert.Equal(t, model.PostPartiallyPublished, got.Status)
	assert.Equal(t, "Bluesky: Record/text must not be longer than 300 graphemes", got.ErrorMessage)
	assert.Equal(t, model.TargetFailed, got.Targets[1].Status)
	assert.True(t, got.Targets[1].PublishedAt.IsZero())
}

func TestFinishWithoutResultTimeUsesEndTime(t *testing.T) {
	s := storetest.Open(t)
	p := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0; p.Targets = nil })
	job := claimOne(t, s, t0)
	finishPublished(t, s, job, t0.Add(7*time.Second))
	got := mustPost(t, s, p.ID)
	assert.Equal(t, model.PostPublished, got.Status)
	assert.Empty(t, got.ErrorMessage)
	assert.Equal(t, t0.Add(7*time.Second), got.PublishedAt)
}

func TestFinishRollsBackOnError(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	p := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0; p.Targets = nil })
	job := claimOne(t, s, t0)

	bad := publisherOutcome(job, model.TargetPublished, t0, false)
	bad.AttemptID = 999
	require.ErrorIs(t, s.Finish(ctx, bad), model.ErrNotFound)
	assert.Equal(t, model.TargetPublishing, mustPost(t, s, p.ID).Targets[0].Status, "target update rolled back")

	invalid := publisherOutcome(job, model.TargetCancelled, t0, false)
	require.ErrorIs(t, s.Finish(ctx, invalid), model.ErrInvalid)
	noTime := publisherOutcome(job, model.TargetPending, t0, false)
	noTime.NextAttemptAt = time.Time{}
	require.ErrorIs(t, s.Finish(ctx, noTime), model.ErrInvalid)
	missing := publisherOutcome(job, model.TargetFailed, t0, false)
	missing.TargetID = 999
	require.ErrorIs(t, s.Finish(ctx, missing), model.ErrNotFound)
}

func TestOrphaned(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	p := storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt = t0; p.Targets = nil })
	claimed := claimOne(t, s, t0)

	none, err := s.Orphaned(ctx, t0.Add(time.Minute), t0.Add(time.Minute))
	require.NoError(t, err)
	assert.Empty(t, none, "the lease has not ended yet")

	restart := t0.Add(10 * time.Minute)
	jobs, err := s.Orphaned(ctx, restart, restart)
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	job := jobs[0]
	assert.Equal(t, claimed.Target.ID, job.Target.ID)
	assert.Equal(t, claimed.Target.AttemptKey, job.Target.AttemptKey)
	assert.True(t, job.NeedsReconcile)
	assert.Equal(t, t0, job.KeyFirstUsed)
	assert.Equal(t, restart.Add(store.OrphanLease), job.Target.LeaseUntil)
	assert.Equal(t, 1, job.Target.Attempts, "reconciling is not a new publication attempt")
	assert.Equal(t, p.ID, job.Post.ID)

	again, err := s.Orphaned(ctx, restart, restart)
	require.NoError(t, err)
	assert.Empty(t, again, "a recovered target is leased, not handed out twice")

	attempts, err := s.ListAttempts(ctx, job.Target.ID)
	require.NoError(t, err)
	require.Len(t, attempts, 2)
	assert.True(t, attempts[0].EndedAt.IsZero(), "the dead attempt never ended")
	assert.Equal(t, restart, attempts[1].StartedAt)

	finish(t, s, publisher.Outcome{
		TargetID: job.Target.ID, AttemptID: job.AttemptID, Status: model.TargetUnconfirmed,
		AttemptOutcome: "unconfirmed", ErrorText: "we could not find out whether the post went out", EndedAt: restart,
	})
	assert.Equal(t, model.PostUnconfirmed, mustPost(t, s, p.ID).Status)
}

func claimOne(t *testing.T, s *store.Store, now time.Time) publisher.Job {
	t.Helper()
	jobs, err := s.Claim(t.Context(), now, time.Minute, 1)
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	return jobs[0]
}

func finish(t *testing.T, s *store.Store, o publisher.Outcome) {
	t.Helper()
	require.NoError(t, s.Finish(t.Context(), o))
}

func finishPublished(t *testing.T, s *store.Store, job publisher.Job, at time.Time) {
	t.Helper()
	finish(t, s, publisherOutcome(job, model.TargetPublished, at, false))
}

// publisherOutcome ends job's attempt with status; a pending outcome retries a minute later.
func publisherOutcome(job publisher.Job, status model.TargetStatus, at time.Time, reconcile bool) publisher.Outcome {
	o := publisher.Outcome{
		TargetID: job.Target.ID, AttemptID: job.AttemptID, Status: status, NeedsReconcile: reconcile,
		AttemptOutcome: string(status), EndedAt: at,
	}
	switch status {
	case model.TargetPending:
		o.NextAttemptAt = at.Add(time.Minute)
	case model.TargetPublished:
		o.Result = platforms.Result{PlatformPostID: "1", Permalink: "https://mastodon.example/@a/1"}
	default:
		o.ErrorText = "it went wrong"
	}
	return o
}

func TestConcurrentClaimsNeverShareATarget(t *testing.T) {
	s := storetest.Open(t)
	a := storetest.NewAccount(t, s)
	const n = 20
	for i := range n {
		storetest.NewPost(t, s, func(p *model.Post) {
			p.ScheduledAt = t0.Add(time.Duration(i) * time.Second)
			p.Targets = []model.Target{storetest.Target(a, model.TargetPending, p.ScheduledAt)}
		})
	}
	claims := make(chan int64, n)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				jobs, err := s.Claim(t.Context(), t0.Add(time.Hour), time.Minute, 3)
				if !assert.NoError(t, err) || len(jobs) == 0 {
					return
				}
				for _, j := range jobs {
					claims <- j.Target.ID
				}
			}
		})
	}
	wg.Wait()
	close(claims)
	seen := map[int64]bool{}
	for id := range claims {
		assert.False(t, seen[id], "target %d claimed twice", id)
		seen[id] = true
	}
	assert.Len(t, seen, n)
}
