package app

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// textStream turns a streamed JSON answer into the texts it holds, as they arrive: the
// string values are passed on (escapes decoded), one after another with a blank line
// between them; keys, brackets and anything outside strings are left out. The model
// writes {"variants": {"x": ["…", "…"]}}, the composer shows the "…" being written.
type textStream struct {
	emit func(string)
	out  strings.Builder
	// stack holds the open containers, '{' or '['; key tells that the next string in
	// the innermost object is a key.
	stack []byte
	key   bool
	// In a string: whether it is a key, after a backslash, the \u digits so far and a
	// pending high surrogate.
	inString, inKey, escaped bool
	hex                      []byte
	high                     rune
	// pending holds the bytes of a rune cut between two pieces.
	pending []byte
}

func newTextStream(emit func(string)) *textStream { return &textStream{emit: emit} }

// write reads one piece of the answer and passes on the text found in it, if any.
func (s *textStream) write(piece string) {
	for i := 0; i < len(piece); i++ {
		s.byte(piece[i])
	}
	s.flush()
}

// byte reads one byte of the answer.
func (s *textStream) byte(c byte) {
	switch {
	case s.inString:
		s.stringByte(c)
	case c == '"':
		s.inString, s.inKey = true, s.key && s.top() == '{'
	case c == '{' || c == '[':
		s.stack, s.key = append(s.stack, c), c == '{'
	case c == '}' || c == ']':
		if len(s.stack) > 0 {
			s.stack = s.stack[:len(s.stack)-1]
		}
	case c == ',':
		s.key = s.top() == '{'
	case c == ':':
		s.key = false
	}
}

func (s *textStream) top() byte {
	if len(s.stack) == 0 {
		return 0
	}
	return s.stack[len(s.stack)-1]
}

// stringByte reads one byte inside a string.
func (s *textStream) stringByte(c byte) {
	switch {
	case s.hex != nil:
		s.hexByte(c)
	case s.escaped:
		s.escaped = false
		s.escape(c)
	case c == '\\':
		s.escaped = true
	case c == '"':
		s.inString = false
		if !s.inKey {
			s.text("\n\n")
		}
	default:
		s.textByte(c)
	}
}

// escape decodes the character after a backslash.
func (s *textStream) escape(c byte) {
	switch c {
	case 'n':
		s.text("\n")
	case 't':
		s.text("\t")
	case 'r', 'b', 'f':
	case 'u':
		s.hex = make([]byte, 0, 4)
	default: // " \ /
		s.textByte(c)
	}
}

// hexByte reads one digit of \uXXXX, joining surrogate pairs.
func (s *textStream) hexByte(c byte) {
	s.hex = append(s.hex, c)
	if len(s.hex) < 4 {
		return
	}
	v, err := strconv.ParseUint(string(s.hex), 16, 16)
	s.hex = nil
	r := rune(v)
	switch {
	case err != nil:
		r = utf8.RuneError
	case utf16.IsSurrogate(r) && s.high == 0:
		s.high = r
		return
	case s.high != 0:
		r, s.high = utf16.DecodeRune(s.high, r), 0
	}
	s.text(string(r))
}

func (s *textStream) text(t string) {
	if !s.inKey {
		s.out.WriteString(t)
	}
}

func (s *textStream) textByte(c byte) {
	if !s.inKey {
		s.out.WriteByte(c)
	}
}

// flush passes on the text read so far, keeping back a rune cut at the end.
func (s *textStream) flush() {
	buf := append(s.pending, s.out.String()...)
	s.out.Reset()
	cut := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	s.pending = append([]byte(nil), buf[cut:]...)
	if cut > 0 {
		s.emit(string(buf[:cut]))
	}
}
