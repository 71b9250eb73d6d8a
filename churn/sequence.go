package churn

import "iter"

// withoutErrors adapts a sequence that cannot fail to the (item, error) form
// the From entry points read, so that each entry point's logic is written
// once, over iter.Seq2. A nil sequence stays nil, for the entry point to
// report.
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
