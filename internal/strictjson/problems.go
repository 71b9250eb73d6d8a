package strictjson

import (
	"strconv"
	"strings"
)

// MaxListedProblems is the number of problems an error's text lists; the
// rest are counted ("; and 19900 more problems"), so that a document with
// thousands of mistakes gives an error of bounded size (a few dozen KB at
// most) and a host still learns how many there are.
const MaxListedProblems = 100

// ListProblems joins the texts of the first MaxListedProblems of n problems
// with "; " and counts the rest. problem returns the text of problem i.
func ListProblems(n int, problem func(i int) string) string {
	var b strings.Builder
	for i := range min(n, MaxListedProblems) {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(problem(i))
	}
	if rest := n - MaxListedProblems; rest > 0 {
		b.WriteString("; and ")
		b.WriteString(strconv.Itoa(rest))
		if rest == 1 {
			b.WriteString(" more problem")
		} else {
			b.WriteString(" more problems")
		}
	}
	return b.String()
}
