package views

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

var pages = []app.Choice{{ID: "1", Name: "Shop", Kind: "page"}, {ID: "2", Name: "Café", Kind: "page"},
	{ID: "3", Name: "Studio", Kind: "organization"}}

// boxes lists the choice dialog's tick boxes.
func boxes(o fyne.CanvasObject) []*submitCheck {
	var out []*submitCheck
	walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*submitCheck); ok {
			out = append(out, b)
		}
	})
	return out
}

// answerRecorder records the choice dialog's answers.
type answerRecorder struct {
	calls  int
	picked []app.Choice
	ok     bool
}

func (r *answerRecorder) answer(picked []app.Choice, ok bool) {
	r.calls, r.picked, r.ok = r.calls+1, picked, ok
}

func TestChooseDialogReturnsTheTickedSubset(t *testing.T) {
	u, s := openAccounts(t, viewstest.New())
	var r answerRecorder
	s.askChoices(model.Facebook, pages, r.answer)
	dlg := overlay(t, u)
	assert.Contains(t, texts(dlg), "Choose the Facebook accounts to add")
	bs := boxes(dlg)
	require.Len(t, bs, 3)
	assert.Equal(t, "Café (Page)", bs[1].Text)
	for _, b := range bs {
		assert.True(t, b.Checked, "every choice starts ticked")
	}
	assert.Equal(t, bs[0], u.env.win.Canvas().Focused(), "the first box has the focus")
	test.Tap(bs[1])
	test.Tap(button(t, dlg, "Add"))
	assert.Equal(t, 1, r.calls)
	assert.True(t, r.ok)
	assert.Equal(t, []app.Choice{pages[0], pages[2]}, r.picked)
	assert.Nil(t, u.env.win.Canvas().Overlays().Top(), "the dialog is closed")
}

func TestChooseDialogKeyboardAndCancel(t *testing.T) {
	u, s := openAccounts(t, viewstest.New())
	var r answerRecorder
	s.askChoices(model.LinkedIn, pages, r.answer)
	bs := boxes(overlay(t, u))
	for _, b := range bs {
		b.TypedRune(' ')
	}
	add := button(t, overlay(t, u), "Add")
	assert.True(t, add.Disabled(), "nothing ticked: Add is off")
	pressEnter(bs[0])
	assert.Zero(t, r.calls, "Enter does not add nothing")
	bs[2].TypedRune(' ')
	pressEnter(bs[2])
	assert.Equal(t, []app.Choice{pages[2]}, r.picked, "Enter adds the ticked ones")

	s.askChoices(model.LinkedIn, pages, r.answer)
	test.Tap(button(t, overlay(t, u), "Cancel"))
	assert.Equal(t, 2, r.calls)
	assert.False(t, r.ok)
	assert.Nil(t, r.picked)
}

func TestAwaitChoice(t *testing.T) {
	answers := make(chan chooseAnswer, 1)
	answers <- chooseAnswer{picked: pages[:1], ok: true}
	got, err := awaitChoice(t.Context(), answers, func() { t.Error("the dialog stays until answered") })
	require.NoError(t, err)
	assert.Equal(t, pages[:1], got)

	answers <- chooseAnswer{}
	_, err = awaitChoice(t.Context(), answers, nil)
	require.ErrorIs(t, err, context.Canceled, "Cancel is a cancellation")
	assert.Equal(t, "The operation was cancelled.", app.UserMessage(err))

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	closed := false
	_, err = awaitChoice(ctx, make(chan chooseAnswer), func() { closed = true })
	require.ErrorIs(t, err, context.Canceled)
	assert.True(t, closed, "a cancelled connection closes the dialog")
}

func TestChooseOnUIClosesTheDialogWhenCancelled(t *testing.T) {
	u, s := openAccounts(t, viewstest.New())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := s.chooseOnUI(ctx, model.YouTube, pages)
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, u.env.win.Canvas().Overlays().Top())
}

func TestAccountsChoiceCancelledSaysSo(t *testing.T) {
	c := viewstest.New()
	c.Choices = pages
	_, s := openAccounts(t, c)
	s.choose = func(ctx context.Context, _ model.Platform, _ []app.Choice) ([]app.Choice, error) {
		return awaitChoice(ctx, oneAnswer(chooseAnswer{}), nil)
	}
	card := s.cards[model.X]
	test.Tap(card.connect)
	assert.Equal(t, "Connection cancelled; nothing was added.", card.status.Text)
	assert.Empty(t, c.AccountList)
}

func oneAnswer(a chooseAnswer) chan chooseAnswer {
	ch := make(chan chooseAnswer, 1)
	ch <- a
	return ch
}
