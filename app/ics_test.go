package app_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
)

// icsEvent is one VEVENT parsed back: property name → unescaped value.
type icsEvent map[string]string

// parseICS is a small RFC 5545 reader for the test: it checks CRLF endings and the
// 75-octet limit, unfolds lines and unescapes TEXT values.
func parseICS(t *testing.T, data []byte) []icsEvent {
	t.Helper()
	raw := string(data)
	require.True(t, strings.HasSuffix(raw, "\r\n"))
	physical := strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n")
	var logical []string
	for _, l := range physical {
		require.NotContains(t, l, "\n", "every line ends with CRLF")
		require.LessOrEqual(t, len(l), 75, "line %q is longer than 75 octets", l)
		require.True(t, utf8.ValidString(l), "folding never splits a character")
		if strings.HasPrefix(l, " ") {
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	require.Equal(t, "BEGIN:VCALENDAR", logical[0])
	require.Equal(t, "END:VCALENDAR", logical[len(logical)-1])
	var events []icsEvent
	var cur icsEvent
	for _, l := range logical {
		name, value, ok := strings.Cut(l, ":")
		require.True(t, ok, l)
		switch {
		case l == "BEGIN:VEVENT":
			cur = icsEvent{}
		case l == "END:VEVENT":
			events = append(events, cur)
			cur = nil
		case cur != nil:
			cur[name] = strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n", `\N`, "\n").Replace(value)
		}
	}
	return events
}

func TestExportICSWritesScheduledPostsAsEvents(t *testing.T) {
	r := newCSVRig(t)
	long := "Soup; bread, and a back\\slash — " + strings.Repeat("déjà vu ", 20) + "\nsecond line"
	in := "date,time,zone,text,accounts\n" +
		"2026-03-24,09:30,Europe/Paris,\"" + long + "\",@cafe@mastodon.example\n" +
		"2026-03-25,18:00,UTC,Evening,mastodon\n"
	rep, err := r.core.ImportCSV(t.Context(), strings.NewReader(in), false)
	require.NoError(t, err)
	require.Empty(t, rep.Problems)
	draft, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Not scheduled", AccountIDs: []int64{r.cafe.ID}})
	require.NoError(t, err)

	var out bytes.Buffer
	require.NoError(t, r.core.ExportICS(t.Context(), &out, model.PostFilter{}))
	events := parseICS(t, out.Bytes())
	require.Len(t, events, 2, "a draft without a time is no event")

	byUID := map[string]icsEvent{}
	for _, e := range events {
		byUID[e["UID"]] = e
		assert.NotEmpty(t, e["DTSTAMP"])
	}
	assert.NotContains(t, byUID, fmt.Sprintf("post-%d@webox-social", draft.ID))
	first := byUID[fmt.Sprintf("post-%d@webox-social", rep.Created[0])]
	require.NotNil(t, first)
	assert.Equal(t, "20260324T083000Z", first["DTSTART"])
	assert.Equal(t, "Soup; bread, and a back\\slash — déjà vu…", first["SUMMARY"])
	assert.Equal(t, long+"\n\nNetworks: Mastodon", first["DESCRIPTION"])
	second := byUID[fmt.Sprintf("post-%d@webox-social", rep.Created[1])]
	require.NotNil(t, second)
	assert.Equal(t, "20260325T180000Z", second["DTSTART"])
	assert.Equal(t, "Evening", second["SUMMARY"])
	_, err = time.Parse("20060102T150405Z", second["DTSTART"])
	assert.NoError(t, err)
}
