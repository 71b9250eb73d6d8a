package strictjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQuoteName(t *testing.T) {
	for in, want := range map[string]string{
		"":                        `""`,
		"Week":                    `"Week"`,
		"good_fit":                `"good_fit"`,
		"alice.smith@example.com": "a string of 23 bytes",
		"+44 20 7946 0958":        "a string of 16 bytes",
		"5551234567":              "a string of 10 bytes",
		strings.Repeat("a", 33):   "a string of 33 bytes",
		"a\xffb":                  "a string of 3 bytes",
	} {
		assert.Equal(t, want, QuoteName(in), "%q", in)
	}
}

// TestUnknownFieldWithAPersonalName: the key is not copied into the path.
func TestUnknownFieldWithAPersonalName(t *testing.T) {
	r, got := collect()
	o, ok := r.Object(json.RawMessage(`{"colour": 1, "alice@example.com": 2}`), "items[0]")
	assert.True(t, ok)
	o.Close()
	assert.Equal(t, []string{
		"items[0]: unknown field whose name is a string of 17 bytes",
		"items[0].colour: unknown field",
	}, *got)
}
