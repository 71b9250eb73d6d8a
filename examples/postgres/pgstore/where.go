package pgstore

import (
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// where collects a query's conditions with numbered arguments.
type where struct {
	conds []string
	args  []any
}

// add appends cond, in which %d stands for v's placeholder number.
func (w *where) add(cond string, v any) {
	w.args = append(w.args, v)
	w.conds = append(w.conds, fmt.Sprintf(cond, len(w.args)))
}

// eq adds "column = value", unless value is "" or uuid.Nil: a query's
// zero fields select everything.
func (w *where) eq(column string, value any) {
	if value == "" || value == uuid.Nil {
		return
	}
	w.add(column+" = $%d", value)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
