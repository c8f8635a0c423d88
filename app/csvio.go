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
	"maps"
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
//	media         "; "-separated paths of files, or http:// and https:// URLs, to attach
//	text:<network> optional text replacing text on that network's accounts
//	text:<account> optional text replacing text on one account, named as in the accounts
//	              column (handle or id); it beats text:<network> for that account
//
// A URL is only checked for its form during a dry run (no network: a dry run stays fast
// and works offline); a real import downloads each URL once before creating any post,
// and a URL that cannot be downloaded stops the whole import (see csvio_media.go).
const (
	colDate     = "date"
	colTime     = "time"
	colZone     = "zone"
	colText     = "text"
	colAccounts = "accounts"
	colMedia    = "media"
	// overridePrefix starts the name of a per-network or per-account text column
	// ("text:mastodon", "text:@cafe@mastodon.social").
	overridePrefix = "text:"
	csvDateLayout  = "2006-01-02"
	csvTimeLayout  = "15:04"
	// maxImportRows bounds one import, so a wrong file cannot create thousands of posts.
	maxImportRows = 5000
)

// csvColumns is the header ExportCSV writes before any text:<network> or text:<account> column.
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
	line     int
	draft    Draft // MediaPaths holds the local files only; URLs wait for the download
	queue    bool  // blank date: take the next queue slot when creating
	text     string
	media    []string        // the media cell's entries in order, paths and URLs
	names    []string        // the accounts as resolved (handles), or as written when unknown
	accounts []model.Account // the accounts resolved
	problems []string
}

// ImportCSV reads posts from a CSV file (see the column list above) and checks every
// row: known accounts, a valid date and zone, a time not in the past, text and media each
// network accepts, files that exist. Any problem and nothing is created; the report lists
// them all. With dryRun nothing is created either. Otherwise every row becomes a post, or
// none does: when one fails, the posts already created are deleted again.
//
// Media URLs: a dry run only checks that each is a well-formed http(s) URL, without
// touching the network; a real import downloads every URL first (at most 1 GiB each), and
// any download that fails stops the import before a post is created.
func (a *App) ImportCSV(ctx context.Context, r io.Reader, dryRun bool) (ImportReport, error) {
	return a.importCSV(ctx, r, dryRun, defaultFetcher)
}

// importCSV is ImportCSV with the HTTP client and size limit of the downloads.
func (a *App) importCSV(ctx context.Context, r io.Reader, dryRun bool, f mediaFetcher) (ImportReport, error) {
	rows, report, err := a.readImport(ctx, r)
	if err != nil || len(report.Problems) > 0 || dryRun {
		return report, err
	}
	downloads, err := a.downloadRows(ctx, rows, f)
	defer downloads.remove(a.log)
	if err != nil {
		return a.downloadFailed(report, err)
	}
	if report.Problems = a.attachDownloads(rows, downloads); len(report.Problems) > 0 {
		return report, nil
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
	accounts, err := a.Accounts(ctx)
	if err != nil {
		return nil, report, fmt.Errorf("import csv: list accounts: %w", err)
	}
	v := &rowValidator{a: a, cols: cols, accounts: accounts, zone: a.currentSettings().DefaultZone}
	if report.Problems = append(problems, v.overrideColumns(header)...); len(report.Problems) > 0 {
		return nil, report, nil
	}
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
		row := v.row(ctx, rec)
		for _, reason := range row.problems {
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
			if strings.TrimSpace(strings.TrimPrefix(name, overridePrefix)) == "" {
				bad(fmt.Sprintf("The column %q names no network and no account (use for example text:mastodon).", h))
			}
		default:
			bad(fmt.Sprintf("The column %q is not one Webox Social reads; the columns are date, time, zone, text, accounts, media, text:<network> and text:<account>.", h))
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
	// netText and acctText name the text:<network> and text:<account> columns.
	netText  map[model.Platform]string
	acctText map[int64]string
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

// row builds the draft of one record and records every problem with it.
func (v *rowValidator) row(ctx context.Context, rec []string) csvRow {
	var out sentences
	row := csvRow{text: v.rawField(rec, colText), media: splitList(v.field(rec, colMedia))}
	row.draft = Draft{Content: row.text, MediaPaths: v.checkMediaCells(row.media, &out)}
	accts, names, problems := v.resolveAccounts(v.field(rec, colAccounts))
	for _, p := range problems {
		out.addOne(p)
	}
	for _, acct := range accts {
		row.draft.AccountIDs = append(row.draft.AccountIDs, acct.ID)
	}
	row.draft.Overrides = v.overrides(rec, accts)
	row.accounts, row.names = accts, names
	if len(accts) == 0 && len(problems) == 0 {
		out.addOne("Name at least one account in the accounts column.")
	}
	if strings.TrimSpace(row.text) == "" && len(row.media) == 0 {
		out.addOne("The row has no text and no media.")
	}
	if err := v.schedule(ctx, rec, &row); err != nil {
		out.addOne(UserMessage(err))
	}
	if len(accts) > 0 {
		v.checkRow(row, accts, &out)
	}
	row.problems = out.list
	return row
}

// checkMediaCells returns the media entries that are local paths, and adds a problem for
// every URL that is not a well-formed http(s) URL (URLs are not fetched here).
func (v *rowValidator) checkMediaCells(media []string, out *sentences) []string {
	var paths []string
	for _, m := range media {
		if !isMediaURL(m) {
			paths = append(paths, m)
		} else if problem := checkMediaURL(m); problem != "" {
			out.addOne(problem)
		}
	}
	return paths
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
		return time.Time{}, invalid(dateProblem(date, err))
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

// dateProblem says why a date cell is not a date: a day that does not exist, or
// another way of writing dates.
func dateProblem(date string, err error) string {
	var pe *time.ParseError
	if errors.As(err, &pe) && strings.Contains(pe.Message, "out of range") {
		return fmt.Sprintf("The date %q does not exist: check the day and the month.", date)
	}
	return fmt.Sprintf("The date %q is not written as YYYY-MM-DD, such as 2026-03-23.", date)
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

// resolveAccounts turns the accounts cell into accounts, each once, in order, with
// their names for the preview (the handle, or the entry as written when unknown).
func (v *rowValidator) resolveAccounts(cell string) (out []model.Account, names, problems []string) {
	for _, name := range splitList(cell) {
		found, problem := v.lookup(name)
		if problem != "" {
			problems = append(problems, problem)
			names = append(names, name)
		}
		for _, acct := range found {
			if !slices.ContainsFunc(out, func(o model.Account) bool { return o.ID == acct.ID }) {
				out = append(out, acct)
				names = append(names, accountLabel(acct))
			}
		}
	}
	return out, names, problems
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

// overrideColumns sorts the text:<...> columns into network and account columns, and
// refuses one naming neither and two naming the same network or account.
func (v *rowValidator) overrideColumns(header []string) []RowProblem {
	v.netText, v.acctText = map[model.Platform]string{}, map[int64]string{}
	var problems []RowProblem
	seen := map[string]bool{}
	for _, h := range header {
		col := strings.ToLower(strings.TrimSpace(h))
		if !strings.HasPrefix(col, overridePrefix) || seen[col] { // parseHeader reports repeats
			continue
		}
		seen[col] = true
		if problem := v.overrideColumn(col, h); problem != "" {
			problems = append(problems, RowProblem{Line: 1, Reason: problem})
		}
	}
	return problems
}

// overrideColumn records one text:<network> or text:<account> column.
func (v *rowValidator) overrideColumn(col, h string) string {
	ref := strings.TrimSpace(strings.TrimPrefix(col, overridePrefix))
	if ref == "" {
		return "" // parseHeader reported it
	}
	if p, ok := platformNamed(ref); ok {
		if _, dup := v.netText[p]; dup {
			return fmt.Sprintf("Two columns give the text for %s; keep one.", p.Title())
		}
		v.netText[p] = col
		return ""
	}
	found, problem := v.lookup(ref)
	if problem != "" {
		return fmt.Sprintf("The column %q names no network and no account Webox Social can use: %s", h, problem)
	}
	if _, dup := v.acctText[found[0].ID]; dup {
		return fmt.Sprintf("Two columns give the text for %s; keep one.", accountLabel(found[0]))
	}
	v.acctText[found[0].ID] = col
	return ""
}

// overrides maps each account to its text:<account> cell, or else the text:<network>
// cell of its network, when filled.
func (v *rowValidator) overrides(rec []string, accts []model.Account) map[int64]string {
	out := map[int64]string{}
	for _, acct := range accts {
		for _, col := range []string{v.acctText[acct.ID], v.netText[acct.Platform]} {
			if text := v.rawField(rec, col); col != "" && strings.TrimSpace(text) != "" {
				out[acct.ID] = text
				break
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
// handle, or by id when the handle is not unique. Per-account text overrides become the
// text:<network> cell when every account of that network in the post has the same one,
// and text:<account> cells (named like the accounts column) otherwise, so nothing is
// lost. Attachments are written as the paths of their copies in the data folder.
func (a *App) ExportCSV(ctx context.Context, w io.Writer, f model.PostFilter) error {
	posts, err := a.ListPosts(ctx, f)
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	accounts, err := a.store.ListAccounts(ctx, 0)
	if err != nil {
		return fmt.Errorf("export csv: list accounts: %w", err)
	}
	cols := overrideColumnsOf(posts)
	cw := csv.NewWriter(w)
	_ = cw.Write(cols.header(accounts))
	for _, p := range posts {
		rec, err := a.exportRecord(ctx, p, accounts, cols)
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

// exportOverrides is where a post's text overrides go: one text per network shared by
// all its accounts of that network, or one text per account.
type exportOverrides struct {
	nets  map[model.Platform]string
	accts map[int64]string
}

// overridesOf sorts a post's text overrides into network and account cells.
func overridesOf(p model.Post) exportOverrides {
	out := exportOverrides{nets: map[model.Platform]string{}, accts: map[int64]string{}}
	for _, net := range model.Platforms {
		var texts []string
		for _, t := range p.Targets {
			if t.Platform == net {
				texts = append(texts, overrideText(t))
			}
		}
		if len(slices.Compact(slices.Clone(texts))) == 1 {
			if texts[0] != "" {
				out.nets[net] = texts[0]
			}
			continue
		}
		for _, t := range p.Targets {
			if t.Platform == net && overrideText(t) != "" {
				out.accts[t.AccountID] = t.TextOverride
			}
		}
	}
	return out
}

// overrideText is a target's override, "" when it is blank.
func overrideText(t model.Target) string {
	if strings.TrimSpace(t.TextOverride) == "" {
		return ""
	}
	return t.TextOverride
}

// exportColumns lists the text:<network> columns (in model.Platforms order) and the
// text:<account> columns (by account id) the posts need.
type exportColumns struct {
	nets  []model.Platform
	accts []int64
}

func overrideColumnsOf(posts []model.Post) exportColumns {
	nets, accts := map[model.Platform]bool{}, map[int64]bool{}
	for _, p := range posts {
		o := overridesOf(p)
		for net := range o.nets {
			nets[net] = true
		}
		for id := range o.accts {
			accts[id] = true
		}
	}
	var out exportColumns
	for _, net := range model.Platforms {
		if nets[net] {
			out.nets = append(out.nets, net)
		}
	}
	out.accts = slices.Sorted(maps.Keys(accts))
	return out
}

func (c exportColumns) header(accounts []model.Account) []string {
	header := slices.Clone(csvColumns)
	for _, p := range c.nets {
		header = append(header, overridePrefix+string(p))
	}
	for _, id := range c.accts {
		header = append(header, overridePrefix+accountRef(id, accounts))
	}
	return header
}

// exportRecord is one post as a CSV record.
func (a *App) exportRecord(ctx context.Context, p model.Post, accounts []model.Account, cols exportColumns) ([]string, error) {
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
	o := overridesOf(p)
	for _, net := range cols.nets {
		rec = append(rec, o.nets[net])
	}
	for _, id := range cols.accts {
		rec = append(rec, o.accts[id])
	}
	return rec, nil
}

// accountRef names an account by its handle when no other account shares it and it
// cannot be read as an id or a network name, else by id.
func accountRef(id int64, accounts []model.Account) string {
	i := slices.IndexFunc(accounts, func(a model.Account) bool { return a.ID == id })
	if i < 0 || accounts[i].Handle == "" {
		return strconv.FormatInt(id, 10)
	}
	h := strings.TrimPrefix(accounts[i].Handle, "@")
	if _, ok := platformNamed(h); ok {
		return strconv.FormatInt(id, 10)
	}
	if _, err := strconv.ParseInt(accounts[i].Handle, 10, 64); err == nil {
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
