package app

import (
	"context"
	"io"
	"time"
)

// ImportPreview is a dry run of a CSV import, row by row, for the window's preview table.
type ImportPreview struct {
	// Report is what ImportCSV(dryRun=true) would return.
	Report ImportReport
	// Rows holds every data row read, in file order, with its own problems.
	Rows []PreviewRow
}

// PreviewRow is one data row of an import as the user will see it.
type PreviewRow struct {
	Line     int       // line of the file the row starts on (header is line 1)
	When     time.Time // the time it would be scheduled; zero when Queue or unreadable
	Zone     string    // IANA zone of When
	Queue    bool      // blank date: the post goes to its accounts' next queue slot
	Text     string    // the text column as written
	Accounts []string  // the accounts the row names, as resolved (handles), or as written when unknown
	Media    []string  // the media cells (paths or URLs)
	Problems []string  // sentences; empty when the row is fine
}

// PreviewCSV reads and checks a CSV file like ImportCSV with dryRun, and returns every
// row with its problems so the window can show them in a table. Nothing is created, and
// media URLs are only checked for their form (no network, like a dry run). Problems of
// the file as a whole (header, a line that is not CSV, too many rows) are only in Report.
func (a *App) PreviewCSV(ctx context.Context, r io.Reader) (ImportPreview, error) {
	rows, report, err := a.readImport(ctx, r)
	out := ImportPreview{Report: report, Rows: make([]PreviewRow, 0, len(rows))}
	for _, row := range rows {
		out.Rows = append(out.Rows, previewRow(row))
	}
	return out, err
}

// previewRow is a read row as the preview table shows it.
func previewRow(row csvRow) PreviewRow {
	p := PreviewRow{Line: row.line, Queue: row.queue, Text: row.text, Accounts: row.names,
		Media: row.media, Problems: row.problems}
	if !row.queue && !row.draft.ScheduledAt.IsZero() {
		p.When, p.Zone = row.draft.ScheduledAt, row.draft.Zone
	}
	return p
}
