// Package strictjson reads JSON documents strictly, for loaders that must
// report every problem at once with its path ("groups[1].measures[0].weight:
// must be a number, got "3"") where encoding/json stops at the first and
// silently accepts unknown fields, repeated keys and nulls.
//
// A Reader reports each problem through the callback it was created with, so
// callers keep problems in their own error type (success.FieldErrors) with
// their own sentinel, interleaved with the problems they find themselves; the
// package itself depends on nothing of the module. Values are kept as raw
// bytes until read, so numbers are parsed exactly once from their text:
// integers never go through float64, and a number too large for a float64 is
// reported instead of becoming infinity.
package strictjson
