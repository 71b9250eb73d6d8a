package cohort

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/internal/shareddata"
)

// The reference values (cuminc_mgus2_data_test.go) come from R 4.2.2 with
// survival 3.5-3 and cmprsk 2.2-11, written by testdata/mgus2_incidence.R,
// which names the exact call behind each column:
//
//	d$etime <- ifelse(d$pstat == 0, d$futime, d$ptime)
//	d$event <- factor(ifelse(d$pstat == 0, 2*d$death, 1), 0:2, labels=c("censor", "pcm", "death"))
//	survfit(Surv(etime, event) ~ 1, data=d)                     # pstate, std.err (IJ), log intervals
//	survfit(Surv(etime, event) ~ 1, data=d, conf.type="log-log")
//	timepoints(cuminc(d$etime, d$event, cencode="censor"), times) # est, var (delta method)
//	cuminc(d$etime, d$event, group=d$sex, cencode="censor")$Tests # Gray's test
//
// and the same per sex for the stratified curves.

// mgus2Step is one row of R's output at one survfit time. NA is rNA.
type mgus2Step struct {
	time                           float64
	atRisk, pcm, death, censored   int
	p0, pPCM, pDeath               float64 // survfit pstate
	se0, sePCM, seDeath            float64 // survfit std.err (infinitesimal jackknife)
	loPCM, hiPCM, loDeath, hiDeath float64 // survfit conf.type="log"
	llLoPCM, llHiPCM               float64 // survfit conf.type="log-log"
	llLoDeath, llHiDeath           float64
	estPCM, estDeath               float64 // cmprsk est
	varPCM, varDeath               float64 // cmprsk var (delta method)
}

var rNA = math.NaN()

var mgus2Kinds = []EventKind{"pcm", "death"}

// mgus2Observations reads mgus2 as competing risks: progression (pcm)
// first at ptime, else death or censoring at futime. The stratum is sex, or
// with byAge the age band at diagnosis (a<60, b60-69, c70+).
func mgus2Observations(t *testing.T, byAge bool) []CompetingObservation {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, "mgus2.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	col := func(name string) int {
		i := slices.Index(rows[0], name)
		require.GreaterOrEqual(t, i, 0, "column %s missing", name)
		return i
	}
	num := func(r []string, c int) float64 {
		v, err := strconv.ParseFloat(r[c], 64)
		require.NoError(t, err)
		return v
	}
	age, sex, ptime, pstat, futime, death := col("age"), col("sex"), col("ptime"), col("pstat"), col("futime"), col("death")
	out := make([]CompetingObservation, 0, len(rows)-1)
	for _, r := range rows[1:] {
		o := CompetingObservation{Stratum: r[sex], Duration: num(r, futime)}
		if byAge {
			o.Stratum = "c70+"
			if a := num(r, age); a < 60 {
				o.Stratum = "a<60"
			} else if a < 70 {
				o.Stratum = "b60-69"
			}
		}
		switch {
		case num(r, pstat) == 1:
			o.Duration, o.Event = num(r, ptime), "pcm"
		case num(r, death) == 1:
			o.Event = "death"
		}
		out = append(out, o)
	}
	require.Len(t, out, 1384, "patients")
	return out
}

func assertMatchesMgus2(t *testing.T, name string, jk, delta, loglog IncidenceCurve, want []mgus2Step) {
	t.Helper()
	const (
		estTol = 1e-9 // estimates, against survfit's pstate
		seTol  = 1e-6 // standard errors and variances, against survfit and cmprsk
	)
	require.Len(t, jk.Steps, len(want), "%s: steps", name)
	for i, w := range want {
		g := jk.Steps[i]
		require.Equal(t, []any{w.time, w.atRisk, w.pcm, w.death, w.censored},
			[]any{g.Time, g.AtRisk, g.Events[0].Count, g.Events[1].Count, g.Censored}, "%s step %d: time, at risk, events, censored", name, i)
		pcm, dth := g.Events[0], g.Events[1]
		assert.InDelta(t, w.p0, g.EventFree, estTol, "%s step %d event-free", name, i)
		assert.InDelta(t, w.pPCM, pcm.Incidence, estTol, "%s step %d pcm", name, i)
		assert.InDelta(t, w.pDeath, dth.Incidence, estTol, "%s step %d death", name, i)
		assert.InDelta(t, w.estPCM, pcm.Incidence, estTol, "%s step %d cmprsk pcm", name, i)
		assert.InDelta(t, w.estDeath, dth.Incidence, estTol, "%s step %d cmprsk death", name, i)
		assert.InDelta(t, w.se0, g.EventFreeSE, seTol, "%s step %d event-free IJ SE", name, i)
		assert.InDelta(t, w.sePCM, pcm.SE, seTol, "%s step %d pcm IJ SE", name, i)
		assert.InDelta(t, w.seDeath, dth.SE, seTol, "%s step %d death IJ SE", name, i)
		d := delta.Steps[i]
		assert.InDelta(t, w.varPCM, d.Events[0].SE*d.Events[0].SE, seTol, "%s step %d pcm cmprsk var", name, i)
		assert.InDelta(t, w.varDeath, d.Events[1].SE*d.Events[1].SE, seTol, "%s step %d death cmprsk var", name, i)
		// R has no interval where the incidence is 0 (NA); ours collapses to 0.
		limit := func(r float64) float64 {
			if math.IsNaN(r) {
				return 0
			}
			return r
		}
		assert.InDelta(t, limit(w.loPCM), pcm.Lower, seTol, "%s step %d pcm log lower", name, i)
		assert.InDelta(t, limit(w.hiPCM), pcm.Upper, seTol, "%s step %d pcm log upper", name, i)
		assert.InDelta(t, limit(w.loDeath), dth.Lower, seTol, "%s step %d death log lower", name, i)
		assert.InDelta(t, limit(w.hiDeath), dth.Upper, seTol, "%s step %d death log upper", name, i)
		l := loglog.Steps[i]
		assert.InDelta(t, limit(w.llLoPCM), l.Events[0].Lower, seTol, "%s step %d pcm log-log lower", name, i)
		assert.InDelta(t, limit(w.llHiPCM), l.Events[0].Upper, seTol, "%s step %d pcm log-log upper", name, i)
		assert.InDelta(t, limit(w.llLoDeath), l.Events[1].Lower, seTol, "%s step %d death log-log lower", name, i)
		assert.InDelta(t, limit(w.llHiDeath), l.Events[1].Upper, seTol, "%s step %d death log-log upper", name, i)
	}
}

func TestCumulativeIncidenceMatchesRMgus2(t *testing.T) {
	obs := mgus2Observations(t, false)
	opts := IncidenceOptions{Kinds: mgus2Kinds, ConfType: ConfLog}
	pooled := func(o IncidenceOptions) IncidenceCurve {
		c, err := CumulativeIncidence(slices.Values(obs), o)
		require.NoError(t, err)
		return c
	}
	deltaOpts, loglogOpts := opts, opts
	deltaOpts.Variance = VarianceDelta
	loglogOpts.ConfType = ConfLogLog
	all := pooled(opts)
	assert.Equal(t, []int{115, 860}, all.Counts, "progressions and deaths first")
	assertMatchesMgus2(t, "all", all, pooled(deltaOpts), pooled(loglogOpts), mgus2All)

	bySex := func(o IncidenceOptions) IncidenceByStratum {
		s, err := CumulativeIncidenceByStratum(slices.Values(obs), o)
		require.NoError(t, err)
		return s
	}
	jk, delta, loglog := bySex(opts), bySex(deltaOpts), bySex(loglogOpts)
	require.Len(t, jk.Curves, 2)
	assert.Equal(t, []string{"F", "M"}, []string{jk.Curves[0].Stratum, jk.Curves[1].Stratum})
	assertMatchesMgus2(t, "F", jk.Curves[0], delta.Curves[0], loglog.Curves[0], mgus2Female)
	assertMatchesMgus2(t, "M", jk.Curves[1], delta.Curves[1], loglog.Curves[1], mgus2Male)

	require.Empty(t, jk.GrayUndefined)
	require.Len(t, jk.Gray, 2)
	for _, g := range jk.Gray {
		want := mgus2GrayBySex[g.Event]
		assert.InDelta(t, want[0], g.ChiSquare, 1e-4, "Gray %s statistic", g.Event)
		assert.InDelta(t, want[1], g.PValue, 1e-6, "Gray %s p-value", g.Event)
		assert.Equal(t, int(want[2]), g.DF, "Gray %s df", g.Event)
		assert.Equal(t, []string{"F", "M"}, g.Strata)
	}
	rho1, err := CumulativeIncidenceByStratum(slices.Values(obs), IncidenceOptions{Kinds: mgus2Kinds, GrayRho: 1})
	require.NoError(t, err)
	require.Len(t, rho1.Gray, 2)
	for _, g := range rho1.Gray {
		assert.InDelta(t, mgus2GrayBySexRho1[g.Event][0], g.ChiSquare, 1e-4, "Gray %s statistic, rho 1", g.Event)
	}
}

// Three strata exercise every term of the test's variance.
func TestGrayTestMatchesRMgus2ByAge(t *testing.T) {
	s, err := CumulativeIncidenceByStratum(slices.Values(mgus2Observations(t, true)), IncidenceOptions{Kinds: mgus2Kinds})
	require.NoError(t, err)
	require.Len(t, s.Gray, 2)
	for _, g := range s.Gray {
		want := mgus2GrayByAge[g.Event]
		assert.Equal(t, []string{"a<60", "b60-69", "c70+"}, g.Strata)
		assert.InDelta(t, want[0], g.ChiSquare, 1e-4, "Gray %s statistic", g.Event)
		assert.InDelta(t, want[1], g.PValue, 1e-6, "Gray %s p-value", g.Event)
		assert.Equal(t, int(want[2]), g.DF, "Gray %s df", g.Event)
	}
}
