package ai

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
)

func TestDecodeAnswer(t *testing.T) {
	cases := []struct {
		name, in string
		want     any
		ok       bool
	}{
		{"object", `{"a": 1}`, map[string]any{"a": 1.0}, true},
		{"fence with tag", "```json\n{\"a\": 1}\n```", map[string]any{"a": 1.0}, true},
		{"fence without tag", "```\n[1]\n```", []any{1.0}, true},
		{"text around", `Sure: {"a": "}"} hope it helps {`, map[string]any{"a": "}"}, true},
		{"escaped quote", `{"a": "say \"{\""}`, map[string]any{"a": `say "{"`}, true},
		{"bare array", `["#a", "#b"]`, []any{"#a", "#b"}, true},
		{"think block", `<think>maybe {x}</think>{"a": 1}`, map[string]any{"a": 1.0}, true},
		{"cut off", `{"variants": {"twitter": ["Hal`, nil, false},
		{"no json", `Sorry.`, nil, false},
		{"broken json", `{a: 1}`, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := decodeAnswer(tc.in)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseVariants(t *testing.T) {
	both := []model.Platform{model.X, model.LinkedIn}
	cases := []struct {
		name  string
		in    string
		asked []model.Platform
		want  map[model.Platform][]string
	}{
		{"wrapped", `{"variants": {"twitter": ["a"], "linkedin": ["b"]}}`, both,
			map[model.Platform][]string{model.X: {"a"}, model.LinkedIn: {"b"}}},
		{"titles and x alias", `{"X (Twitter)": ["a"], "LinkedIn": "b"}`, both,
			map[model.Platform][]string{model.X: {"a"}, model.LinkedIn: {"b"}}},
		{"unasked network ignored", `{"variants": {"twitter": ["a"], "tiktok": ["c"]}}`, both,
			map[model.Platform][]string{model.X: {"a"}}},
		{"list naming networks", `[{"network": "twitter", "text": "a"}, {"platform": "linkedin", "texts": ["b", "c"]}]`, both,
			map[model.Platform][]string{model.X: {"a"}, model.LinkedIn: {"b", "c"}}},
		{"bare list, several networks: unusable", `["a", "b"]`, both, map[model.Platform][]string{}},
		{"bare list, one network", `["a", "b"]`, []model.Platform{model.X},
			map[model.Platform][]string{model.X: {"a", "b"}}},
		{"nested variants", `{"twitter": {"variants": ["a"]}}`, both, map[model.Platform][]string{model.X: {"a"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, ok := decodeAnswer(tc.in)
			assert.True(t, ok)
			assert.Equal(t, tc.want, parseVariants(v, tc.asked))
		})
	}
}

func TestShortenedText(t *testing.T) {
	assert.Equal(t, "Short.", shortenedText(`{"text": "Short."}`))
	assert.Equal(t, "Short.", shortenedText(`"Short."`))
	assert.Equal(t, "Short.", shortenedText("```\nShort.\n```"))
	assert.Empty(t, shortenedText(`{"other": 1}`))
}

func FuzzDecodeAnswer(f *testing.F) {
	for _, s := range []string{`{"variants": {"twitter": ["a"]}}`, "```json\n[1]\n```", `{"a": "\"}"}`, `<think>`, `[{]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := decodeAnswer(s)
		if ok {
			_ = parseVariants(v, model.Platforms)
			_ = textsOf(v)
		}
	})
}
