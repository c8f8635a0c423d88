package views

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// chartDrawer draws one chart into an image of w×h pixels with the colours of th.
// Drawers are pure: the same data, size and theme give the same pixels.
type chartDrawer interface {
	draw(w, h int, th chartTheme) (image.Image, error)
}

// chartTheme is the colours and the text scale a chart is drawn with.
type chartTheme struct {
	Background color.Color
	Foreground color.Color
	// Muted draws axes, grid lines and empty heatmap cells.
	Muted color.Color
	// Series colours the bars and lines, in order; the first one also colours the heatmap.
	Series []color.Color
	// Scale is the canvas scale: 1 draws text for a 96 DPI screen.
	Scale float32
}

// key tells two themes apart, so that a widget only redraws when the colours changed.
func (t chartTheme) key() string {
	return fmt.Sprint(t.Background, t.Foreground, t.Muted, t.Series, t.Scale)
}

// fyneChartTheme takes the chart colours from the current Fyne theme (light or dark).
func fyneChartTheme(scale float32) chartTheme {
	c := theme.Color
	return chartTheme{
		Background: c(theme.ColorNameBackground),
		Foreground: c(theme.ColorNameForeground),
		Muted:      c(theme.ColorNameDisabled),
		Series: []color.Color{c(theme.ColorNamePrimary), c(theme.ColorNameSuccess), c(theme.ColorNameWarning),
			c(theme.ColorNameError), c(theme.ColorNameHyperlink), c(theme.ColorNamePlaceHolder)},
		Scale: scale,
	}
}

// fixedChartTheme is a theme that does not depend on Fyne: for exports and golden tests.
func fixedChartTheme(dark bool) chartTheme {
	t := chartTheme{Scale: 1,
		Background: color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff},
		Foreground: color.NRGBA{R: 0x21, G: 0x21, B: 0x21, A: 0xff},
		Muted:      color.NRGBA{R: 0xbd, G: 0xbd, B: 0xbd, A: 0xff},
	}
	if dark {
		t.Background = color.NRGBA{R: 0x17, G: 0x17, B: 0x18, A: 0xff}
		t.Foreground = color.NRGBA{R: 0xf3, G: 0xf3, B: 0xf3, A: 0xff}
		t.Muted = color.NRGBA{R: 0x5c, G: 0x5c, B: 0x5c, A: 0xff}
	}
	t.Series = []color.Color{color.NRGBA{R: 0x29, G: 0x6f, B: 0xf6, A: 0xff}, color.NRGBA{R: 0x43, G: 0xa0, B: 0x47, A: 0xff},
		color.NRGBA{R: 0xff, G: 0x98, B: 0x00, A: 0xff}, color.NRGBA{R: 0xf4, G: 0x43, B: 0x36, A: 0xff}}
	return t
}

// series is the colour of the i-th series, cycling through the palette.
func (t chartTheme) series(i int) drawing.Color {
	if len(t.Series) == 0 {
		return toDrawing(t.Foreground)
	}
	return toDrawing(t.Series[i%len(t.Series)])
}

// dpi is the resolution go-chart sizes its text with.
func (t chartTheme) dpi() float64 {
	if t.Scale <= 0 {
		return 96
	}
	return 96 * float64(t.Scale)
}

// toDrawing converts a colour to go-chart's.
func toDrawing(c color.Color) drawing.Color {
	if c == nil {
		return drawing.ColorTransparent
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return drawing.Color{R: n.R, G: n.G, B: n.B, A: n.A}
}

// textStyle is the style of axis labels and names.
func (t chartTheme) textStyle() chart.Style {
	return chart.Style{FontColor: toDrawing(t.Foreground), StrokeColor: toDrawing(t.Muted), FontSize: 9}
}

// gridStyle is the style of the horizontal grid lines.
func (t chartTheme) gridStyle() chart.Style {
	return chart.Style{StrokeColor: toDrawing(t.Muted), StrokeWidth: 0.5}
}

// renderable is a go-chart chart (Chart, BarChart, or our heatmap).
type renderable interface {
	Render(rp chart.RendererProvider, w io.Writer) error
}

// rasterize renders a go-chart chart into an image.
func rasterize(c renderable) (image.Image, error) {
	var out chart.ImageWriter
	if err := c.Render(chart.PNG, &out); err != nil {
		return nil, fmt.Errorf("views: draw chart: %w", err)
	}
	img, err := out.Image()
	if err != nil {
		return nil, fmt.Errorf("views: draw chart: %w", err)
	}
	return img, nil
}

// encodePNG writes img as PNG.
func encodePNG(w io.Writer, img image.Image) error {
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("views: encode chart: %w", err)
	}
	return nil
}

// pngBytes is img as PNG bytes.
func pngBytes(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	err := encodePNG(&b, img)
	return b.Bytes(), err
}

// pixelSize is the size in pixels of an object of size s on a canvas of scale.
func pixelSize(s fyne.Size, scale float32) (int, int) {
	return int(s.Width*scale + 0.5), int(s.Height*scale + 0.5)
}

// blankImage is a w×h image of one colour, drawn when a chart cannot be (too small).
func blankImage(w, h int, c color.Color) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = n.R, n.G, n.B, n.A
	}
	return img
}
