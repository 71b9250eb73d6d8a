package cohort

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// sharedDataPath returns the path of a validation data file in ../shared/data
// relative to the module root (the directory holding go.mod, found by walking
// up from the working directory). When the folder is absent the test is
// skipped, unless SECONDSALE_REQUIRE_DATA=1, in which case it fails.
func sharedDataPath(t *testing.T, name string) string {
	t.Helper()
	mustHave := os.Getenv("SECONDSALE_REQUIRE_DATA") == "1"
	missing := func(format string, args ...any) {
		t.Helper()
		if mustHave {
			require.FailNowf(t, "validation data missing", format, args...)
		}
		t.Skipf(format+" (set SECONDSALE_REQUIRE_DATA=1 to make this a failure)", args...)
	}
	dir, err := os.Getwd()
	require.NoError(t, err, "working directory")
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the working directory")
		dir = parent
	}
	dataDir := filepath.Join(dir, "..", "shared", "data")
	if st, err := os.Stat(dataDir); err != nil || !st.IsDir() {
		missing("validation data folder %s is absent", dataDir)
	}
	path := filepath.Join(dataDir, name)
	if _, err := os.Stat(path); err != nil {
		missing("validation data file %s is absent: %v", path, err)
	}
	return path
}
