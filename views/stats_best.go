package views

import (
	"context"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// bestPostsMax is how many best posts the screen lists.
const bestPostsMax = 10

// bestPostRows lists the best posts: the text (opens the post on Posts), network and
// account, views, rate, and a link to the post on its network.
func (s *statsScreen) bestPostRows(posts []bestPost) []fyne.CanvasObject {
	rows := []fyne.CanvasObject{container.NewGridWithColumns(4, bold(lang.L("Post")), bold(lang.L("Network")),
		bold(lang.L("Views")), bold(lang.L("Engagement rate")))}
	for i, p := range posts {
		if i == bestPostsMax {
			break
		}
		rows = append(rows, s.bestPostRow(p))
	}
	return rows
}

// bestPostRow is one best post.
func (s *statsScreen) bestPostRow(p bestPost) fyne.CanvasObject {
	text := excerpt(p.Text, 80)
	if text == "" {
		text = lang.L("(no text)")
	}
	open := widget.NewButton(text, func() { s.openPost(p.PostID) })
	open.Importance = widget.LowImportance
	open.Alignment = widget.ButtonAlignLeading
	where := widget.NewLabel(lang.L("{{.Network}} · {{.Account}}", map[string]any{"Network": p.Network.Title(), "Account": p.Account}))
	where.Truncation = fyne.TextTruncateEllipsis
	rate := container.NewHBox(widget.NewLabel(rateText(p.Rate, p.HasRate)))
	if u, err := url.Parse(p.URL); err == nil && p.URL != "" {
		link := widget.NewHyperlink(lang.L("Open on {{.Network}}", map[string]any{"Network": p.Network.Title()}), u)
		link.OnTapped = func() { s.openLink(p.URL) }
		rate.Add(link)
	}
	return container.NewGridWithColumns(4, open, where, widget.NewLabel(count(p.Views)), rate)
}

// bold is a bold label, for table headers.
func bold(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// openLink opens a permalink in the browser, off the UI goroutine.
func (s *statsScreen) openLink(link string) {
	work(s.e, func(context.Context) (struct{}, error) { return struct{}{}, s.openURL(link) },
		func(_ struct{}, err error) {
			if err != nil {
				message(s.status, err, "")
			}
		})
}
