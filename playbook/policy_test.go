package playbook_test

import (
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDedupKey(t *testing.T) {
	tests := []struct {
		name       string
		s          playbook.Suppression
		facts      func(f *playbook.Facts)
		checkpoint string
		want       string
		err        string
	}{
		{name: "default: account and play", want: "account=acme|play=save-red"},
		{name: "account_play", s: playbook.Suppression{Key: playbook.KeyAccountPlay}, want: "account=acme|play=save-red"},
		{name: "checkpoint", checkpoint: "renewal 2026-05-20 within 90d",
			want: "account=acme|play=save-red|checkpoint=renewal 2026-05-20 within 90d"},
		{name: "contact", s: playbook.Suppression{Key: playbook.KeyContact}, facts: func(f *playbook.Facts) { f.Contact = "c-17" },
			want: "account=acme|play=save-red|contact=c-17"},
		{name: "contact missing", s: playbook.Suppression{Key: playbook.KeyContact},
			err: `playbook: invalid input: play "save-red": dedup key per contact: facts of account "acme" have no contact`},
		{name: "custom", s: playbook.Suppression{Key: playbook.KeyCustom, CustomKey: "region"},
			want: `account=acme|play=save-red|custom=region:"emea"`},
		{name: "custom number", s: playbook.Suppression{Key: playbook.KeyCustom, CustomKey: "seats"},
			facts: func(f *playbook.Facts) { f.Custom["seats"] = success.NumberValue(25) },
			want:  `account=acme|play=save-red|custom=seats:25`},
		{name: "custom missing", s: playbook.Suppression{Key: playbook.KeyCustom, CustomKey: "tier"},
			err: `playbook: invalid input: play "save-red": dedup key: no custom fact "tier"`},
		{name: "separators are escaped", facts: func(f *playbook.Facts) { f.Account.ID = "a|play=x" },
			want: "account=a%7Cplay%3Dx|play=save-red"},
		{name: "no account", facts: func(f *playbook.Facts) { f.Account.ID = "" },
			err: "playbook: invalid input: dedup key: facts have no account ID"},
	}
	p := savePlay()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := baseFacts()
			if tt.facts != nil {
				tt.facts(f)
			}
			got, err := tt.s.DedupKey(&p, f, tt.checkpoint)
			if tt.err != "" {
				require.ErrorIs(t, err, playbook.ErrInvalid)
				assert.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDedupKeyIgnoresVersion(t *testing.T) {
	p1, p2 := savePlay(), savePlay()
	p2.Version = 2
	k1, err := p1.Suppression.DedupKey(&p1, baseFacts(), "")
	require.NoError(t, err)
	k2, err := p2.Suppression.DedupKey(&p2, baseFacts(), "")
	require.NoError(t, err)
	assert.Equal(t, k1, k2)
}

func TestDedupKeyDistinct(t *testing.T) {
	// Parts that would collide if joined naively stay apart.
	p := savePlay()
	s := playbook.Suppression{Key: playbook.KeyContact}
	keys := map[string]bool{}
	for _, c := range []struct{ account, contact string }{{"a|contact=b", "c"}, {"a", "b|contact=c"}, {"a", "b"}, {"a%7C", "b"}} {
		f := baseFacts()
		f.Account.ID, f.Contact = success.AccountID(c.account), c.contact
		k, err := s.DedupKey(&p, f, "")
		require.NoError(t, err)
		assert.False(t, keys[k], k)
		keys[k] = true
	}
}

func TestSuppressionEffective(t *testing.T) {
	assert.Equal(t, playbook.Suppression{Key: playbook.KeyAccountPlay, WhenOpen: playbook.Keep, ReEntry: playbook.AfterCooldown},
		playbook.Suppression{}.Effective())
	s := playbook.Suppression{Key: playbook.KeyContact, WhenOpen: playbook.Refresh, ReEntry: playbook.Never}
	assert.Equal(t, s, s.Effective())
	require.NoError(t, playbook.Suppression{}.Validate())
	require.ErrorIs(t, playbook.Suppression{WhenOpen: "drop"}.Validate(), playbook.ErrInvalid)
}
