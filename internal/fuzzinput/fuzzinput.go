// Package fuzzinput turns a fuzzer's bytes into the typed values the SDK's
// fuzz targets feed to its entry points. It runs dry into zeros, so every
// input decodes, and its floats favour the edge cases a boundary must
// reject or survive (NaN, ±Inf, -0, huge, tiny) over raw bit patterns,
// which are almost never in a field's range.
package fuzzinput

import (
	"encoding/binary"
	"math"
)

// Bytes is the unread rest of a fuzzer's input.
type Bytes []byte

// Byte reads one byte, 0 once the input is used up.
func (b *Bytes) Byte() byte {
	if len(*b) == 0 {
		return 0
	}
	c := (*b)[0]
	*b = (*b)[1:]
	return c
}

// Bool reads one byte as a bool.
func (b *Bytes) Bool() bool { return b.Byte()&1 == 1 }

// Pick reads one byte as an index into choices, which must not be empty.
func Pick[T any](b *Bytes, choices ...T) T {
	return choices[int(b.Byte())%len(choices)]
}

// SpecialFloats are the floats Float returns most often.
var SpecialFloats = []float64{
	math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 100, -1, 100.0000001,
	math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 1e300, 0.5, 1, 50, 99.99999999999999,
}

// Float reads a float64: a special value, a value in 0..102 (a score's or a
// small count's neighbourhood), or eight raw bytes.
func (b *Bytes) Float() float64 {
	switch mode := b.Byte(); {
	case mode < 64:
		return SpecialFloats[int(mode)%len(SpecialFloats)]
	case mode < 192:
		return float64(b.Byte()) / 2.5
	default:
		var raw [8]byte
		for i := range raw {
			raw[i] = b.Byte()
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(raw[:]))
	}
}
