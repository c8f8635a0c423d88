//go:build e2e

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms/mastodon/mastodonfake"
	"webox-social/services/secrets"
)

// These tests run the real binary headless against the Mastodon fake. They are built
// with -tags e2e (make e2e) because they compile the whole app first; the rig is in
// main_testutil_test.go.

// seed stores a Mastodon account pointing at the fake, its token in the encrypted
// secrets file, and one post due at dueAt.
func (r *rig) seed(dueAt time.Time, text string) {
	ctx := context.Background()
	st := r.openStore()
	defer st.Close()
	ws, err := st.EnsureDefaultWorkspace(ctx)
	require.NoError(r.t, err)
	acct := model.Account{WorkspaceID: ws.ID, Platform: model.Mastodon, RemoteID: "1", Name: "Alice",
		Handle: "@alice@127.0.0.1", InstanceURL: r.fake.URL, Status: model.AccountOK}
	require.NoError(r.t, st.CreateAccount(ctx, &acct))
	r.account = acct
	sec, _, err := secrets.Open(r.dir)
	require.NoError(r.t, err)
	r.token = r.fake.IssueToken("alice")
	require.NoError(r.t, sec.Set(model.SecretKey(acct.ID, "access"), r.token))
	p := model.Post{WorkspaceID: ws.ID, Content: text, ScheduledAt: dueAt, Zone: "UTC",
		Targets: []model.Target{{AccountID: acct.ID, Platform: model.Mastodon, Status: model.TargetPending, NextAttemptAt: dueAt}}}
	require.NoError(r.t, st.CreatePost(ctx, &p))
	r.postID = p.ID
}

// start runs the binary headless; the returned cmd is still running.
func (r *rig) start() *exec.Cmd {
	cmd := exec.Command(binary, "--headless", "--debug", "--data-dir", r.dir)
	cmd.Env = r.env
	cmd.Stderr = r.stderr
	require.NoError(r.t, cmd.Start())
	r.t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	return cmd
}

// waitTarget polls the database (another process writes it) until the post's only
// target reaches want, or fails after a deadline.
func (r *rig) waitTarget(want model.TargetStatus) model.Target {
	deadline := time.Now().Add(30 * time.Second)
	var last model.Target
	for time.Now().Before(deadline) {
		st := r.openStore()
		p, err := st.GetPost(context.Background(), r.postID)
		st.Close()
		require.NoError(r.t, err)
		last = p.Targets[0]
		if last.Status == want {
			return last
		}
		time.Sleep(100 * time.Millisecond)
	}
	r.t.Fatalf("target status = %s (last error %q), want %s\nstderr:\n%s", last.Status, last.LastError, want, r.stderr)
	return last
}

func (r *rig) attemptOutcomes(targetID int64) []string {
	st := r.openStore()
	defer st.Close()
	attempts, err := st.ListAttempts(context.Background(), targetID)
	require.NoError(r.t, err)
	var out []string
	for _, a := range attempts {
		out = append(out, a.Outcome)
	}
	return out
}

func (r *rig) stop(cmd *exec.Cmd) {
	require.NoError(r.t, cmd.Process.Signal(syscall.SIGTERM))
	_, err := cmd.Process.Wait()
	require.NoError(r.t, err)
}

func TestE2EKilledMidPublishPublishesExactlyOnce(t *testing.T) {
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	fake := mastodonfake.New(mastodonfake.Options{})
	defer fake.Close()
	fake.SetOnStatusPost(func(mastodonfake.Status) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-release
	})
	r := newRig(t, fake)
	r.seed(time.Now().Add(2*time.Second), "Exactly once, even when killed mid-flight")

	first := r.start()
	select {
	case <-arrived:
	case <-time.After(30 * time.Second):
		t.Fatalf("the status never reached the fake\nstderr:\n%s", r.stderr)
	}
	require.NoError(t, first.Process.Kill()) // kill -9 while the fake holds the response
	_, _ = first.Process.Wait()
	fake.SetOnStatusPost(nil)
	close(release)

	second := r.start()
	target := r.waitTarget(model.TargetPublished)
	r.stop(second)

	require.Len(t, fake.Statuses(), 1, "the fake must hold exactly one status")
	assert.Equal(t, fake.Statuses()[0].ID, target.PlatformPostID)
	assert.NotEmpty(t, target.Permalink)
	assert.Contains(t, r.attemptOutcomes(target.ID), "reconciled", "the restart must reconcile, not resend")
	r.assertNoLeak()
}

func TestE2ESleptPastThresholdIsMissed(t *testing.T) {
	fake := mastodonfake.New(mastodonfake.Options{})
	defer fake.Close()
	r := newRig(t, fake)
	r.seed(time.Now().Add(-2*time.Hour), "Stale news that must not go out")

	cmd := r.start()
	target := r.waitTarget(model.TargetMissed)
	// SIGQUIT makes the runtime dump every goroutine: the crash file must get it, and
	// it must not hold the token either.
	require.NoError(t, cmd.Process.Signal(syscall.SIGQUIT))
	_, _ = cmd.Process.Wait()

	assert.Empty(t, fake.Statuses(), "a missed post must not reach the network")
	assert.Contains(t, target.LastError, "Missed")
	crash, err := os.ReadFile(filepath.Join(r.dir, "crash.log"))
	require.NoError(t, err)
	assert.Contains(t, string(crash), "goroutine", "the crash file should hold the goroutine dump")
	r.assertNoLeak()
}

func TestE2ESecondStartDoesNotRunASecondPublisher(t *testing.T) {
	fake := mastodonfake.New(mastodonfake.Options{})
	defer fake.Close()
	r := newRig(t, fake)
	r.seed(time.Now().Add(time.Hour), "Later")

	first := r.start()
	waitForLine(t, r.stderr, "publishing headless")
	out, err := exec.Command(binary, "--headless", "--data-dir", r.dir).CombinedOutput()
	require.NoError(t, err)
	assert.Contains(t, string(out), "already running")
	r.stop(first)
}
