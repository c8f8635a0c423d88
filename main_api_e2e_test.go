//go:build e2e

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms/mastodon/mastodonfake"
	"webox-social/services/secrets"
)

// apiToken is the local API token planted in the secrets file.
const apiToken = "e2e-local-api-token-0123456789abcdef"

// enableAPI turns the local API on in the data folder, as Settings does, on a free port.
func (r *rig) enableAPI() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(r.t, err)
	addr := ln.Addr().String()
	require.NoError(r.t, ln.Close())
	st := r.openStore()
	defer st.Close()
	ctx := context.Background()
	require.NoError(r.t, st.SetSetting(ctx, "localapi.enabled", "true"))
	require.NoError(r.t, st.SetSetting(ctx, "localapi.addr", addr))
	sec, _, err := secrets.Open(r.dir)
	require.NoError(r.t, err)
	require.NoError(r.t, sec.Set("app/localapi/token", apiToken))
	return "http://" + addr + "/api/social"
}

// call sends one API request to the running app and decodes its JSON answer.
func (r *rig) call(method, url, token string, body any) (int, map[string]any) {
	var in io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(r.t, err)
		in = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, in)
	require.NoError(r.t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(r.t, err)
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// cli runs one command-line command on the data folder while the app runs.
func (r *rig) cli(args ...string) (string, string) {
	cmd := exec.Command(binary, append([]string{"--data-dir", r.dir}, args...)...)
	cmd.Env = r.env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(r.t, cmd.Run(), "webox-social %s\nstderr: %s", strings.Join(args, " "), errOut.String())
	return out.String(), errOut.String()
}

func TestE2ELocalAPIAndCommandLineDriveTheRunningApp(t *testing.T) {
	fake := mastodonfake.New(mastodonfake.Options{})
	defer fake.Close()
	r := newRig(t, fake)
	r.seed(time.Now().Add(time.Hour), "Later")
	api := r.enableAPI()
	app := r.start()
	waitForLine(t, r.stderr, "local API listening")

	status, _ := r.call("GET", api+"/accounts", "wrong", nil)
	assert.Equal(t, http.StatusUnauthorized, status)
	status, body := r.call("GET", api+"/accounts", apiToken, nil)
	require.Equal(t, http.StatusOK, status, body)
	assert.Len(t, body["accounts"], 1)

	status, body = r.call("POST", api+"/posts", apiToken, map[string]any{"content": "Posted through the local API",
		"platforms": []string{"mastodon"}, "scheduled_time": time.Now().Add(2 * time.Second).Format(time.RFC3339)})
	require.Equal(t, http.StatusCreated, status, body)
	r.postID = int64(body["id"].(float64))
	r.waitTarget(model.TargetPublished)

	out, _ := r.cli("posts", "create", "--text", "Posted from the command line", "--accounts", fmt.Sprint(r.account.ID), "--json")
	var created map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &created))
	r.postID = int64(created["id"].(float64))
	_, errOut := r.cli("posts", "publish", fmt.Sprint(r.postID))
	assert.NotContains(t, errOut, "not running", "the running app was told")
	r.waitTarget(model.TargetPublished)

	texts := map[string]int{}
	for _, s := range fake.Statuses() {
		texts[s.Text]++
	}
	assert.Equal(t, map[string]int{"Posted through the local API": 1, "Posted from the command line": 1}, texts,
		"each went out once, through the running app's publisher")
	r.stop(app)
	r.assertNoLeak()
}
