package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "golang.org/x/image/webp" // decode WebP avatars (here and when the window draws them)

	"webox-social/services/model"
)

// avatarMaxBytes is the largest avatar Avatar downloads; bigger ones are refused.
const avatarMaxBytes = 2 << 20

// avatarTimeout bounds one avatar download, redirects included.
const avatarTimeout = 10 * time.Second

// avatarTypes are the image types an avatar may have.
var avatarTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

// avatarClient downloads avatars; shared so connections are reused across accounts.
var avatarClient = &http.Client{Timeout: avatarTimeout}

// Avatar returns the image of acct's avatar (acct.AvatarURL): from the cache in the data
// folder's "avatars" subfolder when it holds this URL's image, otherwise downloaded
// (http or https only, at most 2 MiB, PNG, JPEG, GIF or WebP) and cached, replacing the
// account's image of an earlier URL. An account without an avatar URL gives an error
// wrapping model.ErrNotFound. It blocks on the network: call it off the UI goroutine.
func (a *App) Avatar(ctx context.Context, acct model.Account) ([]byte, error) {
	if acct.AvatarURL == "" {
		return nil, fmt.Errorf("avatar of account %d: no picture: %w", acct.ID, model.ErrNotFound)
	}
	dir := filepath.Join(a.dataDir, "avatars")
	path := filepath.Join(dir, avatarFileName(acct))
	data, err := os.ReadFile(path)
	if err == nil {
		return data, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		a.log.Warn("app: avatar cache unreadable, downloading again", "account", acct.ID, "err", err)
	}
	data, err = fetchAvatar(ctx, acct.AvatarURL)
	if err != nil {
		return nil, fmt.Errorf("avatar of account %d: %w", acct.ID, err)
	}
	if err := cacheAvatar(dir, path, acct.ID, data); err != nil {
		a.log.Warn("app: avatar not cached", "account", acct.ID, "err", err)
	}
	return data, nil
}

// avatarFileName is "<account id>-<first 16 hex digits of the URL's SHA-256>".
func avatarFileName(acct model.Account) string {
	sum := sha256.Sum256([]byte(acct.AvatarURL))
	return avatarPrefix(acct.ID) + hex.EncodeToString(sum[:])[:16]
}

// avatarPrefix starts the names of an account's cached avatars.
func avatarPrefix(id int64) string { return strconv.FormatInt(id, 10) + "-" }

// cacheAvatar writes data to path (folder 0700, file 0600, atomically) and removes the
// account's other cached avatars, which belong to URLs it no longer has.
func cacheAvatar(dir, path string, id int64, data []byte) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create avatars folder: %w", err)
	}
	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	old, err := filepath.Glob(filepath.Join(dir, avatarPrefix(id)+"*"))
	if err != nil {
		return fmt.Errorf("list cached avatars: %w", err)
	}
	for _, p := range old {
		if p == path {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove old avatar %s: %w", filepath.Base(p), err)
		}
	}
	return nil
}

// fetchAvatar downloads and checks an avatar. Errors name the host only: avatar URLs
// may carry signed query parameters.
func fetchAvatar(ctx context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("the picture's address is not an http or https URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("request to %s: %w", u.Host, err)
	}
	req.Header.Set("Accept", "image/png, image/jpeg, image/gif, image/webp")
	resp, err := avatarClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download from %s: %w", u.Host, unwrapURLError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download from %s: HTTP %d", u.Host, resp.StatusCode)
	}
	data, err := readAvatar(resp)
	if err != nil {
		return nil, fmt.Errorf("download from %s: %w", u.Host, err)
	}
	return data, nil
}

// unwrapURLError drops the *url.Error wrapper, whose text repeats the whole URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", strings.ToLower(ue.Op), ue.Err)
	}
	return err
}

// readAvatar reads at most avatarMaxBytes of the body and checks it is an image.
func readAvatar(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > avatarMaxBytes {
		return nil, fmt.Errorf("the picture is larger than %d MiB (%d bytes)", avatarMaxBytes>>20, resp.ContentLength)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, avatarMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(data) > avatarMaxBytes {
		return nil, fmt.Errorf("the picture is larger than %d MiB", avatarMaxBytes>>20)
	}
	if err := checkAvatar(resp.Header.Get("Content-Type"), data); err != nil {
		return nil, err
	}
	return data, nil
}

// checkAvatar accepts PNG, JPEG, GIF and WebP: the declared or the sniffed type must be
// one of them, and the bytes must decode as that format.
func checkAvatar(contentType string, data []byte) error {
	declared, _, _ := mime.ParseMediaType(contentType)
	sniffed := http.DetectContentType(data)
	if !avatarTypes[declared] && !avatarTypes[sniffed] {
		return fmt.Errorf("not a PNG, JPEG, GIF or WebP picture (Content-Type %q, looks like %s)", contentType, sniffed)
	}
	_, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("the picture cannot be decoded: %w", err)
	}
	if !avatarTypes["image/"+format] {
		return fmt.Errorf("the picture is %s, not PNG, JPEG, GIF or WebP", format)
	}
	return nil
}
