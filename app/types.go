// Package app is the application core of Webox Social: every use case the window, the
// tray, the headless mode, the CLI and the local API call. It imports no Fyne; services
// come in through small interfaces declared here.
package app

import (
	"time"

	"webox-social/services/model"
)

// Draft is what the composer (or the CLI) sends to create or update a post.
type Draft struct {
	Content    string
	Hashtags   []string
	AccountIDs []int64
	// Overrides holds an optional per-account text that replaces Content on that account.
	Overrides map[int64]string
	// Options holds per-account network choices (YouTube title, TikTok privacy, ...).
	Options map[int64]model.TargetOptions
	// MediaPaths are files on disk to attach; they are copied into the data dir.
	MediaPaths []string
	// AltTexts describes attachments for people who cannot see them, by MediaPaths entry.
	AltTexts map[string]string
	// MediaIDs are files already in the data dir (an edited post keeps its attachments).
	MediaIDs []int64
	// ScheduledAt is when to publish; zero keeps the post as a draft.
	ScheduledAt time.Time
	// Zone is the IANA zone the user picked the time in ("Local" resolves to the system zone).
	Zone string
}

// Settings are the user's preferences stored in the settings table.
type Settings struct {
	// LateThreshold: a post found more than this late (machine off or asleep) is marked
	// missed and the user is asked, instead of being published stale.
	LateThreshold time.Duration
	// Notifications turns desktop notifications on or off.
	Notifications bool
	// DefaultZone is the IANA zone the composer schedules in.
	DefaultZone string
}

// DefaultSettings are used for every key the user has not set.
func DefaultSettings() Settings {
	return Settings{LateThreshold: 30 * time.Minute, Notifications: true, DefaultZone: "Local"}
}

// DeliveryKind says what happened to one target.
type DeliveryKind string

// Delivery event kinds.
const (
	DeliveryPublished       DeliveryKind = "published"
	DeliveryRetrying        DeliveryKind = "retrying"
	DeliveryFailed          DeliveryKind = "failed"
	DeliveryMissed          DeliveryKind = "missed"
	DeliveryUnconfirmed     DeliveryKind = "unconfirmed"
	DeliveryReconnectNeeded DeliveryKind = "reconnect_needed"
	// DeliveryHandedOver: the network accepted the post to publish it itself at its time.
	DeliveryHandedOver DeliveryKind = "handed_over"
)

// DeliveryEvent reports one publisher outcome.
type DeliveryEvent struct {
	Kind      DeliveryKind
	PostID    int64
	TargetID  int64
	AccountID int64
	Platform  model.Platform
	Permalink string
	// Message is a sentence for the user, with the platform's own words attached.
	Message string
}
