// Package accum is the one accumulator contract of the SDK, in code. Every
// aggregation (health's backtest and portfolio, churn's movements, cohort's
// tables, customer summaries, survival and incidence counts, expansion's
// backtest) is an accumulator with this shape, which is
// exactly an Apache Beam combine function:
//
//   - create: the package's constructor, or the documented zero value;
//   - add: Add(item) error, AddAll(iter.Seq[T]) error and
//     AddFrom(iter.Seq2[T, error]) error;
//   - merge: Merge(other *A) error;
//   - extract: the package's result method (Result, Report, Table, ...);
//   - coder: MarshalBinary and UnmarshalBinary.
//
// The rules every accumulator follows, implemented here once:
//
//   - A bad item stops AddAll and AddFrom: the items before it stay added,
//     it and the items after it are not, and the error names its position
//     in the sequence ("rows[41]: ...") so a host can correct it and resume.
//     A read error from an AddFrom sequence stops it the same way, so a
//     result is never built on half of a file whose read failed. A nil
//     sequence is an error.
//   - Merge rejects nil and the accumulator itself (its items would count
//     twice); a failed Merge changes nothing.
//   - The encoded state is versioned JSON, {"kind": ..., "version": ...,
//     "state": ...}, of an unexported state type; decoding is strict
//     (unknown fields, repeated keys and wrong types are errors), checks the
//     kind and version, and the package then checks the state is one Add and
//     Merge could have built. A failed decode changes nothing.
//   - Empty input is not an error where the answer is a count or a sum: an
//     accumulator of nothing extracts an empty result.
package accum

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"reflect"
	"strconv"

	"github.com/secondsale/secondsale/internal/strictjson"
)

// Values adapts a sequence without read errors to the AddFrom form, so that
// AddAll is written once as AddFrom(Values(items)). A nil sequence stays nil.
func Values[T any](items iter.Seq[T]) iter.Seq2[T, error] {
	if items == nil {
		return nil
	}
	return func(yield func(T, error) bool) {
		for item := range items {
			if !yield(item, nil) {
				return
			}
		}
	}
}

// AddFrom feeds items to add under the contract: it stops at the first read
// error or rejected item and names it as name[i]. sentinel is the package's
// ErrInvalid, for a nil sequence.
func AddFrom[T any](items iter.Seq2[T, error], name string, sentinel error, add func(T) error) error {
	if items == nil {
		return NilSequence(name, sentinel)
	}
	i := 0
	for item, err := range items {
		if err != nil {
			return ReadError(name, i, err)
		}
		if err := add(item); err != nil {
			return ItemError(name, i, err)
		}
		i++
	}
	return nil
}

// NilSequence is the error of an AddAll or AddFrom given a nil sequence.
func NilSequence(name string, sentinel error) error {
	return fmt.Errorf("%w: %s: nil sequence", sentinel, name)
}

// ItemError names the rejected item i of the sequence name.
func ItemError(name string, i int, err error) error {
	return fmt.Errorf("%s[%d]: %w", name, i, err)
}

// ReadError names the read error the host's sequence yielded at position i;
// it wraps the host's error unchanged, so errors.Is finds it.
func ReadError(name string, i int, err error) error {
	return fmt.Errorf("reading %s[%d]: %w", name, i, err)
}

// CheckMerge rejects merging nil, and merging an accumulator into itself.
// what names the accumulator ("backtest", "movements").
func CheckMerge[A any](a, b *A, what string, sentinel error) error {
	switch {
	case b == nil:
		return fmt.Errorf("%w: cannot merge a nil %s accumulator", sentinel, what)
	case a == b:
		return fmt.Errorf("%w: cannot merge a %s accumulator into itself (its items would count twice)", sentinel, what)
	}
	return nil
}

// envelope is the encoded form of every accumulator state.
type envelope struct {
	Kind    string          `json:"kind"`
	Version int             `json:"version"`
	State   json.RawMessage `json:"state"`
}

// Encode writes state, an accumulator's unexported state value, in the
// versioned envelope. kind names the accumulator ("churn.movements"). The
// envelope is written around the state's bytes by hand: json.Marshal of an
// envelope would check and compact them again, a pass over a state that
// may be megabytes.
func Encode(kind string, version int, state any) ([]byte, error) {
	k, err := json.Marshal(kind)
	if err != nil {
		return nil, fmt.Errorf("encoding %s state: %w", kind, err)
	}
	out := appender(append(head(k), strconv.Itoa(version)+stateKey...))
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(state); err != nil {
		return nil, fmt.Errorf("encoding %s state: %w", kind, err)
	}
	out[len(out)-1] = '}' // in place of the newline Encoder.Encode ends with
	return out, nil
}

// appender is an io.Writer that appends to itself. Encoder.Encode writes
// the state in one call, which append copies once into memory it need not
// clear first, where a bytes.Buffer would clear it.
type appender []byte

func (a *appender) Write(p []byte) (int, error) {
	*a = append(*a, p...)
	return len(p), nil
}

// head is what Encode writes before the version, given the kind in JSON;
// stateKey follows the version.
func head(kind []byte) []byte { return append([]byte(`{"kind":`), append(kind, `,"version":`...)...) }

const stateKey = `,"state":`

// encodedVersion returns the version in data's envelope when data begins
// as Encode writes it for kind, and false otherwise.
func encodedVersion(data []byte, kind string) (int, bool) {
	k, err := json.Marshal(kind)
	if err != nil {
		return 0, false
	}
	rest, ok := bytes.CutPrefix(data, head(k))
	if !ok {
		return 0, false
	}
	digits := 0
	for digits < len(rest) && digits < 9 && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	v, err := strconv.Atoi(string(rest[:digits]))
	if err != nil || !bytes.HasPrefix(rest[digits:], []byte(stateKey)) {
		return 0, false
	}
	return v, true
}

// Decode reads an envelope Encode wrote into state, strictly: the kind must
// be kind and the version one this code reads (1..version), and the state
// must have no unknown fields, repeated keys (at any depth), strings that
// are not valid UTF-8 or wrong types, and be at most MaxStateSize bytes. It returns the
// version read, so that a package can upgrade an older state. Errors wrap
// sentinel. The package validates the decoded state itself.
func Decode(data []byte, kind string, version int, state any, sentinel error) (int, error) {
	return decode(data, kind, version, state, sentinel, MaxStateSize)
}

// MaxStateSize is the largest encoded state Decode reads (1 GiB), checked
// before anything is decoded. States come from the host's own workers; the
// cap bounds what a forged or corrupted one can cost (decoding takes a few
// times its size in memory). A movements or cohort state takes about 3
// bytes per account and period, plus each account's ID once, so the cap
// holds about ten million accounts over 24 periods.
const MaxStateSize = 1 << 30

func decode(data []byte, kind string, version int, state any, sentinel error, limit int) (int, error) {
	if len(data) > limit {
		return 0, fmt.Errorf("%w: decoding %s state: %d bytes, more than the maximum of %d", sentinel, kind, len(data), limit)
	}
	// What Encode wrote names its kind and version first: the envelope and
	// the state are then decoded in one pass over data, where the general
	// path below reads the state's bytes twice. Anything that does not
	// decode so takes the general path, for the same error it always gave.
	if v, ok := encodedVersion(data, kind); ok && v >= 1 && v <= version {
		env := struct {
			Kind    string `json:"kind"`
			Version int    `json:"version"`
			State   any    `json:"state"` // decodes into state itself, a pointer
		}{State: state}
		if err := strictjson.Unmarshal(data, &env); err == nil && env.State != nil && env.Kind == kind && env.Version == v {
			return v, nil
		}
		if p := reflect.ValueOf(state); p.Kind() == reflect.Pointer && !p.IsNil() {
			p.Elem().SetZero() // what the attempt filled in
		}
	}
	var env envelope
	if err := strictjson.Unmarshal(data, &env); err != nil {
		return 0, fmt.Errorf("%w: decoding %s state: %v", sentinel, kind, err)
	}
	switch {
	case env.Kind != kind:
		return 0, fmt.Errorf("%w: decoding %s state: the data holds a %q state", sentinel, kind, env.Kind)
	case env.Version < 1 || env.Version > version:
		return 0, fmt.Errorf("%w: decoding %s state: version %d is not one this code reads (1 to %d)", sentinel, kind, env.Version, version)
	case env.State == nil:
		return 0, fmt.Errorf("%w: decoding %s state: state: is required", sentinel, kind)
	}
	if err := strictjson.Unmarshal(env.State, state); err != nil {
		return 0, fmt.Errorf("%w: decoding %s state: %v", sentinel, kind, err)
	}
	return env.Version, nil
}
