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

func TestOneOf(t *testing.T) {
	if err := OneOf(color("red"), "color", errUnknown, "red", "green", "blue"); err != nil {
		t.Fatal(err)
	}
	err := OneOf(color("pink"), "color", errUnknown, "red", "green", "blue")
	if !errors.Is(err, errUnknown) || err.Error() != `unknown color: unknown color "pink" (want red, green or blue)` {
		t.Fatalf("err = %v", err)
	}
}
