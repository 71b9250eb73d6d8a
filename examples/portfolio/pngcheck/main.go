// Pngcheck fails when a screenshot is blank: it decodes each PNG and
// requires at least -colours distinct colours, since a page that did not
// render is one or two flat colours while a report with charts has hundreds.
//
//	go run ./examples/portfolio/pngcheck -colours 32 desktop.png narrow.png
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
)

func main() {
	min := flag.Int("colours", 32, "fewest distinct colours a rendered page has")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: pngcheck [-colours N] file.png...")
		os.Exit(2)
	}
	failed := false
	for _, path := range flag.Args() {
		n, bounds, err := colours(path, *min)
		switch {
		case err != nil:
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			failed = true
		case n < *min:
			fmt.Fprintf(os.Stderr, "%s: %v, only %d distinct colours: blank or unrendered\n", path, bounds.Size(), n)
			failed = true
		default:
			fmt.Printf("%s: %v, %d+ distinct colours\n", path, bounds.Size(), n)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// colours counts distinct colours, stopping once it has seen enough.
func colours(path string, enough int) (int, image.Rectangle, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, image.Rectangle{}, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return 0, image.Rectangle{}, err
	}
	b := img.Bounds()
	seen := map[[4]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= enough {
				return len(seen), b, nil
			}
		}
	}
	return len(seen), b, nil
}
