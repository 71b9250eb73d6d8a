package voice

import "errors"

// ErrInvalid reports input that breaks a documented rule: an NPS response
// outside 0..10, a CSAT response off its scale, a NaN, a zero time, a bad
// scale or grain. Every error this package returns wraps it, except a read
// error from a From sequence, which is passed on wrapped with its position.
var ErrInvalid = errors.New("voice: invalid input")
