package views

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// mediaExtensions are the images and videos the file dialog offers.
var mediaExtensions = []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp4", ".mov", ".m4v", ".webm"}

// attachment is one file of the post: picked now (path) or kept from the post being
// edited (id, a file already in the data folder).
type attachment struct {
	path string
	id   int64
	alt  *widget.Entry // nil for a kept file: its description was given when it was attached
}

// key names the attachment among the post's files.
func (a *attachment) key() string {
	if a.id != 0 {
		return "#" + strconv.FormatInt(a.id, 10)
	}
	return a.path
}

// name is how the attachment is shown.
func (a *attachment) name() string {
	if a.id != 0 {
		return fmt.Sprintf("Saved file %d", a.id)
	}
	return filepath.Base(a.path)
}

// buildMedia is the Attachments section: the button and the list of files.
func (s *composeScreen) buildMedia() fyne.CanvasObject {
	s.attachList = container.NewVBox()
	add := widget.NewButtonWithIcon("Attach…", theme.FileImageIcon(), s.pickFile)
	head := container.NewBorder(nil, nil, subheading("Attachments"), add)
	s.showAttachments()
	return container.NewVBox(widget.NewSeparator(), head, s.attachList)
}

// pickFile opens the file dialog; each pick adds one file.
func (s *composeScreen) pickFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.fail("That file could not be opened: " + err.Error())
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

// attach adds the file at path, once.
func (s *composeScreen) attach(path string) {
	if slices.ContainsFunc(s.attached, func(a *attachment) bool { return a.path == path }) {
		return
	}
	alt := widget.NewEntry()
	alt.SetPlaceHolder("Describe it for people who cannot see it (alt text)")
	s.attached = append(s.attached, &attachment{path: path, alt: alt})
	s.attachmentsChanged()
}

// detach removes one attachment.
func (s *composeScreen) detach(a *attachment) {
	s.attached = slices.DeleteFunc(s.attached, func(x *attachment) bool { return x == a })
	s.attachmentsChanged()
}

func (s *composeScreen) attachmentsChanged() {
	s.showAttachments()
	s.showURLs()
	s.validate()
}

// showAttachments lists the files with their descriptions and remove buttons.
func (s *composeScreen) showAttachments() {
	objs := make([]fyne.CanvasObject, 0, len(s.attached))
	for _, a := range s.attached {
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { s.detach(a) })
		name := widget.NewLabel(a.name())
		name.Truncation = fyne.TextTruncateEllipsis
		var desc fyne.CanvasObject = widget.NewLabel("Kept from the saved post")
		if a.alt != nil {
			desc = a.alt
		}
		objs = append(objs, container.NewBorder(nil, nil, container.NewStack(sizedSpacer(180, 0), name), remove, desc))
	}
	if len(objs) == 0 {
		objs = append(objs, widget.NewLabel("No files. Images and videos are published with the text."))
	}
	s.attachList.Objects = objs
	s.attachList.Refresh()
}

// mediaDraft puts the attachments into d: kept files first, as the core publishes them.
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
