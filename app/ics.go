package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"webox-social/services/model"
)

// iCalendar export (RFC 5545) of scheduled posts, so they show up in a calendar app.
const (
	icsCRLF = "\r\n"
	// icsLineOctets is the longest a content line may be, CRLF excluded (RFC 5545 §3.1).
	icsLineOctets = 75
	icsTimeLayout = "20060102T150405Z"
	icsProdID     = "-//Webox Social//Scheduled posts//EN"
	// summaryWords and summaryRunes bound a SUMMARY: the first words of the post.
	summaryWords = 8
	summaryRunes = 60
)

// ExportICS writes the posts matching f that have a time (cancelled ones left out) as an
// iCalendar file: one VEVENT per post with a stable UID, DTSTART in UTC, the first words
// of the text as SUMMARY and the text plus its networks as DESCRIPTION.
func (a *App) ExportICS(ctx context.Context, w io.Writer, f model.PostFilter) error {
	posts, err := a.ListPosts(ctx, f)
	if err != nil {
		return fmt.Errorf("export ics: %w", err)
	}
	bw := bufio.NewWriter(w)
	iw := &icsWriter{w: bw}
	iw.line("BEGIN:VCALENDAR")
	iw.line("VERSION:2.0")
	iw.line("PRODID:" + icsProdID)
	iw.line("CALSCALE:GREGORIAN")
	iw.line("METHOD:PUBLISH")
	stamp := a.now().UTC().Format(icsTimeLayout)
	for _, p := range posts {
		if p.ScheduledAt.IsZero() || p.Status == model.PostCancelled {
			continue
		}
		writeEvent(iw, p, stamp)
	}
	iw.line("END:VCALENDAR")
	if iw.err == nil {
		iw.err = bw.Flush()
	}
	if iw.err != nil {
		return fmt.Errorf("export ics: write: %w", iw.err)
	}
	return nil
}

// writeEvent writes one post as a VEVENT.
func writeEvent(iw *icsWriter, p model.Post, stamp string) {
	body := model.ComposeText(p.Content, p.Hashtags, "")
	iw.line("BEGIN:VEVENT")
	iw.line("UID:post-" + strconv.FormatInt(p.ID, 10) + "@webox-social")
	iw.line("DTSTAMP:" + stamp)
	iw.line("DTSTART:" + p.ScheduledAt.UTC().Format(icsTimeLayout))
	iw.line("SUMMARY:" + icsEscape(summary(body)))
	iw.line("DESCRIPTION:" + icsEscape(body+"\n\nNetworks: "+strings.Join(postNetworks(p), ", ")))
	iw.line("END:VEVENT")
}

// summary returns the first words of a text, shortened to fit a calendar cell.
func summary(text string) string {
	words := strings.Fields(text)
	cut := len(words) > summaryWords
	s := strings.Join(words[:min(len(words), summaryWords)], " ")
	if utf8.RuneCountInString(s) > summaryRunes {
		s, cut = string([]rune(s)[:summaryRunes]), true
	}
	if s == "" {
		return "Post"
	}
	if cut {
		s += "…"
	}
	return s
}

// postNetworks names the networks of a post's targets, each once, in target order.
func postNetworks(p model.Post) []string {
	var out []string
	for _, t := range p.Targets {
		if name := t.Platform.Title(); !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// icsEscape escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and
// line breaks.
func icsEscape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(s)
}

// icsWriter writes content lines, folded at 75 octets without splitting a UTF-8
// character, each ended by CRLF; it keeps the first write error.
type icsWriter struct {
	w   io.Writer
	err error
}

func (iw *icsWriter) line(s string) {
	if iw.err != nil {
		return
	}
	limit := icsLineOctets
	var b strings.Builder
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8: cut at the octet limit
			cut = limit
		}
		b.WriteString(s[:cut] + icsCRLF + " ")
		s, limit = s[cut:], icsLineOctets-1 // the leading space counts
	}
	b.WriteString(s + icsCRLF)
	_, iw.err = io.WriteString(iw.w, b.String())
}
