package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// DownloadMedia turns media sources into files to attach: a path stays as it is, an
// http(s) address is downloaded (once, at most 1 GiB, into a temp folder of the data
// folder). done removes the downloads: call it once the draft is saved, since saving
// copies attachments into the media folder. On error nothing is left behind.
func (a *App) DownloadMedia(ctx context.Context, sources []string) (paths []string, done func(), err error) {
	var dir string
	done = func() {
		if dir != "" {
			if err := os.RemoveAll(dir); err != nil {
				a.log.Warn("could not remove downloaded media", "dir", dir, "err", err)
			}
		}
	}
	for i, src := range sources {
		if !isMediaURL(src) {
			paths = append(paths, src)
			continue
		}
		if msg := checkMediaURL(src); msg != "" {
			done()
			return nil, func() {}, invalid(msg)
		}
		if dir == "" {
			if dir, err = os.MkdirTemp(a.dataDir, ".media-download-*"); err != nil {
				return nil, func() {}, fmt.Errorf("download media: create folder: %w", err)
			}
		}
		file, err := defaultFetcher.fetch(ctx, src, filepath.Join(dir, strconv.Itoa(i)))
		if err != nil {
			done()
			return nil, func() {}, fmt.Errorf("download media: %w", err)
		}
		paths = append(paths, file)
	}
	return paths, done, nil
}
