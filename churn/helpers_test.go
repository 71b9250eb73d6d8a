package churn_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// These small helpers were written while go.sum lacked testify's
// dependencies; newer tests use testify's assert and require directly.

type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

func msg(extra []any) string {
	if len(extra) == 0 {
		return ""
	}
	if f, ok := extra[0].(string); ok {
		return " (" + fmt.Sprintf(f, extra[1:]...) + ")"
	}
	return fmt.Sprint(extra...)
}

func mustOK(t tb, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func mustIs(t tb, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v: want errors.Is(err, %v)", err, target)
	}
}

func check(t tb, want, got any, extra ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("want %#v, got %#v%s", want, got, msg(extra))
	}
}

func mustEqual(t tb, want, got any, extra ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("want %#v, got %#v%s", want, got, msg(extra))
	}
}

func checkTrue(t tb, cond bool, extra ...any) {
	t.Helper()
	if !cond {
		t.Errorf("condition is false%s", msg(extra))
	}
}

func mustTrue(t tb, cond bool, extra ...any) {
	t.Helper()
	if !cond {
		t.Fatalf("condition is false%s", msg(extra))
	}
}

func checkContains(t tb, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("%q\ndoes not contain\n%q", s, sub)
	}
}
