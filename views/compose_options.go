package views

import (
	"reflect"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// hasChoices reports whether network traits t give the composer anything to show.
func hasChoices(t app.Traits) bool {
	return t.Title || t.Tags || t.Thread || t.NativeScheduling || t.FetchesMedia || t.AskPrivacy ||
		len(t.Privacy) > 0 || len(t.Formats) > 0
}

// card returns network p's card, built on first use; nil when p offers no choice.
func (s *composeScreen) card(p model.Platform) *netOptions {
	if n, ok := s.opts[p]; ok {
		return n
	}
	t := s.e.core.NetworkTraits(p)
	if !hasChoices(t) {
		s.opts[p] = nil
		return nil
	}
	n := newNetOptions(s, p, t)
	s.opts[p] = n
	return n
}

// optionsDraft puts the choices of a's network into d, unless there are none.
func (s *composeScreen) optionsDraft(d *app.Draft, a model.Account) {
	n := s.opts[a.Platform]
	if n == nil {
		return
	}
	o := n.read(s.attached)
	if reflect.ValueOf(o).IsZero() {
		return
	}
	if d.Options == nil {
		d.Options = map[int64]model.TargetOptions{}
	}
	d.Options[a.ID] = o
}

// showOptions shows the cards of the chosen accounts' networks, in display order, and
// loads the privacy levels TikTok offers the chosen accounts.
func (s *composeScreen) showOptions() {
	byNet := map[model.Platform][]int64{}
	for _, a := range s.chosen() {
		byNet[a.Platform] = append(byNet[a.Platform], a.ID)
	}
	var objs []fyne.CanvasObject
	for _, p := range model.Platforms {
		ids := byNet[p]
		if len(ids) == 0 {
			continue
		}
		if n := s.card(p); n != nil {
			objs = append(objs, n.root)
			if n.privacy != nil {
				n.privacy.loadFor(ids)
			}
		}
	}
	if len(objs) > 0 {
		objs = append([]fyne.CanvasObject{widget.NewSeparator(), subheading(lang.L("Options per network"))}, objs...)
	}
	s.optsBox.Objects = objs
	s.optsBox.Refresh()
}

// choicesMissing lists the choices a chosen network requires that are not made yet.
func (s *composeScreen) choicesMissing() []string {
	var out []string
	seen := map[model.Platform]bool{}
	for _, a := range s.chosen() {
		n := s.opts[a.Platform]
		if seen[a.Platform] || n == nil || n.privacy == nil || !n.traits.AskPrivacy || n.privacy.value() != "" {
			continue
		}
		seen[a.Platform] = true
		out = append(out, lang.L("Choose who can see the post on {{.Network}} (in its options below).", map[string]any{"Network": a.Platform.Title()}))
	}
	return out
}

// showURLs shows, on the cards of networks that fetch media, one address entry per
// attachment while no media host is set up, and hides them otherwise.
func (s *composeScreen) showURLs() {
	need := s.found.noHost && len(s.attached) > 0
	for _, n := range s.opts {
		if n == nil || !n.traits.FetchesMedia {
			continue
		}
		if !need {
			n.urlBox.Hide()
			continue
		}
		n.showURLEntries(s.attached)
	}
}

// showURLEntries builds the address entries when the attachments changed (so an entry
// being typed in keeps the focus) and shows them.
func (n *netOptions) showURLEntries(attached []*attachment) {
	keys := make([]string, len(attached))
	for i, a := range attached {
		keys[i] = a.key()
	}
	if k := strings.Join(keys, "\n"); k != n.urlKeys || len(n.urlBox.Objects) == 0 {
		n.urlKeys = k
		form := widget.NewForm()
		for _, a := range attached {
			key := a.key()
			e := widget.NewEntry()
			e.SetPlaceHolder("https://…")
			e.SetText(n.urls[key])
			e.OnChanged = func(v string) { n.urls[key] = v; n.s.validate() }
			form.Append(lang.L("Public address of {{.File}}", map[string]any{"File": a.name()}), e)
		}
		intro := wrapped(lang.L("No media host is set up: give the public address where {{.Network}} can fetch each file, or set up a media host in Settings.", map[string]any{"Network": n.p.Title()}), widget.MediumImportance)
		n.urlBox.Objects = []fyne.CanvasObject{intro, form}
	}
	n.urlBox.Show()
	n.urlBox.Refresh()
}

// readURLs are the addresses typed, in publishing order; nil when none is typed.
func (n *netOptions) readURLs(attached []*attachment) []string {
	out := make([]string, len(attached))
	typed := false
	for i, a := range attached {
		out[i] = strings.TrimSpace(n.urls[a.key()])
		typed = typed || out[i] != ""
	}
	if !typed {
		return nil
	}
	return out
}
