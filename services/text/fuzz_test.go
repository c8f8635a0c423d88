package text

import (
	"strings"
	"testing"

	"webox-social/services/model"
)

// seeds are the texts of the table tests, but for the longest (they only slow fuzzing).
func seeds() []string {
	var out []string
	for _, s := range tableTexts() {
		if len(s) <= 8192 {
			out = append(out, s)
		}
	}
	return out
}

func tableTexts() []string {
	var out []string
	for _, c := range xCases {
		out = append(out, c.text)
	}
	for _, c := range limitCases {
		out = append(out, c.text)
	}
	for _, cs := range [][]linkCase{xLinkCases, mastodonLinkCases} {
		for _, c := range cs {
			out = append(out, c.text)
		}
	}
	for _, cs := range [][]extractCase{hashtagCases, mentionCases} {
		for _, c := range cs {
			out = append(out, c.text)
		}
	}
	return append(out, " \n", "\xff\xfe invalid UTF-8 http://example.com/\xff", "https://a.b.co/((x)")
}

var fuzzOptions = []Options{{}, {Limit: 50, URLWeight: 5, SpoilerText: "cw"}}

// FuzzMeasure checks that counting never panics, never goes negative and always agrees
// with validation: a count over its limit is exactly one problem of that rule.
func FuzzMeasure(f *testing.F) {
	for _, s := range seeds() {
		f.Add(s)
	}
	platforms := append([]model.Platform{"myspace"}, model.Platforms...)
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range platforms {
			for _, o := range fuzzOptions {
				checkConsistent(t, p, s, o)
			}
		}
		checkConsistentTitle(t, s)
	})
}

func checkConsistent(t *testing.T, p model.Platform, s string, o Options) {
	counts := Counts(p, s, o)
	if m := Measure(p, s, o); len(counts) == 0 || m != counts[0] {
		t.Fatalf("%s %q: Measure %v, Counts %v", p, s, m, counts)
	}
	checkProblems(t, p, s, rulesFor(p), counts, Validate(p, s, o))
}

func checkConsistentTitle(t *testing.T, s string) {
	counts := []Count{MeasureYouTubeTitle(s)}
	checkProblems(t, model.YouTube, s, youtubeTitle, counts, ValidateYouTubeTitle(s))
}

func checkProblems(t *testing.T, p model.Platform, s string, set ruleSet, counts []Count, ps []Problem) {
	got := map[string]int{}
	for _, pr := range ps {
		got[pr.Rule]++
		if !strings.HasPrefix(pr.Message, p.Title()+" ") || !strings.HasSuffix(pr.Message, ".") {
			t.Fatalf("%s %q: message %q", p, s, pr.Message)
		}
	}
	for i, c := range counts {
		if c.Used < 0 || c.Limit <= 0 || c.Unit == "" {
			t.Fatalf("%s %q: bad count %+v", p, s, c)
		}
		if c.Over() != (got[set.limits[i].rule] == 1) {
			t.Fatalf("%s %q: count %+v but problems %v", p, s, c, ps)
		}
	}
	if (s != "" && IsBlank(s)) != (got[RuleBlank] == 1) {
		t.Fatalf("%s %q: blank problems %v", p, s, ps)
	}
}

// FuzzExtract checks that links, hashtags and mentions are well-formed pieces of s.
func FuzzExtract(f *testing.F) {
	for _, s := range seeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, st := range []linkStyle{xLinks, mastodonLinks} {
			checkLinks(t, s, findLinks(s, st))
		}
		for _, h := range append(Hashtags(s), Mentions(s)...) {
			if h == "" || !strings.Contains(s, h) {
				t.Fatalf("%q: extracted %q", s, h)
			}
		}
	})
}

func checkLinks(t *testing.T, s string, links []link) {
	boundary := make([]bool, len(s)+1) // where a character starts, as range decodes s
	for i := range s {
		boundary[i] = true
	}
	boundary[len(s)] = true
	prev := 0
	for _, l := range links {
		if l.start < prev || l.end <= l.start || l.end > len(s) {
			t.Fatalf("%q: bad link %v after %d", s, l, prev)
		}
		if !boundary[l.start] || !boundary[l.end] {
			t.Fatalf("%q: link %v splits a character", s, l)
		}
		prev = l.end
	}
}

func BenchmarkMeasureX(b *testing.B) {
	s := rep("Read https://example.com/post and #tag @user 日本語 👨\u200d👩\u200d👧 ", 20)
	for b.Loop() {
		Measure(model.X, s, Options{})
	}
}

func BenchmarkMeasureMastodon(b *testing.B) {
	s := rep("Read https://example.com/post and #tag @user@example.social 日本語 👨\u200d👩\u200d👧 ", 20)
	for b.Loop() {
		Measure(model.Mastodon, s, Options{})
	}
}
