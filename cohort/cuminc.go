package cohort

import (
	"errors"
	"iter"
	"math"
	"slices"
	"strconv"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// CumulativeIncidence estimates, for all observations pooled (the Stratum
// field is ignored), the cumulative incidence of each event kind over time:
// the probability that the event happened first by then, the other kinds
// competing (Aalen-Johansen). One minus a Kaplan-Meier curve of the time to
// expansion that censors churners would overstate expansion, since a
// churned customer can no longer expand. Estimates and jackknife standard
// errors agree with R's survfit(Surv(time, factor(event)) ~ 1), delta-method
// variances with cmprsk::cuminc.
func CumulativeIncidence(obs iter.Seq[CompetingObservation], opts IncidenceOptions) (IncidenceCurve, error) {
	return CumulativeIncidenceFrom(accum.Values(obs), opts)
}

// CumulativeIncidenceFrom is CumulativeIncidence reading observations that
// can fail to read: it stops at the first error obs yields and returns it
// with the observation's position, and no curve.
func CumulativeIncidenceFrom(obs iter.Seq2[CompetingObservation, error], opts IncidenceOptions) (IncidenceCurve, error) {
	a, err := readIncidence(obs, opts, false)
	if err != nil {
		return IncidenceCurve{}, err
	}
	return a.Pooled()
}

// CumulativeIncidenceByStratum estimates the curves of each stratum, sorted
// by stratum name, and Gray's test between the strata for each event kind
// where it is defined. Every observation needs a stratum.
func CumulativeIncidenceByStratum(obs iter.Seq[CompetingObservation], opts IncidenceOptions) (IncidenceByStratum, error) {
	return CumulativeIncidenceByStratumFrom(accum.Values(obs), opts)
}

// CumulativeIncidenceByStratumFrom is CumulativeIncidenceByStratum reading
// observations that can fail to read: it stops at the first error obs
// yields and returns it with the observation's position, and no curves.
func CumulativeIncidenceByStratumFrom(obs iter.Seq2[CompetingObservation, error], opts IncidenceOptions) (IncidenceByStratum, error) {
	a, err := readIncidence(obs, opts, true)
	if err != nil {
		return IncidenceByStratum{}, err
	}
	return a.ByStratum()
}

// readIncidence adds every observation to a new accumulator, reporting every
// invalid one with its index in one error, as the Kaplan-Meier entry points
// do; a read error ends the reading and is returned with the problems found
// before it. Pooled reading files every observation under one stratum.
func readIncidence(obs iter.Seq2[CompetingObservation, error], opts IncidenceOptions, byStratum bool) (*IncidenceAccumulator, error) {
	a, err := NewIncidenceAccumulator(opts)
	if err != nil {
		return nil, err
	}
	if obs == nil {
		return nil, accum.NilSequence("observations", ErrInvalid)
	}
	var problems success.FieldErrors
	i := 0
	for o, err := range obs {
		if err != nil {
			return nil, errors.Join(problems.Err(), accum.ReadError("observations", i, err))
		}
		if !byStratum {
			o.Stratum = ""
		} else if o.Stratum == "" {
			// A missing stratum is a gap in the host's data, not a group;
			// the record's other problems are reported too.
			fielderr.Addf(&problems, ErrInvalid, indexPath("observations", i, "stratum"), "is required when comparing strata")
		}
		if p := a.add(o); p != nil {
			problems = append(problems, fielderr.Prefix(p, "observations["+strconv.Itoa(i)+"]")...)
		}
		i++
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

// incidenceTable is one group's exits at each distinct time, in time order:
// row j of counts holds the censorings, then the events of each kind, at
// times[j].
type incidenceTable struct {
	name     string
	kinds    int
	times    []float64
	counts   []int
	subjects int
}

// newIncidenceTable merges the sorted tallies of each exit code (0
// censored, k+1 the k-th kind) into one table.
func newIncidenceTable(name string, lists [][]tally) *incidenceTable {
	codes := len(lists)
	distinct := 0 // at most: the lists' lengths summed
	for _, l := range lists {
		distinct += len(l)
	}
	tb := &incidenceTable{name: name, kinds: codes - 1, times: make([]float64, 0, distinct)}
	tb.counts = make([]int, 0, distinct*codes)
	idx := make([]int, codes)
	for {
		t := math.Inf(1)
		for c, l := range lists {
			if idx[c] < len(l) && l[idx[c]].time < t {
				t = l[idx[c]].time
			}
		}
		if math.IsInf(t, 1) {
			break
		}
		tb.times = append(tb.times, t)
		for c, l := range lists {
			n := 0
			if idx[c] < len(l) && l[idx[c]].time == t {
				n = l[idx[c]].n
				idx[c]++
			}
			tb.counts = append(tb.counts, n)
			tb.subjects += n
		}
	}
	return tb
}

// row returns the censorings and the events of each kind at times[j].
func (tb *incidenceTable) row(j int) (censored int, events []int) {
	codes := tb.kinds + 1
	r := tb.counts[j*codes : (j+1)*codes]
	return r[0], r[1:]
}

// estimate computes the Aalen-Johansen estimate of each kind's incidence
// with both standard errors in one pass over the table.
//
// The infinitesimal jackknife of a curve p is Σ_i U_i², U_i = ∂p/∂w_i the
// derivative with respect to subject i's case weight. Unweighted, every
// subject still at risk after t has the same U (the at-risk terms P_k and
// S·G below), and a subject that left at time m has U = α_i + c_i·F_k(t)
// with constants fixed when it left, so the sum needs only the running sums
// Σα², Σαc and Σc² over the subjects that left: O(1) per time and kind
// instead of O(n). The delta-method variance follows cmprsk's cinc.
func (tb *incidenceTable) estimate(opts IncidenceOptions) IncidenceCurve {
	K := tb.kinds
	z := normalQuantile(1 - (1-opts.ConfLevel)/2)
	c := IncidenceCurve{
		Stratum:   tb.name,
		Subjects:  tb.subjects,
		Kinds:     slices.Clone(opts.Kinds),
		Counts:    make([]int, K),
		Variance:  opts.Variance,
		ConfType:  opts.ConfType,
		ConfLevel: opts.ConfLevel,
		Steps:     make([]IncidenceStep, len(tb.times)),
	}
	per := make([]Incidence, len(tb.times)*K)
	// Running state: s is the event-free probability, f the incidences;
	// g is Σ d/(n(n−d)) (U of S for a subject at risk is S·g); p, sumA,
	// sumB and sumC are the jackknife sums; v1..v3 cmprsk's sums.
	s, g, sumC := 1.0, 0.0, 0.0
	work := make([]float64, 7*K)
	f, p, sumA, sumB := work[0:K], work[K:2*K], work[2*K:3*K], work[3*K:4*K]
	v1, v2, v3 := work[4*K:5*K], work[5*K:6*K], work[6*K:7*K]
	n := tb.subjects
	for j, t := range tb.times {
		cens, events := tb.row(j)
		d := 0
		for _, e := range events {
			d += e
		}
		prev := s
		nf := float64(n)
		if d > 0 {
			for k, e := range events {
				if e == 0 {
					continue
				}
				h := float64(e) / nf
				p[k] += prev * h * (g - 1/nf)
				f[k] = math.Min(1, f[k]+prev*h) // rounding must not leave [0, 1]
				c.Counts[k] += e
			}
			s = prev * (1 - float64(d)/nf)
			if d < n {
				g += float64(d) / (nf * (nf - float64(d)))
			}
			deltaVariance(v1, v2, v3, f, events, d, n, prev, s)
		}
		// The subjects leaving now: U = α + c·F_k(t) from here on, with
		// α = β − c·F_k(now).
		leave := func(w int, cc float64, kind int) {
			if w == 0 {
				return
			}
			wf := float64(w)
			for k := range K {
				beta := p[k]
				if k == kind {
					beta += prev / nf
				}
				alpha := beta - cc*f[k]
				sumA[k] += wf * alpha * alpha
				sumB[k] += wf * alpha * cc
			}
			sumC += wf * cc * cc
		}
		leave(cens, g, -1)
		if d > 0 {
			ce := 0.0 // no later time when everyone left
			if d < n {
				ce = g - 1/(nf-float64(d))
			}
			for k, e := range events {
				leave(e, ce, k)
			}
		}
		n -= d + cens
		r := float64(n)
		st := &c.Steps[j]
		*st = IncidenceStep{Time: t, AtRisk: int(nf), Censored: cens, EventFree: s, Events: per[j*K : (j+1)*K : (j+1)*K]}
		st.EventFreeSE = math.Sqrt(math.Max(0, s*s*(r*g*g+sumC)))
		for k := range K {
			if events[k] == 0 {
				// Neither the incidence nor, by either method, its variance
				// moves at a time without this kind's events (the exits'
				// terms cancel), so the interval carries over.
				if j > 0 {
					st.Events[k] = c.Steps[j-1].Events[k]
					st.Events[k].Count = 0
				}
				continue
			}
			var v float64
			if opts.Variance == VarianceDelta {
				v = v1[k] + f[k]*f[k]*v3[k] - 2*f[k]*v2[k]
			} else {
				v = r*p[k]*p[k] + sumA[k] + 2*f[k]*sumB[k] + f[k]*f[k]*sumC
			}
			se := math.Sqrt(math.Max(0, v))
			inc := Incidence{Count: events[k], Incidence: f[k], SE: se, Lower: f[k], Upper: f[k]}
			if f[k] > 0 {
				inc.Lower, inc.Upper = confidenceInterval(opts.ConfType, f[k], se/f[k], z)
			}
			st.Events[k] = inc
		}
	}
	return c
}

// deltaVariance adds one time's terms to the delta-method sums of every
// kind, as cmprsk's cinc does: fk and fkn are the event-free probability
// before and after the time, rs the number at risk, d all events and
// events those of each kind, f the incidences after the time.
func deltaVariance(v1, v2, v3, f []float64, events []int, d, rs int, fk, fkn float64) {
	n := float64(rs)
	term := func(k, nd int, t3, t4 float64) {
		t5 := 1.0
		if nd > 1 {
			t5 = 1 - float64(nd-1)/(n-1)
		}
		t6 := fk * fk * t5 * float64(nd) / (n * n)
		v1[k] += t4 * t4 * t6
		v2[k] += t3 * t4 * t6
		v3[k] += t3 * t3 * t6
	}
	for k, nd1 := range events {
		if nd2 := d - nd1; nd2 > 0 && fkn > 0 {
			term(k, nd2, 1/fkn, f[k]/fkn)
		}
		if nd1 > 0 {
			t3 := 0.0
			if fkn > 0 {
				t3 = 1 / fkn
			}
			term(k, nd1, t3, 1+t3*f[k])
		}
	}
}
