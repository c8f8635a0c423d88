package app_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/mastodon"
	"webox-social/services/secrets"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// csvNow is the fixed clock of the CSV tests: Monday 23 March 2026, 08:00 UTC.
var csvNow = time.Date(2026, 3, 23, 8, 0, 0, 0, time.UTC)

type csvRig struct {
	core       *app.App
	store      *store.Store
	cafe, shop model.Account
	dataDir    string
}

func newCSVRig(t testing.TB) *csvRig {
	t.Helper()
	st := storetest.Open(t)
	dataDir := t.TempDir()
	core, err := app.New(t.Context(), app.Params{Store: st, Secrets: secrets.NewMemory(), DataDir: dataDir,
		Connectors: platforms.Registry{model.Mastodon: mastodon.New(http.DefaultClient)},
		Now:        func() time.Time { return csvNow }})
	require.NoError(t, err)
	s := app.DefaultSettings()
	s.DefaultZone = "UTC"
	require.NoError(t, core.SaveSettings(t.Context(), s))
	cafe := storetest.NewAccount(t, st, func(a *model.Account) { a.Handle = "@cafe@mastodon.example" })
	shop := storetest.NewAccount(t, st, func(a *model.Account) { a.Handle = "@shop@mastodon.example" })
	return &csvRig{core: core, store: st, cafe: cafe, shop: shop, dataDir: dataDir}
}

func (r *csvRig) posts(t testing.TB) []model.Post {
	t.Helper()
	posts, err := r.core.ListPosts(t.Context(), model.PostFilter{})
	require.NoError(t, err)
	return posts
}

func TestImportCSVCreatesEveryRow(t *testing.T) {
	r := newCSVRig(t)
	in := "\uFEFFdate,time,zone,text,accounts,media,text:mastodon\n" +
		"2026-03-24,09:30,Europe/Paris,\"Soup, bread; and \"\"wine\"\"\",@cafe@mastodon.example,,\n" +
		fmt.Sprintf("2026-03-25,18:00,,Evening opening,%d;shop@mastodon.example,,Toot version\n", r.cafe.ID) +
		"2026-03-26,07:00,,For everyone,mastodon,,\n"

	rep, err := r.core.ImportCSV(t.Context(), strings.NewReader(in), false)
	require.NoError(t, err)
	assert.Empty(t, rep.Problems)
	assert.Equal(t, 3, rep.Rows)
	require.Len(t, rep.Created, 3)

	first, err := r.core.GetPost(t.Context(), rep.Created[0])
	require.NoError(t, err)
	assert.Equal(t, `Soup, bread; and "wine"`, first.Content)
	assert.Equal(t, "Europe/Paris", first.Zone)
	assert.True(t, first.ScheduledAt.Equal(time.Date(2026, 3, 24, 8, 30, 0, 0, time.UTC)), "09:30 in Paris is 08:30 UTC")
	assert.Equal(t, model.PostScheduled, first.Status)

	second, err := r.core.GetPost(t.Context(), rep.Created[1])
	require.NoError(t, err)
	require.Len(t, second.Targets, 2)
	for _, tg := range second.Targets {
		assert.Equal(t, "Toot version", tg.TextOverride)
	}
	third, err := r.core.GetPost(t.Context(), rep.Created[2])
	require.NoError(t, err)
	assert.Len(t, third.Targets, 2, "a network name means every account of that network")
}

func TestImportCSVReportsEveryProblemAndCreatesNothing(t *testing.T) {
	r := newCSVRig(t)
	in := "date,time,zone,text,accounts,media\n" +
		"2026-03-24,09:30,,Fine,@cafe@mastodon.example,\n" +
		"2026-03-24,09:30,,Who?,@nobody@example.social,\n" +
		"24/03/2026,09:30,,Bad date,@cafe@mastodon.example,\n" +
		"2026-03-20,09:30,,In the past,@cafe@mastodon.example,\n" +
		"2026-03-24,09:30,,\"" + strings.Repeat("long ", 120) + "\",@cafe@mastodon.example,\n" +
		"2026-03-24,09:30,,Picture,@cafe@mastodon.example,/no/such/file.jpg\n" +
		"2026-03-24,09:30,Mars/Olympus,Zone,@cafe@mastodon.example,\n" +
		"2026-02-30,09:30,,No such day,@cafe@mastodon.example,\n"

	for _, dry := range []bool{true, false} {
		rep, err := r.core.ImportCSV(t.Context(), strings.NewReader(in), dry)
		require.NoError(t, err)
		assert.Equal(t, 8, rep.Rows)
		assert.Empty(t, rep.Created)
		lines := map[int]string{}
		for _, p := range rep.Problems {
			lines[p.Line] += p.Reason
		}
		assert.NotContains(t, lines, 2, "the good row has no problem")
		assert.Contains(t, lines[3], "@nobody@example.social")
		assert.Contains(t, lines[4], `"24/03/2026" is not written as YYYY-MM-DD`)
		assert.Contains(t, lines[5], "in the past")
		assert.Contains(t, lines[6], "500")
		assert.Contains(t, lines[7], "file.jpg")
		assert.Contains(t, lines[8], "Mars/Olympus")
		assert.Contains(t, lines[9], `The date "2026-02-30" does not exist`)
	}
	assert.Empty(t, r.posts(t), "no row is created when any row has a problem")
}

func TestImportCSVRefusesABadHeader(t *testing.T) {
	r := newCSVRig(t)
	rep, err := r.core.ImportCSV(t.Context(), strings.NewReader("when,text,text:myspace\n"), false)
	require.NoError(t, err)
	reasons := fmt.Sprint(rep.Problems)
	assert.Contains(t, reasons, `"when"`)
	assert.Contains(t, reasons, "myspace")
	assert.Contains(t, reasons, `"accounts"`)

	_, err = r.core.ImportCSV(t.Context(), strings.NewReader(""), false)
	require.ErrorIs(t, err, model.ErrInvalid)
}

func TestImportCSVDryRunCreatesNothing(t *testing.T) {
	r := newCSVRig(t)
	rep, err := r.core.ImportCSV(t.Context(), strings.NewReader("text,accounts,date,time\nHi,mastodon,2026-04-01,10:00\n"), true)
	require.NoError(t, err)
	assert.Empty(t, rep.Problems)
	assert.Equal(t, 1, rep.Rows)
	assert.Empty(t, rep.Created)
	assert.Empty(t, r.posts(t))
}

func TestImportCSVQueuesRowsWithoutADate(t *testing.T) {
	r := newCSVRig(t)
	require.NoError(t, r.core.SetQueueSlots(t.Context(), r.cafe.ID, "", []model.QueueSlot{{Weekday: time.Monday, Minute: 9 * 60}}))
	in := "date,time,text,accounts\n,,First,@cafe@mastodon.example\n,,Second,@cafe@mastodon.example\n"
	rep, err := r.core.ImportCSV(t.Context(), strings.NewReader(in), false)
	require.NoError(t, err)
	require.Empty(t, rep.Problems)
	require.Len(t, rep.Created, 2)
	first, _ := r.core.GetPost(t.Context(), rep.Created[0])
	second, _ := r.core.GetPost(t.Context(), rep.Created[1])
	assert.True(t, first.ScheduledAt.Equal(time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC)))
	assert.True(t, second.ScheduledAt.Equal(time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC)), "each row takes its own slot")

	rep, err = r.core.ImportCSV(t.Context(), strings.NewReader("date,time,text,accounts\n,09:00,No date,@shop@mastodon.example\n"), true)
	require.NoError(t, err)
	require.Len(t, rep.Problems, 1)
	assert.Contains(t, rep.Problems[0].Reason, "no date")
}

func TestImportCSVUndoesAPartialImport(t *testing.T) {
	r := newCSVRig(t)
	ctx := t.Context()
	require.NoError(t, r.core.SetQueueSlots(ctx, r.cafe.ID, "", []model.QueueSlot{{Weekday: time.Monday, Minute: 9 * 60}}))
	// Fill the cafe's queue for the coming year, then free its last slot: validation sees a
	// free slot for each blank-date row, but only the first row can have it.
	var last model.Post
	for {
		p, err := r.core.AddToQueue(ctx, app.Draft{Content: "Filler", AccountIDs: []int64{r.cafe.ID}})
		if err != nil {
			break
		}
		last = p
	}
	require.NoError(t, r.core.DeletePost(ctx, last.ID))
	before := len(r.posts(t))

	in := "date,time,text,accounts\n2026-04-01,10:00,Dated,@shop@mastodon.example\n" +
		",,Queued,@cafe@mastodon.example\n,,No room left,@cafe@mastodon.example\n"
	rep, err := r.core.ImportCSV(ctx, strings.NewReader(in), false)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Empty(t, rep.Created)
	require.Len(t, rep.Problems, 1)
	assert.Equal(t, 4, rep.Problems[0].Line)
	assert.Len(t, r.posts(t), before, "the posts created before the failing row are deleted again")
}

func TestExportCSVRoundTripsThroughImport(t *testing.T) {
	r := newCSVRig(t)
	in := "date,time,zone,text,accounts,media,text:mastodon\n" +
		"2026-03-24,09:30,Europe/Paris,\"Line one\nline two, with comma\",@cafe@mastodon.example,,\n" +
		"2026-03-25,18:00,UTC,Both,@cafe@mastodon.example;@shop@mastodon.example,,Toot only\n"
	rep, err := r.core.ImportCSV(t.Context(), strings.NewReader(in), false)
	require.NoError(t, err)
	require.Empty(t, rep.Problems)
	want := r.posts(t)

	var out bytes.Buffer
	require.NoError(t, r.core.ExportCSV(t.Context(), &out, model.PostFilter{}))
	for _, id := range rep.Created {
		require.NoError(t, r.core.DeletePost(t.Context(), id))
	}
	rep, err = r.core.ImportCSV(t.Context(), bytes.NewReader(out.Bytes()), false)
	require.NoError(t, err)
	require.Empty(t, rep.Problems, out.String())
	got := r.posts(t)
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].Content, got[i].Content)
		assert.Equal(t, want[i].Zone, got[i].Zone)
		assert.True(t, want[i].ScheduledAt.Equal(got[i].ScheduledAt))
		require.Len(t, got[i].Targets, len(want[i].Targets))
		for j := range want[i].Targets {
			assert.Equal(t, want[i].Targets[j].AccountID, got[i].Targets[j].AccountID)
			assert.Equal(t, want[i].Targets[j].TextOverride, got[i].Targets[j].TextOverride)
		}
	}
}

// BenchmarkImportCSVValidate500 validates a 500-row file (the brief: under 2 s).
func BenchmarkImportCSVValidate500(b *testing.B) {
	r := newCSVRig(b)
	var in strings.Builder
	in.WriteString("date,time,zone,text,accounts,media\n")
	for i := range 500 {
		fmt.Fprintf(&in, "2026-04-%02d,%02d:%02d,Europe/Paris,Post number %d #soup,@cafe@mastodon.example;mastodon,\n",
			1+i%28, i%24, i%60, i)
	}
	for b.Loop() {
		rep, err := r.core.ImportCSV(b.Context(), strings.NewReader(in.String()), true)
		require.NoError(b, err)
		require.Empty(b, rep.Problems)
	}
}

func TestExportCSVKeepsPerAccountTexts(t *testing.T) {
	r := newCSVRig(t)
	ctx := t.Context()
	at := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	differ, err := r.core.CreatePost(ctx, app.Draft{Content: "Base", AccountIDs: []int64{r.cafe.ID, r.shop.ID},
		Overrides: map[int64]string{r.cafe.ID: "Cafe text", r.shop.ID: "Shop text"}, ScheduledAt: at, Zone: "UTC"})
	require.NoError(t, err)
	shared, err := r.core.CreatePost(ctx, app.Draft{Content: "Base", AccountIDs: []int64{r.cafe.ID, r.shop.ID},
		Overrides: map[int64]string{r.cafe.ID: "Same", r.shop.ID: "Same"}, ScheduledAt: at.Add(time.Hour), Zone: "UTC"})
	require.NoError(t, err)
	want := r.posts(t)

	var out bytes.Buffer
	require.NoError(t, r.core.ExportCSV(ctx, &out, model.PostFilter{}))
	header, _, _ := strings.Cut(out.String(), "\n")
	assert.Equal(t, "date,time,zone,text,accounts,media,text:mastodon,text:@cafe@mastodon.example,text:@shop@mastodon.example", header)
	for _, id := range []int64{differ.ID, shared.ID} {
		require.NoError(t, r.core.DeletePost(ctx, id))
	}
	rep, err := r.core.ImportCSV(ctx, bytes.NewReader(out.Bytes()), false)
	require.NoError(t, err)
	require.Empty(t, rep.Problems, out.String())
	got := r.posts(t)
	require.Len(t, got, len(want))
	for i := range want {
		require.Len(t, got[i].Targets, 2)
		for j := range want[i].Targets {
			assert.Equal(t, want[i].Targets[j].AccountID, got[i].Targets[j].AccountID)
			assert.Equal(t, want[i].Targets[j].TextOverride, got[i].Targets[j].TextOverride)
		}
	}
}

func TestImportCSVAccountColumnBeatsNetworkColumn(t *testing.T) {
	r := newCSVRig(t)
	in := fmt.Sprintf("date,time,text,accounts,text:mastodon,text:%d\n", r.shop.ID) +
		"2026-04-01,10:00,Base,mastodon,Toot,Shop only\n" +
		"2026-04-01,11:00,Base,mastodon,,Shop only\n"
	rep, err := r.core.ImportCSV(t.Context(), strings.NewReader(in), false)
	require.NoError(t, err)
	require.Empty(t, rep.Problems)
	want := []map[int64]string{{r.cafe.ID: "Toot", r.shop.ID: "Shop only"}, {r.cafe.ID: "", r.shop.ID: "Shop only"}}
	for i, id := range rep.Created {
		p, err := r.core.GetPost(t.Context(), id)
		require.NoError(t, err)
		got := map[int64]string{}
		for _, tg := range p.Targets {
			got[tg.AccountID] = tg.TextOverride
		}
		assert.Equal(t, want[i], got)
	}

	rep, err = r.core.ImportCSV(t.Context(), strings.NewReader("text,accounts,text:@nobody,text:twitter,text:X\n"), true)
	require.NoError(t, err)
	reasons := fmt.Sprint(rep.Problems)
	assert.Contains(t, reasons, "@nobody")
	assert.Contains(t, reasons, "Two columns give the text for X")
}
