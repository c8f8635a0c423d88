package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/gif"  // decode GIF dimensions
	_ "image/jpeg" // decode JPEG dimensions
	_ "image/png"  // decode PNG dimensions
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"webox-social/services/model"
)

// importMedia copies each file into the data dir (so a moved or deleted original never
// breaks a scheduled post) and records it in the media table.
func (a *App) importMedia(ctx context.Context, paths []string) ([]int64, error) {
	ids := make([]int64, 0, len(paths))
	for _, p := range paths {
		m, err := a.copyMedia(p)
		if err != nil {
			return nil, err
		}
		m.WorkspaceID = a.workspace.ID
		if err := a.store.AddMedia(ctx, &m); err != nil {
			return nil, fmt.Errorf("record media %s: %w", filepath.Base(p), err)
		}
		ids = append(ids, m.ID)
	}
	return ids, nil
}

func (a *App) copyMedia(src string) (model.Media, error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return model.Media{}, invalid(fmt.Sprintf("The file %s cannot be read: %v.", filepath.Base(src), err))
	}
	mime := http.DetectContentType(data)
	if !strings.HasPrefix(mime, "image/") && !strings.HasPrefix(mime, "video/") {
		return model.Media{}, invalid(fmt.Sprintf("%s is not an image or a video (it looks like %s).", filepath.Base(src), mime))
	}
	sum := sha256.Sum256(data)
	m := model.Media{Mime: mime, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		m.Width, m.Height = cfg.Width, cfg.Height
	}
	dir := filepath.Join(a.dataDir, "media")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return model.Media{}, fmt.Errorf("create media folder: %w", err)
	}
	m.Path = filepath.Join(dir, m.SHA256+strings.ToLower(filepath.Ext(src)))
	if err := writeFileAtomic(m.Path, data); err != nil {
		return model.Media{}, fmt.Errorf("copy %s into the data folder: %w", filepath.Base(src), err)
	}
	return m, nil
}

// writeFileAtomic writes data to a temp file in the same folder, syncs it and renames
// it over path, so a crash or a full disk never leaves a half-written file behind.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
