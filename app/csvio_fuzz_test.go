package app_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzImportCSV: whatever the file, ImportCSV does not panic, and it creates either every
// row or nothing.
func FuzzImportCSV(f *testing.F) {
	f.Add([]byte("date,time,zone,text,accounts,media\n2026-04-01,10:00,UTC,Hi,mastodon,\n"))
	f.Add([]byte("\uFEFFtext,accounts\nHi,@cafe@mastodon.example\n,\n"))
	f.Add([]byte("date,time,text,accounts\n,,Queued,mastodon\n2026-13-40,25:99,x,1\n"))
	f.Add([]byte("text,accounts,text:x,text:mastodon\n\"unterminated,mastodon\n"))
	f.Add([]byte("text,accounts,media\nA,mastodon,/etc/passwd;;\n"))
	r := newCSVRig(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		before := len(r.posts(t))
		rep, err := r.core.ImportCSV(t.Context(), bytes.NewReader(data), false)
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
