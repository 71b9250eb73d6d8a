package records

import "encoding/binary"

// dayCache remembers the months of recent dates by their "YYYY-MM-" text:
// a ledger has few distinct months, and a hit leaves only the day to read,
// where a full parse costs a fifth of a ledger line.
type dayCache struct {
	keys   [256]uint64
	starts [256]int32 // epoch day of the month's first day
	lens   [256]int8  // days in the month; 0: empty slot
}

func (c *dayCache) parse(b []byte, layout string) (int32, bool) {
	if layout != "" || len(b) != 10 || b[7] != '-' {
		return ParseDay(b, layout)
	}
	key := binary.LittleEndian.Uint64(b)
	h := (key * 0x9E3779B97F4A7C15) >> 56
	if c.lens[h] == 0 || c.keys[h] != key {
		day, ok := ParseDay(b, "")
		if !ok {
			return 0, false
		}
		y, _ := digits(b[0:4])
		m, _ := digits(b[5:7])
		d, _ := digits(b[8:10])
		c.keys[h], c.starts[h], c.lens[h] = key, day-int32(d-1), int8(daysIn(y, m))
		return day, true
	}
	d0, d1 := b[8]-'0', b[9]-'0'
	if d0 > 9 || d1 > 9 {
		return 0, false
	}
	d := int8(d0*10 + d1)
	if d < 1 || d > c.lens[h] {
		return 0, false
	}
	return c.starts[h] + int32(d-1), true
}
