package analytics

import (
	"fmt"
	"math"
	"strings"
	"unicode"
)

// Languages guessLanguage recognises.
const (
	langUnknown = ""
	langEN      = "en"
	langFR      = "fr"
)

// minStopWords is how many function words of one language a post needs before it is
// taken to be in that language.
const minStopWords = 2

// guessLanguage tells English from French by counting the function words that belong
// to one language only ("the", "and" against "le", "et"); a tie or too few is unknown.
func guessLanguage(words []word) string {
	en, fr := 0, 0
	for _, w := range words {
		switch {
		case enStop[w.lower] && !frStop[w.lower]:
			en++
		case frStop[w.lower] && !enStop[w.lower]:
			fr++
		}
	}
	switch {
	case en >= minStopWords && en > fr:
		return langEN
	case fr >= minStopWords && fr > en:
		return langFR
	}
	return langUnknown
}

// prose holds the counts a readability formula needs.
type prose struct {
	lang                            string
	words, sentences, syllableCount int
}

func measureProse(words []word) prose {
	p := prose{lang: guessLanguage(words), words: len(words)}
	for _, w := range words {
		if w.sentenceStart {
			p.sentences++
		}
		p.syllableCount += syllables(w.lower, p.lang)
	}
	return p
}

func (p prose) wordsPerSentence() float64 { return float64(p.words) / float64(max(p.sentences, 1)) }

// score is Flesch's reading ease for English (206.835 − 1.015·words per sentence −
// 84.6·syllables per word) and Kandel and Moles's French adaptation of it (207 −
// 1.015·words per sentence − 73.6·syllables per word), clamped to 0–100: higher reads
// more easily. Syllables are estimated by counting vowel groups, so the score is a
// guide, not a measurement. ok is false when the language is unknown.
func (p prose) score() (float64, bool) {
	spw := float64(p.syllableCount) / float64(max(p.words, 1))
	var s float64
	switch p.lang {
	case langEN:
		s = 206.835 - 1.015*p.wordsPerSentence() - 84.6*spw
	case langFR:
		s = 207 - 1.015*p.wordsPerSentence() - 73.6*spw
	default:
		return 0, false
	}
	return math.Max(0, math.Min(100, s)), true
}

// ease names a reading-ease score with Flesch's own bands.
func ease(score float64) string {
	bands := []struct {
		min  float64
		name string
	}{{90, "very easy"}, {80, "easy"}, {70, "fairly easy"}, {60, "plain"}, {50, "fairly difficult"}, {30, "difficult"}}
	for _, b := range bands {
		if score >= b.min {
			return b.name
		}
	}
	return "very difficult"
}

const (
	minReadableWords = 5  // fewer words are not worth a score
	hardScore        = 50 // below: "difficult", worth a warning
	longSentence     = 25 // words per sentence worth a warning when no score is possible
)

// readabilityFinding scores words, or gives the average sentence length when the
// language is not recognised; nothing for a text under minReadableWords.
func readabilityFinding(words []word) []Finding {
	p := measureProse(words)
	if p.words < minReadableWords {
		return nil
	}
	wps := p.wordsPerSentence()
	score, ok := p.score()
	if !ok {
		msg := fmt.Sprintf("Readability: %.0f words per sentence on average (the language was not recognised as "+
			"English or French, so there is no score).", wps)
		return []Finding{{Level: levelIf(wps > longSentence, LevelWarn), Message: msg}}
	}
	formula := map[string]string{langEN: "English, Flesch reading ease", langFR: "French, Kandel–Moles reading ease"}
	msg := fmt.Sprintf("Readability (%s): %.0f/100, %s — %.0f words per sentence on average.",
		formula[p.lang], score, ease(score), wps)
	if score < hardScore {
		msg += " Shorter sentences and words would read more easily."
	}
	return []Finding{{Level: levelIf(score < hardScore, LevelWarn), Message: msg}}
}

// syllables estimates the syllables of a lower-case word: its groups of vowels, less a
// silent final "e" (English "make", French "belle", "belles"), at least one.
func syllables(w, lang string) int {
	vowels := "aeiouy"
	if lang == langFR {
		vowels = "aeiouyàâäéèêëîïôöùûüÿæœ"
	}
	n, inGroup := 0, false
	for _, r := range w {
		v := strings.ContainsRune(vowels, unicode.ToLower(r))
		if v && !inGroup {
			n++
		}
		inGroup = v
	}
	if n > 1 && silentE(w, lang) {
		n--
	}
	return max(n, 1)
}

func silentE(w, lang string) bool {
	if lang == langFR {
		return strings.HasSuffix(w, "e") || strings.HasSuffix(w, "es")
	}
	return strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le")
}
