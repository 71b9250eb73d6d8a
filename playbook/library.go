package playbook

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sync"
)

// libraryFS holds the Second Sale library, one document of plays per
// theme, in the format LoadPlays reads.
//
//go:embed library/*.json
var libraryFS embed.FS

// SecondSaleLibrary returns the ready-made plays of the Second Sale library,
// the small wins after the first sale, as data for a host to copy and
// adapt: each play's Description says which small win it is for and why its
// trigger and steps are what they are. The result is a fresh copy on every
// call, ordered by file then position; the files are also in the package's
// library directory, in the format LoadPlays reads. Every library play
// validates; predicate clauses are not used, so no registry is needed.
func SecondSaleLibrary() []Play {
	plays, err := library()
	if err != nil {
		panic(err) // the embedded data is tested: this is a build defect, not input
	}
	out := make([]Play, len(plays))
	for i, p := range plays {
		out[i] = p.Clone()
	}
	return out
}

// library parses the embedded plays once; callers get clones.
var library = sync.OnceValues(loadLibrary)

func loadLibrary() ([]Play, error) {
	names, err := fs.Glob(libraryFS, "library/*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []Play
	for _, name := range names {
		data, err := libraryFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		plays, err := LoadPlays(bytes.NewReader(data), LoadOptions{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, plays...)
	}
	return out, nil
}
