package views

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// maxImportBytes bounds the CSV file read for an import: the core takes at most 5000 rows.
const maxImportBytes = 20_000_000

// transfer is the Posts screen's "Import CSV…" and "Export…" buttons: it reads a CSV file
// off the UI goroutine, previews it (importPreview), imports it, and exports posts.
type transfer struct {
	s        *postsScreen
	bar      fyne.CanvasObject
	importB  *widget.Button
	exportB  *widget.Button
	progress *widget.ProgressBarInfinite
	// open asks the user for a CSV file and calls got on the UI goroutine with it (not
	// called when cancelled); save asks where to write a file proposed as name and calls
	// got with it and its path. Tests replace both, so they need no real dialogs.
	open func(got func(r io.ReadCloser, name string))
	save func(name, ext string, got func(w io.WriteCloser, path string))
	// shown is the last preview dialog opened, for tests.
	shown *importPreview
}

func newTransfer(s *postsScreen) *transfer {
	t := &transfer{s: s, progress: widget.NewProgressBarInfinite()}
	t.open, t.save = t.openDialog, t.saveDialog
	t.importB = widget.NewButtonWithIcon(lang.L("Import CSV…"), theme.UploadIcon(), t.pickImport)
	t.exportB = widget.NewButtonWithIcon(lang.L("Export…"), theme.DownloadIcon(), t.showExportMenu)
	t.progress.Hide()
	t.bar = container.NewHBox(container.NewGridWrap(fyne.NewSize(120, t.importB.MinSize().Height), t.progress),
		t.importB, t.exportB)
	return t
}

// setBusy disables the buttons and shows the progress bar while a file is read or written.
func (t *transfer) setBusy(on bool) {
	setEnabled(!on, t.importB, t.exportB)
	spin(t.progress, on)
}

// openDialog is the production open: a file-open dialog showing .csv files.
func (t *transfer) openDialog(got func(io.ReadCloser, string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			say(t.s.status, widget.DangerImportance,
				lang.L("That file could not be opened: {{.Error}}", map[string]any{"Error": err.Error()}))
			return
		}
		if r != nil {
			got(r, r.URI().Name())
		}
	}, t.s.e.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV"}))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// saveDialog is the production save: a file-save dialog proposing name.
func (t *transfer) saveDialog(name, ext string, got func(io.WriteCloser, string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			message(t.s.status, err, "")
			return
		}
		if wc == nil {
			return // cancelled
		}
		path := wc.URI().Path()
		if path == "" {
			path = wc.URI().Name()
		}
		got(wc, path)
	}, t.s.e.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// pickImport asks for a CSV file and previews it.
func (t *transfer) pickImport() {
	t.open(t.preview)
}

// readResult is a CSV file read off the UI goroutine and its preview.
type readResult struct {
	data    []byte
	preview app.ImportPreview
}

// preview reads r and checks it off the UI goroutine, then shows the preview dialog.
func (t *transfer) preview(r io.ReadCloser, name string) {
	t.setBusy(true)
	say(t.s.status, widget.MediumImportance, lang.L("Reading {{.Name}}…", map[string]any{"Name": name}))
	core := t.s.e.core
	work(t.s.e, func(ctx context.Context) (readResult, error) {
		data, err := readCSVFile(r, name)
		if err != nil {
			return readResult{}, err
		}
		p, err := core.PreviewCSV(ctx, bytes.NewReader(data))
		return readResult{data: data, preview: p}, err
	}, func(res readResult, err error) {
		t.setBusy(false)
		if err != nil {
			message(t.s.status, err, "")
			return
		}
		say(t.s.status, widget.MediumImportance, "")
		showImportPreview(t, name, res)
	})
}

// readCSVFile reads and closes a picked file, refusing files too large to be an import.
func readCSVFile(r io.ReadCloser, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if cerr := r.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("views: read %s: %w", name, err)
	}
	if len(data) > maxImportBytes {
		return nil, tooLargeError{size: fileSize(maxImportBytes)}
	}
	return data, nil
}

// tooLargeError says a picked file is larger than an import can be.
type tooLargeError struct{ size string }

// Error is the user sentence.
func (e tooLargeError) Error() string {
	return lang.L("That file is larger than {{.Size}}: split it into smaller files.", map[string]any{"Size": e.size})
}

// Unwrap makes it an invalid-input error, so app.UserMessage shows the sentence as it is.
func (e tooLargeError) Unwrap() error { return model.ErrInvalid }

// importFile creates the posts of a previewed file off the UI goroutine; done gets the
// report on the UI goroutine. A successful import reloads the list and says how many.
func (t *transfer) importFile(data []byte, done func(app.ImportReport, error)) {
	core := t.s.e.core
	work(t.s.e, func(ctx context.Context) (app.ImportReport, error) {
		return core.ImportCSV(ctx, bytes.NewReader(data), false)
	}, func(rep app.ImportReport, err error) {
		done(rep, err)
		if err != nil || len(rep.Problems) > 0 {
			return
		}
		n := len(rep.Created)
		say(t.s.status, widget.SuccessImportance, lang.N("{{.Count}} posts imported.", n, countData(n)))
		t.s.reload()
	})
}

// showExportMenu offers the two exports under the button.
func (t *transfer) showExportMenu() {
	menu := fyne.NewMenu("",
		fyne.NewMenuItem(lang.L("Posts as CSV (current filter)"), t.exportCSV),
		fyne.NewMenuItem(lang.L("Scheduled posts as calendar (.ics)"), t.exportICS))
	widget.ShowPopUpMenuAtRelativePosition(menu, t.s.e.win.Canvas(), fyne.NewPos(0, t.exportB.Size().Height), t.exportB)
}

// exportCSV saves the posts the screen's filters match as CSV.
func (t *transfer) exportCSV() {
	f := t.s.query.filter()
	core := t.s.e.core
	t.export("posts.csv", ".csv", func(ctx context.Context, w io.Writer) error { return core.ExportCSV(ctx, w, f) })
}

// exportICS saves every scheduled post as an iCalendar file.
func (t *transfer) exportICS() {
	f := model.PostFilter{Status: model.PostScheduled}
	core := t.s.e.core
	t.export("scheduled-posts.ics", ".ics", func(ctx context.Context, w io.Writer) error { return core.ExportICS(ctx, w, f) })
}

// export asks where to save, then writes and closes the file off the UI goroutine.
func (t *transfer) export(name, ext string, write func(context.Context, io.Writer) error) {
	t.save(name, ext, func(w io.WriteCloser, path string) {
		t.setBusy(true)
		work(t.s.e, func(ctx context.Context) (struct{}, error) {
			err := write(ctx, w)
			if cerr := w.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("views: save %s: %w", path, cerr)
			}
			return struct{}{}, err
		}, func(_ struct{}, err error) {
			t.setBusy(false)
			message(t.s.status, err, lang.L("Saved to {{.Path}}.", map[string]any{"Path": path}))
		})
	})
}
