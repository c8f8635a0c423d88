package app

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestTextStreamPassesOnTheTextsOnly(t *testing.T) {
	cases := []struct {
		name   string
		pieces []string
		want   string
	}{
		{"variants", []string{`{"variants": {"twitter": ["A", "B"], "linkedin": ["C"]}}`}, "A\n\nB\n\nC\n\n"},
		{"escapes", []string{`{"x": ["Line\none \"quoted\" \\ \/ tab\t."]}`}, "Line\none \"quoted\" \\ / tab\t.\n\n"},
		{"unicode escapes", []string{`["caf\u00e9 \ud83c\udf5e"]`}, "café 🍞\n\n"},
		{"cut anywhere", []string{`{"va`, `riants": {"tw`, `itter": ["Fr`, `esh\`, `nbread \u00`, `e9"]}}`}, "Fresh\nbread é\n\n"},
		{"objects in a list", []string{`{"mastodon": [{"text": "One"}, {"text": "Two"}]}`}, "One\n\nTwo\n\n"},
		{"fenced", []string{"```json\n{\"x\": [\"Hi\"]}\n```"}, "Hi\n\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got strings.Builder
			s := newTextStream(func(p string) { got.WriteString(p) })
			for _, p := range tc.pieces {
				s.write(p)
			}
			assert.Equal(t, tc.want, got.String())
		})
	}
}

func TestTextStreamNeverSplitsARune(t *testing.T) {
	answer := []byte(`{"x": ["Pain frais 🍞 à Lyon"]}`)
	var pieces []string
	s := newTextStream(func(p string) { pieces = append(pieces, p) })
	for _, b := range answer {
		s.write(string([]byte{b}))
	}
	for _, p := range pieces {
		assert.True(t, utf8.ValidString(p), "%q", p)
	}
	assert.Equal(t, "Pain frais 🍞 à Lyon\n\n", strings.Join(pieces, ""))
}
