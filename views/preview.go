package views

import (
	"image/color"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/rivo/uniseg"

	"webox-social/app"
	"webox-social/services/model"
)

// Sizes of pictures in the composer: a row's thumbnail, a preview's image, the avatar.
const (
	thumbSize        = 64
	previewImageSize = 220
	previewAvatar    = 40
	previewWidth     = 560
)

// thumbExtensions are the images Fyne draws (others show an icon).
var thumbExtensions = []string{".jpg", ".jpeg", ".png", ".gif", ".webp"}

// previewMarks finds what networks show in colour: links and hashtags.
var previewMarks = regexp.MustCompile(`https?://[^\s]+[^\s.,;:!?)'"]|#[\p{L}\p{N}_]+`)

// thumbnail is a square picture of the attachment: the image itself, or for a video
// (or a file Fyne cannot draw) an icon, with the video's running time when known.
func thumbnail(a *attachment, side float32) fyne.CanvasObject {
	box := container.NewStack(sizedSpacer(side, side))
	path := a.file()
	switch {
	case a.video():
		box.Add(widget.NewIcon(theme.MediaVideoIcon()))
		if a.facts != nil && a.facts.DurationMS > 0 {
			l := widget.NewLabelWithStyle(duration(a.facts.DurationMS), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
			box.Add(container.NewBorder(nil, l, nil, nil))
		}
	case path != "" && slices.Contains(thumbExtensions, strings.ToLower(filepath.Ext(path))):
		img := canvas.NewImageFromFile(path)
		img.FillMode, img.ScaleMode = canvas.ImageFillContain, canvas.ImageScaleSmooth
		box.Add(img)
	default:
		box.Add(widget.NewIcon(theme.FileImageIcon()))
	}
	return box
}

// buildPreview is the Preview tab's content, filled by showPreview.
func (s *composeScreen) buildPreview() fyne.CanvasObject {
	s.preview = container.NewVBox()
	return container.NewVScroll(container.NewPadded(s.preview))
}

// showPreview draws one card per chosen account approximating how its network shows
// the post: avatar, name and handle, the text it gets with links in colour and the part
// past the limit in red, and the first attachment with the number of files.
func (s *composeScreen) showPreview() {
	d, accs := s.draft(), s.chosen()
	objs := make([]fyne.CanvasObject, 0, len(accs))
	for _, a := range accs {
		objs = append(objs, capped(previewWidth, s.previewCard(d, a)))
	}
	if len(objs) == 0 {
		objs = append(objs, emptyState(lang.L("Nothing to preview yet"),
			lang.L("Choose the accounts to publish to: a preview of the post on each network appears here.")))
	}
	s.preview.Objects = objs
	s.preview.Refresh()
}

// previewCard is the post as account a would publish it.
func (s *composeScreen) previewCard(d app.Draft, a model.Account) fyne.CanvasObject {
	body := model.ComposeText(d.Content, d.Hashtags, d.Overrides[a.ID])
	cut := fitting(body, a)
	text := widget.NewRichText(previewSegments(body, cut)...)
	text.Wrapping = fyne.TextWrapWord
	parts := []fyne.CanvasObject{previewHeader(a), text}
	if cut < len(body) {
		parts = append(parts, wrapped(lang.L("The part in red is past {{.Network}}'s limit: shorten the text.",
			map[string]any{"Network": a.Platform.Title()}), widget.DangerImportance))
	}
	if len(s.attached) > 0 {
		parts = append(parts, s.previewMedia())
	}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.Padding() * 2
	return container.NewStack(bg, container.NewPadded(container.NewVBox(parts...)))
}

// previewHeader is the avatar (a disc with the name's initial in the network's colour),
// the name and the handle on the network.
func previewHeader(a model.Account) fyne.CanvasObject {
	name := a.Name
	if name == "" {
		name = a.Handle
	}
	fill := color.Color(color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xFF})
	if b, ok := brands[a.Platform]; ok {
		fill = b.fill
	}
	initial := canvas.NewText(strings.ToUpper(firstGrapheme(name)), color.White)
	initial.TextStyle, initial.TextSize = fyne.TextStyle{Bold: true}, theme.TextSize()*1.2
	avatar := container.NewStack(sizedSpacer(previewAvatar, previewAvatar), canvas.NewCircle(fill), container.NewCenter(initial))
	title := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	handle := widget.NewLabel(lang.L("{{.Handle}} on {{.Network}}", map[string]any{"Handle": a.Handle, "Network": a.Platform.Title()}))
	handle.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, container.NewCenter(avatar), nil, container.NewVBox(title, handle))
}

// previewMedia is the first attachment, with how many files the post carries.
func (s *composeScreen) previewMedia() fyne.CanvasObject {
	first := container.NewCenter(thumbnail(s.attached[0], previewImageSize))
	if len(s.attached) == 1 {
		return first
	}
	count := widget.NewLabel(lang.L("1 of {{.Count}}: the other files follow as a carousel or gallery.",
		map[string]any{"Count": len(s.attached)}))
	count.Importance = widget.LowImportance
	return container.NewVBox(first, count)
}

// firstGrapheme is the first character of s as a reader sees it ("?" for an empty s).
func firstGrapheme(s string) string {
	g := uniseg.NewGraphemes(strings.TrimSpace(s))
	if !g.Next() {
		return "?"
	}
	return g.Str()
}

// fitting is the length in bytes of the longest start of body within account a's
// network limit, counted as the network counts; len(body) when it all fits.
func fitting(body string, a model.Account) int {
	over := func(t string) bool {
		return app.DraftCounters(app.Draft{Content: t}, []model.Account{a})[0].Count.Over()
	}
	if !over(body) {
		return len(body)
	}
	var ends []int
	g := uniseg.NewGraphemes(body)
	for g.Next() {
		_, end := g.Positions()
		ends = append(ends, end)
	}
	i := sort.Search(len(ends), func(i int) bool { return over(body[:ends[i]]) })
	if i == 0 {
		return 0
	}
	return ends[i-1]
}

// previewSegments splits body into styled runs: links and hashtags in the link
// colour, everything from cut on in the error colour.
func previewSegments(body string, cut int) []widget.RichTextSegment {
	bounds := []int{0, len(body), cut}
	marks := previewMarks.FindAllStringIndex(body, -1)
	for _, m := range marks {
		bounds = append(bounds, m[0], m[1])
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	var segs []widget.RichTextSegment
	for i := 0; i+1 < len(bounds); i++ {
		from, to := bounds[i], bounds[i+1]
		if from >= len(body) {
			break
		}
		style := widget.RichTextStyleInline
		switch {
		case from >= cut:
			style.ColorName = theme.ColorNameError
		case slices.ContainsFunc(marks, func(m []int) bool { return from >= m[0] && to <= m[1] }):
			style.ColorName = theme.ColorNameHyperlink
		}
		segs = append(segs, &widget.TextSegment{Text: body[from:to], Style: style})
	}
	return segs
}
