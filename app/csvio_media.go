package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
)

// Media URLs in a CSV import: the media column takes http:// and https:// URLs besides
// paths. A dry run (and PreviewCSV) checks their form only, never the network; a real
// import downloads each URL once into a temp folder in the data folder before creating
// any post, attaches the files like paths (copied into the media folder), then removes
// the temp folder.
const (
	// maxMediaDownload bounds one downloaded file.
	maxMediaDownload = 1 << 30
	// mediaDownloadTimeout bounds one download, body included.
	mediaDownloadTimeout = 10 * time.Minute
)

// mediaFetcher downloads media URLs; tests swap the client and the limit.
type mediaFetcher struct {
	client *http.Client
	limit  int64 // bytes
}

// defaultFetcher is what ImportCSV uses.
var defaultFetcher = mediaFetcher{client: &http.Client{Timeout: mediaDownloadTimeout}, limit: maxMediaDownload}

// isMediaURL says whether a media entry is a URL rather than a path.
func isMediaURL(s string) bool {
	lower := strings.ToLower(s)
	return strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")
}

// checkMediaURL returns a problem when s is not a well-formed absolute http(s) URL.
func checkMediaURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Sprintf("The media %q is not a valid web address: write it like https://example.com/photo.jpg.", s)
	}
	return ""
}

// downloads maps each media URL downloaded to the file it was saved to, in one temp
// folder of the data folder (named after pattern, created on the first download).
type downloads struct {
	pattern string
	dir     string
	files   map[string]string
}

func newDownloads(pattern string) *downloads {
	return &downloads{pattern: pattern, files: map[string]string{}}
}

// folder creates the temp folder unless it exists.
func (d *downloads) folder(dataDir string) error {
	if d.dir != "" {
		return nil
	}
	dir, err := os.MkdirTemp(dataDir, d.pattern)
	if err != nil {
		return fmt.Errorf("create download folder: %w", err)
	}
	d.dir = dir
	return nil
}

// get downloads rawURL once (the folder must exist) and returns its file.
func (d *downloads) get(ctx context.Context, f mediaFetcher, rawURL string) (string, error) {
	if file, ok := d.files[rawURL]; ok {
		return file, nil
	}
	file, err := f.fetch(ctx, rawURL, filepath.Join(d.dir, strconv.Itoa(len(d.files))))
	if err != nil {
		return "", err
	}
	d.files[rawURL] = file
	return file, nil
}

// remove deletes the temp folder of the downloads (their copies are in the media folder).
func (d *downloads) remove(log *slog.Logger) {
	if d.dir == "" {
		return
	}
	if err := os.RemoveAll(d.dir); err != nil {
		log.Warn("could not remove the downloaded media", "dir", d.dir, slog.Any("err", err))
	}
}

// downloadError is a URL that could not be downloaded, on the line that first names it.
type downloadError struct {
	line int
	err  error
}

func (e *downloadError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }
func (e *downloadError) Unwrap() error { return e.err }

// downloadRows downloads every media URL of the rows once, in row order.
func (a *App) downloadRows(ctx context.Context, rows []csvRow, f mediaFetcher) (*downloads, error) {
	d := newDownloads(".csv-media-*")
	for _, row := range rows {
		for _, m := range row.media {
			if !isMediaURL(m) {
				continue
			}
			if err := d.folder(a.dataDir); err != nil {
				return d, fmt.Errorf("import csv: %w", err)
			}
			if _, err := d.get(ctx, f, m); err != nil {
				return d, &downloadError{line: row.line, err: err}
			}
		}
	}
	return d, nil
}

// downloadFailed reports an import stopped by a download (or the download folder).
func (a *App) downloadFailed(report ImportReport, err error) (ImportReport, error) {
	var de *downloadError
	if errors.As(err, &de) {
		reason := UserMessage(de.err)
		if errors.Is(de.err, model.ErrInvalid) {
			reason = innermostText(de.err) // starts with the URL: not capitalised
		}
		report.Problems = append(report.Problems, RowProblem{Line: de.line, Reason: reason})
		a.log.Warn("import csv: media download failed", "line", de.line, slog.Any("err", de.err))
		return report, fmt.Errorf("import csv: %w", err)
	}
	report.Problems = append(report.Problems, RowProblem{Reason: UserMessage(err)})
	return report, err
}

// attachDownloads puts every row's media, downloaded files in place of URLs, in its
// draft, and checks again the rows that had URLs, now that their files can be read.
func (a *App) attachDownloads(rows []csvRow, d *downloads) []RowProblem {
	var problems []RowProblem
	for i := range rows {
		row := &rows[i]
		paths, hadURL := make([]string, 0, len(row.media)), false
		for _, m := range row.media {
			if file, ok := d.files[m]; ok {
				m, hadURL = file, true
			}
			paths = append(paths, m)
		}
		row.draft.MediaPaths = paths
		if !hadURL {
			continue
		}
		for _, p := range a.CheckDraft(row.draft, row.accounts) {
			problems = append(problems, RowProblem{Line: row.line, Reason: p})
		}
	}
	return problems
}

// fetch downloads rawURL into dir, under the file name of the URL's path, and returns
// the file's path. A status other than 2xx and a body over the limit are refused.
func (f mediaFetcher) fetch(ctx context.Context, rawURL, dir string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return "", invalid(fmt.Sprintf("The media %q is not a valid web address.", rawURL))
	}
	resp, err := f.client.Do(req)
	if err != nil && ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", invalid(fmt.Sprintf("%s could not be downloaded: %v.", rawURL, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", invalid(fmt.Sprintf("%s answered %s.", rawURL, resp.Status))
	}
	if resp.ContentLength > f.limit {
		return "", f.tooLarge(rawURL)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create download folder: %w", err)
	}
	file := filepath.Join(dir, downloadName(req.URL, resp.Header.Get("Content-Type")))
	return file, f.save(resp.Body, file, rawURL)
}

// save writes at most the limit of body to file.
func (f mediaFetcher) save(body io.Reader, file, rawURL string) error {
	out, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", filepath.Base(file), err)
	}
	n, err := io.Copy(out, io.LimitReader(body, f.limit+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		return invalid(fmt.Sprintf("%s could not be downloaded: %v.", rawURL, err))
	case n > f.limit:
		return f.tooLarge(rawURL)
	}
	return nil
}

func (f mediaFetcher) tooLarge(rawURL string) error {
	return invalid(fmt.Sprintf("%s is larger than %s, the most Webox Social downloads for one file.",
		rawURL, sizeText(f.limit)))
}

// sizeText writes a byte count in the largest whole binary unit.
func sizeText(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// mediaExts names the extension of the types mediainfo reads, for a URL without one.
var mediaExts = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
	"image/webp": ".webp", "video/mp4": ".mp4", "video/quicktime": ".mov"}

// maxNameLen keeps a downloaded file's name well under the file systems' limits.
const maxNameLen = 100

// downloadName is the file name of a URL's path, safe for the disk, with an extension
// from the Content-Type when the path has none ("download" when the path names nothing).
func downloadName(u *url.URL, contentType string) string {
	name := path.Base(u.Path)
	switch {
	case name == "." || name == ".." || name == "/":
		name = "download"
	case strings.HasPrefix(name, "."):
		name = "download" + name
	}
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, name)
	ext := filepath.Ext(name)
	if ext == "" {
		if mt, _, err := mime.ParseMediaType(contentType); err == nil {
			ext = mediaExts[mt]
		}
		name += ext
	}
	if len(ext) > maxNameLen/4 {
		ext = ""
	}
	if len(name) > maxNameLen {
		name = strings.ToValidUTF8(name[:maxNameLen-len(ext)], "") + ext
	}
	return name
}
