package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"webox-social/services/mediainfo"
	"webox-social/services/model"
)

// importMedia copies each file into the data dir (so a moved or deleted original never
// breaks a scheduled post) and records it in the media table with what Probe read from it.
func (a *App) importMedia(ctx context.Context, paths []string, alt map[string]string) ([]int64, error) {
	ids := make([]int64, 0, len(paths))
	for _, p := range paths {
		m, err := a.copyMedia(p)
		if err != nil {
			return nil, err
		}
		m.WorkspaceID, m.AltText = a.CurrentWorkspace().ID, strings.TrimSpace(alt[p])
		if err := a.store.AddMedia(ctx, &m); err != nil {
			return nil, fmt.Errorf("record media %s: %w", filepath.Base(p), err)
		}
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// copyMedia streams src into the media folder under its SHA-256 (a video never sits in
// memory whole) and reads its type, size, dimensions and duration.
func (a *App) copyMedia(src string) (model.Media, error) {
	info, err := mediainfo.Probe(src)
	if err != nil {
		if errors.Is(err, model.ErrInvalid) {
			return model.Media{}, invalid(err.Error())
		}
		return model.Media{}, invalid(fmt.Sprintf("The file %s cannot be read: %v.", filepath.Base(src), err))
	}
	if info.Kind() == mediainfo.KindOther {
		return model.Media{}, invalid(fmt.Sprintf("%s is not an image or a video Webox Social can publish (it looks like %s).",
			filepath.Base(src), info.Mime))
	}
	dir := filepath.Join(a.dataDir, "media")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return model.Media{}, fmt.Errorf("create media folder: %w", err)
	}
	sum, err := copyAtomic(src, dir, strings.ToLower(filepath.Ext(src)))
	if err != nil {
		return model.Media{}, fmt.Errorf("copy %s into the data folder: %w", filepath.Base(src), err)
	}
	return model.Media{Mime: info.Mime, Size: info.Size, Width: info.Width, Height: info.Height,
		DurationMS: info.DurationMS, SHA256: sum, Path: filepath.Join(dir, sum+strings.ToLower(filepath.Ext(src)))}, nil
}

// copyAtomic copies src to dir/<sha256><ext>, through a temp file (see renameInto), and
// returns the SHA-256 in hex.
func copyAtomic(src, dir, ext string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	h := sha256.New()
	var sum string
	err = renameInto(dir, func(w io.Writer) (string, error) {
		if _, err := io.Copy(io.MultiWriter(w, h), in); err != nil {
			return "", err
		}
		sum = hex.EncodeToString(h.Sum(nil))
		return filepath.Join(dir, sum+ext), nil
	})
	return sum, err
}

// writeFileAtomic writes data to path (see renameInto).
func writeFileAtomic(path string, data []byte) error {
	return renameInto(filepath.Dir(path), func(w io.Writer) (string, error) {
		_, err := w.Write(data)
		return path, err
	})
}

// renameInto lets fill write a temp file in dir and name the final path, then syncs the
// file and renames it there, so a crash or a full disk never leaves a half-written file.
func renameInto(dir string, fill func(io.Writer) (string, error)) error {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	path, err := fill(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
