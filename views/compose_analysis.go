package views

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// analysisPanel is "Analyze": the local report's findings with their level, and "Ask AI
// for rewrites" whose rewrites can replace the text. Hidden until asked for.
type analysisPanel struct {
	s        *composeScreen
	root     *fyne.Container
	findings *fyne.Container
	ask      *widget.Button
	feedback *fyne.Container
}

func newAnalysisPanel(s *composeScreen) *analysisPanel {
	p := &analysisPanel{s: s, findings: container.NewVBox(), feedback: container.NewVBox()}
	p.ask = widget.NewButtonWithIcon(lang.L("Ask AI for rewrites"), theme.DocumentCreateIcon(), p.askAI)
	hide := widget.NewButtonWithIcon(lang.L("Hide"), theme.CancelIcon(), func() { p.root.Hide() })
	head := container.NewBorder(nil, nil, nil, hide, subheading(lang.L("Analysis")))
	p.root = container.NewVBox(widget.NewSeparator(), head, p.findings, container.NewHBox(p.ask), p.feedback)
	p.root.Hide()
	return p
}

// analyzeDraft runs the local analysis of the form off the UI goroutine.
func (s *composeScreen) analyzeDraft() {
	d, accs := s.draft(), s.chosen()
	s.ai.analyze.Disable()
	work(s.e, func(ctx context.Context) (app.Report, error) { return s.e.core.Analyze(ctx, d, accs) },
		func(r app.Report, err error) {
			s.ai.analyze.Enable()
			if err != nil {
				s.aiSays("", err)
				return
			}
			s.ai.panel.show(r)
		})
}

// show lists the findings, worst first as the report orders them, and clears older
// AI feedback.
func (p *analysisPanel) show(r app.Report) {
	p.findings.RemoveAll()
	p.feedback.RemoveAll()
	for _, f := range r.Items {
		p.findings.Add(container.NewBorder(nil, nil, levelIcon(f.Level), nil, wrappedText(f.Message)))
	}
	if len(r.Items) == 0 {
		p.findings.Add(wrappedText(lang.L("Nothing to report: the text suits the chosen networks.")))
	}
	p.root.Show()
	p.root.Refresh()
}

// levelIcon shows a finding's level: a tick, a warning sign or an error sign, coloured.
func levelIcon(level string) fyne.CanvasObject {
	switch level {
	case app.LevelProblem:
		return widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon()))
	case app.LevelWarn:
		return widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	}
	return widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
}

// askAI asks the AI for its opinion of the main text and rewrites, off the UI goroutine.
func (p *analysisPanel) askAI() {
	text, nets := p.s.text.Text, p.s.chosenNetworks()
	if strings.TrimSpace(text) == "" {
		p.s.aiSays(lang.L("Write the text first: the AI gives its opinion of it."), nil)
		return
	}
	p.s.aiBusy(true)
	work(p.s.e, func(ctx context.Context) (app.Feedback, error) { return p.s.e.core.AIFeedback(ctx, text, nets) },
		func(fb app.Feedback, err error) {
			p.s.aiBusy(false)
			if err != nil {
				p.s.aiSays("", err)
				return
			}
			p.s.aiSays("", nil)
			p.showFeedback(fb)
		})
}

// showFeedback shows the AI's summary and each rewrite with a button that uses it.
func (p *analysisPanel) showFeedback(fb app.Feedback) {
	p.feedback.RemoveAll()
	if fb.Summary != "" {
		p.feedback.Add(wrappedText(fb.Summary))
	}
	for _, r := range fb.Rewrites {
		use := widget.NewButtonWithIcon(lang.L("Use this rewrite"), theme.ConfirmIcon(), func() {
			p.s.text.SetText(r)
			p.s.aiSays(lang.L("The AI wrote this text: read it before publishing."), nil)
		})
		p.feedback.Add(container.NewBorder(nil, nil, nil, container.NewVBox(use), wrappedText(r)))
	}
	if len(fb.Rewrites) == 0 {
		p.feedback.Add(wrappedText(lang.L("The AI proposed no rewrite.")))
	}
	p.root.Refresh()
}

// buildSuggest is "Suggest a time" under the date and time, with why it picked the time.
func (s *composeScreen) buildSuggest() fyne.CanvasObject {
	t := s.aiParts()
	t.suggest = widget.NewButtonWithIcon(lang.L("Suggest a time"), theme.HistoryIcon(), s.suggestTime)
	return container.NewVBox(container.NewHBox(t.suggest), t.why)
}

// suggestTime asks the core for the best time of the chosen accounts and fills it in.
func (s *composeScreen) suggestTime() {
	var ids []int64
	for _, a := range s.chosen() {
		ids = append(ids, a.ID)
	}
	if len(ids) == 0 {
		say(s.ai.why, widget.WarningImportance, lang.L("Pick at least one account first: the time is suggested from its history."))
		return
	}
	s.ai.suggest.Disable()
	work(s.e, func(ctx context.Context) (app.TimeSuggestion, error) { return s.e.core.SuggestTime(ctx, ids) },
		func(sug app.TimeSuggestion, err error) {
			s.ai.suggest.Enable()
			if err != nil {
				message(s.ai.why, err, "")
				return
			}
			at := sug.At.In(s.loc)
			s.setWhen(at)
			say(s.ai.why, widget.MediumImportance, suggestionWhy(sug, at))
		})
}

// suggestionWhy says why a time was suggested.
func suggestionWhy(sug app.TimeSuggestion, at time.Time) string {
	if sug.FromHistory {
		return lang.N("{{.When}} — the best engagement rate in your history ({{.Count}} posts).", sug.Posts,
			map[string]any{"When": whenText(at), "Count": sug.Posts})
	}
	return lang.L("{{.When}} — from typical times for {{.Network}}: not enough history yet.",
		map[string]any{"When": whenText(at), "Network": sug.Network.Title()})
}
