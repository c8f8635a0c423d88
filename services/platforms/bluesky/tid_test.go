package bluesky

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestRecordKey(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 0, 0, 123456000, time.UTC)
	k := recordKey("post-1/target-2", at)
	assert.True(t, validTID(k), k)
	assert.Equal(t, k, recordKey("post-1/target-2", at.In(time.FixedZone("X", -7200))), "the same attempt, the same key")
	assert.NotEqual(t, k, recordKey("post-1/target-3", at))
	assert.Equal(t, uint64(at.UnixMicro()), decodeTID(t, k)>>10, "the timestamp part is the start time")
	assert.Less(t, k, recordKey("post-1/target-2", at.Add(time.Second)), "keys sort by start time")

	noTime := recordKey("post-1/target-2", time.Time{})
	assert.True(t, validTID(noTime), noTime)
	assert.Equal(t, noTime, recordKey("post-1/target-2", time.Time{}))
	assert.NotEqual(t, noTime, recordKey("post-1/target-9", time.Time{}))
}

func decodeTID(t *testing.T, s string) uint64 {
	t.Helper()
	var v uint64
	for _, c := range s {
		v = v<<5 | uint64(strings.IndexRune(tidAlphabet, c))
	}
	return v
}

func TestValidTID(t *testing.T) {
	assert.True(t, validTID("3jzfcijpj2z2a"))
	assert.False(t, validTID("3jzfcijpj2z2"))
	assert.False(t, validTID("kjzfcijpj2z2a"), "the top bit is zero")
	assert.False(t, validTID("3jzfcijpj2z2A"))
	assert.False(t, validTID("3jzfcijpj2z21"))
}

func TestFindSpans(t *testing.T) {
	tests := []struct {
		text string
		want []string // kind:value@covered
	}{
		{"plain text", nil},
		{"see https://example.com/x.", []string{"link:https://example.com/x@https://example.com/x"}},
		{"(http://a.io/b_(c)) ok", []string{"link:http://a.io/b_(c)@http://a.io/b_(c)"}},
		{"x https:// y", nil},
		{"mail a@b.com", nil},
		{"hi @Alice.bsky.social!", []string{"mention:alice.bsky.social@@Alice.bsky.social"}},
		{"@nodot and @a.1x", nil},
		{"#tag, #1st #2024 a#b #️⃣", []string{"tag:tag@#tag", "tag:1st@#1st"}},
		{"日本語 #日本語タグ。", []string{"tag:日本語タグ@#日本語タグ"}},
		{"＃wide", []string{"tag:wide@＃wide"}},
		{"https://x.org/#frag #real", []string{"link:https://x.org/#frag@https://x.org/#frag", "tag:real@#real"}},
	}
	for _, tc := range tests {
		var got []string
		for _, sp := range findSpans(tc.text) {
			got = append(got, [...]string{"link", "mention", "tag"}[sp.kind]+":"+sp.value+"@"+tc.text[sp.start:sp.end])
		}
		assert.Equal(t, tc.want, got, tc.text)
	}
}

func FuzzFindSpans(f *testing.F) {
	for _, s := range []string{"👩‍💻 https://a.b/c #tag @x.y", "((https://x))", "#", "@", "\xff#a", "＃x #️⃣ #\u200d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.ToValidUTF8(text, "\ufffd") // as Publish sends it
		last := 0
		for _, sp := range findSpans(text) {
			if sp.start < last || sp.end <= sp.start || sp.end > len(text) {
				t.Fatalf("bad span %+v in %q", sp, text)
			}
			covered := text[sp.start:sp.end]
			if !utf8.ValidString(covered) || !utf8.RuneStart(text[sp.start]) || (sp.end < len(text) && !utf8.RuneStart(text[sp.end])) {
				t.Fatalf("span %+v not on UTF-8 boundaries in %q", sp, text)
			}
			switch sp.kind {
			case spanLink:
				if covered != sp.value || !strings.HasPrefix(strings.ToLower(covered), "http") {
					t.Fatalf("link %+v covers %q", sp, covered)
				}
			case spanMention:
				if "@"+sp.value != strings.ToLower(covered) {
					t.Fatalf("mention %+v covers %q", sp, covered)
				}
			case spanTag:
				if strings.TrimLeft(covered, "#＃") != sp.value || sp.value == "" || strings.HasPrefix(sp.value, "#") {
					t.Fatalf("tag %+v covers %q", sp, covered)
				}
			}
			last = sp.end
		}
	})
}
