package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWithHashtags(t *testing.T) {
	cases := []struct {
		name, content string
		tags          []string
		want          string
	}{
		{"no tags", "Hello", nil, "Hello"},
		{"appended on a new paragraph", "Hello", []string{"go", "#fyne"}, "Hello\n\n#go #fyne"},
		{"already in content, any case", "Hello #Go world", []string{"go"}, "Hello #Go world"},
		{"prefix is not the tag", "Hello #golang", []string{"go"}, "Hello #golang\n\n#go"},
		{"inside a word is not a tag", "C#go", []string{"go"}, "C#go\n\n#go"},
		{"duplicates once", "Hi", []string{"go", "Go", "#go"}, "Hi\n\n#go"},
		{"trailing space trimmed", "Hi \n", []string{"a"}, "Hi\n\n#a"},
		{"empty content", "", []string{"a", "b"}, "#a #b"},
		{"blank tags ignored", "Hi", []string{"", "#", " "}, "Hi"},
		{"unicode tag", "Café #crème", []string{"Crème", "été"}, "Café #crème\n\n#été"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, withHashtags(tc.content, tc.tags))
		})
	}
}

func TestComposeTextPrefersTheOverride(t *testing.T) {
	assert.Equal(t, "Short", ComposeText("Long", []string{"go"}, "Short"))
	assert.Equal(t, "Long\n\n#go", ComposeText("Long", []string{"go"}, "  "))
}
