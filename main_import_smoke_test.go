//go:build smoke

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms/mastodon/mastodonfake"
)

// The import run of the smoke test: two CSV files wait in the user's home folder. On
// Posts, Import CSV… opens Fyne's file dialog there; the file with mistakes is previewed
// with its bad rows in red and their reasons (saved as a screenshot), Import stays off;
// Choose another file picks the clean one, and Import creates its posts in the database.
// Coordinates as in main_smoke_test.go; the dialog lists files alphabetically.
const (
	importX, importY       = 1104, 263
	cleanFileX, planFileX  = 535, 620
	fileY                  = 250
	openX, openY           = 1004, 658
	anotherX, anotherY     = 640, 681
	importNowX, importNowY = 820, 681
)

// importRows are the two good rows of a bakery's plan, ten and eleven days ahead.
func importRows(now time.Time) string {
	day := func(n int) string { return now.AddDate(0, 0, n).Format("2006-01-02") }
	return fmt.Sprintf(`%s,08:00,Europe/Paris,"Saturday bake: sourdough, rye and the first stollen of the year. #bakery",@atelier@mastodon.social; @tournesol@piaille.fr,
%s,10:30,Europe/Paris,Sunday brunch menu is up: come hungry!,@tournesol@piaille.fr,
`, day(10), day(11))
}

// writeImportFiles writes december-plan.csv (two mistakes) and december-clean.csv.
func writeImportFiles(t *testing.T, home string) {
	const header = "date,time,zone,text,accounts,media\n"
	rows := importRows(time.Now())
	bad := "2026-12-32,09:00,Europe/Paris,Advent calendar day 1: a cinnamon star for every customer.,@atelier@mastodon.social,\n" +
		",,,\"Our story, in pictures\",@nobody@example.social,\n"
	require.NoError(t, os.WriteFile(filepath.Join(home, "december-plan.csv"), []byte(header+rows+bad), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(home, "december-clean.csv"), []byte(header+rows), 0o600))
}

func runImport(t *testing.T, dir string) {
	fake := mastodonfake.New(mastodonfake.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer fake.Close()
	r := newRig(t, fake)
	home := t.TempDir()
	writeImportFiles(t, home)
	r.env = append(r.env, "HOME="+home) // the file dialog opens in the home folder
	sc := r.seedShowcase()
	w := r.startWindow(false)
	sc.waitDelivered(r)
	w.last = w.settle()
	w.click(navX, navFirstY+3*navStep) // Posts
	w.last = w.settle()
	w.openCSV(importX, importY, planFileX)
	w.save(filepath.Join(dir, "14-import-preview.png"))
	assert.Empty(t, r.importedPosts(), "nothing is imported while a row has a problem")
	w.openCSV(anotherX, anotherY, cleanFileX)
	w.click(importNowX, importNowY)
	w.last = w.settle()
	w.quit()
	imported := r.importedPosts()
	require.Len(t, imported, 2, "Import creates the clean file's two posts")
	for _, p := range imported {
		assert.Equal(t, model.PostScheduled, p.Status)
	}
}

// openCSV clicks the button at x,y that opens the file dialog, picks the file at
// fileX and opens it, and waits for the preview.
func (w *window) openCSV(x, y, fileX int) {
	w.click(x, y)
	w.last = w.settle()
	w.click(fileX, fileY)
	w.click(openX, openY)
	w.last = w.settle()
}

// importedPosts are the posts of the import files found in the database.
func (r *rig) importedPosts() []model.Post {
	st := r.openStore()
	defer st.Close()
	var out []model.Post
	for _, q := range []string{"Saturday bake", "Sunday brunch"} {
		posts, err := st.ListPosts(context.Background(), model.PostFilter{Query: q})
		require.NoError(r.t, err)
		out = append(out, posts...)
	}
	return out
}
