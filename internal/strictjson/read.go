package strictjson

import (
	"fmt"
	"io"
)

// MaxDocumentSize is the largest document a loader reads (8 MiB): a fit
// profile, a scorecard or a taxonomy is a few KB, and a bound keeps a host
// that passes an unchecked upload from spending memory and time on it.
const MaxDocumentSize = 8 << 20

// ReadDocument reads a whole document from r, at most MaxDocumentSize bytes.
// A longer one is an error wrapping sentinel (the loader's ErrInvalid), found
// without reading past the limit; an error from r is returned as it is.
func ReadDocument(r io.Reader, sentinel error) ([]byte, error) {
	return readLimited(r, MaxDocumentSize, sentinel)
}

func readLimited(r io.Reader, limit int64, sentinel error) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: the document is larger than the maximum of %d bytes", sentinel, limit)
	}
	return data, nil
}
