package views

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"webox-social/services/model"
)

// calMaxChips caps the chips built per cell: more never fit, the rest are counted in
// "+N more", so a month with thousands of posts stays quick to draw.
const calMaxChips = 8

// calCellPad is the inner margin of a cell.
const calCellPad = 3

// calCell is a drop target: a day of the month view or an hour of the week view. It
// shows its posts' chips top to bottom, as many as fit, and "+N more" for the rest.
type calCell struct {
	day   civilDate
	hour  int  // 0–23 in the week view, -1 in the month view
	gap   bool // an hour that does not exist that day (clocks go forward)
	posts []model.Post
	fill  color.Color // background when not hovered
	bg    *canvas.Rectangle
	head  fyne.CanvasObject // the day number in the month view, nil in the week view
	chips []*calChip
	more  *calLink
	box   *fyne.Container
}

// newCalCell builds a cell over posts (already in time order); chip makes each chip
// and onMore opens the whole list.
func newCalCell(day civilDate, hour int, fill color.Color, head fyne.CanvasObject, posts []model.Post,
	chip func(model.Post) *calChip, onMore func(*calCell)) *calCell {
	c := &calCell{day: day, hour: hour, posts: posts, fill: fill, head: head}
	c.bg = canvas.NewRectangle(fill)
	c.bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	c.bg.StrokeWidth = 1
	objs := []fyne.CanvasObject{c.bg}
	if head != nil {
		objs = append(objs, head)
	}
	for _, p := range posts[:min(len(posts), calMaxChips)] {
		ch := chip(p)
		c.chips = append(c.chips, ch)
		objs = append(objs, ch)
	}
	c.more = newCalLink(func() { onMore(c) })
	c.more.Hide()
	objs = append(objs, c.more)
	c.box = container.New(calCellLayout{c}, objs...)
	return c
}

// hover highlights the cell while a chip is dragged over it.
func (c *calCell) hover(on bool) {
	c.bg.FillColor = c.fill
	if on {
		c.bg.FillColor = theme.Color(theme.ColorNameHover)
		c.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
	} else {
		c.bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	}
	c.bg.Refresh()
}

// shown counts the chips currently visible.
func (c *calCell) shown() int {
	n := 0
	for _, ch := range c.chips {
		if ch.Visible() {
			n++
		}
	}
	return n
}

// calCellLayout stacks the head and as many chips as fit; "+N more" takes the last line
// when some do not.
type calCellLayout struct{ c *calCell }

// MinSize leaves room for the head and the "+N more" line.
func (l calCellLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	h := 2*calCellPad + calMoreHeight()
	if l.c.head != nil {
		h += l.c.head.MinSize().Height
	}
	return fyne.NewSize(40, h)
}

// Layout places the background, head, chips and the overflow line.
func (l calCellLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	c := l.c
	c.bg.Move(fyne.NewPos(0, 0))
	c.bg.Resize(size)
	y := float32(calCellPad)
	w := size.Width - 2*calCellPad
	if c.head != nil {
		hh := c.head.MinSize().Height
		c.head.Move(fyne.NewPos(calCellPad, y))
		c.head.Resize(fyne.NewSize(w, hh))
		y += hh
	}
	n := calFitChips(size.Height-y-calCellPad, len(c.posts), len(c.chips))
	step := calChipHeight() + calChipGap
	for i, ch := range c.chips {
		if i >= n {
			ch.Hide()
			continue
		}
		ch.Move(fyne.NewPos(calCellPad, y+float32(i)*step))
		ch.Resize(fyne.NewSize(w, calChipHeight()))
		ch.Show()
	}
	l.layoutMore(len(c.posts)-n, y+float32(n)*step, w)
}

func (l calCellLayout) layoutMore(hidden int, y, w float32) {
	m := l.c.more
	if hidden <= 0 {
		m.Hide()
		return
	}
	m.SetText(lang.L("+{{.Count}} more", map[string]any{"Count": hidden}))
	m.Move(fyne.NewPos(calCellPad, y))
	m.Resize(fyne.NewSize(w, calMoreHeight()))
	m.Show()
}

// calFitChips is how many chips fit in room for total posts (built chips at most),
// keeping a line for "+N more" when not all of them fit.
func calFitChips(room float32, total, built int) int {
	step := calChipHeight() + calChipGap
	n := int((room + calChipGap) / step)
	if n < total {
		n = int((room - calMoreHeight() + calChipGap) / step)
	}
	return max(0, min(n, built, total))
}

// calMoreHeight is the height of the "+N more" line.
func calMoreHeight() float32 {
	return fyne.MeasureText("+9 more", calTextSize(), fyne.TextStyle{Bold: true}).Height
}

// calGrid is what the month or week view shows, and where its cells are, for drops.
type calGrid struct {
	root  fyne.CanvasObject
	area  *fyne.Container // holds the cells' boxes directly
	cells []*calCell
	// scroll is the week view's scroll, nil for the month.
	scroll *container.Scroll
}

// cellAt finds the cell under abs (an absolute position) and how far down the cell
// abs is, from 0 (top) to 1 (bottom).
func (g *calGrid) cellAt(drv fyne.Driver, abs fyne.Position) (*calCell, float32) {
	origin := drv.AbsolutePositionForObject(g.area)
	rel := abs.Subtract(origin)
	for _, c := range g.cells {
		p, s := c.box.Position(), c.box.Size()
		if rel.X >= p.X && rel.X < p.X+s.Width && rel.Y >= p.Y && rel.Y < p.Y+s.Height {
			return c, (rel.Y - p.Y) / s.Height
		}
	}
	return nil, 0
}
