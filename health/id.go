package health

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// NewScoreID returns a time-ordered UUID version 7 (RFC 9562) in canonical
// text form, taking its timestamp from at: IDs of later snapshots sort later.
// It is written here rather than taken from a UUID library to keep the
// dependency list of the health package to the standard library.
func NewScoreID(at time.Time) string {
	var u [16]byte
	ms := uint64(at.UnixMilli())
	binary.BigEndian.PutUint16(u[0:2], uint16(ms>>32))
	binary.BigEndian.PutUint32(u[2:6], uint32(ms))
	_, _ = rand.Read(u[6:]) // crypto/rand.Read never returns an error (Go 1.24+)
	u[6] = u[6]&0x0f | 0x70 // version 7
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	var out [36]byte
	hex.Encode(out[0:8], u[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], u[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], u[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], u[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], u[10:16])
	return string(out[:])
}
