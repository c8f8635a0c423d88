package views

import (
	"context"
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

// aiTools is the row of AI buttons with what they answered: a sentence (and the way to
// Settings when the AI failed) and the hashtags proposed, as chips to add.
type aiTools struct {
	generate *widget.Button
	hashtags *widget.Button
	note     *widget.Label
	settings *widget.Button
	chips    *fyne.Container
}

// buildAI makes the "Generate with AI" and "Hashtags" buttons and their answer area.
func (s *composeScreen) buildAI() fyne.CanvasObject {
	t := &aiTools{note: newStatusLabel(), chips: container.NewHBox()}
	t.generate = widget.NewButtonWithIcon(lang.L("Generate with AI"), theme.DocumentCreateIcon(), s.askCaption)
	t.hashtags = widget.NewButton(lang.L("Hashtags"), s.suggestHashtags)
	t.settings = widget.NewButtonWithIcon(lang.L("Open Settings"), theme.SettingsIcon(), func() { s.e.navigate(navSettings) })
	t.settings.Hide()
	s.ai = t
	note := container.NewBorder(nil, nil, nil, container.NewHBox(t.settings), t.note)
	return container.NewVBox(container.NewHBox(t.generate, t.hashtags), note, container.NewHScroll(t.chips))
}

// askCaption opens the dialog that asks what the post is about and its tone.
func (s *composeScreen) askCaption() {
	about := widget.NewMultiLineEntry()
	about.Wrapping = fyne.TextWrapWord
	about.SetPlaceHolder(lang.L("A new sourdough loaf at the bakery, out every Saturday"))
	about.SetMinRowsVisible(3)
	labels := make([]string, len(tones))
	for i, t := range tones {
		labels[i] = toneLabel(t)
	}
	tone := widget.NewSelect(labels, nil)
	tone.SetSelectedIndex(0)
	items := []*widget.FormItem{widget.NewFormItem(lang.L("What is the post about?"), about),
		widget.NewFormItem(lang.L("Tone"), tone)}
	d := dialog.NewForm(lang.L("Generate with AI"), lang.L("Write the text"), lang.L("Cancel"), items, func(ok bool) {
		if ok {
			s.generateCaption(about.Text, tones[max(tone.SelectedIndex(), 0)])
		}
	}, s.e.win)
	d.Resize(fyne.NewSize(520, 300))
	d.Show()
}

// aiPlatform is the network to write for: the chosen accounts' network when they share
// one, "" otherwise.
func (s *composeScreen) aiPlatform() model.Platform {
	var p model.Platform
	for i, a := range s.chosen() {
		if i > 0 && a.Platform != p {
			return ""
		}
		p = a.Platform
	}
	return p
}

// generateCaption asks the core for a text off the UI goroutine and puts it in the editor.
func (s *composeScreen) generateCaption(about, tone string) {
	if strings.TrimSpace(about) == "" {
		s.aiSays(lang.L("Say what the post is about, then try again."), nil)
		return
	}
	req := app.CaptionRequest{Prompt: about, Tone: tone, Platform: s.aiPlatform()}
	s.aiBusy(true)
	work(s.e, func(ctx context.Context) (string, error) { return s.e.core.GenerateCaption(ctx, req) },
		func(text string, err error) {
			s.aiBusy(false)
			if err != nil {
				s.aiSays("", err)
				return
			}
			s.text.SetText(text)
			s.aiSays(lang.L("The AI wrote this text: read it before publishing."), nil)
		})
}

// suggestHashtags asks the core for hashtags off the UI goroutine and shows them as chips.
func (s *composeScreen) suggestHashtags() {
	text, p := s.text.Text, s.aiPlatform()
	if strings.TrimSpace(text) == "" {
		s.aiSays(lang.L("Write the text first: the hashtags are chosen for it."), nil)
		return
	}
	s.aiBusy(true)
	work(s.e, func(ctx context.Context) ([]string, error) { return s.e.core.SuggestHashtags(ctx, text, p) },
		func(tags []string, err error) {
			s.aiBusy(false)
			if err != nil {
				s.aiSays("", err)
				return
			}
			s.showChips(tags)
		})
}

// showChips offers each hashtag as a button that adds it to the text.
func (s *composeScreen) showChips(tags []string) {
	s.ai.chips.RemoveAll()
	for _, t := range tags {
		tag := "#" + strings.TrimLeft(strings.TrimSpace(t), "#")
		var chip *widget.Button
		chip = widget.NewButtonWithIcon(tag, theme.ContentAddIcon(), func() {
			s.addHashtag(tag)
			s.ai.chips.Remove(chip)
		})
		s.ai.chips.Add(chip)
	}
	if len(tags) == 0 {
		s.aiSays(lang.L("The AI proposed no hashtag for this text."), nil)
		return
	}
	s.aiSays(lang.L("Tap a hashtag to add it to the text."), nil)
}

// addHashtag appends tag to the main text, on a line of hashtags at the end.
func (s *composeScreen) addHashtag(tag string) {
	t := strings.TrimRight(s.text.Text, " \t\n")
	switch {
	case t == "":
		t = tag
	case strings.HasPrefix(lastLine(t), "#"):
		t += " " + tag
	default:
		t += "\n\n" + tag
	}
	s.text.SetText(t)
}

func lastLine(t string) string { return t[strings.LastIndex(t, "\n")+1:] }

// aiSays shows msg, or err's sentence with the way to Settings where the AI is set up.
func (s *composeScreen) aiSays(msg string, err error) {
	if err != nil {
		say(s.ai.note, widget.WarningImportance, app.UserMessage(err))
		s.ai.settings.Show()
		return
	}
	say(s.ai.note, widget.MediumImportance, msg)
	s.ai.settings.Hide()
}

// aiBusy disables the AI buttons while the core answers.
func (s *composeScreen) aiBusy(busy bool) {
	for _, b := range []*widget.Button{s.ai.generate, s.ai.hashtags} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if busy {
		s.aiSays(lang.L("Asking the AI…"), nil)
	}
}
