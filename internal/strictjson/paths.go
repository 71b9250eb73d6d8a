package strictjson

// pathIndex holds the paths of the problems a Reader reported, as a trie of
// path segments, so that Covers costs the length of the path asked about
// instead of the number of problems reported (a document with 20,000 bad
// criteria used to take seconds to check).
//
// A path is cut before each "." and "[": "criteria[0].weight" is the
// segments "criteria", "[0]" and ".weight", and "[2]" is "" and "[2]". A
// path lies inside another exactly when the other's segments are a proper
// prefix of its own, which is what within tests on the text.
type pathIndex struct {
	root pathNode
}

type pathNode struct {
	reported bool
	next     map[string]*pathNode
}

// add records path as reported.
func (x *pathIndex) add(path string) {
	n := &x.root
	for seg := range segments(path) {
		c := n.next[seg]
		if c == nil {
			if n.next == nil {
				n.next = map[string]*pathNode{}
			}
			c = &pathNode{}
			n.next[seg] = c
		}
		n = c
	}
	n.reported = true
}

// covers reports whether a reported path is path, lies inside it or
// encloses it.
func (x *pathIndex) covers(path string) bool {
	n := &x.root
	for seg := range segments(path) {
		n = n.next[seg]
		if n == nil {
			return false
		}
		if n.reported {
			return true // path itself, or a reported path that encloses it
		}
	}
	return len(n.next) > 0 // a reported path inside path
}

// segments yields path cut before each "." and "[" (see pathIndex).
func segments(path string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		start := 0
		for i := 0; i < len(path); i++ {
			if path[i] == '.' || path[i] == '[' {
				if !yield(path[start:i]) {
					return
				}
				start = i
			}
		}
		yield(path[start:])
	}
}
