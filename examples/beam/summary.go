package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

// runSummary is the closing summary: records read by input (the readers'
// counters), lines written by output file and the rejects.
type runSummary struct {
	Read     map[string]int64
	Written  map[string]int64
	Rejected int64
}

// summarize counts what the run read (its counters) and wrote (the lines
// of each output file it wrote in dir, names: not the files an earlier run
// left there).
func summarize(res beam.PipelineResult, dir string, names []string) (runSummary, error) {
	sum := runSummary{Read: map[string]int64{}, Written: map[string]int64{}}
	if res != nil {
		for _, c := range res.Metrics().AllMetrics().Counters() {
			if c.Namespace() == metricsNamespace {
				sum.Read[c.Name()] += c.Result()
			}
		}
	}
	for _, name := range names {
		n, err := countLines(filepath.Join(dir, name))
		if err != nil {
			return sum, err
		}
		if name == rejectsFile {
			sum.Rejected = n
		} else {
			sum.Written[name] = n
		}
	}
	return sum, nil
}

func countLines(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n int64
	r := bufio.NewReader(f)
	for {
		_, err := r.ReadSlice('\n')
		switch err {
		case nil:
			n++
		case bufio.ErrBufferFull:
		case io.EOF:
			return n, nil
		default:
			return n, err
		}
	}
}

// print writes the summary in the command-line tool's manner: one line.
func (s runSummary) print(w io.Writer) {
	var read, wrote []string
	for _, k := range slices.Sorted(maps.Keys(s.Read)) {
		read = append(read, fmt.Sprintf("%s %d", k, s.Read[k]))
	}
	for _, k := range slices.Sorted(maps.Keys(s.Written)) {
		wrote = append(wrote, fmt.Sprintf("%s %d", k, s.Written[k]))
	}
	fmt.Fprintf(w, "beam: read %s; wrote %s; rejected %d", orNone(read), orNone(wrote), s.Rejected)
	if s.Rejected > 0 {
		fmt.Fprintf(w, " (see %s)", rejectsFile)
	}
	fmt.Fprintln(w)
}

func orNone(parts []string) string {
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}
