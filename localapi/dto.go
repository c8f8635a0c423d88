package localapi

import (
	"time"

	"webox-social/app"
	"webox-social/services/model"
)

// accountJSON is an account with the seed's field names (social_accounts); no secrets.
type accountJSON struct {
	ID          int64      `json:"id"`
	Platform    string     `json:"platform"`
	AccountName string     `json:"account_name"`
	AccountID   string     `json:"account_id"`
	Handle      string     `json:"handle"`
	AvatarURL   string     `json:"avatar_url,omitempty"`
	InstanceURL string     `json:"instance_url,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at"`
	IsActive    bool       `json:"is_active"`
	Status      string     `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func toAccount(a model.Account) accountJSON {
	return accountJSON{
		ID: a.ID, Platform: string(a.Platform), AccountName: a.Name, AccountID: a.RemoteID,
		Handle: a.Handle, AvatarURL: a.AvatarURL, InstanceURL: a.InstanceURL,
		ExpiresAt: timePtr(a.ExpiresAt), IsActive: a.Status == model.AccountOK,
		Status: string(a.Status), CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
	}
}

// postJSON is a post with the seed's field names (scheduled_posts).
type postJSON struct {
	ID            int64        `json:"id"`
	Content       string       `json:"content"`
	MediaIDs      []int64      `json:"media_ids"`
	Platforms     []string     `json:"platforms"`
	Hashtags      []string     `json:"hashtags"`
	ScheduledTime *time.Time   `json:"scheduled_time"`
	Zone          string       `json:"zone,omitempty"`
	Status        string       `json:"status"`
	PublishedAt   *time.Time   `json:"published_at"`
	ErrorMessage  string       `json:"error_message"`
	CreatedAt     time.Time    `json:"created_at"`
	Targets       []targetJSON `json:"targets"`
}

type targetJSON struct {
	ID        int64  `json:"id"`
	AccountID int64  `json:"account_id"`
	Platform  string `json:"platform"`
	Status    string `json:"status"`
	Attempts  int    `json:"attempts"`
}

func toPost(p model.Post) postJSON {
	out := postJSON{
		ID: p.ID, Content: p.Content, MediaIDs: nonNil(p.MediaIDs), Hashtags: nonNil(p.Hashtags),
		ScheduledTime: timePtr(p.ScheduledAt), Zone: p.Zone, Status: string(p.Status),
		PublishedAt: timePtr(p.PublishedAt), ErrorMessage: p.ErrorMessage, CreatedAt: p.CreatedAt,
		Platforms: []string{}, Targets: []targetJSON{},
	}
	seen := map[model.Platform]bool{}
	for _, t := range p.Targets {
		out.Targets = append(out.Targets, targetJSON{ID: t.ID, AccountID: t.AccountID,
			Platform: string(t.Platform), Status: string(t.Status), Attempts: t.Attempts})
		if !seen[t.Platform] {
			seen[t.Platform] = true
			out.Platforms = append(out.Platforms, string(t.Platform))
		}
	}
	return out
}

// postInput is the body of POST /posts and PUT /posts/{id}.
type postInput struct {
	Content       string           `json:"content"`
	Hashtags      []string         `json:"hashtags"`
	AccountIDs    []int64          `json:"account_ids"`
	Overrides     map[int64]string `json:"overrides"`
	MediaPaths    []string         `json:"media_paths"`
	MediaIDs      []int64          `json:"media_ids"`
	ScheduledTime *time.Time       `json:"scheduled_time"`
	Zone          string           `json:"zone"`
}

func (in postInput) draft() app.Draft {
	d := app.Draft{Content: in.Content, Hashtags: in.Hashtags, AccountIDs: in.AccountIDs,
		Overrides: in.Overrides, MediaPaths: in.MediaPaths, MediaIDs: in.MediaIDs, Zone: in.Zone}
	if in.ScheduledTime != nil {
		d.ScheduledAt = *in.ScheduledTime
	}
	return d
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func mapSlice[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}
