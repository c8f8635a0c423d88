package views

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// hashtagCount is how many hashtags "Hashtags" asks for.
const hashtagCount = 10

// aiTools is the row of AI buttons with what they answered: a sentence (and the way to
// Settings when the AI failed or is not set up), the hashtags proposed as chips to add,
// the analysis panel and the "Suggest a time" button beside the date.
type aiTools struct {
	generate *widget.Button
	hashtags *widget.Button
	analyze  *widget.Button
	note     *widget.Label
	settings *widget.Button
	chips    *fyne.Container
	panel    *analysisPanel
	caption  *captionDialog
	suggest  *widget.Button
	why      *widget.Label
}

// aiParts returns the screen's AI parts, made on first use (the side column with
// "Suggest a time" is built before the Write tab).
func (s *composeScreen) aiParts() *aiTools {
	if s.ai == nil {
		s.ai = &aiTools{note: newStatusLabel(), chips: container.NewHBox(), why: newStatusLabel()}
	}
	return s.ai
}

// buildAI makes the "Generate with AI", "Hashtags" and "Analyze" buttons and their
// answer area.
func (s *composeScreen) buildAI() fyne.CanvasObject {
	t := s.aiParts()
	t.generate = widget.NewButtonWithIcon(lang.L("Generate with AI"), theme.DocumentCreateIcon(), s.askCaption)
	t.hashtags = widget.NewButton(lang.L("Hashtags"), s.suggestHashtags)
	t.analyze = widget.NewButtonWithIcon(lang.L("Analyze"), theme.SearchIcon(), s.analyzeDraft)
	t.settings = widget.NewButtonWithIcon(lang.L("Open Settings"), theme.SettingsIcon(), func() { s.e.navigate(navSettings) })
	t.settings.Hide()
	t.panel = newAnalysisPanel(s)
	note := container.NewBorder(nil, nil, nil, container.NewHBox(t.settings), t.note)
	return container.NewVBox(container.NewHBox(t.generate, t.hashtags, t.analyze), note,
		container.NewHScroll(t.chips), t.panel.root)
}

// chosenNetworks are the chosen accounts' networks, each once, in display order.
func (s *composeScreen) chosenNetworks() []model.Platform {
	var out []model.Platform
	for _, a := range s.chosen() {
		if !slices.Contains(out, a.Platform) {
			out = append(out, a.Platform)
		}
	}
	return out
}

// aiPlatform is the network to choose hashtags for: the chosen accounts' network when
// they share one, "" otherwise.
func (s *composeScreen) aiPlatform() model.Platform {
	if nets := s.chosenNetworks(); len(nets) == 1 {
		return nets[0]
	}
	return ""
}

// askCaption opens the "Generate with AI" dialog for the chosen accounts' networks.
func (s *composeScreen) askCaption() {
	nets := s.chosenNetworks()
	if len(nets) == 0 {
		s.aiSays(lang.L("Choose at least one account first: the text is written for its network."), nil)
		return
	}
	s.ai.caption = newCaptionDialog(s, nets)
	s.ai.caption.show()
}

// pickCaption puts an alternative written for network p in place: the main text for the
// first network, the own text of the accounts on p for the others.
func (s *composeScreen) pickCaption(first, p model.Platform, text string) {
	if p == first {
		s.text.SetText(text)
	} else {
		if !s.over.toggle.Checked {
			s.over.toggle.SetChecked(true)
		}
		for _, a := range s.chosen() {
			if a.Platform == p {
				s.over.entry(a.ID).SetText(text)
			}
		}
	}
	s.aiSays(lang.L("The AI wrote this text: read it before publishing."), nil)
}

// suggestHashtags asks the core for hashtags off the UI goroutine and shows them as chips.
func (s *composeScreen) suggestHashtags() {
	text, p := s.text.Text, s.aiPlatform()
	if strings.TrimSpace(text) == "" {
		s.aiSays(lang.L("Write the text first: the hashtags are chosen for it."), nil)
		return
	}
	s.aiBusy(true)
	work(s.e, func(ctx context.Context) (app.HashtagSuggestion, error) {
		return s.e.core.SuggestHashtags(ctx, text, p, hashtagCount)
	}, func(h app.HashtagSuggestion, err error) {
		s.aiBusy(false)
		if err != nil {
			s.aiSays("", err)
			return
		}
		s.showChips(h)
	})
}

// showChips offers each hashtag as a button that adds it to the text, saying when they
// are a local suggestion.
func (s *composeScreen) showChips(h app.HashtagSuggestion) {
	s.ai.chips.RemoveAll()
	for _, t := range h.Tags {
		tag := "#" + strings.TrimLeft(strings.TrimSpace(t), "#")
		var chip *widget.Button
		chip = widget.NewButtonWithIcon(tag, theme.ContentAddIcon(), func() {
			s.addHashtag(tag)
			s.ai.chips.Remove(chip)
		})
		s.ai.chips.Add(chip)
	}
	switch {
	case len(h.Tags) == 0 && h.Local:
		s.aiSays(lang.L("Local suggestion — AI is not set up: the text has no keyword to make a hashtag of."), nil)
	case len(h.Tags) == 0:
		s.aiSays(lang.L("The AI proposed no hashtag for this text."), nil)
	case h.Local:
		s.aiSays(lang.L("Local suggestion — AI is not set up: these come from your text's own words. Tap one to add it."), nil)
	default:
		s.aiSays(lang.L("Tap a hashtag to add it to the text."), nil)
	}
	if h.Local {
		s.ai.settings.Show()
	}
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
	for _, b := range []*widget.Button{s.ai.generate, s.ai.hashtags, s.ai.panel.ask} {
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
