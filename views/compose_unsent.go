package views

import (
	"encoding/json"
	"maps"
	"strings"
)

// unsentDraft is what the composer keeps of a new post not yet saved, so closing the
// app (or a crash) loses nothing: the text, the chosen accounts and their own texts.
type unsentDraft struct {
	Text      string           `json:"text"`
	Accounts  []int64          `json:"accounts,omitempty"`
	Customize bool             `json:"customize,omitempty"`
	Texts     map[int64]string `json:"texts,omitempty"`
}

// unsentPrefix marks a stored unsent draft with accounts; a value without it is a plain
// text (what earlier versions stored, and still what a text alone is stored as).
const unsentPrefix = "webox-unsent/2 "

// encode is the value the core stores: "" when nothing was written (chosen accounts
// alone are not worth restoring), the text alone when no account is chosen.
func (u unsentDraft) encode() string {
	if u.Text == "" && len(u.Texts) == 0 {
		return ""
	}
	if len(u.Accounts) == 0 && !u.Customize {
		return u.Text
	}
	b, err := json.Marshal(u)
	if err != nil {
		return u.Text
	}
	return unsentPrefix + string(b)
}

// decodeUnsent reads what encode stored; anything else is taken as the text.
func decodeUnsent(s string) unsentDraft {
	if rest, ok := strings.CutPrefix(s, unsentPrefix); ok {
		var u unsentDraft
		if json.Unmarshal([]byte(rest), &u) == nil {
			return u
		}
	}
	return unsentDraft{Text: s}
}

// keepUnsent stores, debounced, what the composer holds for a new post; it does nothing
// while the screen fills itself in or while a saved post is being edited.
func (s *composeScreen) keepUnsent() {
	if s.restoring || s.over.loading || s.edit.id != 0 {
		return
	}
	u := unsentDraft{Text: s.text.Text}
	for _, a := range s.chosen() {
		u.Accounts = append(u.Accounts, a.ID)
	}
	st := s.over.state()
	if st.on {
		u.Customize, u.Texts = true, maps.Clone(st.texts)
	}
	s.unsent.trigger(u.encode())
}

// applyUnsent shows the draft left unsent last time unless the user already started a
// post or is editing one (then its text is what Stop editing brings back).
func (s *composeScreen) applyUnsent(raw string, _ error) {
	u := decodeUnsent(raw)
	switch {
	case raw == "":
	case s.edit.id != 0:
		if s.edit.stashText == "" {
			s.edit.stashText = u.Text
		}
	case s.text.Text == "" && len(s.chosen()) == 0:
		s.restoring = true
		defer func() { s.restoring = false }()
		s.text.SetText(u.Text)
		for _, id := range u.Accounts {
			s.selected[id] = true
		}
		s.over.load(overrideState{on: u.Customize, texts: u.Texts}, u.Text)
		if s.accounts != nil { // else the accounts' checks are built ticked when they load
			s.showAccounts(s.accounts)
		}
	}
}
