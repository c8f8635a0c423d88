package publisher

import (
	"time"

	"webox-social/services/model"
)

// EventKind says what happened to one target.
type EventKind string

// Event kinds; the values match app.DeliveryKind.
const (
	EventPublished       EventKind = "published"
	EventRetrying        EventKind = "retrying"
	EventFailed          EventKind = "failed"
	EventMissed          EventKind = "missed"
	EventUnconfirmed     EventKind = "unconfirmed"
	EventReconnectNeeded EventKind = "reconnect_needed"
)

// Event reports one recorded outcome to Params.OnEvent.
type Event struct {
	Kind      EventKind
	PostID    int64
	TargetID  int64
	AccountID int64
	Platform  model.Platform
	Permalink string // for published
	// Message is a sentence for the user, with the platform's own words attached.
	Message string
	RetryAt time.Time // for retrying
}

// eventFor builds the event of a recorded verdict.
func eventFor(job Job, v verdict) Event {
	ev := Event{
		Kind:      v.event,
		PostID:    job.Target.PostID,
		TargetID:  job.Target.ID,
		AccountID: job.Target.AccountID,
		Platform:  job.Target.Platform,
		Permalink: v.out.Result.Permalink,
		Message:   v.message,
	}
	if v.event == EventRetrying {
		ev.RetryAt = v.out.NextAttemptAt
	}
	return ev
}
