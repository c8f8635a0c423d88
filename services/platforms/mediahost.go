package platforms

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"time"

	"webox-social/services/model"
)

// removeTimeout bounds removing shared files after a publication.
const removeTimeout = 30 * time.Second

// ShareError explains a media host's failure to share f for network p: a *Error as it
// is (e.g. ErrNoMediaHost from a host that is not set up), Transient when the host says
// the failure is temporary, Permanent otherwise (wrong key, no such bucket).
func ShareError(p model.Platform, f MediaFile, err error) error {
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	kind := Permanent
	var temp interface{ Temporary() bool }
	if errors.As(err, &temp) && temp.Temporary() {
		kind = Transient
	}
	return &Error{Platform: p, Kind: kind, Err: err,
		Message: "the media host could not share " + filepath.Base(f.Path) + " for " + p.Title() + ": " + err.Error()}
}

// RemoveShared removes what a media host shared, even when ctx is done; failures are only
// logged: the post's outcome does not depend on them.
func RemoveShared(ctx context.Context, p model.Platform, removes []func(context.Context) error) {
	if len(removes) == 0 {
		return
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), removeTimeout)
	defer cancel()
	for _, remove := range removes {
		if err := remove(rctx); err != nil {
			slog.Warn("shared media not removed", "platform", p, "err", err)
		}
	}
}
