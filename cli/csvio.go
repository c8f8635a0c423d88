package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/wire"
)

// importJSON is the import --json output.
type importJSON struct {
	Rows     int           `json:"rows"`
	DryRun   bool          `json:"dry_run"`
	Created  []int64       `json:"created"`
	Problems []problemJSON `json:"problems"`
}

// problemJSON is one row that stops an import.
type problemJSON struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// importCSV creates posts from a CSV file: all of them, or none when a row has a problem.
func (r *runner) importCSV(ctx context.Context, args []string) int {
	f := newFlags("import", "import FILE.csv [--dry-run] [--json]\n\n"+
		"Columns: date, time, zone, text, accounts, media (paths or URLs), text:<network>,\n"+
		"text:<account> (header row first).")
	dry := f.Bool("dry-run", false, "check every row, create nothing")
	pos, code := r.parse(f, args, 1)
	if code >= 0 {
		return code
	}
	file, err := os.Open(pos[0])
	if err != nil {
		return r.fail(fmt.Errorf("cli: open %s: %w", pos[0], err))
	}
	defer file.Close()
	report, err := r.core.ImportCSV(ctx, file, *dry)
	if err != nil && len(report.Problems) == 0 {
		return r.fail(err)
	}
	if f.json {
		r.printJSON(importToJSON(report, *dry))
	} else {
		r.importText(report, *dry)
	}
	if len(report.Problems) > 0 {
		return ExitFailure
	}
	if len(report.Created) > 0 {
		r.due = notRunningLater
	}
	return ExitOK
}

func importToJSON(rep app.ImportReport, dry bool) importJSON {
	out := importJSON{Rows: rep.Rows, DryRun: dry, Created: wire.NonNil(rep.Created), Problems: []problemJSON{}}
	for _, p := range rep.Problems {
		out.Problems = append(out.Problems, problemJSON{Line: p.Line, Reason: p.Reason})
	}
	return out
}

func (r *runner) importText(rep app.ImportReport, dry bool) {
	for _, p := range rep.Problems {
		fmt.Fprintf(r.stderr, "Line %d: %s\n", p.Line, p.Reason)
	}
	switch {
	case len(rep.Problems) > 0:
		fmt.Fprintf(r.stderr, "Nothing was imported: %d problem(s) in %d row(s).\n", len(rep.Problems), rep.Rows)
	case dry:
		fmt.Fprintf(r.stdout, "Checked %d row(s): no problems. Run again without --dry-run to create them.\n", rep.Rows)
	default:
		fmt.Fprintf(r.stdout, "Created %d post(s): %v\n", len(rep.Created), rep.Created)
	}
}

// export writes the posts matching the filter as CSV or iCalendar, to --out or stdout.
func (r *runner) export(ctx context.Context, args []string) int {
	f := newFlags("export", "export [FILE.csv|FILE.ics] [--format csv|ics] [--out FILE] [--status S] [--from DATE --to DATE] [--json]")
	format := f.String("format", "", "csv (re-importable) or ics (calendar); default: the file's extension, else csv")
	outPath := f.String("out", "", "file to write (default: the FILE argument, else standard output)")
	status := f.String("status", "", "only posts with this status")
	from := f.String("from", "", "only posts scheduled on or after this day (2026-12-01)")
	to := f.String("to", "", "only posts scheduled on or before this day (2026-12-31)")
	pos, code := r.parseBetween(f, args, 0, 1)
	if code >= 0 {
		return code
	}
	if len(pos) == 1 && *outPath == "" {
		*outPath = pos[0]
	}
	if *format == "" {
		*format = formatOf(*outPath)
	}
	write, err := r.exporter(*format)
	if err == nil && f.json && *outPath == "" {
		err = fmt.Errorf("--json needs --out: the export itself is %s", *format)
	}
	filter, ferr := r.postFilter(*status, *from, *to)
	if err != nil || ferr != nil {
		return r.flagError(f, firstErr(err, ferr).Error())
	}
	if *outPath == "" {
		return r.exportTo(ctx, r.stdout, write, filter)
	}
	if code := r.exportFile(ctx, *outPath, write, filter); code != ExitOK || !f.json {
		return code
	}
	return r.printJSON(map[string]string{"path": *outPath, "format": *format})
}

// formatOf is the export format a file name asks for: ics for .ics, csv otherwise.
func formatOf(path string) string {
	if strings.EqualFold(filepath.Ext(path), ".ics") {
		return "ics"
	}
	return "csv"
}

// exportFunc is ExportCSV or ExportICS.
type exportFunc func(ctx context.Context, w io.Writer, f model.PostFilter) error

func (r *runner) exporter(format string) (exportFunc, error) {
	switch format {
	case "csv":
		return r.core.ExportCSV, nil
	case "ics":
		return r.core.ExportICS, nil
	}
	return nil, fmt.Errorf("%q is not a format: use csv or ics", format)
}

func (r *runner) exportTo(ctx context.Context, w io.Writer, write exportFunc, f model.PostFilter) int {
	if err := write(ctx, w, f); err != nil {
		return r.fail(err)
	}
	return ExitOK
}

func (r *runner) exportFile(ctx context.Context, path string, write exportFunc, f model.PostFilter) int {
	file, err := os.Create(path)
	if err != nil {
		return r.fail(fmt.Errorf("cli: create %s: %w", path, err))
	}
	if code := r.exportTo(ctx, file, write, f); code != ExitOK {
		file.Close()
		return code
	}
	if err := file.Close(); err != nil {
		return r.fail(fmt.Errorf("cli: write %s: %w", path, err))
	}
	return ExitOK
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
