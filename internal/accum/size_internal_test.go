package accum

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeRefusesAStateOverTheCap checks the size before anything is
// decoded (with a small cap: the real one is 1 GiB).
func TestDecodeRefusesAStateOverTheCap(t *testing.T) {
	sentinel := errors.New("bad")
	data := []byte(`{"kind": "k", "version": 1, "state": {"n": 1}}`)
	var s struct {
		N int `json:"n"`
	}
	_, err := decode(data, "k", 1, &s, sentinel, len(data))
	require.NoError(t, err)
	assert.Equal(t, 1, s.N)
	s.N = 0
	_, err = decode(data, "k", 1, &s, sentinel, len(data)-1)
	require.ErrorIs(t, err, sentinel)
	assert.Contains(t, err.Error(), "more than the maximum")
	assert.Zero(t, s.N, "nothing decoded")
	assert.Equal(t, 1<<30, MaxStateSize)
}
