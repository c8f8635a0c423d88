package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
)

// ImportCSV pretends every line is a row; a line containing "bad" is a problem.
func (f *fakeCore) ImportCSV(_ context.Context, r io.Reader, dryRun bool) (app.ImportReport, error) {
	if err := f.call("import", 0); err != nil {
		return app.ImportReport{}, err
	}
	data, _ := io.ReadAll(r)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	rep := app.ImportReport{Rows: len(lines) - 1}
	for i, l := range lines[1:] {
		if strings.Contains(l, "bad") {
			rep.Problems = append(rep.Problems, app.RowProblem{Line: i + 2, Reason: "No account is called @bad."})
		}
	}
	if len(rep.Problems) == 0 && !dryRun {
		for i := range rep.Rows {
			rep.Created = append(rep.Created, int64(20+i))
		}
	}
	return rep, nil
}

func (f *fakeCore) ExportCSV(_ context.Context, w io.Writer, pf model.PostFilter) error {
	f.filter = pf
	fmt.Fprintln(w, "date,time,zone,text,accounts,media")
	return f.call("export csv", 0)
}

func (f *fakeCore) ExportICS(_ context.Context, w io.Writer, pf model.PostFilter) error {
	f.filter = pf
	fmt.Fprint(w, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
	return f.call("export ics", 0)
}

func writeCSV(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "posts.csv")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

func TestImportGolden(t *testing.T) {
	good := "date,time,zone,text,accounts\n2026-12-02,09:00,UTC,Hi,1\n2026-12-03,09:00,UTC,Ho,1\n"
	bad := "date,time,zone,text,accounts\n2026-12-02,09:00,UTC,Hi,@bad\n"
	cases := []struct {
		name, body string
		args       []string
		code       int
	}{
		{"import", good, nil, ExitOK},
		{"import_json", good, []string{"--json"}, ExitOK},
		{"import_dry_run", good, []string{"--dry-run"}, ExitOK},
		{"import_problems", bad, nil, ExitFailure},
		{"import_problems_json", bad, []string{"--json"}, ExitFailure},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"import", writeCSV(t, c.body)}, c.args...)
			code, out, errOut := run(t, newFake(), args...)
			assert.Equal(t, c.code, code, "stderr: %s", errOut)
			golden(t, c.name, out+"--- stderr ---\n"+errOut)
		})
	}
}

func TestImportMissingFileFails(t *testing.T) {
	code, _, errOut := run(t, newFake(), "import", filepath.Join(t.TempDir(), "none.csv"))
	assert.Equal(t, ExitFailure, code)
	assert.Contains(t, errOut, "none.csv")
}

func TestExportGolden(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"export_csv", []string{"export"}, ExitOK},
		{"export_ics", []string{"export", "--format", "ics", "--status", "scheduled"}, ExitOK},
		{"export_bad_format", []string{"export", "--format", "xls"}, ExitUsage},
		{"export_json_without_out", []string{"export", "--json"}, ExitUsage},
		{"export_help", []string{"export", "--help"}, ExitOK},
		{"import_help", []string{"import", "--help"}, ExitOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := run(t, newFake(), c.args...)
			assert.Equal(t, c.code, code, "stderr: %s", errOut)
			golden(t, c.name, out+"--- stderr ---\n"+errOut)
		})
	}
}

func TestExportToFile(t *testing.T) {
	f := newFake()
	path := filepath.Join(t.TempDir(), "posts.ics")
	code, out, _ := run(t, f, "export", "--format", "ics", "--out", path, "--json")
	require.Equal(t, ExitOK, code)
	assert.JSONEq(t, fmt.Sprintf(`{"path":%q,"format":"ics"}`, path), out)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", string(data))
}

func TestExportFileArgumentPicksTheFormat(t *testing.T) {
	dir := t.TempDir()
	for name, want := range map[string]string{"calendar.ics": "export ics 0", "posts.csv": "export csv 0", "Plan.ICS": "export ics 0"} {
		f := newFake()
		code, _, errOut := run(t, f, "export", filepath.Join(dir, name))
		require.Equal(t, ExitOK, code, errOut)
		assert.Equal(t, []string{want}, f.calls, name)
		assert.FileExists(t, filepath.Join(dir, name))
	}
	code, _, errOut := run(t, newFake(), "export", "a.csv", "b.csv")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut, "expected 0 to 1 argument(s), got 2")
}
