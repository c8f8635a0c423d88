package views

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
	"github.com/rivo/uniseg"

	"webox-social/app"
	"webox-social/services/model"
)

// problemCheck is the off-thread part of checking a draft with attachments: reading the
// files (CheckDraft probes them) and the media host setting (MediaHostMissing).
type problemCheck struct {
	// media are CheckDraft's sentences beyond those about the text itself.
	media []string
	// missing are MediaHostMissing's sentences.
	missing []string
	// noHost: no media host is set up, so networks that fetch media need addresses.
	noHost bool
}

// validate refreshes the counters and the problems after a change other than typing:
// attachments are checked again, off the UI goroutine.
func (s *composeScreen) validate() { s.check(true) }

// textChanged refreshes the counters and the text's problems after typing; what was
// found about the attachments is kept, so no file is read on each keystroke.
func (s *composeScreen) textChanged() { s.check(false) }

func (s *composeScreen) check(full bool) {
	d, accs := s.draft(), s.chosen()
	s.showCounters(d, accs)
	if s.tabs != nil && s.tabs.SelectedIndex() == 1 {
		s.showPreview()
	}
	switch {
	case len(accs) == 0:
		s.checkLoads.take() // a check still running is stale
		s.found = problemCheck{}
		s.showProblems(nil)
	case len(s.attached) == 0:
		s.checkLoads.take()
		s.found = problemCheck{}
		s.showProblems(s.e.core.CheckDraft(d, accs)) // text only: cheap
	default:
		if full {
			s.checkMedia(d, accs)
		}
		s.showProblems(app.CheckText(d, accs))
	}
}

// checkMedia runs the checks that read files and settings off the UI goroutine.
func (s *composeScreen) checkMedia(d app.Draft, accs []model.Account) {
	core := s.e.core
	reloadInto(s.e, &s.checkLoads, func(ctx context.Context) (problemCheck, error) {
		text := app.CheckText(d, accs)
		var out problemCheck
		for _, p := range core.CheckDraft(d, accs) {
			if !slices.Contains(text, p) {
				out.media = append(out.media, p)
			}
		}
		out.missing = core.MediaHostMissing(ctx, d, accs)
		out.noHost = len(out.missing) > 0
		if bare, ok := withoutURLs(d); ok && !out.noHost {
			out.noHost = len(core.MediaHostMissing(ctx, bare, accs)) > 0
		}
		return out, nil
	}, func(found problemCheck, _ error) {
		s.found = found
		s.showURLs()
		s.showProblems(app.CheckText(s.draft(), s.chosen()))
	})
}

// withoutURLs returns d without the addresses typed for attachments; ok is false when
// it had none (it is then d itself).
func withoutURLs(d app.Draft) (app.Draft, bool) {
	bare, ok := d, false
	bare.Options = map[int64]model.TargetOptions{}
	for id, o := range d.Options {
		ok = ok || len(o.MediaURLs) > 0
		o.MediaURLs = nil
		bare.Options[id] = o
	}
	return bare, ok
}

// showProblems lists the text's problems, the choices still to make and what the last
// attachment check found, and offers the way to a media host when one is missing.
func (s *composeScreen) showProblems(text []string) {
	var all []string
	for _, list := range [][]string{text, s.choicesMissing(), s.found.media, s.found.missing} {
		for _, p := range list {
			if !slices.Contains(all, p) && !s.underCounter(p) {
				all = append(all, p)
			}
		}
	}
	say(s.problems, widget.WarningImportance, strings.Join(all, "\n"))
	if len(s.found.missing) > 0 {
		s.hostButton.Show()
	} else {
		s.hostButton.Hide()
	}
}

// counted is one counter of the composer with the rule it breaks, if any.
type counted struct {
	label string
	over  bool
	rules []string
}

// underCounter reports whether sentence p is already shown under a counter.
func (s *composeScreen) underCounter(p string) bool {
	for _, r := range s.ruled {
		if r == p || strings.HasSuffix(r, ": "+p) {
			return true
		}
	}
	return false
}

// showCounters shows one counter per chosen network, or per chosen account when accounts
// get texts of their own, in the error colour past the limit with the rule in words
// under the counters; without an account, the number of characters.
func (s *composeScreen) showCounters(d app.Draft, accs []model.Account) {
	var objs []fyne.CanvasObject
	if len(accs) == 0 {
		objs = append(objs, widget.NewLabel(lang.L("{{.Count}} characters",
			map[string]any{"Count": uniseg.GraphemeClusterCount(d.Content)})))
	}
	s.ruled = nil
	var rules []fyne.CanvasObject
	for i, c := range draftCounts(d, accs) {
		if i > 0 {
			objs = append(objs, widget.NewLabel("·"))
		}
		l := widget.NewLabel(c.label)
		if c.over {
			l.Importance = widget.DangerImportance
		}
		objs = append(objs, l)
		for _, r := range c.rules {
			s.ruled = append(s.ruled, r)
			rules = append(rules, wrapped(r, widget.DangerImportance))
		}
	}
	s.counters.Objects = []fyne.CanvasObject{container.New(layout.NewRowWrapLayoutWithCustomPadding(0, 0), objs...),
		container.NewVBox(rules...)}
	s.counters.Refresh()
}

// draftCounts measures the text each chosen account would receive: once per network, or
// once per account when the accounts' own texts differ. A counter past its limit carries
// the rule (the core's sentences for that text).
func draftCounts(d app.Draft, accs []model.Account) []counted {
	perAccount := len(d.Overrides) > 0
	var out []counted
	seen := map[model.Platform]bool{}
	for _, a := range accs {
		if !perAccount && seen[a.Platform] {
			continue
		}
		seen[a.Platform] = true
		c := app.DraftCounters(d, []model.Account{a})[0]
		k := counted{label: c.Label(), over: c.Count.Over()}
		if perAccount {
			k.label = accountTitle(a) + " " + strings.TrimPrefix(c.Label(), a.Platform.Title()+" ")
		}
		if k.over {
			k.rules = accountRules(d, a, perAccount)
		}
		out = append(out, k)
	}
	return out
}

// accountRules are the core's sentences about the text account a would receive, named
// after the account when counters are per account.
func accountRules(d app.Draft, a model.Account, named bool) []string {
	text := app.Draft{Content: d.Content, Hashtags: d.Hashtags, Overrides: d.Overrides, MediaIDs: d.MediaIDs,
		MediaPaths: d.MediaPaths}
	rules := app.CheckText(text, []model.Account{a})
	if !named {
		return rules
	}
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = lang.L("{{.Account}}: {{.Rule}}", map[string]any{"Account": accountTitle(a), "Rule": r})
	}
	return out
}
