package app_test

import (
	"bytes"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzImportCSV: whatever the file, ImportCSV does not panic, and it creates either every
// row or nothing. Media URLs go to a client that refuses every request (no network).
func FuzzImportCSV(f *testing.F) {
	f.Add([]byte("date,time,zone,text,accounts,media\n2026-04-01,10:00,UTC,Hi,mastodon,\n"))
	f.Add([]byte("\uFEFFtext,accounts\nHi,@cafe@mastodon.example\n,\n"))
	f.Add([]byte("date,time,text,accounts\n,,Queued,mastodon\n2026-13-40,25:99,x,1\n"))
	f.Add([]byte("text,accounts,text:x,text:mastodon\n\"unterminated,mastodon\n"))
	f.Add([]byte("text,accounts,media\nA,mastodon,/etc/passwd;;\n"))
	f.Add([]byte("date,time,text,accounts,media,text:@cafe@mastodon.example\n2026-04-01,10:00,A,mastodon,https://127.0.0.1:1/a.png,B\n"))
	f.Add([]byte("text,accounts,text:1,text:2,text:\nA,1;2,x,y,z\n"))
	r := newCSVRig(f)
	offline := &http.Client{Transport: refuseAll{}}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := len(r.posts(t))
		rep, err := r.core.ImportCSVWith(t.Context(), bytes.NewReader(data), false, offline, 1<<20)
		after := r.posts(t)
		if err != nil || len(rep.Problems) > 0 {
			require.Len(t, after, before, "a refused import leaves nothing behind")
			require.Empty(t, rep.Created)
			return
		}
		require.Len(t, after, before+len(rep.Created))
		require.Len(t, rep.Created, rep.Rows)
		for _, id := range rep.Created {
			require.NoError(t, r.core.DeletePost(t.Context(), id))
		}
	})
}

// refuseAll is a transport that sends nothing.
type refuseAll struct{}

func (refuseAll) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in the fuzz test")
}
