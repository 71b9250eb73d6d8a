package strictjson

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errTest = errors.New("test: invalid input")

// endless yields spaces forever and counts them.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestReadDocument(t *testing.T) {
	data, err := ReadDocument(strings.NewReader(`{"a": 1}`), errTest)
	require.NoError(t, err)
	assert.Equal(t, `{"a": 1}`, string(data))

	data, err = ReadDocument(io.LimitReader(&endless{}, MaxDocumentSize), errTest)
	require.NoError(t, err, "exactly the maximum is read")
	assert.Len(t, data, MaxDocumentSize)

	src := &endless{}
	_, err = ReadDocument(src, errTest)
	require.ErrorIs(t, err, errTest)
	assert.Contains(t, err.Error(), "larger than the maximum of 8388608 bytes")
	assert.LessOrEqual(t, src.n, int64(MaxDocumentSize+1<<16), "read past the limit")

	boom := errors.New("disk on fire")
	_, err = ReadDocument(io.MultiReader(strings.NewReader("{"), iotestErr{boom}), errTest)
	assert.ErrorIs(t, err, boom)
	assert.NotErrorIs(t, err, errTest)
}

type iotestErr struct{ err error }

func (e iotestErr) Read([]byte) (int, error) { return 0, e.err }
