package app_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
)

// csvPNG is a small valid PNG picture.
func csvPNG(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 3))))
	return buf.Bytes()
}

// mediaServer serves pic at /pics/photo.png and /pics/noext, answers 404 elsewhere, and
// counts the requests.
func mediaServer(t *testing.T, pic []byte) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/pics/photo.png", "/pics/noext":
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(pic)
		case "/chunked":
			for range 10 { // no Content-Length: the limit is found while reading
				_, _ = w.Write(bytes.Repeat([]byte("x"), 100))
				w.(http.Flusher).Flush()
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// leftovers lists what the import left in the data folder besides the media folder.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".csv-media") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestImportCSVDownloadsMediaURLsOnce(t *testing.T) {
	r := newCSVRig(t)
	pic := csvPNG(t)
	srv, hits := mediaServer(t, pic)
	in := "date,time,text,accounts,media\n" +
		"2026-04-01,10:00,One,@cafe@mastodon.example," + srv.URL + "/pics/photo.png\n" +
		"2026-04-02,10:00,Two,@cafe@mastodon.example," + srv.URL + "/pics/photo.png; " + srv.URL + "/pics/noext\n"

	rep, err := r.core.ImportCSVWith(t.Context(), strings.NewReader(in), true, srv.Client(), 1<<30)
	require.NoError(t, err)
	require.Empty(t, rep.Problems)
	assert.Zero(t, hits.Load(), "a dry run never downloads")

	rep, err = r.core.ImportCSVWith(t.Context(), strings.NewReader(in), false, srv.Client(), 1<<30)
	require.NoError(t, err)
	require.Empty(t, rep.Problems)
	require.Len(t, rep.Created, 2)
	assert.EqualValues(t, 2, hits.Load(), "each URL is downloaded once")
	second, err := r.core.GetPost(t.Context(), rep.Created[1])
	require.NoError(t, err)
	media, err := r.core.Media(t.Context(), second.MediaIDs)
	require.NoError(t, err)
	require.Len(t, media, 2)
	for _, m := range media {
		got, err := os.ReadFile(m.Path)
		require.NoError(t, err)
		assert.Equal(t, pic, got, "the downloaded bytes are attached")
		assert.Equal(t, "image/png", m.Mime)
		assert.Equal(t, ".png", filepath.Ext(m.Path))
	}
	assert.Empty(t, leftovers(t, r.dataDir), "the downloads are removed once attached")
}

func TestImportCSVDownloadFailureCreatesNothing(t *testing.T) {
	r := newCSVRig(t)
	srv, _ := mediaServer(t, csvPNG(t))
	cases := map[string]struct {
		url, want string
		limit     int64
	}{
		"404":            {url: srv.URL + "/gone.jpg", want: " answered 404 Not Found.", limit: 1 << 30},
		"content length": {url: srv.URL + "/pics/photo.png", want: " is larger than 10 bytes", limit: 10},
		"chunked":        {url: srv.URL + "/chunked", want: " is larger than 500 bytes", limit: 500},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			in := "date,time,text,accounts,media\n" +
				"2026-04-01,10:00,Fine,@cafe@mastodon.example,\n" +
				"2026-04-02,10:00,Broken,@cafe@mastodon.example," + c.url + "\n"
			rep, err := r.core.ImportCSVWith(t.Context(), strings.NewReader(in), false, srv.Client(), c.limit)
			require.ErrorIs(t, err, model.ErrInvalid)
			assert.Empty(t, rep.Created)
			require.Len(t, rep.Problems, 1)
			assert.Equal(t, 3, rep.Problems[0].Line)
			assert.True(t, strings.HasPrefix(rep.Problems[0].Reason, c.url+c.want), rep.Problems[0].Reason)
			assert.Contains(t, err.Error(), fmt.Sprintf("line 3: %s", c.url))
			assert.Empty(t, r.posts(t), "no post is created when a download fails")
			assert.Empty(t, leftovers(t, r.dataDir))
		})
	}
}

func TestImportCSVDryRunChecksTheFormOfURLs(t *testing.T) {
	r := newCSVRig(t)
	in := "text,accounts,media,date,time\n" +
		"A,@cafe@mastodon.example,https://,2026-04-01,10:00\n" +
		"B,@cafe@mastodon.example,http://exa mple.com/x.jpg,2026-04-01,10:00\n" +
		"C,@cafe@mastodon.example,https://example.com/x.jpg,2026-04-01,10:00\n"
	rep, err := r.core.ImportCSV(t.Context(), strings.NewReader(in), true)
	require.NoError(t, err)
	require.Len(t, rep.Problems, 2, "the well-formed URL is not fetched in a dry run")
	assert.Equal(t, 2, rep.Problems[0].Line)
	assert.Contains(t, rep.Problems[0].Reason, "not a valid web address")
	assert.Equal(t, 3, rep.Problems[1].Line)
}

func TestImportCSVRechecksDownloadedFiles(t *testing.T) {
	r := newCSVRig(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte("%PDF-1.4 not a picture"))
	}))
	t.Cleanup(srv.Close)
	in := "date,time,text,accounts,media\n2026-04-01,10:00,Doc,@cafe@mastodon.example," + srv.URL + "/doc.pdf\n"
	rep, err := r.core.ImportCSVWith(t.Context(), strings.NewReader(in), false, srv.Client(), 1<<30)
	require.NoError(t, err)
	require.NotEmpty(t, rep.Problems)
	assert.Equal(t, 2, rep.Problems[0].Line)
	assert.Empty(t, r.posts(t))
}

func TestPreviewCSVListsEveryRow(t *testing.T) {
	r := newCSVRig(t)
	in := "date,time,zone,text,accounts,media\n" +
		"2026-03-24,09:30,Europe/Paris,Soup,mastodon,https://example.com/soup.jpg\n" +
		"2026-03-24,09:30,,Who?,@nobody@example.social; @cafe@mastodon.example,\n" +
		",,,Queued,@shop@mastodon.example,/no/such/file.jpg\n"
	prev, err := r.core.PreviewCSV(t.Context(), strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, 3, prev.Report.Rows)
	require.Len(t, prev.Rows, 3)

	first := prev.Rows[0]
	assert.Equal(t, 2, first.Line)
	assert.True(t, first.When.Equal(time.Date(2026, 3, 24, 8, 30, 0, 0, time.UTC)))
	assert.Equal(t, "Europe/Paris", first.Zone)
	assert.False(t, first.Queue)
	assert.Equal(t, "Soup", first.Text)
	assert.Equal(t, []string{"@cafe@mastodon.example", "@shop@mastodon.example"}, first.Accounts)
	assert.Equal(t, []string{"https://example.com/soup.jpg"}, first.Media)
	assert.Empty(t, first.Problems)

	second := prev.Rows[1]
	assert.Equal(t, []string{"@nobody@example.social", "@cafe@mastodon.example"}, second.Accounts)
	require.Len(t, second.Problems, 1)
	assert.Contains(t, second.Problems[0], "@nobody@example.social")

	third := prev.Rows[2]
	assert.True(t, third.Queue)
	assert.True(t, third.When.IsZero())
	assert.Equal(t, []string{"/no/such/file.jpg"}, third.Media)
	assert.NotEmpty(t, third.Problems)

	var fromRows []app.RowProblem
	for _, row := range prev.Rows {
		for _, p := range row.Problems {
			fromRows = append(fromRows, app.RowProblem{Line: row.Line, Reason: p})
		}
	}
	assert.Equal(t, prev.Report.Problems, fromRows, "the rows' problems are the report's")
	dry, err := r.core.ImportCSV(t.Context(), strings.NewReader(in), true)
	require.NoError(t, err)
	assert.Equal(t, dry, prev.Report, "the report is the dry run's")
}

func TestPreviewCSVKeepsFileProblemsInTheReport(t *testing.T) {
	r := newCSVRig(t)
	prev, err := r.core.PreviewCSV(t.Context(), strings.NewReader("when,text\n"))
	require.NoError(t, err)
	assert.Empty(t, prev.Rows)
	assert.NotEmpty(t, prev.Report.Problems)
}
