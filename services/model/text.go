package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ComposeText is the text sent to one account: the override as written when set,
// otherwise the post's content followed, on a new paragraph, by the hashtags it does not
// already contain.
func ComposeText(content string, hashtags []string, override string) string {
	if strings.TrimSpace(override) != "" {
		return override
	}
	return withHashtags(content, hashtags)
}

func withHashtags(content string, tags []string) string {
	seen := map[string]bool{}
	var add []string
	for _, tag := range tags {
		name := strings.TrimLeft(strings.TrimSpace(tag), "#")
		key := strings.ToLower(name)
		if name == "" || seen[key] || hasHashtag(content, name) {
			continue
		}
		seen[key] = true
		add = append(add, "#"+name)
	}
	switch {
	case len(add) == 0:
		return content
	case strings.TrimSpace(content) == "":
		return strings.Join(add, " ")
	}
	return strings.TrimRight(content, " \t\r\n") + "\n\n" + strings.Join(add, " ")
}

// hasHashtag reports whether content contains #name as a whole hashtag, ignoring case.
func hasHashtag(content, name string) bool {
	lc, want := strings.ToLower(content), "#"+strings.ToLower(name)
	for i := 0; ; {
		j := strings.Index(lc[i:], want)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(want)
		before, _ := utf8.DecodeLastRuneInString(lc[:start])
		after, _ := utf8.DecodeRuneInString(lc[end:])
		if (start == 0 || !isTagRune(before)) && (end == len(lc) || !isTagRune(after)) {
			return true
		}
		i = end
	}
}

func isTagRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
