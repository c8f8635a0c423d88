package views

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// chartView shows a chart drawn to the exact pixel size of the widget. Its renderer
// draws again when the widget is resized, when the data change and when the theme
// changes (Fyne refreshes every widget then). All its methods run on the UI goroutine.
type chartView struct {
	widget.BaseWidget
	drawer  chartDrawer
	version int // bumped by setDrawer
	min     fyne.Size
	// hover, when set, describes the point under the mouse (in widget coordinates) for
	// onHover; "" when there is nothing to say.
	hover   func(pos fyne.Position, size fyne.Size) string
	onHover func(text string)
	// renders counts the drawings, for tests.
	renders int
	// shown is the image on screen, nil before the first drawing.
	shown image.Image
	// themeOf gives the colours to draw with at a scale (fyneChartTheme; tests fix it).
	themeOf func(scale float32) chartTheme
}

var _ desktop.Hoverable = (*chartView)(nil)

func newChartView(d chartDrawer, minSize fyne.Size) *chartView {
	c := &chartView{drawer: d, min: minSize, themeOf: fyneChartTheme}
	c.ExtendBaseWidget(c)
	return c
}

// setDrawer replaces the chart and draws it again.
func (c *chartView) setDrawer(d chartDrawer) {
	c.drawer = d
	c.version++
	c.Refresh()
}

// scale is the pixels per unit of the widget's canvas (1 before it is shown).
func (c *chartView) scale() float32 {
	if app := fyne.CurrentApp(); app != nil {
		if cv := app.Driver().CanvasForObject(c); cv != nil && cv.Scale() > 0 {
			return cv.Scale()
		}
	}
	return 1
}

// MinSize is the size the chart asked for when it was made.
func (c *chartView) MinSize() fyne.Size { return c.min }

// MouseIn reports the point the mouse entered at.
func (c *chartView) MouseIn(ev *desktop.MouseEvent) { c.MouseMoved(ev) }

// MouseMoved describes the point under the mouse through onHover.
func (c *chartView) MouseMoved(ev *desktop.MouseEvent) {
	if c.hover != nil && c.onHover != nil {
		c.onHover(c.hover(ev.Position, c.Size()))
	}
}

// MouseOut clears the description.
func (c *chartView) MouseOut() {
	if c.onHover != nil {
		c.onHover("")
	}
}

// CreateRenderer builds the renderer, which owns the drawn image.
func (c *chartView) CreateRenderer() fyne.WidgetRenderer {
	img := canvas.NewImageFromImage(blankImage(1, 1, color.Transparent))
	img.FillMode = canvas.ImageFillStretch
	return &chartRenderer{c: c, img: img, version: -1}
}

// chartRenderer draws its chart again when the size, the data or the theme changed.
type chartRenderer struct {
	c       *chartView
	img     *canvas.Image
	w, h    int
	version int
	theme   string
}

func (r *chartRenderer) Layout(size fyne.Size) {
	size = size.Max(fyne.NewSize(0, 0)) // a squeezed Border can hand out negative sizes
	r.img.Resize(size)
	r.redraw(size)
}

func (r *chartRenderer) MinSize() fyne.Size { return r.c.min }

func (r *chartRenderer) Refresh() { r.redraw(r.c.Size()) }

func (r *chartRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.img} }

func (r *chartRenderer) Destroy() {}

// redraw draws the chart at size unless the same chart is already shown at that size
// with the same colours.
func (r *chartRenderer) redraw(size fyne.Size) {
	scale := r.c.scale()
	w, h := pixelSize(size, scale)
	th := r.c.themeOf(scale)
	key := th.key()
	if w <= 0 || h <= 0 || (w == r.w && h == r.h && r.version == r.c.version && key == r.theme) {
		return
	}
	img, err := r.c.drawer.draw(w, h, th)
	if err != nil {
		fyne.LogError("views: draw chart", err)
		img = blankImage(w, h, th.Background)
	}
	r.w, r.h, r.version, r.theme = w, h, r.c.version, key
	r.c.renders++
	r.c.shown = img
	r.img.Image = img
	r.img.Refresh()
}
