package app

import (
	"context"
	"fmt"
)

// DownloadMedia turns media sources into files to attach: a path stays as it is, an
// http(s) address is downloaded (once, at most 1 GiB, into a temp folder of the data
// folder). done removes the downloads: call it once the draft is saved, since saving
// copies attachments into the media folder. On error nothing is left behind.
func (a *App) DownloadMedia(ctx context.Context, sources []string) (paths []string, done func(), err error) {
	d := newDownloads(".media-download-*")
	done = func() { d.remove(a.log) }
	fail := func(err error) ([]string, func(), error) {
		done()
		return nil, func() {}, err
	}
	for _, src := range sources {
		if !isMediaURL(src) {
			paths = append(paths, src)
			continue
		}
		if msg := checkMediaURL(src); msg != "" {
			return fail(invalid(msg))
		}
		if err := d.folder(a.dataDir); err != nil {
			return fail(fmt.Errorf("download media: %w", err))
		}
		file, err := d.get(ctx, defaultFetcher, src)
		if err != nil {
			return fail(fmt.Errorf("download media: %w", err))
		}
		paths = append(paths, file)
	}
	return paths, done, nil
}
