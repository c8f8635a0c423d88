package views

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

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

// mediaExtensions are the images and videos the file dialog offers and drops accept.
var mediaExtensions = []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp4", ".mov", ".m4v", ".webm"}

// videoExtensions are the mediaExtensions that are videos.
var videoExtensions = []string{".mp4", ".mov", ".m4v", ".webm"}

// attachment is one file of the post: picked now (path) or kept from the post being
// edited (id, a file already in the data folder).
type attachment struct {
	path string
	id   int64
	alt  *composeEntry // nil for a kept file: its description was given when it was attached
	// facts is what the core read from the file (nil until then); problem is why it
	// could not be read.
	facts   *model.Media
	problem string
}

// key names the attachment among the post's files.
func (a *attachment) key() string {
	if a.id != 0 {
		return "#" + strconv.FormatInt(a.id, 10)
	}
	return a.path
}

// file is where the attachment's content is: the picked file, or the copy in the data
// folder once it is known ("" before).
func (a *attachment) file() string {
	if a.id == 0 {
		return a.path
	}
	if a.facts != nil {
		return a.facts.Path
	}
	return ""
}

// video reports whether the attachment is a video, from what was read or its extension.
func (a *attachment) video() bool {
	if a.facts != nil && a.facts.Mime != "" {
		return strings.HasPrefix(a.facts.Mime, "video/")
	}
	return slices.Contains(videoExtensions, strings.ToLower(filepath.Ext(a.file())))
}

// name is how the attachment is shown: the file's name, or for a kept file its kind.
func (a *attachment) name() string {
	switch {
	case a.id == 0:
		return filepath.Base(a.path)
	case a.facts == nil:
		return lang.L("Saved file")
	case a.video():
		return lang.L("Saved video")
	}
	return lang.L("Saved image")
}

// buildMedia is the Attachments section: the button and the list of files.
func (s *composeScreen) buildMedia() fyne.CanvasObject {
	s.attachList = container.NewVBox()
	add := widget.NewButtonWithIcon(lang.L("Attach…"), theme.FileImageIcon(), s.pickFile)
	head := container.NewBorder(nil, nil, subheading(lang.L("Attachments")), add)
	s.showAttachments()
	return container.NewVBox(widget.NewSeparator(), head, s.attachList)
}

// pickFile opens the file dialog; each pick adds one file.
func (s *composeScreen) pickFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.fail(lang.L("That file could not be opened: {{.Error}}", map[string]any{"Error": err.Error()}))
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		if err := r.Close(); err != nil {
			s.e.log.Warn("views: close the picked file", "err", err)
		}
		s.attach(path)
	}, s.e.win)
	d.SetFilter(storage.NewExtensionFileFilter(mediaExtensions))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// dropped attaches the files dropped on the window, switching to Compose first.
func (u *UI) dropped(_ fyne.Position, uris []fyne.URI) {
	u.navigate(navCompose)
	if s, ok := u.screens[u.current].(*composeScreen); ok {
		s.attachDropped(uris)
	}
}

// attachDropped attaches the dropped images and videos and says which items were left out.
func (s *composeScreen) attachDropped(uris []fyne.URI) {
	var refused []string
	for _, u := range uris {
		if u.Scheme() != "file" || !slices.Contains(mediaExtensions, strings.ToLower(u.Extension())) {
			refused = append(refused, u.Name())
			continue
		}
		s.attach(u.Path())
	}
	if len(refused) > 0 {
		say(s.status, widget.WarningImportance, lang.L("Only images and videos can be attached; left out: {{.Names}}.",
			map[string]any{"Names": strings.Join(refused, ", ")}))
	}
}

// attach adds the file at path, once, and reads it off the UI goroutine for its thumbnail.
func (s *composeScreen) attach(path string) {
	if slices.ContainsFunc(s.attached, func(a *attachment) bool { return a.path == path }) {
		return
	}
	alt := newComposeEntry(s.onShortcut)
	alt.SetPlaceHolder(lang.L("Describe it for people who cannot see it (alt text)"))
	a := &attachment{path: path, alt: alt}
	s.attached = append(s.attached, a)
	s.attachmentsChanged()
	core := s.e.core
	work(s.e, func(context.Context) (model.Media, error) { return core.ProbeMedia(path) }, func(m model.Media, err error) {
		if err != nil {
			a.problem = app.UserMessage(err)
		} else {
			a.facts = &m
		}
		s.showAttachments()
	})
}

// loadKept reads an edited post's files from the data folder (kind, picture size, alt
// text) off the UI goroutine and shows them.
func (s *composeScreen) loadKept(kept []*attachment) {
	ids := make([]int64, 0, len(kept))
	for _, a := range kept {
		ids = append(ids, a.id)
	}
	if len(ids) == 0 {
		return
	}
	work(s.e, func(ctx context.Context) ([]model.Media, error) { return s.e.core.Media(ctx, ids) },
		func(media []model.Media, err error) {
			for _, a := range kept {
				if err != nil {
					a.problem = app.UserMessage(err)
				}
				for _, m := range media {
					if m.ID == a.id {
						a.facts = &m
					}
				}
			}
			s.showAttachments()
		})
}

// detach removes one attachment.
func (s *composeScreen) detach(a *attachment) {
	s.attached = slices.DeleteFunc(s.attached, func(x *attachment) bool { return x == a })
	s.attachmentsChanged()
}

// canMove reports whether attachment i can swap places with j: kept files are published
// before the new ones, so each kind moves among its own.
func (s *composeScreen) canMove(i, j int) bool {
	return i >= 0 && j >= 0 && i < len(s.attached) && j < len(s.attached) &&
		(s.attached[i].id == 0) == (s.attached[j].id == 0)
}

// move swaps attachment i with j, when allowed.
func (s *composeScreen) move(i, j int) {
	if !s.canMove(i, j) {
		return
	}
	s.attached[i], s.attached[j] = s.attached[j], s.attached[i]
	s.attachmentsChanged()
}

func (s *composeScreen) attachmentsChanged() {
	s.showAttachments()
	s.showURLs()
	s.validate()
}

// showAttachments lists the files with thumbnails, what they are, their descriptions and
// the buttons that move and remove them.
func (s *composeScreen) showAttachments() {
	objs := make([]fyne.CanvasObject, 0, len(s.attached))
	for i, a := range s.attached {
		objs = append(objs, s.attachmentRow(i, a))
	}
	if len(objs) == 0 {
		objs = append(objs, widget.NewLabel(lang.L("No files. Attach images or videos, or drop them on the window.")))
	}
	if len(objs) > 1 {
		hint := widget.NewLabel(lang.L("Files are published in this order: the arrows move a file up or down, the bin removes it."))
		hint.Importance, hint.Wrapping = widget.LowImportance, fyne.TextWrapWord
		objs = append(objs, hint)
	}
	s.attachList.Objects = objs
	s.attachList.Refresh()
}

// attachmentRow is one file: thumbnail, name and facts, alt text, up, down and remove.
func (s *composeScreen) attachmentRow(i int, a *attachment) fyne.CanvasObject {
	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { s.move(i, i-1) })
	down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { s.move(i, i+1) })
	if !s.canMove(i, i-1) {
		up.Disable()
	}
	if !s.canMove(i, i+1) {
		down.Disable()
	}
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { s.detach(a) })
	name := widget.NewLabelWithStyle(a.name(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	info := widget.NewLabel(mediaFacts(a))
	if a.problem != "" {
		info = wrapped(a.problem, widget.WarningImportance)
	}
	var desc fyne.CanvasObject = a.alt
	if a.alt == nil {
		desc = wrapped(keptAlt(a), widget.MediumImportance)
	}
	about := container.NewStack(sizedSpacer(200, 0), container.NewVBox(name, info))
	left := container.NewHBox(thumbnail(a, thumbSize), about)
	return container.NewBorder(nil, nil, left, container.NewHBox(up, down, remove), container.NewCenter(desc))
}

// keptAlt is how a kept file's description is shown.
func keptAlt(a *attachment) string {
	if a.facts == nil || a.facts.AltText == "" {
		return lang.L("Kept from the saved post, without alt text.")
	}
	return lang.L("Alt text: {{.Text}}", map[string]any{"Text": a.facts.AltText})
}

// mediaFacts describes what was read from a file: "Video, 0:42, 1920×1080, 12.4 MB".
func mediaFacts(a *attachment) string {
	m := a.facts
	switch {
	case m == nil:
		return lang.L("Reading the file…")
	case a.video():
		return lang.L("Video, {{.Duration}}, {{.Width}}×{{.Height}}, {{.Size}}", map[string]any{
			"Duration": duration(m.DurationMS), "Width": m.Width, "Height": m.Height, "Size": fileSize(m.Size)})
	}
	return lang.L("Image, {{.Width}}×{{.Height}}, {{.Size}}",
		map[string]any{"Width": m.Width, "Height": m.Height, "Size": fileSize(m.Size)})
}

// duration writes a running time as m:ss, or h:mm:ss from an hour.
func duration(ms int64) string {
	sec := ms / 1000
	if sec >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
	}
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}

// fileSize writes a size in bytes as KB, MB or GB with one decimal, in the user's
// language ("1.5 MB", « 1,5 Mo »).
func fileSize(n int64) string {
	const unit = 1000
	switch {
	case n < unit*unit:
		return lang.L("{{.Size}} KB", map[string]any{"Size": decimalText(float64(n) / unit)})
	case n < unit*unit*unit:
		return lang.L("{{.Size}} MB", map[string]any{"Size": decimalText(float64(n) / (unit * unit))})
	}
	return lang.L("{{.Size}} GB", map[string]any{"Size": decimalText(float64(n) / (unit * unit * unit))})
}

// decimalText writes v with one decimal and the user's decimal separator.
func decimalText(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", lang.X("number.decimal_separator", "."), 1)
}

// mediaDraft puts the attachments into d in the order shown: kept files first, as the
// core publishes them.
func (s *composeScreen) mediaDraft(d *app.Draft) {
	for _, a := range s.attached {
		if a.id != 0 {
			d.MediaIDs = append(d.MediaIDs, a.id)
			continue
		}
		d.MediaPaths = append(d.MediaPaths, a.path)
		if alt := strings.TrimSpace(a.alt.Text); alt != "" {
			if d.AltTexts == nil {
				d.AltTexts = map[string]string{}
			}
			d.AltTexts[a.path] = alt
		}
	}
}

// keptAttachments are an edited post's files, shown as kept.
func keptAttachments(ids []int64) []*attachment {
	out := make([]*attachment, 0, len(ids))
	for _, id := range ids {
		out = append(out, &attachment{id: id})
	}
	return out
}
