package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"webox-social/services/mediahost"
	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Where the media-host setting is kept: the secret in the keychain, the rest in settings.
const (
	mediaHostPrefix    = "media_host."
	mediaHostSecretKey = "app/media_host/secret_access_key"
)

// MediaHostSettings is the S3-compatible bucket Instagram and TikTok fetch media from.
// The secret is write-only: it is never read back into the form.
type MediaHostSettings struct {
	Endpoint    string
	Region      string
	Bucket      string
	AccessKeyID string
	PathStyle   bool
	Prefix      string
	// SecretAccessKey is set only when the user typed a new one; "" keeps the stored one.
	SecretAccessKey string
	// HasSecret reports whether a secret is stored.
	HasSecret bool
}

// MediaHostSettings returns the stored media-host setting (without its secret).
func (a *App) MediaHostSettings(ctx context.Context) (MediaHostSettings, error) {
	all, err := a.store.AllSettings(ctx)
	if err != nil {
		return MediaHostSettings{}, fmt.Errorf("read the media host settings: %w", err)
	}
	s := MediaHostSettings{Endpoint: all[mediaHostPrefix+"endpoint"], Region: all[mediaHostPrefix+"region"],
		Bucket: all[mediaHostPrefix+"bucket"], AccessKeyID: all[mediaHostPrefix+"access_key_id"],
		Prefix: all[mediaHostPrefix+"prefix"]}
	s.PathStyle, _ = strconv.ParseBool(all[mediaHostPrefix+"path_style"])
	_, err = a.secrets.Get(mediaHostSecretKey)
	s.HasSecret = err == nil
	return s, nil
}

// SaveMediaHost checks and stores the media-host setting; an empty bucket turns it off.
func (a *App) SaveMediaHost(ctx context.Context, s MediaHostSettings) error {
	if strings.TrimSpace(s.Bucket) != "" {
		cfg := s.config()
		cfg.SecretAccessKey = "unchecked" // the stored one may be kept; Validate checks the rest
		if err := mediahost.Validate(cfg); err != nil {
			return invalid(mediahost.Sentence(err))
		}
	}
	values := map[string]string{"endpoint": s.Endpoint, "region": s.Region, "bucket": s.Bucket,
		"access_key_id": s.AccessKeyID, "prefix": s.Prefix, "path_style": strconv.FormatBool(s.PathStyle)}
	for k, v := range values {
		if err := a.store.SetSetting(ctx, mediaHostPrefix+k, strings.TrimSpace(v)); err != nil {
			return fmt.Errorf("save the media host %s: %w", k, err)
		}
	}
	if secret := strings.TrimSpace(s.SecretAccessKey); secret != "" {
		if err := a.secrets.Set(mediaHostSecretKey, secret); err != nil {
			return fmt.Errorf("store the media host secret in the keychain: %w", err)
		}
	}
	return nil
}

// TestMediaHost puts a small file in the bucket, fetches it through its shared address
// and deletes it; the error is a sentence with the server's words.
func (a *App) TestMediaHost(ctx context.Context) error {
	h, err := a.openMediaHost(ctx)
	if err != nil {
		return err
	}
	if err := h.Test(ctx); err != nil {
		return &userError{kind: err, msg: mediahost.Sentence(err)}
	}
	return nil
}

func (s MediaHostSettings) config() mediahost.Config {
	return mediahost.Config{Endpoint: strings.TrimSpace(s.Endpoint), Region: strings.TrimSpace(s.Region),
		Bucket: strings.TrimSpace(s.Bucket), AccessKeyID: strings.TrimSpace(s.AccessKeyID),
		PathStyle: s.PathStyle, Prefix: strings.TrimSpace(s.Prefix), SecretAccessKey: s.SecretAccessKey}
}

// errNoMediaHost is openMediaHost's answer when no bucket is set up.
var errNoMediaHost = &userError{kind: platforms.ErrNoMediaHost,
	msg: "No media host is set up: add an S3-compatible bucket in Settings."}

// openMediaHost builds the S3 host from the stored setting and the keychain secret.
func (a *App) openMediaHost(ctx context.Context) (*mediahost.S3, error) {
	s, err := a.MediaHostSettings(ctx)
	if err != nil {
		return nil, err
	}
	if s.Bucket == "" {
		return nil, errNoMediaHost
	}
	secret, err := a.secrets.Get(mediaHostSecretKey)
	if errors.Is(err, model.ErrNotFound) {
		return nil, invalid("The media host has no secret access key: type it in Settings.")
	}
	if err != nil {
		return nil, fmt.Errorf("read the media host secret from the keychain: %w", err)
	}
	cfg := s.config()
	cfg.SecretAccessKey = secret
	h, err := mediahost.New(cfg)
	if err != nil {
		return nil, invalid(mediahost.Sentence(err))
	}
	return h, nil
}

// mediaHostReady reports whether a bucket is set up (not whether it works).
func (a *App) mediaHostReady(ctx context.Context) bool {
	s, err := a.MediaHostSettings(ctx)
	return err == nil && s.Bucket != "" && s.HasSecret
}

// MediaHost is the media host the connectors use: it reads the setting at each Share, so
// a change in Settings applies to the next publication without a restart.
func (a *App) MediaHost() platforms.MediaHost { return settingsHost{a: a} }

type settingsHost struct{ a *App }

// Share opens the configured bucket and shares f through it.
func (h settingsHost) Share(ctx context.Context, f platforms.MediaFile) (string, func(context.Context) error, error) {
	s3, err := h.a.openMediaHost(ctx)
	if err != nil {
		return "", nil, err
	}
	return s3.Share(ctx, f)
}
