package text

import (
	"unicode"
	"unicode/utf8"
)

// isEmojiCluster reports whether a grapheme cluster of two or more code points is one
// emoji: a ZWJ sequence, a flag, a keycap, or a pictograph with a skin tone or U+FE0F.
// twitter-text v3 counts such a sequence as one emoji of weight 2 (its emoji regex,
// TwitterTextEmojiRegex). Single code points keep their own weight, so "©" weighs 1 while
// "©\uFE0F" weighs 2, as in that regex ("emoji which default to text must be followed by
// U+FE0F"). A pictograph followed by U+FE0E (text style) or a combining mark is not one.
func isEmojiCluster(c string) bool {
	if utf8.RuneCountInString(c) < 2 {
		return false
	}
	emoji := false
	for i, r := range c {
		switch {
		case unicode.Is(extendedPictographic, r), isRegionalIndicator(r), r == keycap:
			emoji = true
		case isEmojiComponent(r), i == 0 && isKeycapBase(r):
		default:
			return false
		}
	}
	return emoji
}

const keycap = '\u20e3' // COMBINING ENCLOSING KEYCAP

func isRegionalIndicator(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }

func isKeycapBase(r rune) bool { return r == '#' || r == '*' || (r >= '0' && r <= '9') }

// isEmojiComponent is true for the code points that join or modify pictographs:
// ZWJ, VS16, the five skin tones and the tag characters of subdivision flags.
func isEmojiComponent(r rune) bool {
	switch {
	case r == '\u200d', r == '\ufe0f':
		return true
	case r >= 0x1f3fb && r <= 0x1f3ff:
		return true
	}
	return r >= 0xe0020 && r <= 0xe007f
}

// extendedPictographic is the Extended_Pictographic property of Unicode 15.0
// (https://unicode.org/Public/15.0.0/ucd/emoji/emoji-data.txt), adjacent ranges merged.
// It is the same data github.com/rivo/uniseg uses for grapheme breaks, which it does not export.
var extendedPictographic = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0xA9, 0xA9, 1}, {0xAE, 0xAE, 1}, {0x203C, 0x203C, 1}, {0x2049, 0x2049, 1}, {0x2122, 0x2122, 1},
		{0x2139, 0x2139, 1}, {0x2194, 0x2199, 1}, {0x21A9, 0x21AA, 1}, {0x231A, 0x231B, 1},
		{0x2328, 0x2328, 1}, {0x2388, 0x2388, 1}, {0x23CF, 0x23CF, 1}, {0x23E9, 0x23F3, 1},
		{0x23F8, 0x23FA, 1}, {0x24C2, 0x24C2, 1}, {0x25AA, 0x25AB, 1}, {0x25B6, 0x25B6, 1},
		{0x25C0, 0x25C0, 1}, {0x25FB, 0x25FE, 1}, {0x2600, 0x2605, 1}, {0x2607, 0x2612, 1},
		{0x2614, 0x2685, 1}, {0x2690, 0x2705, 1}, {0x2708, 0x2712, 1}, {0x2714, 0x2714, 1},
		{0x2716, 0x2716, 1}, {0x271D, 0x271D, 1}, {0x2721, 0x2721, 1}, {0x2728, 0x2728, 1},
		{0x2733, 0x2734, 1}, {0x2744, 0x2744, 1}, {0x2747, 0x2747, 1}, {0x274C, 0x274C, 1},
		{0x274E, 0x274E, 1}, {0x2753, 0x2755, 1}, {0x2757, 0x2757, 1}, {0x2763, 0x2767, 1},
		{0x2795, 0x2797, 1}, {0x27A1, 0x27A1, 1}, {0x27B0, 0x27B0, 1}, {0x27BF, 0x27BF, 1},
		{0x2934, 0x2935, 1}, {0x2B05, 0x2B07, 1}, {0x2B1B, 0x2B1C, 1}, {0x2B50, 0x2B50, 1},
		{0x2B55, 0x2B55, 1}, {0x3030, 0x3030, 1}, {0x303D, 0x303D, 1}, {0x3297, 0x3297, 1},
		{0x3299, 0x3299, 1},
	},
	R32: []unicode.Range32{
		{0x1F000, 0x1F0FF, 1}, {0x1F10D, 0x1F10F, 1}, {0x1F12F, 0x1F12F, 1}, {0x1F16C, 0x1F171, 1},
		{0x1F17E, 0x1F17F, 1}, {0x1F18E, 0x1F18E, 1}, {0x1F191, 0x1F19A, 1}, {0x1F1AD, 0x1F1E5, 1},
		{0x1F201, 0x1F20F, 1}, {0x1F21A, 0x1F21A, 1}, {0x1F22F, 0x1F22F, 1}, {0x1F232, 0x1F23A, 1},
		{0x1F23C, 0x1F23F, 1}, {0x1F249, 0x1F3FA, 1}, {0x1F400, 0x1F53D, 1}, {0x1F546, 0x1F64F, 1},
		{0x1F680, 0x1F6FF, 1}, {0x1F774, 0x1F77F, 1}, {0x1F7D5, 0x1F7FF, 1}, {0x1F80C, 0x1F80F, 1},
		{0x1F848, 0x1F84F, 1}, {0x1F85A, 0x1F85F, 1}, {0x1F888, 0x1F88F, 1}, {0x1F8AE, 0x1F8FF, 1},
		{0x1F90C, 0x1F93A, 1}, {0x1F93C, 0x1F945, 1}, {0x1F947, 0x1FAFF, 1}, {0x1FC00, 0x1FFFD, 1},
	},
	LatinOffset: 2,
}
