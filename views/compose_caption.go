package views

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// tones are the tones the AI dialog offers, as sent to the core, in display order.
var tones = []string{"friendly", "professional", "playful", "informative"}

// toneLabel is how a tone is offered.
func toneLabel(t string) string {
	switch t {
	case "friendly":
		return lang.L("Friendly")
	case "professional":
		return lang.L("Professional")
	case "playful":
		return lang.L("Playful")
	}
	return lang.L("Informative")
}

// captionLanguages are the languages the AI writes in, as sent to the core.
var captionLanguages = []string{"en", "fr"}

// captionLengths are the optional lengths, as sent to the core ("" lets the model pick).
var captionLengths = []string{"", "short", "medium", "long"}

func lengthLabel(l string) string {
	switch l {
	case "short":
		return lang.L("Short")
	case "medium":
		return lang.L("Medium")
	case "long":
		return lang.L("Long")
	}
	return lang.L("Any length")
}

// captionDialog is "Generate with AI": a form, then the text streaming in with a Cancel
// button, then the alternatives per network to pick from.
type captionDialog struct {
	s        *composeScreen
	networks []model.Platform
	d        *dialog.CustomDialog
	body     *fyne.Container
	topic    *widget.Entry
	tone     *widget.Select
	language *widget.Select
	length   *widget.Select
	status   *widget.Label
	write    *widget.Button
	// streamed shows the text as the AI writes it; cancel stops the request.
	streamed *widget.Label
	cancel   context.CancelFunc
	// uses are the "Use this" buttons by network, in order.
	uses map[model.Platform][]*widget.Button
}

func newCaptionDialog(s *composeScreen, nets []model.Platform) *captionDialog {
	c := &captionDialog{s: s, networks: nets, body: container.NewStack(), status: newStatusLabel()}
	c.d = dialog.NewCustomWithoutButtons(lang.L("Generate with AI"), c.body, s.e.win)
	c.d.SetOnClosed(c.stop)
	c.showForm()
	return c
}

func (c *captionDialog) show() {
	c.d.Resize(fyne.NewSize(620, 520))
	c.d.Show()
}

// stop cancels a request still running (the dialog was closed or Cancel tapped).
func (c *captionDialog) stop() {
	if c.cancel != nil {
		c.cancel()
	}
}

// showForm is the first step: topic, tone, language, length and the networks written for.
func (c *captionDialog) showForm() {
	c.topic = widget.NewMultiLineEntry()
	c.topic.Wrapping = fyne.TextWrapWord
	c.topic.SetPlaceHolder(lang.L("A new sourdough loaf at the bakery, out every Saturday"))
	c.topic.SetMinRowsVisible(3)
	c.tone = selectOf(tones, toneLabel, 0)
	c.language = selectOf(captionLanguages, languageLabel, max(indexOf(captionLanguages, uiLanguage()), 0))
	c.length = selectOf(captionLengths, lengthLabel, 0)
	names := make([]string, len(c.networks))
	for i, p := range c.networks {
		names[i] = p.Title()
	}
	form := widget.NewForm(widget.NewFormItem(lang.L("What is the post about?"), c.topic),
		widget.NewFormItem(lang.L("Tone"), c.tone), widget.NewFormItem(lang.L("Language"), c.language),
		widget.NewFormItem(lang.L("Length"), c.length))
	written := wrappedText(lang.L("Written for {{.Networks}}, with alternatives for each to choose from.",
		map[string]any{"Networks": strings.Join(names, ", ")}))
	c.body.Objects = []fyne.CanvasObject{container.NewVBox(form, written, c.status)}
	c.body.Refresh()
	c.write = widget.NewButtonWithIcon(lang.L("Write the text"), theme.DocumentCreateIcon(), c.start)
	c.write.Importance = widget.HighImportance
	c.d.SetButtons([]fyne.CanvasObject{widget.NewButton(lang.L("Cancel"), c.d.Hide), c.write})
}

// selectOf is a select offering values through label, with index sel selected.
func selectOf(values []string, label func(string) string, sel int) *widget.Select {
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = label(v)
	}
	s := widget.NewSelect(labels, nil)
	s.SetSelectedIndex(sel)
	return s
}

func indexOf(values []string, v string) int {
	for i, x := range values {
		if x == v {
			return i
		}
	}
	return -1
}

func languageLabel(code string) string {
	if code == "fr" {
		return lang.L("French")
	}
	return lang.L("English")
}

// uiLanguage is the window's language code ("en", "fr"), the default language to write in.
func uiLanguage() string { return lang.X("compose.ai.language", "en") }

// request is the form as a caption request.
func (c *captionDialog) request() app.CaptionRequest {
	return app.CaptionRequest{Topic: strings.TrimSpace(c.topic.Text), Tone: tones[max(c.tone.SelectedIndex(), 0)],
		Language: captionLanguages[max(c.language.SelectedIndex(), 0)],
		Length:   captionLengths[max(c.length.SelectedIndex(), 0)], Networks: c.networks}
}

// start checks the form and asks the core, streaming the text into the dialog.
func (c *captionDialog) start() {
	req := c.request()
	if req.Topic == "" {
		say(c.status, widget.DangerImportance, lang.L("Say what the post is about, then try again."))
		return
	}
	c.showStreaming()
	ctx, cancel := context.WithCancel(c.s.e.ctx)
	c.cancel = cancel
	c.s.e.bg(func() {
		res, err := c.s.e.core.GenerateCaption(ctx, req, func(piece string) { fyne.Do(func() { c.appendText(piece) }) })
		cancel()
		fyne.Do(func() { c.finish(res, err) })
	})
}

// showStreaming is the second step: the text as it is written, a progress bar, Cancel.
func (c *captionDialog) showStreaming() {
	c.streamed = widget.NewLabel("")
	c.streamed.Wrapping = fyne.TextWrapWord
	bar := widget.NewProgressBarInfinite()
	box := container.NewVScroll(c.streamed)
	box.SetMinSize(fyne.NewSize(560, 300))
	c.body.Objects = []fyne.CanvasObject{container.NewBorder(
		container.NewVBox(widget.NewLabel(lang.L("The AI is writing…")), bar), nil, nil, nil, box)}
	c.body.Refresh()
	c.d.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), c.stop)})
}

// appendText adds a streamed piece to the box.
func (c *captionDialog) appendText(piece string) {
	if c.streamed != nil {
		c.streamed.SetText(c.streamed.Text + piece)
	}
}

// finish shows the alternatives, or closes the dialog with the reason nothing came.
func (c *captionDialog) finish(res app.CaptionResult, err error) {
	c.cancel = nil
	found := 0
	for _, p := range c.networks {
		found += len(res.Variants[p])
	}
	switch {
	case errors.Is(err, context.Canceled):
		c.d.Hide()
		c.s.aiSays(lang.L("Cancelled: the text was not changed."), nil)
	case found == 0 && err == nil:
		c.d.Hide()
		c.s.aiSays(lang.L("The AI wrote no text for these networks: try again, or say more about the post."), nil)
	case found == 0:
		c.d.Hide()
		c.s.aiSays("", err)
	default:
		c.showResults(res, err)
	}
}

// showResults is the last step: each network's alternatives with a "Use this" button.
func (c *captionDialog) showResults(res app.CaptionResult, err error) {
	c.uses = map[model.Platform][]*widget.Button{}
	list := container.NewVBox()
	if err != nil {
		list.Add(wrapped(app.UserMessage(err), widget.WarningImportance))
	}
	list.Add(wrappedText(c.resultsHint()))
	for _, p := range c.networks {
		if len(res.Variants[p]) == 0 {
			continue
		}
		list.Add(subheading(p.Title()))
		for _, text := range res.Variants[p] {
			list.Add(c.variant(p, text))
		}
	}
	c.body.Objects = []fyne.CanvasObject{container.NewVScroll(list)}
	c.body.Refresh()
	c.d.SetButtons([]fyne.CanvasObject{widget.NewButton(lang.L("Close"), c.d.Hide)})
}

// resultsHint says where a picked text goes.
func (c *captionDialog) resultsHint() string {
	if len(c.networks) == 1 {
		return lang.L("Pick a text: it replaces the text of the post.")
	}
	return lang.L("Pick a text per network: {{.Network}}'s goes to the main text, the others to each account's own text.",
		map[string]any{"Network": c.networks[0].Title()})
}

// variant is one alternative with its "Use this" button.
func (c *captionDialog) variant(p model.Platform, text string) fyne.CanvasObject {
	var use *widget.Button
	use = widget.NewButtonWithIcon(lang.L("Use this"), theme.ConfirmIcon(), func() {
		for _, b := range c.uses[p] {
			b.Enable()
		}
		use.Disable()
		c.s.pickCaption(c.networks[0], p, text)
	})
	c.uses[p] = append(c.uses[p], use)
	return container.NewBorder(nil, widget.NewSeparator(), nil, container.NewVBox(use), wrappedText(text))
}

// wrappedText is a word-wrapped label.
func wrappedText(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
