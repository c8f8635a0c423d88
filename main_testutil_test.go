//go:build e2e || smoke

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms/mastodon/mastodonfake"
	"webox-social/services/secrets"
	"webox-social/services/store"
)

// The rig shared by the end-to-end tests (-tags e2e) and the window smoke test
// (-tags smoke): both compile the whole app once and run the real binary against a data
// dir seeded through the store and the secrets file.

// binary is the app under test: $WEBOX_TEST_BINARY when set (scripts/smoke.sh passes the
// binary make built), else a fresh build in a temp dir.
var binary string

func TestMain(m *testing.M) {
	if b := os.Getenv("WEBOX_TEST_BINARY"); b != "" {
		abs, err := filepath.Abs(b)
		if err != nil {
			panic(err)
		}
		binary = abs
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "webox-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "webox-social")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		panic("build: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type rig struct {
	t       *testing.T
	dir     string
	fake    *mastodonfake.Server
	env     []string
	stderr  *syncBuffer
	postID  int64
	account model.Account
	// token is the access token planted in the secrets file; it must never appear in
	// the database, the log or the crash file.
	token string
}

// syncBuffer is a bytes.Buffer safe for the process's output copier and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newRig(t *testing.T, fake *mastodonfake.Server) *rig {
	dir := t.TempDir()
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	r := &rig{t: t, dir: dir, fake: fake, stderr: &syncBuffer{},
		env: append(os.Environ(), "WEBOX_SECRETS=file", "WEBOX_ENCRYPTION_KEY="+key, "LANG=en_US.UTF-8")}
	t.Setenv(secrets.EnvSecrets, "file")
	t.Setenv(secrets.EnvEncryptionKey, key)
	return r
}

func (r *rig) openStore() *store.Store {
	st, err := store.Open(context.Background(), filepath.Join(r.dir, "webox-social.db"))
	require.NoError(r.t, err)
	return st
}

// assertNoLeak checks that the planted token is nowhere on disk or in the output.
func (r *rig) assertNoLeak() { r.assertNotLeaked(r.token) }

// assertNotLeaked checks that none of the secrets is in a file of the data dir or in
// the process's output.
func (r *rig) assertNotLeaked(secrets ...string) {
	entries, err := os.ReadDir(r.dir)
	require.NoError(r.t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(r.dir, e.Name()))
		require.NoError(r.t, err)
		for _, s := range secrets {
			assert.NotContains(r.t, string(data), s, "token found in %s", e.Name())
		}
	}
	for _, s := range secrets {
		assert.NotContains(r.t, r.stderr.String(), s, "token found in the log output")
	}
}

func waitForLine(t *testing.T, buf *syncBuffer, substr string) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		sc := bufio.NewScanner(strings.NewReader(buf.String()))
		for sc.Scan() {
			if strings.Contains(sc.Text(), substr) {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no line with %q in:\n%s", substr, buf)
}
