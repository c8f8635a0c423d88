package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
)

// Bulk import and export of posts as CSV. One row is one post; the header names the
// columns, in any order:
//
//	date          YYYY-MM-DD; blank puts the post in its accounts' queue (NextQueueSlot)
//	time          HH:MM, on the wall clock of zone
//	zone          IANA zone name; blank uses the default zone setting
//	text          the post
//	accounts      "; "-separated account handles, account ids, or network names (every
//	              account of that network)
//	media         "; "-separated paths of files to attach
//	text:<network> optional text replacing text on that network's accounts
const (
	colDate     = "date"
	colTime     = "time"
	colZone     = "zone"
	colText     = "text"
	colAccounts = "accounts"
	colMedia    = "media"
	// overridePrefix starts the name of a per-network text column ("text:mastodon").
	overridePrefix = "text:"
	csvDateLayout  = "2006-01-02"
	csvTimeLayout  = "15:04"
	// maxImportRows bounds one import, so a wrong file cannot create thousands of posts.
	maxImportRows = 5000
)

// csvColumns is the header ExportCSV writes before any text:<network> column.
var csvColumns = []string{colDate, colTime, colZone, colText, colAccounts, colMedia}

// ImportReport says what ImportCSV found and did.
type ImportReport struct {
	// Rows is the number of data rows read (the header is not counted).
	Rows int
	// Problems lists every row that stops the import; when it is not empty nothing was created.
	Problems []RowProblem
	// Created holds the ids of the posts created, in row order (empty for a dry run).
	Created []int64
}

// RowProblem is one reason a row cannot be imported.
type RowProblem struct {
	// Line is the line of the file the row starts on (the header is line 1).
	Line int
	// Reason is a sentence for the user.
	Reason string
}

// csvRow is one validated row, ready to create.
type csvRow struct {
	line  int
	draft Draft
	queue bool // blank date: take the next queue slot when creating
}

// ImportCSV reads posts from a CSV file (see the column list above) and checks every
// row: known accounts, a valid date and zone, a time not in the past, text and media each
// network accepts, files that exist. Any problem and nothing is created; the report lists
// them all. With dryRun nothing is created either. Otherwise every row becomes a post, or
// none does: when one fails, the posts already created are deleted again.
func (a *App) ImportCSV(ctx context.Context, r io.Reader, dryRun bool) (ImportReport, error) {
	rows, report, err := a.readImport(ctx, r)
	if err != nil || len(report.Problems) > 0 || dryRun {
		return report, err
	}
	created, err := a.createRows(ctx, rows)
	if err != nil {
		report.Problems = append(report.Problems, rowProblem(rows[len(created)].line, err))
		return report, fmt.Errorf("import csv: line %d: %w", rows[len(created)].line, err)
	}
	report.Created = created
	a.log.Info("posts imported from csv", "rows", report.Rows, "created", len(created))
	return report, nil
}

// readImport parses and validates the whole file.
func (a *App) readImport(ctx context.Context, r io.Reader) ([]csvRow, ImportReport, error) {
	var report ImportReport
	cr := csv.NewReader(skipBOM(r))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, report, invalid("The file is empty: it needs a header row such as date,time,zone,text,accounts,media.")
	}
	if err != nil {
		return nil, report, invalid(sentence("The file is not valid CSV: " + err.Error()))
	}
	cols, problems := parseHeader(header)
	if len(problems) > 0 {
		report.Problems = problems
		return nil, report, nil
	}
	accounts, err := a.Accounts(ctx)
	if err != nil {
		return nil, report, fmt.Errorf("import csv: list accounts: %w", err)
	}
	v := &rowValidator{a: a, cols: cols, accounts: accounts, zone: a.currentSettings().DefaultZone}
	rows, err := v.readRows(ctx, cr, &report)
	return rows, report, err
}

// readRows reads and validates every data row, collecting problems in report.
func (v *rowValidator) readRows(ctx context.Context, cr *csv.Reader, report *ImportReport) ([]csvRow, error) {
	var rows []csvRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			report.Problems = append(report.Problems, csvProblem(err))
			return rows, nil
		}
		line, _ := cr.FieldPos(0)
		if report.Rows++; report.Rows > maxImportRows {
			report.Problems = append(report.Problems, RowProblem{Line: line,
				Reason: fmt.Sprintf("A file can hold at most %d posts; split it into smaller files.", maxImportRows)})
			return rows, nil
		}
		if err := ctx.Err(); err != nil {
			return rows, fmt.Errorf("import csv: %w", err)
		}
		row, reasons := v.row(ctx, rec)
		for _, reason := range reasons {
			report.Problems = append(report.Problems, RowProblem{Line: line, Reason: reason})
		}
		row.line = line
		rows = append(rows, row)
	}
}

// csvProblem reports a line the CSV reader could not read.
func csvProblem(err error) RowProblem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return RowProblem{Line: pe.StartLine, Reason: sentence("This line is not valid CSV: " + pe.Err.Error())}
	}
	return RowProblem{Reason: sentence("The file could not be read: " + err.Error())}
}

// skipBOM drops a UTF-8 byte order mark (spreadsheet programs write one).
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	return br
}

// parseHeader maps column names to their index; it refuses unknown and repeated columns
// and a file without text and accounts columns.
func parseHeader(header []string) (map[string]int, []RowProblem) {
	cols := map[string]int{}
	var problems []RowProblem
	bad := func(reason string) { problems = append(problems, RowProblem{Line: 1, Reason: reason}) }
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case slices.Contains(csvColumns, name):
		case strings.HasPrefix(name, overridePrefix):
			if _, ok := platformNamed(strings.TrimPrefix(name, overridePrefix)); !ok {
				bad(fmt.Sprintf("The column %q names no network Webox Social knows (use for example text:mastodon).", h))
			}
		default:
			bad(fmt.Sprintf("The column %q is not one Webox Social reads; the columns are date, time, zone, text, accounts, media and text:<network>.", h))
		}
		if _, dup := cols[name]; dup {
			bad(fmt.Sprintf("The column %q appears twice.", h))
		}
		cols[name] = i
	}
	for _, need := range []string{colText, colAccounts} {
		if _, ok := cols[need]; !ok {
			bad(fmt.Sprintf("The header has no %q column.", need))
		}
	}
	return cols, problems
}

// platformNamed finds a network by its id ("twitter") or its name ("X"), in any case.
func platformNamed(s string) (model.Platform, bool) {
	s = strings.TrimSpace(s)
	for _, p := range model.Platforms {
		if strings.EqualFold(s, string(p)) || strings.EqualFold(s, p.Title()) {
			return p, true
		}
	}
	return "", false
}

// rowValidator turns records into drafts and says what is wrong with them.
type rowValidator struct {
	a        *App
	cols     map[string]int
	accounts []model.Account
	zone     string // the default zone setting
}

// field returns a record's trimmed value in a column ("" when absent or short).
func (v *rowValidator) field(rec []string, col string) string {
	i, ok := v.cols[col]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// rawField is field without trimming, for texts whose spacing matters.
func (v *rowValidator) rawField(rec []string, col string) string {
	i, ok := v.cols[col]
	if !ok || i >= len(rec) {
		return ""
	}
	return rec[i]
}

// row builds the draft of one record and returns every problem with it.
func (v *rowValidator) row(ctx context.Context, rec []string) (csvRow, []string) {
	var out sentences
	d := Draft{Content: v.rawField(rec, colText), MediaPaths: splitList(v.field(rec, colMedia))}
	accts, problems := v.resolveAccounts(v.field(rec, colAccounts))
	for _, p := range problems {
		out.addOne(p)
	}
	for _, acct := range accts {
		d.AccountIDs = append(d.AccountIDs, acct.ID)
	}
	d.Overrides = v.overrides(rec, accts)
	row := csvRow{draft: d}
	if len(accts) == 0 && len(problems) == 0 {
		out.addOne("Name at least one account in the accounts column.")
	}
	if strings.TrimSpace(d.Content) == "" && len(d.MediaPaths) == 0 {
		out.addOne("The row has no text and no media.")
	}
	if err := v.schedule(ctx, rec, &row); err != nil {
		out.addOne(UserMessage(err))
	}
	if len(accts) > 0 {
		v.checkRow(row, accts, &out)
	}
	return row, out.list
}

// checkRow adds what the networks would refuse about the draft.
func (v *rowValidator) checkRow(row csvRow, accts []model.Account, out *sentences) {
	for _, p := range v.a.CheckDraft(row.draft, accts) {
		out.addOne(p)
	}
	if err := checkAccountsUsable(accts); err != nil {
		out.addOne(UserMessage(err))
	}
	if err := v.a.checkPublishers(accts); err != nil {
		out.addOne(UserMessage(err))
	}
}

// schedule fills the row's time and zone, or marks it for the queue when date is blank.
func (v *rowValidator) schedule(ctx context.Context, rec []string, row *csvRow) error {
	date, clock, zone := v.field(rec, colDate), v.field(rec, colTime), v.field(rec, colZone)
	if zone == "" {
		zone = v.zone
	}
	if date == "" {
		if clock != "" {
			return invalid(fmt.Sprintf("The time %q has no date: fill in the date, or clear both to add the post to the queue.", clock))
		}
		row.queue = true
		if len(row.draft.AccountIDs) == 0 {
			return nil
		}
		_, _, err := v.a.NextQueueSlot(ctx, row.draft.AccountIDs)
		return err
	}
	at, err := parseWhen(date, clock, zone)
	if err != nil {
		return err
	}
	row.draft.ScheduledAt, row.draft.Zone = at, zone
	return v.a.checkTime(at, zone)
}

// parseWhen reads a date and a time on the wall clock of zone.
func parseWhen(date, clock, zone string) (time.Time, error) {
	loc, err := loadZone(zone)
	if err != nil {
		return time.Time{}, err
	}
	day, err := time.Parse(csvDateLayout, date)
	if err != nil {
		return time.Time{}, invalid(fmt.Sprintf("The date %q is not a date written as YYYY-MM-DD, such as 2026-03-23.", date))
	}
	if clock == "" {
		return time.Time{}, invalid("The row has a date but no time: write the time as HH:MM, such as 09:30.")
	}
	hm, err := time.Parse(csvTimeLayout, clock)
	if err != nil {
		return time.Time{}, invalid(fmt.Sprintf("The time %q is not a time written as HH:MM, such as 09:30.", clock))
	}
	return time.Date(day.Year(), day.Month(), day.Day(), hm.Hour(), hm.Minute(), 0, 0, loc), nil
}

// splitList splits a ";"-separated cell, dropping blank entries.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// resolveAccounts turns the accounts cell into accounts, each once, in order.
func (v *rowValidator) resolveAccounts(cell string) ([]model.Account, []string) {
	var out []model.Account
	var problems []string
	for _, name := range splitList(cell) {
		found, problem := v.lookup(name)
		if problem != "" {
			problems = append(problems, problem)
		}
		for _, acct := range found {
			if !slices.ContainsFunc(out, func(o model.Account) bool { return o.ID == acct.ID }) {
				out = append(out, acct)
			}
		}
	}
	return out, problems
}

// lookup finds the accounts one entry of the accounts cell means: an id, a network name
// or a handle (with or without its leading @).
func (v *rowValidator) lookup(name string) ([]model.Account, string) {
	if id, err := strconv.ParseInt(name, 10, 64); err == nil {
		i := slices.IndexFunc(v.accounts, func(a model.Account) bool { return a.ID == id })
		if i < 0 {
			return nil, fmt.Sprintf("There is no account with id %d in this workspace.", id)
		}
		return v.accounts[i : i+1], ""
	}
	if p, ok := platformNamed(name); ok {
		found := v.byPlatform(p)
		if len(found) == 0 {
			return nil, fmt.Sprintf("No %s account is connected in this workspace.", p.Title())
		}
		return found, ""
	}
	found := v.byHandle(name)
	switch len(found) {
	case 0:
		return nil, fmt.Sprintf("No connected account is called %q.", name)
	case 1:
		return found, ""
	}
	return nil, fmt.Sprintf("Several accounts are called %q: use the account id instead.", name)
}

func (v *rowValidator) byPlatform(p model.Platform) []model.Account {
	var out []model.Account
	for _, acct := range v.accounts {
		if acct.Platform == p {
			out = append(out, acct)
		}
	}
	return out
}

func (v *rowValidator) byHandle(name string) []model.Account {
	want := strings.TrimPrefix(name, "@")
	var out []model.Account
	for _, acct := range v.accounts {
		if acct.Handle != "" && strings.EqualFold(strings.TrimPrefix(acct.Handle, "@"), want) {
			out = append(out, acct)
		}
	}
	return out
}

// overrides maps each account to the text:<network> cell of its network, if filled.
func (v *rowValidator) overrides(rec []string, accts []model.Account) map[int64]string {
	out := map[int64]string{}
	for col := range v.cols {
		p, ok := platformNamed(strings.TrimPrefix(col, overridePrefix))
		text := v.rawField(rec, col)
		if !strings.HasPrefix(col, overridePrefix) || !ok || strings.TrimSpace(text) == "" {
			continue
		}
		for _, acct := range accts {
			if acct.Platform == p {
				out[acct.ID] = text
			}
		}
	}
	return out
}

// createRows creates every row's post in order; when one fails it deletes those already
// created and returns the ids it had created before the failure (all deleted again).
func (a *App) createRows(ctx context.Context, rows []csvRow) ([]int64, error) {
	created := make([]int64, 0, len(rows))
	for _, row := range rows {
		p, err := a.createRow(ctx, row)
		if err != nil {
			a.undoImport(context.WithoutCancel(ctx), created)
			return created, err
		}
		created = append(created, p.ID)
	}
	return created, nil
}

func (a *App) createRow(ctx context.Context, row csvRow) (model.Post, error) {
	if err := ctx.Err(); err != nil {
		return model.Post{}, err
	}
	if row.queue {
		return a.AddToQueue(ctx, row.draft)
	}
	return a.CreatePost(ctx, row.draft)
}

// undoImport deletes the posts of an import that failed midway.
func (a *App) undoImport(ctx context.Context, ids []int64) {
	for _, id := range slices.Backward(ids) {
		if err := a.DeletePost(ctx, id); err != nil {
			a.log.Error("import csv: could not delete a post of the failed import", "post_id", id,
				slog.Any("err", err))
		}
	}
}

func rowProblem(line int, err error) RowProblem {
	return RowProblem{Line: line, Reason: UserMessage(err)}
}

// ExportCSV writes the posts matching f in ImportCSV's format: a post without a time
// gets a blank date (ImportCSV would put it in the queue). Accounts are written by
// handle, or by id when the handle is not unique; a per-account text override becomes
// the text:<network> cell of its network (the first one when accounts of one network
// differ). Attachments are written as the paths of their copies in the data folder.
func (a *App) ExportCSV(ctx context.Context, w io.Writer, f model.PostFilter) error {
	posts, err := a.ListPosts(ctx, f)
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	accounts, err := a.store.ListAccounts(ctx, 0)
	if err != nil {
		return fmt.Errorf("export csv: list accounts: %w", err)
	}
	nets := overrideNetworks(posts)
	cw := csv.NewWriter(w)
	header := slices.Clone(csvColumns)
	for _, p := range nets {
		header = append(header, overridePrefix+string(p))
	}
	_ = cw.Write(header)
	for _, p := range posts {
		rec, err := a.exportRecord(ctx, p, accounts, nets)
		if err != nil {
			return err
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: write: %w", err)
	}
	return nil
}

// overrideNetworks lists, in model.Platforms order, the networks with a text override.
func overrideNetworks(posts []model.Post) []model.Platform {
	var out []model.Platform
	for _, net := range model.Platforms {
		for _, p := range posts {
			if slices.ContainsFunc(p.Targets, func(t model.Target) bool {
				return t.Platform == net && strings.TrimSpace(t.TextOverride) != ""
			}) {
				out = append(out, net)
				break
			}
		}
	}
	return out
}

// exportRecord is one post as a CSV record.
func (a *App) exportRecord(ctx context.Context, p model.Post, accounts []model.Account, nets []model.Platform) ([]string, error) {
	var date, clock string
	if !p.ScheduledAt.IsZero() {
		loc, err := loadZone(p.Zone)
		if err != nil {
			loc = time.UTC
		}
		at := p.ScheduledAt.In(loc)
		date, clock = at.Format(csvDateLayout), at.Format(csvTimeLayout)
	}
	media, err := a.Media(ctx, p.MediaIDs)
	if err != nil {
		return nil, fmt.Errorf("export csv: post %d: media: %w", p.ID, err)
	}
	paths := make([]string, 0, len(media))
	for _, m := range media {
		paths = append(paths, m.Path)
	}
	names := make([]string, 0, len(p.Targets))
	for _, t := range p.Targets {
		names = append(names, accountRef(t.AccountID, accounts))
	}
	rec := []string{date, clock, p.Zone, model.ComposeText(p.Content, p.Hashtags, ""),
		strings.Join(names, "; "), strings.Join(paths, "; ")}
	for _, net := range nets {
		rec = append(rec, targetOverride(p, net))
	}
	return rec, nil
}

// accountRef names an account by its handle when no other account shares it, else by id.
func accountRef(id int64, accounts []model.Account) string {
	i := slices.IndexFunc(accounts, func(a model.Account) bool { return a.ID == id })
	if i < 0 || accounts[i].Handle == "" {
		return strconv.FormatInt(id, 10)
	}
	h := strings.TrimPrefix(accounts[i].Handle, "@")
	if _, ok := platformNamed(h); ok {
		return strconv.FormatInt(id, 10)
	}
	n := 0
	for _, o := range accounts {
		if strings.EqualFold(strings.TrimPrefix(o.Handle, "@"), h) {
			n++
		}
	}
	if n > 1 || strings.Contains(h, ";") {
		return strconv.FormatInt(id, 10)
	}
	return accounts[i].Handle
}

func targetOverride(p model.Post, net model.Platform) string {
	for _, t := range p.Targets {
		if t.Platform == net && strings.TrimSpace(t.TextOverride) != "" {
			return t.TextOverride
		}
	}
	return ""
}
