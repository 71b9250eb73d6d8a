package cohort

import (
	"fmt"
	"iter"
)

// The entry points that read a stream take it in two forms: iter.Seq[T] for
// items that cannot fail to read (a slice, a generator), and, with the
// suffix From, iter.Seq2[T, error] for items read from a file, a database
// cursor or a network, whose read can fail mid-stream. The From form stops
// at the first non-nil error the host yields and returns it wrapped with the
// item's position ("observations[41]: ..."), so errors.Is and errors.As see
// the host's own error and no estimate is built on part of the input. Each
// loop is written once, in the From form; the Seq form adapts to it.

// withoutErrors adapts a sequence that cannot fail to the (item, error) form
// of the From functions. A nil sequence stays nil, so that each entry point
// keeps its rule for it.
func withoutErrors[T any](seq iter.Seq[T]) iter.Seq2[T, error] {
	if seq == nil {
		return nil
	}
	return func(yield func(T, error) bool) {
		for v := range seq {
			if !yield(v, nil) {
				return
			}
		}
	}
}

// readError wraps the host's error reading item i of the sequence list.
func readError(list string, i int, err error) error {
	return fmt.Errorf("%s[%d]: %w", list, i, err)
}
