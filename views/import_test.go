package views

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

const importFile = "date,time,zone,text,accounts\n2030-05-01,09:00,Europe/Paris,Spring sale,@shop\n"

// pickFile makes the screen's open dialog hand over file, named posts.csv, and counts the
// times it was asked.
func pickFile(s *postsScreen, file string) *int {
	n := new(int)
	s.csv.open = func(got func(io.ReadCloser, string)) {
		*n++
		got(io.NopCloser(strings.NewReader(file)), "posts.csv")
	}
	return n
}

// writeCloser records what is written to it and whether it was closed.
type writeCloser struct {
	bytes.Buffer
	closed bool
}

func (w *writeCloser) Close() error { w.closed = true; return nil }

// saveTo makes the screen's save dialog hand over w as path and records the proposed names.
func saveTo(s *postsScreen, w *writeCloser, path string) *[]string {
	names := new([]string)
	s.csv.save = func(name, ext string, got func(io.WriteCloser, string)) {
		*names = append(*names, name+" "+ext)
		got(w, path)
	}
	return names
}

func previewRows() []app.PreviewRow {
	at := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	return []app.PreviewRow{
		{Line: 2, When: at, Zone: "UTC", Text: "Spring sale\nall week", Accounts: []string{"@shop@example.social"},
			Media: []string{"a.jpg", "b.jpg"}},
		{Line: 3, Queue: true, Text: "Queued post", Accounts: []string{"@shop@example.social"}},
	}
}

func TestImportPreviewHighlightsProblemsAndBlocksImport(t *testing.T) {
	c := viewstest.New()
	rows := append(previewRows(), app.PreviewRow{Line: 4, Text: "Too early", Accounts: []string{"@nobody"},
		Problems: []string{"No connected account is called @nobody.", "That time is in the past."}})
	c.Import().Preview = app.ImportPreview{Rows: rows, Report: app.ImportReport{Rows: 3, Problems: []app.RowProblem{
		{Line: 4, Reason: "No connected account is called @nobody."},
		{Line: 1, Reason: "The column “colour” is unknown."}}}}
	u, s := openPosts(t, c)
	asked := pickFile(s, importFile)

	test.Tap(button(t, s.root, "Import CSV…"))
	assert.Equal(t, []string{importFile}, c.Import().Previewed, "the picked file is previewed")
	v := s.csv.shown
	require.NotNil(t, v)
	dlg := overlay(t, u)
	got := texts(dlg)
	assert.Contains(t, got, "3 rows: 2 ready, 1 with problems")
	assert.Contains(t, got, "Nothing is imported while a row has a problem: fix the file, then choose it again.")
	assert.Contains(t, got, "Line 1: The column “colour” is unknown.", "a problem of the file itself is shown")
	assert.Contains(t, got, "No connected account is called @nobody.", "the first bad row is shown in full")
	assert.Contains(t, got, "That time is in the past.")
	assert.True(t, button(t, dlg, "Import 3 posts").Disabled(), "all or nothing: a bad row blocks the import")

	cell := newCSVCell().(*widget.Label)
	v.updateCell(widget.TableCellID{Row: 2, Col: csvColText}, cell)
	assert.Equal(t, widget.DangerImportance, cell.Importance, "a bad row is red")
	v.updateCell(widget.TableCellID{Row: 2, Col: csvColProblems}, cell)
	assert.Equal(t, "No connected account is called @nobody. That time is in the past.", cell.Text)
	v.updateCell(widget.TableCellID{Row: 0, Col: csvColText}, cell)
	assert.Equal(t, widget.MediumImportance, cell.Importance)
	assert.Equal(t, "Spring sale …", cell.Text)
	v.updateCell(widget.TableCellID{Row: 0, Col: csvColProblems}, cell)
	assert.Equal(t, "Ready", cell.Text)
	assert.Equal(t, widget.SuccessImportance, cell.Importance)
	assert.Equal(t, "Wed 1 May 2030, 09:00 UTC", csvCell(rows[0], csvColWhen)[:len("Wed 1 May 2030, 09:00 UTC")])
	assert.Equal(t, "2", csvCell(rows[0], csvColMedia))
	assert.Equal(t, "Next queue slot", csvCell(rows[1], csvColWhen))

	test.Tap(button(t, dlg, "Choose another file"))
	assert.Equal(t, 2, *asked, "the file dialog opens again")
	assert.Empty(t, c.Import().Imports, "nothing is imported")
}

func TestImportCleanPreviewImportsOnceAndReloads(t *testing.T) {
	f := newPostsFake()
	f.Import().Preview = app.ImportPreview{Rows: previewRows(), Report: app.ImportReport{Rows: 2}}
	f.Import().Report = app.ImportReport{Rows: 2, Created: []int64{201, 202}}
	u, s := openPosts(t, f)
	pickFile(s, importFile)

	test.Tap(button(t, s.root, "Import CSV…"))
	dlg := overlay(t, u)
	assert.Contains(t, texts(dlg), "2 rows: 2 ready, 0 with problems")
	assert.Contains(t, texts(dlg), "Every row becomes a post, or none does if one fails.")
	loads := len(f.filters)
	start := button(t, dlg, "Import 2 posts")
	require.False(t, start.Disabled())
	test.Tap(start)

	assert.Equal(t, []viewstest.ImportCall{{File: importFile, DryRun: false}}, f.Import().Imports, "imported once, for real")
	assert.Greater(t, len(f.filters), loads, "the list reloads")
	assert.Equal(t, "2 posts imported.", s.status.Text)
	assert.Nil(t, u.env.win.Canvas().Overlays().Top(), "the preview closes")
	assert.False(t, s.csv.importB.Disabled())
}

func TestImportFailureKeepsThePreviewOpen(t *testing.T) {
	c := viewstest.New()
	c.Import().Preview = app.ImportPreview{Rows: previewRows(), Report: app.ImportReport{Rows: 2}}
	c.Import().Report = app.ImportReport{Rows: 2, Problems: []app.RowProblem{{Line: 2, Reason: "That time is in the past."}}}
	u, s := openPosts(t, c)
	pickFile(s, importFile)
	test.Tap(button(t, s.root, "Import CSV…"))
	test.Tap(button(t, overlay(t, u), "Import 2 posts"))

	assert.Equal(t, "Nothing was imported.\nLine 2: That time is in the past.", s.csv.shown.result.Text)
	assert.Equal(t, widget.DangerImportance, s.csv.shown.result.Importance)
	assert.NotNil(t, u.env.win.Canvas().Overlays().Top(), "the preview stays open")
	assert.False(t, button(t, overlay(t, u), "Cancel").Disabled())

	c.Import().Report = app.ImportReport{}
	c.Import().ImportErr = fmt.Errorf("import csv: line 2: %w", errors.New("disk full"))
	test.Tap(button(t, overlay(t, u), "Import 2 posts"))
	assert.Equal(t, "Something went wrong: import csv: line 2: disk full.", s.csv.shown.result.Text)
	test.Tap(button(t, overlay(t, u), "Cancel"))
	assert.Nil(t, u.env.win.Canvas().Overlays().Top())
}

func TestImportPreviewErrorAndEmptyFile(t *testing.T) {
	c := viewstest.New()
	c.Import().PreviewErr = fmt.Errorf("import csv: %w", model.ErrInvalid)
	u, s := openPosts(t, c)
	pickFile(s, "")
	test.Tap(button(t, s.root, "Import CSV…"))
	assert.Equal(t, widget.DangerImportance, s.status.Importance)
	assert.Equal(t, "Import csv: invalid input.", s.status.Text, "the core's sentence")
	assert.Nil(t, u.env.win.Canvas().Overlays().Top(), "no preview without a readable file")

	c.Import().PreviewErr = nil
	test.Tap(button(t, s.root, "Import CSV…"))
	dlg := overlay(t, u)
	assert.Contains(t, texts(dlg), "The file has no posts to import.")
	assert.True(t, button(t, dlg, "Import 0 posts").Disabled())
}

// zeros is an endless file of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
func (zeros) Close() error               { return nil }

func TestReadCSVFileRefusesHugeFiles(t *testing.T) {
	_, err := readCSVFile(zeros{}, "huge.csv")
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Equal(t, "That file is larger than 20.0 MB: split it into smaller files.", app.UserMessage(err))
}

func TestExportUsesTheScreensFilter(t *testing.T) {
	c := viewstest.New()
	c.Import().File = "date,time\n"
	u, s := openPosts(t, c)
	s.filters.status.SetSelectedIndex(6) // Failed
	require.Equal(t, model.PostFailed, s.query.status)
	w := &writeCloser{}
	names := saveTo(s, w, "/home/me/posts.csv")

	test.Tap(button(t, s.root, "Export…"))
	assert.NotNil(t, u.env.win.Canvas().Overlays().Top(), "the export menu opens")
	s.csv.exportCSV()
	assert.Equal(t, []model.PostFilter{{Status: model.PostFailed}}, c.Import().CSVExports)
	assert.Equal(t, "date,time\n", w.String())
	assert.True(t, w.closed)
	assert.Equal(t, "Saved to /home/me/posts.csv.", s.status.Text)

	s.csv.exportICS()
	assert.Equal(t, []model.PostFilter{{Status: model.PostScheduled}}, c.Import().ICSExports, "every scheduled post")
	assert.Equal(t, []string{"posts.csv .csv", "scheduled-posts.ics .ics"}, *names)

	c.Import().ExportErr = fmt.Errorf("export ics: %w", model.ErrInvalid)
	s.csv.exportICS()
	assert.Equal(t, widget.DangerImportance, s.status.Importance)
	assert.False(t, s.csv.exportB.Disabled(), "the buttons come back after a failure")
}

func TestFileMenuImportsAndExportsFromAnyScreen(t *testing.T) {
	c := viewstest.New()
	u, s := openPosts(t, c)
	asked := pickFile(s, importFile)
	w := &writeCloser{}
	names := saveTo(s, w, "/tmp/plan.ics")
	u.navigate(navCompose)

	menu := u.mainMenu().Items[0]
	item := func(label string) func() {
		for _, it := range menu.Items {
			if it.Label == label {
				return it.Action
			}
		}
		t.Fatalf("no %q in the File menu", label)
		return nil
	}
	item("Import CSV…")()
	assert.Equal(t, 1, *asked, "the file dialog opens")
	assert.Equal(t, navPosts, u.items[u.current].title, "on Posts")
	item("Scheduled posts as calendar (.ics)")()
	assert.Len(t, *names, 1)
	assert.Len(t, c.Import().ICSExports, 1)
}
