package views

import (
	"maps"
	"time"

	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// editState is the post Compose is editing, and what Compose held before, brought back
// by Stop editing.
type editState struct {
	id       int64 // 0 while writing a new post
	ownZone  bool  // the post names its zone; otherwise the default zone applies
	hashtags []string
	// stashText, stashSelected, stashAttached, stashOpts and stashOver are the new post's
	// text, accounts, files, choices and own texts before editing.
	stashText     string
	stashSelected map[int64]bool
	stashAttached []*attachment
	stashOpts     map[model.Platform]*netOptions
	stashOver     overrideState
}

// editPost loads p into the form: text, accounts, each account's own text, files (read
// from the data folder for their thumbnails), each network's choices, and its time in its
// own zone (empty for a draft). Schedule, Publish now and Save draft then
// update p instead of creating a post.
func (s *composeScreen) editPost(p model.Post) {
	if s.edit.id == 0 {
		s.edit.stashText, s.edit.stashSelected = s.text.Text, maps.Clone(s.selected)
		s.edit.stashAttached, s.edit.stashOpts, s.edit.stashOver = s.attached, s.opts, s.over.state()
	}
	s.edit.id, s.edit.hashtags = p.ID, p.Hashtags
	s.selected = map[int64]bool{}
	s.attached, s.opts = keptAttachments(p.MediaIDs), map[model.Platform]*netOptions{}
	for _, t := range p.Targets {
		s.selected[t.AccountID] = true
		s.loadOptions(t)
	}
	s.showAttachments()
	s.loadKept(s.attached)
	s.over.loadPost(p)
	s.edit.ownZone = p.Zone != ""
	s.loc, s.zone = s.defaultLoc, s.defaultZone
	if s.edit.ownZone {
		s.loc, s.zone = zoneLocation(p.Zone)
	}
	s.setText(p.Content)
	s.showWhen(p.ScheduledAt)
	s.showEditMode()
}

// loadOptions shows a target's choices on its network's card; the first target of a
// network gives them (Compose sets them per network).
func (s *composeScreen) loadOptions(t model.Target) {
	_, seen := s.opts[t.Platform]
	if n := s.card(t.Platform); n != nil && !seen {
		n.load(t.Options, s.attached)
	}
}

// showWhen fills the date and time with at in the form's zone, or empties them.
func (s *composeScreen) showWhen(at time.Time) {
	if at.IsZero() {
		s.date.SetText("")
		s.clock.SetText("")
		s.timeSet = true
		return
	}
	s.setWhen(at.In(s.loc))
}

// stopEditing leaves edit mode and brings back the new post being written before.
func (s *composeScreen) stopEditing() {
	if s.edit.id == 0 {
		return
	}
	stash := s.edit
	s.edit = editState{}
	s.selected, s.attached, s.opts = stash.stashSelected, stash.stashAttached, stash.stashOpts
	if s.selected == nil {
		s.selected = map[int64]bool{}
	}
	if s.opts == nil {
		s.opts = map[model.Platform]*netOptions{}
	}
	s.showAttachments()
	s.loc, s.zone = s.defaultLoc, s.defaultZone
	s.over.load(stash.stashOver, stash.stashText)
	s.setText(stash.stashText)
	s.setWhen(nextRoundHour(time.Now(), s.loc))
	s.showEditMode()
}

// showEditMode refreshes what depends on edit mode: the bar, the zone line, the checks.
func (s *composeScreen) showEditMode() {
	if s.edit.id != 0 {
		s.editBar.Show()
		s.queue.Hide()
	} else {
		s.editBar.Hide()
		s.queue.Show()
	}
	say(s.status, widget.MediumImportance, "")
	s.showZone()
	s.showAccounts(s.accounts)
	s.validate()
}
