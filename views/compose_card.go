package views

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/rivo/uniseg"

	"webox-social/app"
	"webox-social/services/model"
)

// youtubeTitleLimit is YouTube's limit on a video title, in characters.
const youtubeTitleLimit = 100

// threadSeparator is the line that separates the follow-up posts of a thread.
const threadSeparator = "---"

// netOptions is one network's card of choices; they apply to each chosen account of that
// network. Fields are nil when the network does not offer the choice.
type netOptions struct {
	s      *composeScreen
	p      model.Platform
	traits app.Traits
	root   fyne.CanvasObject

	title      *widget.Entry
	titleCount *widget.Label
	tags       *widget.Entry
	thread     *widget.Entry
	format     *widget.RadioGroup
	inbox      *widget.Check
	native     *widget.Check
	// comments, duet and stitch are TikTok's interaction settings, allowed when checked.
	comments, duet, stitch *widget.Check

	privacy *privacyChoice

	// urlBox holds one address entry per attachment, shown while no media host is set up.
	urlBox *fyne.Container
	urls   map[string]string // address by attachment key
	// urlKeys are the attachments the entries were built for.
	urlKeys string
}

// newNetOptions builds network p's card from its traits.
func newNetOptions(s *composeScreen, p model.Platform, t app.Traits) *netOptions {
	n := &netOptions{s: s, p: p, traits: t, urls: map[string]string{}, urlBox: container.NewVBox()}
	n.urlBox.Hide()
	form := widget.NewForm()
	n.addText(form)
	n.addChoices(form)
	body := container.NewVBox(form)
	for _, c := range []*widget.Check{n.inbox, n.comments, n.duet, n.stitch, n.native} {
		if c != nil {
			body.Add(c)
		}
	}
	body.Add(n.urlBox)
	n.root = widget.NewCard(p.Title(), "", body)
	return n
}

// addText adds the title, tags and thread entries the network offers.
func (n *netOptions) addText(form *widget.Form) {
	if n.traits.Title {
		n.title, n.titleCount = widget.NewEntry(), widget.NewLabel("")
		n.title.SetPlaceHolder(lang.L("The post's first line when empty"))
		n.title.OnChanged = func(string) { n.countTitle(); n.s.textChanged() }
		n.countTitle()
		form.Append(lang.L("Title"), container.NewBorder(nil, nil, nil, n.titleCount, n.title))
	}
	if n.traits.Tags {
		n.tags = widget.NewEntry()
		n.tags.SetPlaceHolder(lang.L("Comma separated: travel, food"))
		form.Append(lang.L("Tags"), n.tags)
	}
	if n.traits.Thread {
		n.thread = widget.NewMultiLineEntry()
		n.thread.Wrapping = fyne.TextWrapWord
		n.thread.SetPlaceHolder(lang.L("Follow-up posts, separated by a line with {{.Separator}}", map[string]any{"Separator": threadSeparator}))
		n.thread.SetMinRowsVisible(3)
		n.thread.OnChanged = func(string) { n.s.textChanged() }
		item := widget.NewFormItem(lang.L("Thread"), n.thread)
		item.HintText = lang.L("Published as replies under the post, in order.")
		form.AppendItem(item)
	}
}

// addChoices adds privacy, format, TikTok's interaction settings and native scheduling.
func (n *netOptions) addChoices(form *widget.Form) {
	if len(n.traits.Privacy) > 0 || n.traits.AskPrivacy {
		n.privacy = newPrivacyChoice(n)
		form.Append(lang.L("Who can see it"), n.privacy.root)
	}
	if slices.Contains(n.traits.Formats, "inbox") {
		n.inbox = widget.NewCheck(lang.L("Send to my {{.Network}} inbox to finish in the app", map[string]any{"Network": n.p.Title()}), func(bool) { n.s.validate() })
	} else if len(n.traits.Formats) > 0 {
		labels := make([]string, len(n.traits.Formats))
		for i, f := range n.traits.Formats {
			labels[i] = formatLabel(f)
		}
		n.format = widget.NewRadioGroup(labels, func(string) { n.s.validate() })
		n.format.Horizontal, n.format.Required = true, true
		n.format.Selected = labels[0]
		form.Append(lang.L("Publish as"), n.format)
	}
	if n.p == model.TikTok {
		n.comments = widget.NewCheck(lang.L("Allow comments"), nil)
		n.duet = widget.NewCheck(lang.L("Allow duets"), nil)
		n.stitch = widget.NewCheck(lang.L("Allow stitches"), nil)
		n.comments.Checked, n.duet.Checked, n.stitch.Checked = true, true, true
	}
	if n.traits.NativeScheduling {
		n.native = widget.NewCheck(lang.L("Let {{.Network}} publish it at that time (works with this computer off)", map[string]any{"Network": n.p.Title()}), nil)
	}
}

// formatLabel is how a TargetOptions.Format value is offered.
func formatLabel(f string) string {
	switch f {
	case "feed":
		return lang.L("Feed post")
	case "reel":
		return lang.L("Reel")
	case "story":
		return lang.L("Story")
	case "direct":
		return lang.L("Post directly")
	}
	return humanize(f)
}

// countTitle shows how much of YouTube's title limit the title uses.
func (n *netOptions) countTitle() {
	used := uniseg.GraphemeClusterCount(n.title.Text)
	n.titleCount.SetText(fmt.Sprintf("%d/%d", used, youtubeTitleLimit))
	n.titleCount.Importance = widget.MediumImportance
	if used > youtubeTitleLimit {
		n.titleCount.Importance = widget.DangerImportance
	}
	n.titleCount.Refresh()
}

// read returns the card's choices for attachments in publishing order.
func (n *netOptions) read(attached []*attachment) model.TargetOptions {
	var o model.TargetOptions
	if n.title != nil {
		o.Title = strings.TrimSpace(n.title.Text)
	}
	if n.tags != nil {
		o.Tags = splitTags(n.tags.Text)
	}
	if n.thread != nil {
		o.Thread = splitThread(n.thread.Text)
	}
	if n.privacy != nil {
		o.Privacy = n.privacy.value()
	}
	n.readFormat(&o)
	if n.comments != nil {
		o.DisableComments, o.DisableDuet, o.DisableStitch = !n.comments.Checked, !n.duet.Checked, !n.stitch.Checked
	}
	if n.native != nil {
		o.Native = n.native.Checked
	}
	if n.urlBox.Visible() {
		o.MediaURLs = n.readURLs(attached)
	}
	return o
}

func (n *netOptions) readFormat(o *model.TargetOptions) {
	switch {
	case n.inbox != nil && n.inbox.Checked:
		o.Format = "inbox"
	case n.inbox != nil:
		o.Format = n.traits.Formats[0]
	case n.format != nil:
		for i, f := range n.traits.Formats {
			if formatLabel(f) == n.format.Selected {
				o.Format = n.traits.Formats[i]
			}
		}
	}
}

// load shows an edited post's choices.
func (n *netOptions) load(o model.TargetOptions, attached []*attachment) {
	if n.title != nil {
		n.title.SetText(o.Title)
	}
	if n.tags != nil {
		n.tags.SetText(strings.Join(o.Tags, ", "))
	}
	if n.thread != nil {
		n.thread.SetText(strings.Join(o.Thread, "\n"+threadSeparator+"\n"))
	}
	if n.privacy != nil {
		n.privacy.want(o.Privacy)
	}
	if n.inbox != nil {
		n.inbox.SetChecked(o.Format == "inbox")
	}
	if n.format != nil && o.Format != "" {
		n.format.SetSelected(formatLabel(o.Format))
	}
	if n.comments != nil {
		n.comments.SetChecked(!o.DisableComments)
		n.duet.SetChecked(!o.DisableDuet)
		n.stitch.SetChecked(!o.DisableStitch)
	}
	if n.native != nil {
		n.native.SetChecked(o.Native)
	}
	for i, u := range o.MediaURLs {
		if i < len(attached) {
			n.urls[attached[i].key()] = u
		}
	}
}

// splitTags reads comma-separated tags; nil when there are none.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// splitThread reads follow-up posts separated by a line holding only "---"; nil when
// there are none.
func splitThread(s string) []string {
	var out []string
	var cur []string
	flush := func() {
		if part := strings.TrimSpace(strings.Join(cur, "\n")); part != "" {
			out = append(out, part)
		}
		cur = nil
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == threadSeparator {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}
