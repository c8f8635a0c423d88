package views

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// The preview table's columns.
const (
	csvColLine = iota
	csvColWhen
	csvColAccounts
	csvColText
	csvColMedia
	csvColProblems
)

// csvColWidths are the columns' widths, in column order (960 in all, to fit the dialog).
var csvColWidths = []float32{56, 210, 170, 220, 64, 240}

// importPreview is the dialog showing a CSV file's rows, those with problems in red,
// before importing them all at once.
type importPreview struct {
	t        *transfer
	data     []byte
	p        app.ImportPreview
	d        *dialog.CustomDialog
	table    *widget.Table
	body     *fyne.Container
	detail   *fyne.Container // the selected row in full
	result   *widget.Label   // why the import failed
	progress *widget.ProgressBarInfinite
	cancel   *widget.Button
	another  *widget.Button
	start    *widget.Button
}

// showImportPreview shows the rows of a file read and checked by the core.
func showImportPreview(t *transfer, name string, res readResult) *importPreview {
	v := &importPreview{t: t, data: res.data, p: res.preview, result: newStatusLabel(),
		progress: widget.NewProgressBarInfinite(), detail: container.NewVBox()}
	v.progress.Hide()
	v.table = v.newTable()
	v.cancel = widget.NewButton(lang.L("Cancel"), func() { v.d.Hide() })
	v.another = widget.NewButtonWithIcon(lang.L("Choose another file"), theme.FolderOpenIcon(), func() {
		v.d.Hide()
		t.pickImport()
	})
	n := len(v.p.Rows)
	v.start = widget.NewButtonWithIcon(lang.N("Import {{.Count}} posts", n, countData(n)), theme.ConfirmIcon(), v.run)
	v.start.Importance = widget.HighImportance
	if !v.ready() {
		v.start.Disable()
	}
	bottom := container.NewVBox(widget.NewSeparator(), v.detail, v.progress, v.result)
	v.body = container.NewBorder(v.head(), bottom, nil, nil, v.table)
	v.d = dialog.NewCustomWithoutButtons(lang.L("Import posts from {{.Name}}", map[string]any{"Name": name}), v.body, t.s.e.win)
	v.d.SetButtons([]fyne.CanvasObject{v.cancel, v.another, v.start})
	v.d.Resize(fyne.NewSize(1060, 640))
	v.d.Show()
	v.selectFirst() // once the table has its size: selecting scrolls it

	t.shown = v
	return v
}

// badRows counts the rows with problems.
func (v *importPreview) badRows() int {
	n := 0
	for _, r := range v.p.Rows {
		if len(r.Problems) > 0 {
			n++
		}
	}
	return n
}

// ready reports whether the file can be imported: rows, and no problem anywhere.
func (v *importPreview) ready() bool {
	return len(v.p.Rows) > 0 && len(v.p.Report.Problems) == 0 && v.badRows() == 0
}

// head is the summary, what happens on import, and the problems of the file itself.
func (v *importPreview) head() fyne.CanvasObject {
	n, bad := len(v.p.Rows), v.badRows()
	sum := widget.NewLabelWithStyle(lang.N("{{.Count}} rows: {{.Ready}} ready, {{.Problems}} with problems", n,
		map[string]any{"Count": n, "Ready": n - bad, "Problems": bad}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	box := container.NewVBox(sum)
	switch {
	case n == 0:
		box.Add(wrapped(lang.L("The file has no posts to import."), widget.WarningImportance))
	case !v.ready():
		box.Add(wrapped(lang.L("Nothing is imported while a row has a problem: fix the file, then choose it again."),
			widget.DangerImportance))
	default:
		box.Add(wrapped(lang.L("Every row becomes a post, or none does if one fails."), widget.MediumImportance))
	}
	for _, p := range v.fileProblems() {
		box.Add(wrapped(problemLine(p), widget.DangerImportance))
	}
	return box
}

// fileProblems are the report's problems not shown on a row: the header's, the file's.
func (v *importPreview) fileProblems() []app.RowProblem {
	var out []app.RowProblem
	for _, p := range v.p.Report.Problems {
		if !slices.ContainsFunc(v.p.Rows, func(r app.PreviewRow) bool { return r.Line == p.Line }) {
			out = append(out, p)
		}
	}
	return out
}

// problemLine is a problem with its line, when it has one.
func problemLine(p app.RowProblem) string {
	if p.Line <= 0 {
		return p.Reason
	}
	return lang.L("Line {{.Line}}: {{.Reason}}", map[string]any{"Line": p.Line, "Reason": p.Reason})
}

// newTable is the rows' table, one post per row, with a header.
func (v *importPreview) newTable() *widget.Table {
	tb := widget.NewTable(func() (int, int) { return len(v.p.Rows), len(csvColWidths) }, newCSVCell, v.updateCell)
	tb.ShowHeaderRow = true
	tb.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	tb.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(csvHeader(id.Col))
	}
	for i, w := range csvColWidths {
		tb.SetColumnWidth(i, w)
	}
	tb.OnSelected = func(id widget.TableCellID) { v.showRow(id.Row) }
	return tb
}

// newCSVCell is a one-line table cell.
func newCSVCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// csvHeader is a column's title.
func csvHeader(col int) string {
	switch col {
	case csvColLine:
		return lang.L("Line")
	case csvColWhen:
		return lang.L("When")
	case csvColAccounts:
		return lang.L("Accounts")
	case csvColText:
		return lang.L("Text")
	case csvColMedia:
		return lang.L("Media")
	case csvColProblems:
		return lang.L("Problems")
	}
	return ""
}

// updateCell shows one cell; every cell of a row with problems is red.
func (v *importPreview) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row < 0 || id.Row >= len(v.p.Rows) {
		return
	}
	r := v.p.Rows[id.Row]
	l := o.(*widget.Label)
	l.Importance = widget.MediumImportance
	if len(r.Problems) > 0 {
		l.Importance = widget.DangerImportance
	} else if id.Col == csvColProblems {
		l.Importance = widget.SuccessImportance
	}
	l.SetText(csvCell(r, id.Col))
}

// csvCell is the text of one cell of a row.
func csvCell(r app.PreviewRow, col int) string {
	switch col {
	case csvColLine:
		return strconv.Itoa(r.Line)
	case csvColWhen:
		return csvWhenText(r)
	case csvColAccounts:
		if len(r.Accounts) == 0 {
			return "—"
		}
		return strings.Join(r.Accounts, ", ")
	case csvColText:
		return excerpt(r.Text, 60)
	case csvColMedia:
		return strconv.Itoa(len(r.Media))
	case csvColProblems:
		if len(r.Problems) == 0 {
			return lang.L("Ready")
		}
		return strings.Join(r.Problems, " ")
	}
	return ""
}

// csvWhenText is when a row's post would go out, in its zone.
func csvWhenText(r app.PreviewRow) string {
	if r.Queue {
		return lang.L("Next queue slot")
	}
	if r.When.IsZero() {
		return "—"
	}
	return scheduledText(r.When, r.Zone, time.Local)
}

// selectFirst selects the first row with a problem (or the first row) to show it in full.
func (v *importPreview) selectFirst() {
	if len(v.p.Rows) == 0 {
		return
	}
	i := max(slices.IndexFunc(v.p.Rows, func(r app.PreviewRow) bool { return len(r.Problems) > 0 }), 0)
	v.table.Select(widget.TableCellID{Row: i, Col: csvColLine})
}

// showRow shows a row in full under the table: line, time, text and every problem.
func (v *importPreview) showRow(i int) {
	if i < 0 || i >= len(v.p.Rows) {
		return
	}
	r := v.p.Rows[i]
	title := widget.NewLabelWithStyle(lang.L("Line {{.Line}} · {{.When}}", map[string]any{"Line": r.Line,
		"When": csvWhenText(r)}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{title, wrapped(excerpt(strings.ReplaceAll(r.Text, "\n", " "), 280), widget.MediumImportance)}
	for _, p := range r.Problems {
		objs = append(objs, wrapped(p, widget.DangerImportance))
	}
	v.detail.Objects = objs
	v.body.Refresh() // the detail's height changed: lay the dialog out again
}

// run imports the file; the dialog stays open, buttons off, until the core answers.
func (v *importPreview) run() {
	v.setRunning(true)
	say(v.result, widget.MediumImportance, "")
	v.t.importFile(v.data, func(rep app.ImportReport, err error) {
		v.setRunning(false)
		switch {
		case err != nil:
			message(v.result, err, "")
		case len(rep.Problems) > 0:
			say(v.result, widget.DangerImportance, importProblems(rep.Problems))
		default:
			v.d.Hide()
		}
	})
}

// importProblems says nothing was imported, and why, a line per problem.
func importProblems(problems []app.RowProblem) string {
	lines := []string{lang.L("Nothing was imported.")}
	for _, p := range problems {
		lines = append(lines, problemLine(p))
	}
	return strings.Join(lines, "\n")
}

// setRunning shows the progress bar and turns the buttons off while the import runs.
func (v *importPreview) setRunning(on bool) {
	setEnabled(!on, v.cancel, v.another, v.start)
	if !on && !v.ready() {
		v.start.Disable()
	}
	spin(v.progress, on)
}
