package views

import (
	"context"
	"io"

	"webox-social/app"
	"webox-social/services/model"
)

// importCore is what the Posts screen's CSV import and export need from the core.
type importCore interface {
	// PreviewCSV reads and checks a CSV file without creating anything, and returns every
	// row with its own problems for the preview table.
	PreviewCSV(ctx context.Context, r io.Reader) (app.ImportPreview, error)
	// ImportCSV creates a post per row of a CSV file, all or nothing; with dryRun it only
	// checks. The report lists the problems that stopped it and the posts created.
	ImportCSV(ctx context.Context, r io.Reader, dryRun bool) (app.ImportReport, error)
	// ExportCSV writes the posts matching f as CSV, in the columns ImportCSV reads.
	ExportCSV(ctx context.Context, w io.Writer, f model.PostFilter) error
	// ExportICS writes the posts matching f that have a time as an iCalendar file.
	ExportICS(ctx context.Context, w io.Writer, f model.PostFilter) error
}
