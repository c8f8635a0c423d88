package views

import (
	"bytes"
	"image"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"webox-social/services/model"
)

// avatarSize is the side of an account's picture in its row.
const avatarSize = 36

// avatarSlot is where an account row shows the account's picture; it holds the network
// badge until the picture has loaded, and keeps it when there is none.
type avatarSlot struct {
	acct model.Account
	box  *fyne.Container
}

// newAvatarSlot makes a row's picture slot showing the network badge.
func newAvatarSlot(a model.Account) avatarSlot {
	return avatarSlot{acct: a, box: container.NewStack(sizedSpacer(avatarSize, avatarSize), networkBadge(a.Platform))}
}

// show replaces the badge by the picture.
func (sl avatarSlot) show(data []byte) {
	res := fyne.NewStaticResource("avatar-"+strconv.FormatInt(sl.acct.ID, 10), data)
	img := canvas.NewImageFromResource(res)
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScaleSmooth
	img.CornerRadius = avatarSize / 2
	img.SetMinSize(fyne.NewSize(avatarSize, avatarSize))
	sl.box.Objects = []fyne.CanvasObject{img}
	sl.box.Refresh()
}

// loadAvatars fetches the slots' pictures in one goroutine and shows them on the UI
// goroutine, unless the rows were rebuilt meanwhile. A missing picture, or one that does
// not decode (the formats are registered by package app), leaves the badge: it is logged at debug level, never shown as an error.
func (s *accountsScreen) loadAvatars(slots []avatarSlot) {
	ticket := s.avatarLoads.take()
	if len(slots) == 0 {
		return
	}
	s.e.bg(func() {
		pics := make([][]byte, len(slots))
		for i, sl := range slots {
			data, err := s.e.core.Avatar(s.e.ctx, sl.acct)
			if err == nil {
				_, _, err = image.DecodeConfig(bytes.NewReader(data))
			}
			if err != nil {
				s.e.log.Debug("views: no avatar", "account", sl.acct.ID, "err", err)
				continue
			}
			pics[i] = data
		}
		fyne.Do(func() { s.showAvatars(ticket, slots, pics) })
	})
}

// showAvatars puts the loaded pictures in their slots if ticket is still the newest load.
func (s *accountsScreen) showAvatars(ticket int64, slots []avatarSlot, pics [][]byte) {
	if !s.avatarLoads.current(ticket) {
		return
	}
	for i, sl := range slots {
		if pics[i] != nil {
			sl.show(pics[i])
		}
	}
}
