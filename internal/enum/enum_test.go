package enum

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type color string

var errUnknown = errors.New("unknown color")

func (c color) Validate() error {
	if c != "red" && c != "green" {
		return errUnknown
	}
	return nil
}

func TestDecode(t *testing.T) {
	c := color("red")
	require.NoError(t, Decode(&c, []byte("green")), "Decode(green)")
	require.Equal(t, color("green"), c, "Decode(green)")
	assert.ErrorIs(t, Decode(&c, []byte("blue")), errUnknown, "Decode(blue)")
	assert.Equal(t, color("green"), c, "Decode(blue) keeps the old value")
}

func TestOneOf(t *testing.T) {
	assert.NoError(t, OneOf(color("red"), "color", errUnknown, "red", "green", "blue"))
	err := OneOf(color("pink"), "color", errUnknown, "red", "green", "blue")
	assert.ErrorIs(t, err, errUnknown)
	assert.EqualError(t, err, `unknown color: unknown color "pink" (want red, green or blue)`)
}
