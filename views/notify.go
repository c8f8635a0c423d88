package views

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"webox-social/app"
)

// notificationTitle returns the title for delivery events that need the user, and false
// for the others (published, retrying).
func notificationTitle(ev app.DeliveryEvent) (string, bool) {
	network := map[string]any{"Network": ev.Platform.Title()}
	switch ev.Kind {
	case app.DeliveryFailed:
		return lang.L("Post not published on {{.Network}}", network), true
	case app.DeliveryMissed:
		return lang.L("Post missed its time on {{.Network}}", network), true
	case app.DeliveryUnconfirmed:
		return lang.L("Post may not have gone out on {{.Network}}", network), true
	case app.DeliveryReconnectNeeded:
		return lang.L("Reconnect your {{.Network}} account", network), true
	}
	return "", false
}

// subscribeNotifications sends a desktop notification for delivery problems when the
// user's settings allow it. The subscriber already runs off the UI goroutine.
func subscribeNotifications(e *env) {
	e.track(e.core.Events().Delivery.Subscribe(func(ctx context.Context, ev app.DeliveryEvent) {
		notifyDelivery(ctx, e, ev)
	}))
}

func notifyDelivery(ctx context.Context, e *env, ev app.DeliveryEvent) {
	title, ok := notificationTitle(ev)
	if !ok {
		return
	}
	set, err := e.core.Settings(ctx)
	if err != nil {
		e.log.Warn("views: read settings for a notification", "err", err, "post_id", ev.PostID)
		set = app.DefaultSettings()
	}
	if !set.Notifications {
		return
	}
	n := fyne.NewNotification(title, ev.Message)
	fyne.Do(func() { e.fa.SendNotification(n) })
}
