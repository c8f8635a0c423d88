//go:build pds

// Package pdstest starts a real Bluesky PDS (the atproto reference server from npm) for
// tests built with -tags pds. scripts/pds/setup.sh installs it into .cache/pds (the
// Makefile's `pds` target runs it first); scripts/pds/launch.mjs runs an in-memory PLC
// directory and the PDS, both on 127.0.0.1 only.
package pdstest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// StartTimeout bounds how long Start waits for the PDS to answer.
const StartTimeout = 90 * time.Second

// PDS is a running PDS with one account ready to sign in with an app password.
type PDS struct {
	URL           string // http://localhost:PORT (the PDS refuses IP-literal hostnames)
	PLCURL        string
	AdminPassword string
	Account       Account // made by Start
	// Startup is how long the launcher took until the PDS answered.
	Startup time.Duration
}

// Account is an account on the PDS.
type Account struct {
	Handle      string // e.g. alice-k3x9.test
	DID         string
	Email       string
	Password    string // main password
	AppPassword string // made with com.atproto.server.createAppPassword
}

// Start launches a PDS on free loopback ports, waits for it, creates an account with an
// app password and stops the PDS (its whole process group) at cleanup. When the install
// is missing it fails, or skips when WEBOX_ALLOW_PDS_SKIP=1.
func Start(t testing.TB) *PDS {
	t.Helper()
	node, launcher, cache := paths(t)
	p := &PDS{AdminPassword: randomHex(16)}
	cmd := exec.Command(node, launcher)
	cmd.Env = append(os.Environ(),
		"PDS_CACHE_DIR="+cache,
		"PDS_DATA_DIRECTORY="+t.TempDir(),
		"PDS_ADMIN_PASSWORD="+p.AdminPassword,
		"PDS_ENABLE_DID_DOC_WITH_SESSION=true", // as bsky.social answers
		"WEBOX_PDS_LIFELINE=1",
	)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	lines, stderr := run(t, cmd)
	start := time.Now()
	p.PLCURL, p.URL = waitReady(t, lines, stderr)
	p.Startup = time.Since(start)
	assertLoopbackOnly(t, p.URL, p.PLCURL)
	p.Account = p.NewAccount(t)
	return p
}

// paths finds Node 22, the launcher and the cache dir from the module root.
func paths(t testing.TB) (node, launcher, cache string) {
	t.Helper()
	root := moduleRoot(t)
	cache = os.Getenv("PDS_CACHE_DIR")
	if cache == "" {
		cache = filepath.Join(root, ".cache", "pds")
	}
	node = filepath.Join(cache, "node", "bin", "node")
	pkg := filepath.Join(cache, "app", "node_modules", "@atproto", "pds", "package.json")
	for _, f := range []string{node, pkg} {
		if _, err := os.Stat(f); err != nil {
			reason := fmt.Sprintf("pdstest: the PDS is not installed (%s is missing); run scripts/pds/setup.sh (make pds does)", f)
			if os.Getenv("WEBOX_ALLOW_PDS_SKIP") == "1" {
				t.Skip(reason)
			}
			t.Fatal(reason)
		}
	}
	return node, filepath.Join(root, "scripts", "pds", "launch.mjs"), cache
}

func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("pdstest: working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("pdstest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// run starts cmd with a stdin lifeline (the launcher exits when it closes) and returns
// its stdout lines and its stderr so far. Cleanup stops the process group.
func run(t testing.TB, cmd *exec.Cmd) (<-chan string, *syncBuffer) {
	t.Helper()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatalf("pdstest: stdin pipe: %v", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("pdstest: stdout pipe: %v", err)
	}
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("pdstest: start %s: %v", cmd.Path, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	t.Cleanup(func() { stop(t, cmd.Process.Pid, stdin, done, stderr) })
	return lines, stderr
}

// stop sends SIGTERM to the process group, then SIGKILL if it has not exited in 10 s.
func stop(t testing.TB, pid int, stdin io.Closer, done <-chan struct{}, stderr *syncBuffer) {
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Logf("pdstest: the PDS did not stop on SIGTERM; killing it. Its log:\n%s", stderr.tail())
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-done
	}
	_ = stdin.Close()
}

// waitReady reads PLC_URL= and PDS_URL= from the launcher, then waits for /xrpc/_health.
func waitReady(t testing.TB, lines <-chan string, stderr *syncBuffer) (plc, pds string) {
	t.Helper()
	deadline := time.NewTimer(StartTimeout)
	defer deadline.Stop()
	for pds == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("pdstest: the launcher exited before the PDS was ready:\n%s", stderr.tail())
			}
			if v, found := strings.CutPrefix(line, "PLC_URL="); found {
				plc = v
			}
			if v, found := strings.CutPrefix(line, "PDS_URL="); found {
				pds = v
			}
		case <-deadline.C:
			t.Fatalf("pdstest: the PDS did not start within %s:\n%s", StartTimeout, stderr.tail())
		}
	}
	var health map[string]any
	if err := xrpc(context.Background(), http.MethodGet, pds+"/xrpc/_health", "", nil, &health); err != nil {
		t.Fatalf("pdstest: the PDS at %s is not healthy: %v\n%s", pds, err, stderr.tail())
	}
	return plc, pds
}

// NewAccount creates an account with a random handle (alice-XXXX.test) and password,
// then an app password for it.
func (p *PDS) NewAccount(t testing.TB) Account {
	t.Helper()
	suffix := randomHex(3)
	a := Account{Handle: "alice-" + suffix + ".test", Email: "alice-" + suffix + "@example.com", Password: randomHex(12)}
	var created struct{ AccessJwt, DID string }
	in := map[string]string{"handle": a.Handle, "email": a.Email, "password": a.Password}
	if err := xrpc(context.Background(), http.MethodPost, p.URL+"/xrpc/com.atproto.server.createAccount", "", in, &created); err != nil {
		t.Fatalf("pdstest: createAccount %s: %v", a.Handle, err)
	}
	a.DID = created.DID
	var ap struct{ Password string }
	err := xrpc(context.Background(), http.MethodPost, p.URL+"/xrpc/com.atproto.server.createAppPassword", "Bearer "+created.AccessJwt,
		map[string]any{"name": "webox-test"}, &ap)
	if err != nil {
		t.Fatalf("pdstest: createAppPassword for %s: %v", a.Handle, err)
	}
	a.AppPassword = ap.Password
	return a
}

// Takedown takes the account down with the admin API (com.atproto.admin.updateSubjectStatus).
func (p *PDS) Takedown(t testing.TB, did string) {
	t.Helper()
	in := map[string]any{
		"subject":  map[string]any{"$type": "com.atproto.admin.defs#repoRef", "did": did},
		"takedown": map[string]any{"applied": true, "ref": "pdstest"},
	}
	auth := "Basic " + basic("admin", p.AdminPassword)
	if err := xrpc(context.Background(), http.MethodPost, p.URL+"/xrpc/com.atproto.admin.updateSubjectStatus", auth, in, nil); err != nil {
		t.Fatalf("pdstest: take %s down: %v", did, err)
	}
}

// xrpc makes one call with a bounded deadline; errors carry the server's answer.
func xrpc(ctx context.Context, method, url, auth string, in, out any) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, raw)
	}
	if out == nil || len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, out)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// syncBuffer collects the launcher's stderr for failure messages.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// tail is the last 4 KB written.
func (b *syncBuffer) tail() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	if len(s) > 4096 {
		s = "…" + s[len(s)-4096:]
	}
	return s
}
