package viewstest

import (
	"context"
	"fmt"
	"io"
	"sync"

	"webox-social/app"
	"webox-social/services/model"
)

// ImportFake holds the answers and the records of the CSV import and export methods: set
// its fields (through Core.Import) before use.
type ImportFake struct {
	mu sync.Mutex
	// Preview and PreviewErr are PreviewCSV's answer.
	Preview    app.ImportPreview
	PreviewErr error
	// Report and ImportErr are ImportCSV's answer.
	Report    app.ImportReport
	ImportErr error
	// File is what ExportCSV and ExportICS write; ExportErr, when set, is returned instead.
	File      string
	ExportErr error

	// Previewed are the files PreviewCSV read, Imports ImportCSV's calls, CSVExports and
	// ICSExports the filters of ExportCSV and ExportICS.
	Previewed  []string
	Imports    []ImportCall
	CSVExports []model.PostFilter
	ICSExports []model.PostFilter
}

// ImportCall is one ImportCSV call: the file read and whether it was a dry run.
type ImportCall struct {
	File   string
	DryRun bool
}

// importFakes are the ImportFake of each Core (fake.go is shared, so the import's state
// lives beside it).
var importFakes sync.Map // *Core → *ImportFake

// Import returns the CSV import and export part of the fake.
func (c *Core) Import() *ImportFake {
	v, _ := importFakes.LoadOrStore(c, &ImportFake{})
	return v.(*ImportFake)
}

// PreviewCSV reads r, records it and returns Preview and PreviewErr.
func (c *Core) PreviewCSV(_ context.Context, r io.Reader) (app.ImportPreview, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return app.ImportPreview{}, fmt.Errorf("fake: preview csv: %w", err)
	}
	f := c.Import()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Previewed = append(f.Previewed, string(data))
	return f.Preview, f.PreviewErr
}

// ImportCSV reads r, records the call and returns Report and ImportErr.
func (c *Core) ImportCSV(_ context.Context, r io.Reader, dryRun bool) (app.ImportReport, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return app.ImportReport{}, fmt.Errorf("fake: import csv: %w", err)
	}
	f := c.Import()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Imports = append(f.Imports, ImportCall{File: string(data), DryRun: dryRun})
	return f.Report, f.ImportErr
}

// ExportCSV records f and writes File to w.
func (c *Core) ExportCSV(_ context.Context, w io.Writer, flt model.PostFilter) error {
	f := c.Import()
	f.mu.Lock()
	f.CSVExports = append(f.CSVExports, flt)
	f.mu.Unlock()
	return f.write(w)
}

// ExportICS records f and writes File to w.
func (c *Core) ExportICS(_ context.Context, w io.Writer, flt model.PostFilter) error {
	f := c.Import()
	f.mu.Lock()
	f.ICSExports = append(f.ICSExports, flt)
	f.mu.Unlock()
	return f.write(w)
}

// write writes File to w, or returns ExportErr.
func (f *ImportFake) write(w io.Writer) error {
	f.mu.Lock()
	file, err := f.File, f.ExportErr
	f.mu.Unlock()
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, file); err != nil {
		return fmt.Errorf("fake: export: %w", err)
	}
	return nil
}
