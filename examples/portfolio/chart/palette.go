package chart

import (
	"fmt"
	"math"
)

// Okabe–Ito, ordered so that the first six differ most: vermilion, too
// close to orange, and yellow, faint on white, come last.
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#000000", "#D55E00", "#F0E442"}

// Colour returns the i-th series colour, repeating after the palette.
func Colour(i int) string { return palette[i%len(palette)] }

// ramp is a light-to-dark blue sequence: readable without hue.
var ramp = [][3]float64{{247, 251, 255}, {198, 219, 239}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}}

// rampColour maps t in [0,1] to the ramp, and says whether text on it
// should be white.
func rampColour(t float64) (string, bool) {
	if math.IsNaN(t) {
		t = 0
	}
	t = math.Max(0, math.Min(1, t))
	x := t * float64(len(ramp)-1)
	i := int(x)
	if i >= len(ramp)-1 {
		i = len(ramp) - 2
	}
	f := x - float64(i)
	var c [3]float64
	for k := range c {
		c[k] = ramp[i][k] + f*(ramp[i+1][k]-ramp[i][k])
	}
	lum := 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	return fmt.Sprintf("#%02x%02x%02x", int(c[0]), int(c[1]), int(c[2])), lum < 140
}
