package publisher

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Fixed texts stored on attempt rows and shown to users.
const (
	mayHaveGoneOut = " An earlier attempt may have gone out: check the account: if the post is not there, choose Publish now."
	releaseText    = "Not sent: Webox Social was closing. It will be sent when Webox Social runs again."
)

// network is the target's network display name.
func network(job Job) string { return job.Target.Platform.Title() }

// who names the account in a sentence.
func who(job Job) string {
	switch {
	case job.Account.Handle != "":
		return job.Account.Handle
	case job.Account.Name != "":
		return job.Account.Name
	}
	return "the account"
}

// words are the platform's own words for an error.
func words(pe *platforms.Error) string {
	w := pe.Message
	if w == "" && pe.Err != nil {
		w = pe.Err.Error()
	}
	w = strings.TrimRight(strings.TrimSpace(w), ".")
	if w == "" {
		return "no details given"
	}
	return w
}

func publishedSentence(job Job) string {
	return fmt.Sprintf("Published on %s as %s.", network(job), who(job))
}

func refusedSentence(job Job, pe *platforms.Error) string {
	return fmt.Sprintf("%s refused the post: %s", network(job), words(pe))
}

func retrySentence(job Job, pe *platforms.Error, at string) string {
	return fmt.Sprintf("%s could not take the post yet (%s). Webox Social will try again at %s.",
		network(job), words(pe), at)
}

func recheckSentence(job Job, pe *platforms.Error, at string) string {
	return fmt.Sprintf("%s could not be asked whether an earlier attempt went out (%s). Webox Social will check again at %s.",
		network(job), words(pe), at)
}

func gaveUpSentence(job Job, pe *platforms.Error, attempts int) string {
	return fmt.Sprintf("%s kept failing after %d attempts, so the post was not published: %s",
		network(job), attempts, words(pe))
}

func unknownSentence(job Job, pe *platforms.Error, attempts int) string {
	return fmt.Sprintf("%s did not confirm the post after %d attempts and Webox Social cannot tell whether it went out (%s). "+
		"Check the account: if the post is not there, choose Publish now.", network(job), attempts, words(pe))
}

func orphanSentence(job Job, pe *platforms.Error) string {
	return fmt.Sprintf("Webox Social stopped while publishing to %s and cannot tell whether the post went out (%s). "+
		"Check the account: if the post is not there, choose Publish now.", network(job), words(pe))
}

func reconnectSentence(job Job, pe *platforms.Error) string {
	return fmt.Sprintf("Reconnect %s on %s: %s no longer accepts the saved sign-in (%s).",
		who(job), network(job), network(job), words(pe))
}

func accountBlockedSentence(job Job) string {
	if job.Account.Status == model.AccountDisabled {
		return fmt.Sprintf("The %s account %s is disabled: enable or reconnect it to publish this post.", network(job), who(job))
	}
	return fmt.Sprintf("Reconnect %s on %s: the account must be signed in again before this post can go out.",
		who(job), network(job))
}

func unsupportedSentence(job Job, pe *platforms.Error) string {
	return fmt.Sprintf("Webox Social cannot publish to %s: %s.", network(job), words(pe))
}

func notFoundText(job Job) string {
	return fmt.Sprintf("%s has no trace of the interrupted attempt, so the post will be sent again.", network(job))
}

func missedSentence(reason, at string, lateBy time.Duration) string {
	return fmt.Sprintf("Missed: %s at %s, and the post would have gone out %s late. Publish now, edit it to pick a new time, or cancel it.",
		reason, at, humanDuration(lateBy))
}

// clock formats t in the post's zone: the time of day, with the date when t is not on
// the same day as now.
func clock(job Job, t, now time.Time) string {
	loc := time.Local
	if job.Post.Zone != "" {
		if l, err := time.LoadLocation(job.Post.Zone); err == nil {
			loc = l
		}
	}
	t, now = t.In(loc), now.In(loc)
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04")
	}
	return t.Format("Mon 2 Jan 15:04")
}

// humanDuration writes d with its two largest units: "2 h 5 min", "1 d 3 h", "40 s".
func humanDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	}
	d = d.Round(time.Minute)
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%d d %d h", days, hours)
	case days > 0:
		return fmt.Sprintf("%d d", days)
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%d h %d min", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%d h", hours)
	}
	return fmt.Sprintf("%d min", mins)
}

// postText is the final text for the target (see model.ComposeText).
func postText(job Job) string {
	return model.ComposeText(job.Post.Content, job.Post.Hashtags, job.Target.TextOverride)
}

// mediaFiles converts the job's media for the connector.
func mediaFiles(media []model.Media) []platforms.MediaFile {
	if len(media) == 0 {
		return nil
	}
	files := make([]platforms.MediaFile, len(media))
	for i, m := range media {
		files[i] = platforms.MediaFile{Path: m.Path, Mime: m.Mime, AltText: m.AltText, Width: m.Width, Height: m.Height,
			Size: m.Size, DurationMS: m.DurationMS}
	}
	return files
}

// jobLog adds the job's identity to log lines.
func jobLog(log *slog.Logger, job Job) *slog.Logger {
	return log.With("post_id", job.Target.PostID, "target_id", job.Target.ID,
		"account_id", job.Target.AccountID, "platform", job.Target.Platform,
		"attempt", job.Target.Attempts, "attempt_id", job.AttemptID)
}
