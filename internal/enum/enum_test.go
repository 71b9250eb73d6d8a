package enum

import (
	"errors"
	"testing"
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
	if err := Decode(&c, []byte("green")); err != nil || c != "green" {
		t.Fatalf("Decode(green) = %v, %q", err, c)
	}
	if err := Decode(&c, []byte("blue")); !errors.Is(err, errUnknown) || c != "green" {
		t.Fatalf("Decode(blue) = %v, %q; want errUnknown and the old value kept", err, c)
	}
}
