package strictjson

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// scan walks a well-formed JSON document once, byte by byte, and passes to
// found the problems encoding/json lets through: a string or key that is not
// valid UTF-8 (encoding/json replaces each bad byte with U+FFFD, so the IDs
// "a\xffb" and "a\xfeb" would become one), an escaped lone surrogate
// ("\ud800", replaced the same way), and, when dups is set, a key repeated in
// one object (encoding/json keeps the last). Problems name the path, never
// the bytes. found returns false to stop the walk. It costs one pass and
// allocates only for keys and the paths of the problems found.
func scan(data []byte, dups bool, found func(path, problem string) bool) {
	s := scanner{data: data, dups: dups, found: found}
	s.run()
}

type scanner struct {
	data    []byte
	pos     int
	stack   []scanFrame
	dups    bool
	found   func(path, problem string) bool
	stopped bool
}

// scanFrame is one open object or array.
type scanFrame struct {
	object bool
	index  int                 // array: the element being read
	key    string              // object: the key being read
	keys   map[string]struct{} // object: the keys read, when checking for repeats
}

func (s *scanner) run() {
	s.ws()
	for !s.stopped && s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '{':
			s.pos++
			s.stack = append(s.stack, scanFrame{object: true})
			s.ws()
			if s.peek() == '"' {
				s.key()
				continue
			}
		case '[':
			s.pos++
			s.stack = append(s.stack, scanFrame{})
			s.ws()
			if s.peek() != ']' {
				continue
			}
		case '"':
			if !validString(s.str()) {
				s.problem(s.path(), "is not valid UTF-8")
			}
		default: // a number, true, false or null
			for s.pos < len(s.data) && !strings.ContainsRune(",]} \t\r\n", rune(s.data[s.pos])) {
				s.pos++
			}
		}
		if !s.next() {
			return
		}
	}
}

// next moves past the end of a value: it closes the containers that end
// there and stops before the next value, reading its key in an object. It
// returns false at the end of the document.
func (s *scanner) next() bool {
	for {
		s.ws()
		if len(s.stack) == 0 || s.pos >= len(s.data) {
			return false
		}
		top := &s.stack[len(s.stack)-1]
		switch s.data[s.pos] {
		case ',':
			s.pos++
			s.ws()
			if top.object {
				s.key()
			} else {
				top.index++
			}
			return true
		case '}', ']':
			s.pos++
			s.stack = s.stack[:len(s.stack)-1]
		default:
			return false // not well-formed: encoding/json reports it
		}
	}
}

// key reads an object's key and the colon after it.
func (s *scanner) key() {
	top := &s.stack[len(s.stack)-1]
	raw := s.str()
	if !validString(raw) {
		s.problem(s.pathOf(len(s.stack)-1), "has a key that is not valid UTF-8")
	}
	key := string(raw)
	if strings.IndexByte(key, '\\') >= 0 {
		_ = json.Unmarshal(s.data[s.pos-len(raw)-2:s.pos], &key) // well-formed, so it cannot fail
	}
	top.key = strings.ToValidUTF8(key, "\uFFFD")
	if s.dups {
		if _, seen := top.keys[key]; seen {
			s.problem(s.path(), "repeated key")
		}
		if top.keys == nil {
			top.keys = map[string]struct{}{}
		}
		top.keys[key] = struct{}{}
	}
	s.ws()
	if s.peek() == ':' {
		s.pos++
	}
	s.ws()
}

// str reads a string from its opening quote and returns its text as
// written, escapes included.
func (s *scanner) str() []byte {
	s.pos++ // the opening quote
	start := s.pos
	for s.pos < len(s.data) && s.data[s.pos] != '"' {
		if s.data[s.pos] == '\\' {
			s.pos++
		}
		s.pos++
	}
	end := min(s.pos, len(s.data))
	s.pos++ // the closing quote
	return s.data[start:end]
}

func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\r', '\n':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) problem(path, problem string) {
	if !s.found(path, problem) {
		s.stopped = true
	}
}

// path is the path of the value being read.
func (s *scanner) path() string { return s.pathOf(len(s.stack)) }

// pathOf is the path of the value that holds the frames from depth on.
func (s *scanner) pathOf(depth int) string {
	path := ""
	for _, f := range s.stack[:depth] {
		if f.object {
			path = Join(path, f.key)
		} else {
			path = Index(path, f.index)
		}
	}
	return path
}

// validString reports whether a JSON string's text, as written, is valid
// UTF-8 and escapes no lone surrogate.
func validString(text []byte) bool {
	if !utf8.Valid(text) {
		return false
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '\\' {
			continue
		}
		if i+1 >= len(text) {
			return false
		}
		if text[i+1] != 'u' {
			i++ // a one-character escape, "\\" included
			continue
		}
		r, ok := hex4(text[i+2:])
		if !ok {
			return false
		}
		i += 5 // on the escape's last digit
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return false // a low surrogate with no high one before it
		case r >= 0xD800 && r <= 0xDBFF:
			if i+2 >= len(text) || text[i+1] != '\\' || text[i+2] != 'u' {
				return false
			}
			lo, ok := hex4(text[i+3:])
			if !ok || lo < 0xDC00 || lo > 0xDFFF {
				return false
			}
			i += 6
		}
	}
	return true
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
