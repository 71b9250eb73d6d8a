package ledger

import (
	"hash/maphash"

	"github.com/secondsale/secondsale/success"
)

// index maps account IDs to slots. It is a map[AccountID]int32 cut to what
// a shuffled ledger needs: one 8-byte word per bucket (32 bits of the ID's
// hash and the slot), open addressing with linear probing at a load of at
// most one half. Half a million accounts take 8 MB where a Go map of
// strings takes about 20, so a lookup's cache miss is more often served
// by the last-level cache; the ID itself is compared in ids, as a Go map
// compares its stored key.
type index struct {
	seed    maphash.Seed
	buckets []uint64 // hash>>32 << 32 | slot+1; 0 is empty
	n       int
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
		x.buckets = make([]uint64, 16)
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

// guess returns the slot in the first bucket of hash h's probe whose tag
// matches, or -1: the likely slot, for Book.flush to fetch before it checks
// the ID.
func (x *index) guess(h uint64) int32 {
	mask := uint64(len(x.buckets) - 1)
	tag := h >> 32
	for i := h & mask; ; i = (i + 1) & mask {
		b := x.buckets[i]
		if b == 0 {
			return -1
		}
		if b>>32 == tag {
			return int32(uint32(b)) - 1
		}
	}
}

// insert adds slot under hash h, which find returned for an ID not there.
func (x *index) insert(h uint64, slot int32, ids []success.AccountID) {
	if 2*(x.n+1) > len(x.buckets) {
		x.grow(ids)
	}
	x.put(h, slot)
	x.n++
}

func (x *index) put(h uint64, slot int32) {
	mask := uint64(len(x.buckets) - 1)
	i := h & mask
	for x.buckets[i] != 0 {
		i = (i + 1) & mask
	}
	x.buckets[i] = h>>32<<32 | uint64(uint32(slot+1))
}

// grow doubles the buckets and places every slot in ids[:x.n] again.
func (x *index) grow(ids []success.AccountID) {
	x.buckets = make([]uint64, 2*len(x.buckets))
	for slot, id := range ids[:x.n] {
		x.put(hash(x.seed, id), int32(slot))
	}
}
