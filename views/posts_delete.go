package views

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// publishedOn names, once each, the networks a post was published to.
func publishedOn(p model.Post) []string {
	var out []string
	for _, t := range p.Targets {
		name := t.Platform.Title()
		if t.Status == model.TargetPublished && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// askDeleteEverywhere offers to delete a published post here only, or from the networks too.
func (s *postsScreen) askDeleteEverywhere(p model.Post, nets []string) {
	msg := wrapped("“"+excerpt(p.Content, 60)+"” was published on "+strings.Join(nets, ", ")+". Delete it from "+
		"there too, or only here (it then stays online and its delivery history is removed)?", widget.MediumImportance)
	var d *dialog.CustomDialog
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	here := widget.NewButtonWithIcon("Delete here only", theme.DeleteIcon(), func() {
		d.Hide()
		s.run(func(ctx context.Context) error { return s.e.core.DeletePost(ctx, p.ID) }, "Deleted here; it stays online.")
	})
	everywhere := widget.NewButtonWithIcon("Delete everywhere", theme.DeleteIcon(), func() {
		d.Hide()
		s.deleteEverywhere(p)
	})
	everywhere.Importance = widget.DangerImportance
	d = dialog.NewCustomWithoutButtons("Delete this post?", container.NewPadded(msg), s.e.win)
	d.SetButtons([]fyne.CanvasObject{cancel, here, everywhere})
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// deleteEverywhere deletes the post from its networks and then here, off the UI goroutine,
// and says what happened on each network.
func (s *postsScreen) deleteEverywhere(p model.Post) {
	say(s.status, widget.MediumImportance, "Deleting from the networks…")
	work(s.e, func(ctx context.Context) (app.RemoteDeletion, error) { return s.e.core.DeletePostEverywhere(ctx, p.ID) },
		func(r app.RemoteDeletion, err error) {
			if err != nil {
				msg := app.UserMessage(err)
				if done := r.Summary(); done != "" {
					msg = done + " " + msg
				}
				say(s.status, widget.DangerImportance, msg)
			} else {
				summary := r.Summary()
				if summary == "" {
					summary = "Deleted."
				}
				say(s.status, widget.SuccessImportance, summary)
			}
			s.reload()
		})
}
