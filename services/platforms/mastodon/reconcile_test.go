package mastodon

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms"
	"webox-social/services/platforms/mastodon/mastodonfake"
)

func TestReconcileFindsPublishedStatus(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	text := "Line one & <two>\n\nSee https://example.com/a/very/long/path/that/mastodon/shortens?x=1 #news\nthanks @bob@other.example"
	req := e.request(text, "k", pngFile(t))
	published, err := e.conn.Publish(context.Background(), req)
	require.NoError(t, err)
	e.fake.AddStatus("alice", mastodonfake.Status{Text: "a later, unrelated post"})
	e.clock.Advance(2 * time.Hour)

	res, found, err := e.conn.Reconcile(context.Background(), req)

	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, published, res)
}

func TestReconcileNotFound(t *testing.T) {
	tests := []struct {
		name    string
		age     time.Duration
		history int // statuses of the account created after the attempt started
		older   bool
		wantErr bool
	}{
		{name: "within the idempotency window", age: 10 * time.Minute, history: 250},
		{name: "old but the read-back reached older statuses", age: 2 * time.Hour, history: 3, older: true},
		{name: "old and the account has nothing older", age: 2 * time.Hour, history: 3},
		{name: "old and too many newer statuses to tell", age: 2 * time.Hour, history: 250, older: true, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, mastodonfake.Options{})
			if tc.older {
				e.fake.AddStatus("alice", mastodonfake.Status{Text: "before", CreatedAt: e.clock.Now().Add(-time.Hour)})
			}
			req := e.request("the lost post", "k")
			for i := range tc.history {
				e.fake.AddStatus("alice", mastodonfake.Status{Text: fmt.Sprintf("other %d", i), CreatedAt: e.clock.Now().Add(time.Duration(i) * time.Second)})
			}
			e.clock.Advance(tc.age)

			_, found, err := e.conn.Reconcile(context.Background(), req)

			assert.False(t, found)
			if !tc.wantErr {
				require.NoError(t, err)
				return
			}
			pe := asPlatformError(t, err)
			assert.True(t, pe.Uncertain)
			assert.Contains(t, pe.Message, "could not tell whether the post went out")
		})
	}
}

func TestReconcileIgnoresSameTextBeforeTheAttempt(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	e.fake.AddStatus("alice", mastodonfake.Status{Text: "weekly update", CreatedAt: e.clock.Now().Add(-7 * 24 * time.Hour)})
	_, found, err := e.conn.Reconcile(context.Background(), e.request("weekly update", "k"))
	require.NoError(t, err)
	assert.False(t, found)
}

func TestReconcileAuthError(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	e.fake.RevokeToken(e.token)
	_, _, err := e.conn.Reconcile(context.Background(), e.request("x", "k"))
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
}

func TestPlainTextAndNormalize(t *testing.T) {
	tests := []struct{ content, text string }{
		{"<p>Hello</p><p>world</p>", "Hello\n\nworld"},
		{"<p>a<br />b &amp; c &lt;d&gt; &#39;e&#39;</p>", "a\nb & c <d> 'e'"},
		{`<p><a href="https://example.com/long/path"><span class="invisible">https://</span><span class="ellipsis">example.com/lo</span><span class="invisible">ng/path</span></a></p>`, "https://example.com/long/path"},
		{`<p><span class="h-card"><a href="https://o.example/@bob" class="u-url mention">@<span>bob</span></a></span> hi</p>`, "@bob@o.example hi"},
	}
	for _, tc := range tests {
		assert.Equal(t, normalize(tc.text), normalize(plainText(tc.content)), tc.content)
	}
}
