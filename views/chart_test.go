package views

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateGoldens = flag.Bool("update", false, "rewrite the golden chart images under testdata/charts")

// sampleDay is the i-th day of the sample data, at midnight UTC.
func sampleDay(i int) time.Time { return time.Date(2026, 11, 1+i, 0, 0, 0, 0, time.UTC) }

func sampleBars() barChart {
	return barChart{YName: "Engagements (likes + comments + shares)", Bars: []barItem{
		{"Mastodon", 412}, {"Bluesky", 268}, {"LinkedIn", 95}, {"X", 0}}}
}

func sampleLines() lineChart {
	var a, b lineSeries
	a.Name, b.Name = "Mastodon · @ana", "Bluesky · ana.bsky.social"
	for i := 0; i < 10; i++ {
		a.Points = append(a.Points, linePoint{sampleDay(i), float64(1200 + i*i*7)})
		b.Points = append(b.Points, linePoint{sampleDay(i), float64(800 + i*35)})
	}
	return lineChart{XName: "Day", YName: "Followers", Lines: []lineSeries{a, b}}
}

func sampleHeat() heatmapChart {
	var g heatGrid
	for d := 0; d < 7; d++ {
		for h := 8; h < 20; h += 1 + d%3 {
			g[d][h] = heatCell{Rate: float64((d*24+h)%11) / 2, HasRate: true, Samples: 1 + (d+h)%4}
		}
	}
	g[2][3] = heatCell{Samples: 2} // views not provided: no rate
	return heatmapChart{Grid: g, XName: "Hour of day (local time)", Scale: "Colour: average engagement rate (%)"}
}

// goldenCheck compares img with testdata/charts/name.png pixel by pixel (through a
// hash), or rewrites the file with -update.
func goldenCheck(t *testing.T, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", "charts", name+".png")
	if *updateGoldens {
		data, err := pngBytes(img)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, data, 0o644))
		return
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./views -run TestChartGoldens -update to create it")
	want, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Equal(t, pixelHash(want), pixelHash(img), "%s differs from its golden image: look at it, then -update if intended", name)
}

// pixelHash hashes the RGBA pixels of img, whatever its colour model.
func pixelHash(img image.Image) string {
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return fmt.Sprintf("%dx%d %x", rgba.Rect.Dx(), rgba.Rect.Dy(), sha256.Sum256(rgba.Pix))
}

func TestChartGoldens(t *testing.T) {
	cases := []struct {
		name string
		c    chartDrawer
		dark bool
	}{
		{"bar-light", sampleBars(), false},
		{"bar-dark", sampleBars(), true},
		{"line-light", sampleLines(), false},
		{"line-dark", sampleLines(), true},
		{"line-single", lineChart{XName: "Day", YName: "Engagements", Lines: []lineSeries{{Name: "All", Points: []linePoint{{sampleDay(0), 0}}}}}, false},
		{"heatmap-light", sampleHeat(), false},
		{"heatmap-dark", sampleHeat(), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img, err := c.c.draw(640, 320, fixedChartTheme(c.dark))
			require.NoError(t, err)
			assert.Equal(t, image.Rect(0, 0, 640, 320), img.Bounds())
			goldenCheck(t, c.name, img)
		})
	}
}

func TestChartsDrawAtTheirSize(t *testing.T) {
	for _, c := range []chartDrawer{sampleBars(), sampleLines(), sampleHeat(), barChart{}, lineChart{}} {
		for _, size := range [][2]int{{1, 1}, {119, 300}, {300, 200}, {1600, 500}} {
			img, err := c.draw(size[0], size[1], fixedChartTheme(false))
			require.NoError(t, err, "%T at %v", c, size)
			assert.Equal(t, image.Rect(0, 0, size[0], size[1]), img.Bounds(), "%T at %v", c, size)
		}
	}
}

func TestChartThemesDiffer(t *testing.T) {
	light, err := sampleBars().draw(300, 200, fixedChartTheme(false))
	require.NoError(t, err)
	dark, err := sampleBars().draw(300, 200, fixedChartTheme(true))
	require.NoError(t, err)
	assert.NotEqual(t, pixelHash(light), pixelHash(dark))
}

func TestNiceTop(t *testing.T) {
	for v, want := range map[float64]float64{0: 1, 0.3: 1, 1: 1, 3: 3, 7: 8, 12: 15, 230: 300, 412: 600, 1000: 1000, 1763: 2000} {
		assert.InDelta(t, want, niceTop(v), 1e-9, "niceTop(%v)", v)
	}
}

func TestHeatLayoutFindsCells(t *testing.T) {
	l := newHeatLayout(640, 320, 1)
	d, h, ok := l.cellAt(l.left+l.cellW*5.5, l.top+l.cellH*2.5)
	assert.True(t, ok)
	assert.Equal(t, [2]int{2, 5}, [2]int{d, h})
	_, _, ok = l.cellAt(2, 2)
	assert.False(t, ok, "the weekday labels are no cell")
	_, _, ok = l.cellAt(639, 100)
	assert.False(t, ok, "the colour scale is no cell")
}

func BenchmarkChartDraw(b *testing.B) {
	for _, c := range []struct {
		name string
		d    chartDrawer
	}{{"bar", sampleBars()}, {"line", sampleLines()}, {"heatmap", sampleHeat()}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := c.d.draw(700, 260, fixedChartTheme(false)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
