package views

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// privacyLabels are the words shown for TargetOptions.Privacy values (YouTube's
// privacyStatus, TikTok's privacy_level), translated when shown.
var privacyLabels = map[string]func() string{
	"public":                func() string { return lang.L("Public") },
	"unlisted":              func() string { return lang.L("Unlisted: only people with the link") },
	"private":               func() string { return lang.L("Private: only me") },
	"PUBLIC_TO_EVERYONE":    func() string { return lang.L("Everyone") },
	"MUTUAL_FOLLOW_FRIENDS": func() string { return lang.L("Friends (followers I follow back)") },
	"FOLLOWER_OF_CREATOR":   func() string { return lang.L("My followers") },
	"SELF_ONLY":             func() string { return lang.L("Only me") },
}

// privacyLabel is how a privacy value is offered.
func privacyLabel(v string) string {
	if l, ok := privacyLabels[v]; ok {
		return l()
	}
	return humanize(strings.ToLower(v))
}

// privacyChoice is a network's privacy select: fixed levels (YouTube) with the first as
// the default, or levels read live per account (TikTok) with none chosen for the user.
type privacyChoice struct {
	n      *netOptions
	sel    *widget.Select
	values []string // by index of sel.Options
	note   *widget.Label
	retry  *widget.Button
	root   fyne.CanvasObject
	loads  latest
	// ids are the accounts whose levels are shown or loading; loaded is their key.
	ids    []int64
	loaded string
	// wanted is an edited post's level, selected once the levels are known.
	wanted string
}

func newPrivacyChoice(n *netOptions) *privacyChoice {
	c := &privacyChoice{n: n, note: newStatusLabel()}
	c.sel = widget.NewSelect(nil, func(string) { n.s.validate() })
	c.retry = widget.NewButton(lang.L("Try again"), func() { c.loaded = ""; c.loadFor(c.ids) })
	c.retry.Hide()
	if n.traits.AskPrivacy {
		c.sel.PlaceHolder = lang.L("Choose who can see it")
		c.sel.Disable()
	} else {
		c.setValues(n.traits.Privacy)
		c.sel.Selected = c.sel.Options[0]
	}
	c.root = container.NewVBox(c.sel, container.NewBorder(nil, nil, nil, c.retry, c.note))
	return c
}

// value is the chosen level, "" for none.
func (c *privacyChoice) value() string {
	i := c.sel.SelectedIndex()
	if i < 0 || i >= len(c.values) {
		return ""
	}
	return c.values[i]
}

// want selects v now if it is offered, or once the levels are loaded.
func (c *privacyChoice) want(v string) {
	if v == "" {
		return
	}
	c.wanted = v
	if i := slices.Index(c.values, v); i >= 0 {
		c.sel.SetSelectedIndex(i)
	}
}

// setValues offers vals, keeping the current choice when it is still offered.
func (c *privacyChoice) setValues(vals []string) {
	keep := c.value()
	if keep == "" {
		keep = c.wanted
	}
	c.values = vals
	labels := make([]string, len(vals))
	for i, v := range vals {
		labels[i] = privacyLabel(v)
	}
	c.sel.Selected = ""
	if i := slices.Index(vals, keep); i >= 0 {
		c.sel.Selected = labels[i]
	}
	c.sel.SetOptions(labels)
}

// loadFor reads the levels the accounts may use (those all of them offer), off the UI
// goroutine, unless they are already shown. Networks with fixed levels load nothing.
func (c *privacyChoice) loadFor(ids []int64) {
	key := fmt.Sprint(ids)
	if !c.n.traits.AskPrivacy || key == c.loaded {
		return
	}
	c.ids, c.loaded = ids, key
	c.sel.Disable()
	c.retry.Hide()
	say(c.note, widget.MediumImportance, lang.L("Loading…"))
	core := c.n.s.e.core
	reloadInto(c.n.s.e, &c.loads, func(ctx context.Context) ([]string, error) {
		var common []string
		for i, id := range ids {
			vals, err := core.PrivacyChoices(ctx, id)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				common = vals
				continue
			}
			common = slices.DeleteFunc(common, func(v string) bool { return !slices.Contains(vals, v) })
		}
		return common, nil
	}, c.loadedLevels)
}

// loadedLevels shows the levels read, or the sentence for why they could not be.
func (c *privacyChoice) loadedLevels(vals []string, err error) {
	if err != nil {
		c.loaded = "" // choosing the accounts again tries again
		say(c.note, widget.DangerImportance, app.UserMessage(err))
		c.retry.Show()
		return
	}
	c.setValues(vals)
	c.sel.Enable()
	if len(vals) == 0 {
		say(c.note, widget.WarningImportance, lang.L("{{.Network}} offers no privacy level to this account right now.",
			map[string]any{"Network": c.n.p.Title()}))
	} else {
		say(c.note, widget.MediumImportance, "")
	}
	c.n.s.validate()
}
