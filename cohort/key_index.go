package cohort

import (
	"math"
	"slices"
)

// keyIndex numbers distinct keys in the order they first appear. It is an
// open-addressing hash table (linear probing, at most half full) over a
// hash the caller computes from the key's bits: merging millions of
// summaries on float64 keys, it is several times faster than a map, whose
// float64 hashing and key copies took most of a large fit.
type keyIndex[K comparable] struct {
	keys   []K
	hashes []uint64
	// slots hold 1 + a key's number, 0 for an empty slot. int32 is enough:
	// two billion distinct summaries would take 180 GB.
	slots []int32
}

// index returns k's number, adding k when it is new (seen is then false).
// h must be k's hash: equal keys must have equal hashes.
func (t *keyIndex[K]) index(k K, h uint64) (n int, seen bool) {
	if 2*(len(t.keys)+1) > len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			t.slots[i] = int32(len(t.keys) + 1)
			t.keys = append(t.keys, k)
			t.hashes = append(t.hashes, h)
			return len(t.keys) - 1, false
		}
		if j := int(s - 1); t.keys[j] == k {
			return j, true
		}
	}
}

// grow doubles the slots (from 1,024) and places every key again. The keys
// get room for as many as the slots take, so they too grow by doubling
// (append grows large slices by a quarter, copying them several times over).
func (t *keyIndex[K]) grow() {
	t.slots = make([]int32, max(1024, 2*len(t.slots)))
	t.keys = slices.Grow(t.keys, len(t.slots)/2-len(t.keys))
	t.hashes = slices.Grow(t.hashes, len(t.slots)/2-len(t.hashes))
	mask := uint64(len(t.slots) - 1)
	for j, h := range t.hashes {
		i := h & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = int32(j + 1)
	}
}

// hashStart, hashFloat and hashEnd mix the bits of a key's numbers into
// its hash: each number is folded in with a multiply, and the result is
// finished as splitmix64 does, so nearby values (days, cents) spread over
// the table. −0 hashes as +0: they are equal keys.
const hashStart uint64 = 0x9e3779b97f4a7c15

func hashFloat(h uint64, x float64) uint64 {
	h = (h ^ math.Float64bits(x+0)) * 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

func hashEnd(h uint64) uint64 {
	h ^= h >> 30
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}
