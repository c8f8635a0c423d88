package views

import (
	"context"
	"encoding/csv"
	"fmt"
	"image"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chartData is one chart with the numbers it shows.
type chartData struct {
	drawer chartDrawer
	// table is what the table beside the chart shows, header first, formatted for people.
	table [][]string
	// csv is what Export CSV writes, header first, with plain numbers.
	csv [][]string
	// file is the suggested file name for the exports, without extension.
	file string
	// hover describes the point under the mouse, when the chart has something to say.
	hover func(pos fyne.Position, size fyne.Size) string
}

// chartPanel is a chart, the table of its numbers beside it, and its export buttons.
type chartPanel struct {
	e     *env
	data  chartData
	view  *chartView
	table *fyne.Container
	hint  *widget.Label
	root  fyne.CanvasObject
	// report shows the outcome of an export (err, or the sentence when it worked).
	report func(err error, ok string)
}

// chartTableWidth is the width of the table beside a chart.
const chartTableWidth = 440

func newChartPanel(e *env, minSize fyne.Size, report func(error, string)) *chartPanel {
	p := &chartPanel{e: e, view: newChartView(barChart{}, minSize), table: container.NewVBox(),
		hint: widget.NewLabel(""), report: report}
	p.view.onHover = p.hint.SetText
	png := widget.NewButtonWithIcon(lang.L("Export PNG"), theme.DownloadIcon(), p.exportPNG)
	csvb := widget.NewButtonWithIcon(lang.L("Export CSV"), theme.DocumentSaveIcon(), p.exportCSV)
	buttons := container.NewHBox(p.hint, layout.NewSpacer(), png, csvb)
	scroll := container.NewVScroll(p.table)
	scroll.SetMinSize(fyne.NewSize(chartTableWidth, minSize.Height))
	p.root = container.NewBorder(nil, buttons, nil, scroll, p.view)
	return p
}

// set shows new data.
func (p *chartPanel) set(d chartData) {
	p.data = d
	p.view.hover = d.hover
	p.view.setDrawer(d.drawer)
	p.table.Objects = []fyne.CanvasObject{dataTable(d.table)}
	p.table.Refresh()
}

// dataTable lays rows out as a grid of labels, the first row in bold.
func dataTable(rows [][]string) fyne.CanvasObject {
	if len(rows) == 0 {
		return container.NewVBox()
	}
	grid := container.NewGridWithColumns(len(rows[0]))
	for i, row := range rows {
		for _, cell := range row {
			l := widget.NewLabel(cell)
			l.Truncation = fyne.TextTruncateEllipsis
			if i == 0 {
				l.TextStyle = fyne.TextStyle{Bold: true}
			}
			grid.Add(l)
		}
	}
	return grid
}

// exportPNG asks where to save the chart as shown and writes it off the UI goroutine.
func (p *chartPanel) exportPNG() {
	img := p.view.shown
	if img == nil {
		var err error
		if img, err = p.data.drawer.draw(960, 480, p.view.themeOf(1)); err != nil {
			p.report(err, "")
			return
		}
	}
	p.save(p.data.file+".png", func(w io.Writer) error { return encodePNG(w, img) })
}

// exportCSV asks where to save the chart's numbers and writes them off the UI goroutine.
func (p *chartPanel) exportCSV() {
	rows := p.data.csv
	p.save(p.data.file+".csv", func(w io.Writer) error { return writeCSV(w, rows) })
}

// save shows the save dialog and hands the chosen file to write in the background.
func (p *chartPanel) save(name string, write func(io.Writer) error) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			p.report(err, "")
			return
		}
		if wc == nil {
			return // cancelled
		}
		p.writeFile(wc, write)
	}, p.e.win)
	d.SetFileName(name)
	d.Show()
}

// writeFile writes and closes wc off the UI goroutine, then reports.
func (p *chartPanel) writeFile(wc fyne.URIWriteCloser, write func(io.Writer) error) {
	name := wc.URI().Name()
	work(p.e, func(context.Context) (struct{}, error) {
		err := write(wc)
		if cerr := wc.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("views: save %s: %w", name, cerr)
		}
		return struct{}{}, err
	}, func(_ struct{}, err error) {
		p.report(err, lang.L("Saved {{.Name}}.", map[string]any{"Name": name}))
	})
}

// writeCSV writes rows as CSV.
func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("views: write CSV: %w", err)
	}
	return nil
}

// drawnImage is what the panel shows, for tests and exports.
func (p *chartPanel) drawnImage() image.Image { return p.view.shown }
