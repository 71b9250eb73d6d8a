package health

import (
	"bytes"
	"encoding/json"
	"slices"
)

// nesting indexes, in one pass over a document, the arrays whose elements
// nest the same structure again: a scorecard's or group's "groups" and a
// set's "scorecards". The loader reads each object from its shallow text,
// with those arrays cut out, and reaches their elements through the index,
// so every byte is decoded a fixed number of times however deep the groups
// nest (reading each object whole re-decoded every level below it).
type nesting struct {
	data []byte
	// arrays maps the offset of an object's "{" to its nested arrays by
	// key; only the first occurrence of a key is kept, as strictjson keeps
	// the first of repeated keys.
	arrays map[int]map[string]*nestedArray
}

// nestedArray is the span of a nested array, brackets included, and the
// span of each of its elements.
type nestedArray struct {
	start, end int
	items      []span
}

// span is the text data[start:end] of one JSON value.
type span struct{ start, end int }

// nestingKeys are the keys whose array values nest.
var nestingKeys = []string{"groups", "scorecards"}

// indexNesting indexes data, which must be one well-formed JSON value
// (strictjson.Reader.Document checks it first), and returns the span of that
// value. It reports ok = false if the tokens end early, which a checked
// document does not do.
func indexNesting(data []byte) (n *nesting, top span, ok bool) {
	n = &nesting{data: data, arrays: map[int]map[string]*nestedArray{}}
	type frame struct {
		object  bool
		start   int
		wantKey bool         // an object's next token is a key
		key     string       // the key of an object's value being read
		arr     *nestedArray // an array being indexed, or nil
	}
	var stack []frame
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // numbers are skipped, not parsed
	prev := 0
	top = span{-1, -1}
	// done ends a value at end in its container.
	done := func(start, end int) {
		if len(stack) == 0 {
			top = span{start, end}
			return
		}
		f := &stack[len(stack)-1]
		switch {
		case f.object:
			f.wantKey = true
		case f.arr != nil:
			f.arr.items = append(f.arr.items, span{start, end})
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return n, top, top.start >= 0 && len(stack) == 0
		}
		end := int(dec.InputOffset())
		start := prev + len(data[prev:end]) - len(bytes.TrimLeft(data[prev:end], " \t\r\n,:"))
		prev = end
		if d, isDelim := tok.(json.Delim); isDelim && (d == '}' || d == ']') {
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.arr != nil {
				f.arr.end = end
			}
			done(f.start, end)
			continue
		}
		if len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].wantKey {
			f := &stack[len(stack)-1]
			f.key, _ = tok.(string)
			f.wantKey = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, start: start, wantKey: true})
		case json.Delim('['):
			f := frame{start: start}
			if len(stack) > 0 {
				if parent := stack[len(stack)-1]; parent.object && slices.Contains(nestingKeys, parent.key) {
					byKey := n.arrays[parent.start]
					if byKey == nil {
						byKey = map[string]*nestedArray{}
						n.arrays[parent.start] = byKey
					}
					if byKey[parent.key] == nil {
						f.arr = &nestedArray{start: start}
						byKey[parent.key] = f.arr
					}
				}
			}
			stack = append(stack, f)
		default:
			done(start, end)
		}
	}
}

// array returns the nested array under key of the object at start, or nil.
func (n *nesting) array(object int, key string) *nestedArray {
	return n.arrays[object][key]
}

// shallow returns the text of the value at s with its nested arrays
// replaced by [], so reading it decodes none of what they hold.
func (n *nesting) shallow(s span) json.RawMessage {
	byKey := n.arrays[s.start]
	if len(byKey) == 0 {
		return n.data[s.start:s.end]
	}
	cuts := make([]*nestedArray, 0, len(byKey))
	for _, a := range byKey {
		cuts = append(cuts, a)
	}
	slices.SortFunc(cuts, func(a, b *nestedArray) int { return a.start - b.start })
	out := make([]byte, 0, s.end-s.start)
	at := s.start
	for _, a := range cuts {
		out = append(append(out, n.data[at:a.start]...), "[]"...)
		at = a.end
	}
	return append(out, n.data[at:s.end]...)
}
