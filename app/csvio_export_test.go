package app

import (
	"context"
	"io"
	"net/http"
)

// ImportCSVWith is ImportCSV with the HTTP client and the size limit (bytes) of the
// media downloads, for the tests.
func (a *App) ImportCSVWith(ctx context.Context, r io.Reader, dryRun bool, client *http.Client, limit int64) (ImportReport, error) {
	return a.importCSV(ctx, r, dryRun, mediaFetcher{client: client, limit: limit})
}
