package main

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writePNG(t *testing.T, name string, paint func(x, y int) color.Color) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 40))
	for y := range 40 {
		for x := range 40 {
			img.Set(x, y, paint(x, y))
		}
	}
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, png.Encode(f, img))
	require.NoError(t, f.Close())
	return path
}

func TestColoursTellBlankFromRendered(t *testing.T) {
	blank := writePNG(t, "blank.png", func(x, y int) color.Color { return color.White })
	n, _, err := colours(blank, 64)
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	drawn := writePNG(t, "drawn.png", func(x, y int) color.Color { return color.RGBA{uint8(x * 6), uint8(y * 6), 90, 255} })
	n, b, err := colours(drawn, 64)
	require.NoError(t, err)
	assert.Equal(t, 64, n, "counting stops once there are enough")
	assert.Equal(t, image.Pt(40, 40), b.Size())

	_, _, err = colours(filepath.Join(t.TempDir(), "missing.png"), 64)
	assert.Error(t, err)
}
