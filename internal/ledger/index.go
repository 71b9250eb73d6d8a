package ledger

import (
	"hash/maphash"
	"unsafe"

	"github.com/secondsale/secondsale/success"
)

// index maps account IDs to slots. It is a map[AccountID]int32 cut to what
// a shuffled ledger needs: one 8-byte word per bucket (32 bits of the ID's
// hash and the slot), open addressing with linear probing at a load of at
// most one half. Half a million accounts take 8 MB where a Go map of
// strings takes about 20, so a lookup's cache miss is more often served
// by the last-level cache; the ID itself is compared in ids, as a Go map
// compares its stored key.
//
// A second table finds an account by where its ID's bytes are in memory:
// Go strings are immutable, so an ID that shares its bytes with the ID an
// account was created with (an interned or dictionary-encoded column, IDs
// from the host's own table of accounts) is that account, and is found
// without reading or hashing its bytes, one cache miss fewer per row. A
// host whose rows carry fresh strings never finds one; the table is then
// no longer consulted.
type index struct {
	seed    maphash.Seed
	buckets []uint64 // hash>>32 << 32 | slot+1; 0 is empty
	byPtr   []uint64 // the same, by the address of the ID's bytes
	n       int
	// How the address table has served existing accounts: it is set aside
	// when it finds few of them.
	ptrHits, ptrMisses int
	ptrOff             bool
}

// ptrHash hashes the address and length of id's bytes (splitmix64's
// finaliser).
func ptrHash(id success.AccountID) uint64 {
	h := uint64(uintptr(unsafe.Pointer(unsafe.StringData(string(id))))) ^ uint64(len(id))<<48
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	return h ^ h>>31
}

// sameBytes reports whether a and b are the same bytes in memory, and so
// equal.
func sameBytes(a, b success.AccountID) bool {
	return len(a) == len(b) && unsafe.StringData(string(a)) == unsafe.StringData(string(b))
}

// usePtr reports whether the address table is worth consulting.
func (x *index) usePtr() bool {
	if !x.ptrOff && x.ptrHits+x.ptrMisses >= 4096 && x.ptrMisses > 4*x.ptrHits {
		x.ptrOff, x.byPtr = true, nil
	}
	return !x.ptrOff && x.n > 0
}

// hash returns id's hash; tests replace it to force collisions.
var hash = func(seed maphash.Seed, id success.AccountID) uint64 { return maphash.String(seed, string(id)) }

// find returns id's slot, or -1 and the hash to insert it under.
func (x *index) find(id success.AccountID, ids []success.AccountID) (slot int32, h uint64) {
	h = x.hash(id)
	return x.findHashed(id, h, ids), h
}

// hash returns id's hash under x's seed.
func (x *index) hash(id success.AccountID) uint64 {
	if x.buckets == nil {
		x.seed = maphash.MakeSeed()
		x.buckets, x.byPtr = make([]uint64, 16), make([]uint64, 16)
	}
	return hash(x.seed, id)
}

// findHashed returns the slot of id, whose hash is h, or -1.
func (x *index) findHashed(id success.AccountID, h uint64, ids []success.AccountID) int32 {
	mask := uint64(len(x.buckets) - 1)
	tag := h >> 32
	for i := h & mask; ; i = (i + 1) & mask {
		b := x.buckets[i]
		if b == 0 {
			return -1
		}
		if b>>32 == tag {
			if s := int32(uint32(b)) - 1; ids[s] == id {
				return s
			}
		}
	}
}

// guessAll sets guesses[i] to guessIn(buckets, hashes[i]). It first reads
// every hash's first bucket in a loop of a few instructions, so that the
// processor has the whole batch's cache misses in flight at once.
func (x *index) guessAll(buckets []uint64, hashes []uint64, guesses []int32) {
	mask := uint64(len(buckets) - 1)
	var first [batch]uint64
	for i, h := range hashes {
		first[i] = buckets[h&mask]
	}
	for i, h := range hashes {
		if b := first[i]; b == 0 {
			guesses[i] = -1
		} else if b>>32 == h>>32 {
			guesses[i] = int32(uint32(b)) - 1
		} else {
			guesses[i] = guessIn(buckets, h)
		}
	}
}

// guessIn returns the slot in the first bucket of hash h's probe whose
// tag matches, or -1: the likely slot, for Book.flush to fetch before it
// checks the ID.
func guessIn(buckets []uint64, h uint64) int32 {
	mask := uint64(len(buckets) - 1)
	tag := h >> 32
	for i := h & mask; ; i = (i + 1) & mask {
		b := buckets[i]
		if b == 0 {
			return -1
		}
		if b>>32 == tag {
			return int32(uint32(b)) - 1
		}
	}
}

// insert adds slot, whose ID is id, under hash h, which find returned for
// an ID not there.
func (x *index) insert(id success.AccountID, h uint64, slot int32, ids []success.AccountID) {
	if 2*(x.n+1) > len(x.buckets) {
		x.grow(ids)
	}
	put(x.buckets, h, slot)
	if !x.ptrOff {
		put(x.byPtr, ptrHash(id), slot)
	}
	x.n++
}

func put(buckets []uint64, h uint64, slot int32) {
	mask := uint64(len(buckets) - 1)
	i := h & mask
	for buckets[i] != 0 {
		i = (i + 1) & mask
	}
	buckets[i] = h>>32<<32 | uint64(uint32(slot+1))
}

// grow doubles the buckets and places every slot in ids[:x.n] again.
func (x *index) grow(ids []success.AccountID) { x.resize(2*len(x.buckets), ids) }

// reserve grows the buckets once to hold n accounts, so that a batch of
// new accounts does not rehash every ID at each doubling.
func (x *index) reserve(n int, ids []success.AccountID) {
	if x.buckets == nil {
		x.hash("") // sets the seed and the first buckets
	}
	size := len(x.buckets)
	for 2*n > size {
		size *= 2
	}
	if size > len(x.buckets) {
		x.resize(size, ids)
	}
}

// resize makes size buckets and places every slot in ids[:x.n] again.
func (x *index) resize(size int, ids []success.AccountID) {
	x.buckets = make([]uint64, size)
	for slot, id := range ids[:x.n] {
		put(x.buckets, hash(x.seed, id), int32(slot))
	}
	if !x.ptrOff {
		x.byPtr = make([]uint64, len(x.buckets))
		for slot, id := range ids[:x.n] {
			put(x.byPtr, ptrHash(id), int32(slot))
		}
	}
}
