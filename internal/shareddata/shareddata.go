// Package shareddata finds the public validation data sets the tests read:
// ../shared/data relative to the SDK's module root, never copied into the
// repository. Absent data skips the test, or fails it when
// SECONDSALE_REQUIRE_DATA=1 (as CI sets). It is used by tests only, of the
// SDK's packages, its examples and its nested modules alike.
package shareddata

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// modulePath names the SDK's module: a nested module (examples/postgres,
// examples/beam) has its own go.mod, and the data sit beside the SDK's.
const modulePath = "github.com/secondsale/secondsale"

// RequireEnv is the variable that makes absent data a failure.
const RequireEnv = "SECONDSALE_REQUIRE_DATA"

// Path returns the path of the data file name, skipping or failing tb when
// it is absent.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	path := filepath.Join(Dir(tb), name)
	if _, err := os.Stat(path); err != nil {
		absent(tb, "validation data file %s is absent: %v", path, err)
	}
	return path
}

// Dir returns the data folder, skipping or failing tb when it is absent.
func Dir(tb testing.TB) string {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Fatalf("finding the SDK's module root: %v", err)
	}
	dir := filepath.Join(root, "..", "shared", "data")
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		absent(tb, "validation data folder %s is absent (see the README's \"Validation data\")", dir)
	}
	return dir
}

func absent(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv(RequireEnv) == "1" {
		tb.Fatalf(format+" ("+RequireEnv+"=1)", args...)
	}
	tb.Skipf(format+" (set "+RequireEnv+"=1 to make this a failure)", args...)
}

// moduleRoot walks up from the working directory to the directory whose
// go.mod declares the SDK's module.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if declares(filepath.Join(dir, "go.mod")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// declares reports whether the go.mod at path is the SDK's.
func declares(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
			return fields[1] == modulePath
		}
	}
	return false
}
