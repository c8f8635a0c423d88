package views

import (
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// Chip geometry, in device-independent pixels.
const (
	calChipPad    = 3
	calChipRadius = 4
	calChipGap    = 2
)

// calTextSize is the size of the text on chips and "+N more" links.
func calTextSize() float32 { return theme.CaptionTextSize() }

// calChipHeight is the height of one chip.
func calChipHeight() float32 {
	return fyne.MeasureText("09:30", calTextSize(), fyne.TextStyle{}).Height + 2*calChipPad
}

// calStatusFills are the chips' colours by post status: mid-tone fills under white text,
// readable (contrast 4.5:1 or more) on light and dark themes alike.
var calStatusFills = map[model.PostStatus]color.NRGBA{
	model.PostDraft:              {R: 0x64, G: 0x74, B: 0x8B, A: 0xFF}, // slate
	model.PostScheduled:          {R: 0x25, G: 0x63, B: 0xEB, A: 0xFF}, // blue
	model.PostPublishing:         {R: 0x7C, G: 0x3A, B: 0xED, A: 0xFF}, // violet
	model.PostPublished:          {R: 0x15, G: 0x80, B: 0x3D, A: 0xFF}, // green
	model.PostPartiallyPublished: {R: 0xB4, G: 0x53, B: 0x09, A: 0xFF}, // amber
	model.PostFailed:             {R: 0xB9, G: 0x1C, B: 0x1C, A: 0xFF}, // red
	model.PostMissed:             {R: 0xBE, G: 0x18, B: 0x5D, A: 0xFF}, // pink
	model.PostCancelled:          {R: 0x57, G: 0x53, B: 0x4E, A: 0xFF}, // stone
	model.PostUnconfirmed:        {R: 0x0E, G: 0x74, B: 0x90, A: 0xFF}, // cyan
}

// calStatusFill is the chip colour of a status, grey when unknown.
func calStatusFill(st model.PostStatus) color.NRGBA {
	if c, ok := calStatusFills[st]; ok {
		return c
	}
	return calStatusFills[model.PostDraft]
}

// calNetworks lists the networks a post goes to, once each, in target order.
func calNetworks(p model.Post) []model.Platform {
	var out []model.Platform
	for _, t := range p.Targets {
		if !slices.Contains(out, t.Platform) {
			out = append(out, t.Platform)
		}
	}
	return out
}

// calChipText is what a chip says: the time in loc and the first words.
func calChipText(p model.Post, loc *time.Location) string {
	return p.ScheduledAt.In(loc).Format(timeInputLayout) + " " + excerpt(p.Content, 40)
}

// calChip is one post on the calendar: time and first words on its status colour, the
// networks' initials at the end. Tap edits it; dragging it (when onDrag is set) moves it.
type calChip struct {
	widget.BaseWidget
	post   model.Post
	text   string
	onTap  func()
	onDrag func(chip *calChip, abs fyne.Position)
	onDrop func(chip *calChip)

	dragging bool
}

var (
	_ fyne.Tappable      = (*calChip)(nil)
	_ fyne.Draggable     = (*calChip)(nil)
	_ desktop.Cursorable = (*calChip)(nil)
)

// newCalChip builds the chip of p with its time read in loc.
func newCalChip(p model.Post, loc *time.Location, onTap func()) *calChip {
	c := &calChip{post: p, text: calChipText(p, loc), onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped edits the post.
func (c *calChip) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// Cursor shows a hand: the chip can be clicked and dragged.
func (c *calChip) Cursor() desktop.Cursor { return desktop.PointerCursor }

// Dragged follows the pointer; the screen highlights the cell under it.
func (c *calChip) Dragged(ev *fyne.DragEvent) {
	if c.onDrag == nil {
		return
	}
	if !c.dragging {
		c.dragging = true
		c.Refresh()
	}
	c.onDrag(c, ev.AbsolutePosition)
}

// DragEnd drops the chip where the pointer was last seen.
func (c *calChip) DragEnd() {
	if !c.dragging {
		return
	}
	c.dragging = false
	c.Refresh()
	if c.onDrop != nil {
		c.onDrop(c)
	}
}

// CreateRenderer draws the background, the text and one badge per network.
func (c *calChip) CreateRenderer() fyne.WidgetRenderer {
	r := &calChipRenderer{chip: c, bg: canvas.NewRectangle(calStatusFill(c.post.Status))}
	r.bg.CornerRadius = calChipRadius
	r.label = canvas.NewText(c.text, color.White)
	r.label.TextSize = calTextSize()
	r.label.TextStyle = fyne.TextStyle{Italic: c.post.Status == model.PostCancelled}
	r.objects = []fyne.CanvasObject{r.bg, r.label}
	for _, p := range calNetworks(c.post) {
		b := newCalBadge(p)
		r.badges = append(r.badges, b)
		r.objects = append(r.objects, b.bg, b.text)
	}
	return r
}

type calChipRenderer struct {
	chip    *calChip
	bg      *canvas.Rectangle
	label   *canvas.Text
	badges  []calBadge
	objects []fyne.CanvasObject
	fitW    float32 // width the label text was last cut for
}

func (r *calChipRenderer) Destroy() {}

func (r *calChipRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *calChipRenderer) MinSize() fyne.Size { return fyne.NewSize(48, calChipHeight()) }

// Layout puts the badges at the right end and cuts the text to the room left.
func (r *calChipRenderer) Layout(size fyne.Size) {
	r.bg.Move(fyne.NewPos(0, 0))
	r.bg.Resize(size)
	x := size.Width - calChipPad
	for i := len(r.badges) - 1; i >= 0; i-- {
		x = r.badges[i].place(x, size.Height)
	}
	room := x - 2*calChipPad
	r.label.Move(fyne.NewPos(calChipPad, calChipPad))
	r.label.Resize(fyne.NewSize(max(room, 0), size.Height-2*calChipPad))
	if room != r.fitW {
		r.fitW = room
		r.label.Text = calFitText(r.chip.text, room, r.label.TextSize, r.label.TextStyle)
	}
}

func (r *calChipRenderer) Refresh() {
	fill := calStatusFill(r.chip.post.Status)
	if r.chip.dragging {
		fill.A = 0x80
	}
	r.bg.FillColor = fill
	r.bg.Refresh()
	r.label.Refresh()
}

// calFitText cuts s (with an ellipsis) so it is at most w wide.
func calFitText(s string, w, size float32, style fyne.TextStyle) string {
	if fyne.MeasureText(s, size, style).Width <= w {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(runes[:mid])+"…", size, style).Width <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return strings.TrimSpace(string(runes[:lo])) + "…"
}

// calBadge is a network's initials on its colour, small enough for a chip.
type calBadge struct {
	bg   *canvas.Rectangle
	text *canvas.Text
}

func newCalBadge(p model.Platform) calBadge {
	b, ok := brands[p]
	if !ok {
		b = brand{color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xFF}, "?"}
	}
	bg := canvas.NewRectangle(b.fill)
	bg.CornerRadius = 3
	bg.StrokeColor = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xB0}
	bg.StrokeWidth = 1
	t := canvas.NewText(b.letters, color.White)
	t.TextSize = calTextSize() * 0.8
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.Alignment = fyne.TextAlignCenter
	return calBadge{bg: bg, text: t}
}

// place draws the badge ending at right, vertically centred in a chip h high, and
// returns where the next one (to its left) ends.
func (b calBadge) place(right, h float32) float32 {
	ts := fyne.MeasureText(b.text.Text, b.text.TextSize, b.text.TextStyle)
	size := fyne.NewSize(ts.Width+6, h-4)
	pos := fyne.NewPos(right-size.Width, 2)
	b.bg.Move(pos)
	b.bg.Resize(size)
	b.text.Move(pos)
	b.text.Resize(size)
	return pos.X - 2
}

// calLink is a small clickable text, like "+3 more".
type calLink struct {
	widget.BaseWidget
	text  *canvas.Text
	onTap func()
}

var _ fyne.Tappable = (*calLink)(nil)

func newCalLink(onTap func()) *calLink {
	t := &calLink{text: canvas.NewText("", theme.Color(theme.ColorNameHyperlink)), onTap: onTap}
	t.text.TextSize = calTextSize()
	t.text.TextStyle = fyne.TextStyle{Bold: true}
	t.ExtendBaseWidget(t)
	return t
}

// SetText changes the text, refreshing only when it differs.
func (t *calLink) SetText(s string) {
	if t.text.Text != s {
		t.text.Text = s
		t.text.Refresh()
	}
}

// Tapped runs onTap.
func (t *calLink) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

// Cursor shows a hand.
func (t *calLink) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer draws the text.
func (t *calLink) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.text) }

// MinSize is the text's size.
func (t *calLink) MinSize() fyne.Size { return t.text.MinSize() }
