package main

import (
	"bufio"
	"cmp"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

const scoreExample = `secondsale score -scorecard card.json -rejects bad.jsonl -o scores.csv accounts.jsonl
  where accounts.jsonl holds lines like
  {"account":"a1","segment":"smb","stage":"adoption","as_of":"2026-03-01","inputs":{"logins":12,"sso":true,"plan":"pro"}}`

func runScore(c *cli, args []string) error {
	fs := c.flags("[FILE...]", "Scores account records (JSON Lines) against a scorecard, or a scorecard set that picks\n"+
		"one per segment and stage, and writes value, band and confidence per account in input order.\n"+
		"Accounts are scored in chunks through the batch path (Plan.ScoreColumns); memory stays flat.", scoreExample)
	cardPath := fs.String("scorecard", "", "scorecard JSON `file` (health.LoadScorecard)")
	setPath := fs.String("set", "", "scorecard set JSON `file` (health.LoadSet), instead of -scorecard")
	explain := fs.Bool("explain", false, "add each measure's contribution and the known share (slower: Plan.ScoreValues)")
	asOf := fs.String("as-of", "", "as-of `date` of records without one")
	chunk := fs.Int("chunk", 8192, "accounts scored per batch")
	var m records.AccountMapping
	fs.StringVar(&m.Account, "account", "account", "`key` of the account ID")
	fs.StringVar(&m.Segment, "segment", "segment", "`key` of the segment")
	fs.StringVar(&m.Stage, "stage", "stage", "`key` of the lifecycle stage")
	fs.StringVar(&m.AsOf, "as-of-key", "as_of", "`key` of the as-of date")
	fs.StringVar(&m.Inputs, "inputs", "inputs", "`key` of the measure inputs object")
	if err := c.parse(args); err != nil {
		return err
	}
	if (*cardPath == "") == (*setPath == "") {
		return c.usageErr("give one of -scorecard or -set")
	}
	if *chunk < 1 || *chunk > 1<<20 {
		return c.usageErr("-chunk must be within 1..1048576")
	}
	if *asOf != "" {
		t, ok := records.ParseTime([]byte(*asOf), "")
		if !ok {
			return c.usageErr("-as-of: not a date or RFC 3339 time")
		}
		m.DefaultAsOf = t
	}
	s, err := newScorer(*cardPath, *setPath, *explain)
	if err != nil {
		return err
	}
	w, format, err := c.output("jsonl", "jsonl", "csv")
	if err != nil {
		return err
	}
	s.w, s.csv = w, format == "csv"
	if s.csv {
		s.writeHeader()
	}
	c.prog.begin("score", c.stderr, c.forceProgress)
	for _, in := range c.inputs() {
		if err := s.file(c, in, m, *chunk); err != nil || c.stoppedAt != "" {
			return err
		}
	}
	return nil
}

// scorer scores chunks of account records with one scorecard or a set.
type scorer struct {
	one     *planState
	set     *health.SetPlan
	plans   map[*health.Plan]*planState
	explain bool
	w       *bufio.Writer
	csv     bool
	columns []string // CSV explain: every measure ID of every scorecard
	buf     []byte
	score   health.Score

	recs    []records.AccountRecord
	lines   []int64
	pending []records.Reject // the chunk's rejects, written in line order
	at      []slot
	asOfT   time.Time
	asOfS   string
}

// slot is where a record of the chunk was scored: its plan and row, or
// rejected (nil plan).
type slot struct {
	ps  *planState
	row int
}

func loadJSON[T any](path string, load func(f *os.File) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	v, err := load(f)
	if err != nil {
		return v, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

func newScorer(cardPath, setPath string, explain bool) (*scorer, error) {
	s := &scorer{explain: explain, plans: map[*health.Plan]*planState{}}
	var cards []health.Scorecard
	if cardPath != "" {
		sc, err := loadJSON(cardPath, func(f *os.File) (health.Scorecard, error) { return health.LoadScorecard(f, health.LoadOptions{}) })
		if err != nil {
			return nil, err
		}
		plan, err := health.Compile(sc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cardPath, err)
		}
		s.one = s.state(plan)
		cards = []health.Scorecard{sc}
	} else {
		set, err := loadJSON(setPath, func(f *os.File) (health.Set, error) { return health.LoadSet(f, health.LoadOptions{}) })
		if err != nil {
			return nil, err
		}
		if s.set, err = health.CompileSet(set); err != nil {
			return nil, fmt.Errorf("%s: %w", setPath, err)
		}
		cards = set.Scorecards
	}
	seen := map[string]bool{}
	for _, sc := range cards {
		for _, id := range sc.MeasureIDs() {
			if !seen[id] {
				seen[id] = true
				s.columns = append(s.columns, id)
			}
		}
	}
	return s, nil
}

// state returns the batch state of a plan, made on first use.
func (s *scorer) state(plan *health.Plan) *planState {
	ps, ok := s.plans[plan]
	if !ok {
		ps = newPlanState(plan)
		s.plans[plan] = ps
	}
	return ps
}

// file scores one input file.
func (s *scorer) file(c *cli, name string, m records.AccountMapping, chunk int) error {
	rc, display, err := c.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if f := c.inputFormat(name, "jsonl"); f != "jsonl" {
		return fmt.Errorf("%s: score reads JSON Lines, not %s", display, f)
	}
	lines := records.NewLines(rc)
	p := records.NewAccountJSON(display, m)
	if cap(s.recs) < chunk {
		s.recs = make([]records.AccountRecord, chunk)
	}
	for {
		n := 0
		s.lines = s.lines[:0]
		for n < chunk {
			line, rej, ok := lines.NextRecord(display)
			if !ok {
				break
			}
			c.read++
			if rej == nil {
				rej = p.Parse(&s.recs[n], line, lines.Line())
			}
			if rej != nil {
				s.pending = append(s.pending, *lines.Note(rej, display))
				continue
			}
			s.lines = append(s.lines, lines.Line())
			n++
		}
		if n > 0 {
			if err := s.chunk(c, display, s.recs[:n]); err != nil {
				return err
			}
		}
		slices.SortStableFunc(s.pending, func(a, b records.Reject) int { return cmp.Compare(a.Line, b.Line) })
		for _, r := range s.pending {
			c.reject(r)
		}
		s.pending = s.pending[:0]
		c.prog.tick(c.read)
		if lines.Err() != nil {
			return c.readErr(display, lines.Line(), lines.Err())
		}
		if n < chunk {
			return nil
		}
		if c.stopped(display, lines.Line()) {
			return nil
		}
	}
}

// chunk scores and writes one chunk of records, in input order.
func (s *scorer) chunk(c *cli, file string, recs []records.AccountRecord) error {
	s.at = s.at[:0]
	for _, ps := range s.plans {
		ps.values = ps.values[:0]
		ps.bad = nil
	}
	for i := range recs {
		r := &recs[i]
		ps := s.one
		if ps == nil {
			ps = s.state(s.set.For(success.Account{ID: r.Account, Segment: r.Segment, Stage: r.Stage}))
		}
		if s.explain {
			if rej := ps.in.Explain(&s.score, r, file, s.lines[i]); rej != nil {
				s.pending = append(s.pending, *rej)
				continue
			}
			s.writeExplained(r)
			c.written++
			continue
		}
		if rej := ps.fill(r, file, s.lines[i]); rej != nil {
			s.pending = append(s.pending, *rej)
			s.at = append(s.at, slot{})
			continue
		}
		row := len(ps.values)
		ps.values = append(ps.values, 0)
		s.at = append(s.at, slot{ps: ps, row: row})
	}
	if s.explain {
		return nil
	}
	for _, ps := range s.plans {
		if err := ps.score(); err != nil {
			return err
		}
	}
	for i := range recs {
		at := s.at[i]
		if at.ps == nil {
			continue
		}
		if rej, bad := at.ps.bad[at.row]; bad {
			rej.File, rej.Line = file, s.lines[i]
			s.pending = append(s.pending, rej)
			continue
		}
		s.write(&recs[i], at.ps, at.row)
		c.written++
	}
	return nil
}

func (s *scorer) asOf(t time.Time) string {
	if t != s.asOfT || s.asOfS == "" { // ==, not Equal: the same instant in another zone writes differently
		s.asOfT, s.asOfS = t, formatTime(t)
	}
	return s.asOfS
}

func (s *scorer) writeHeader() {
	b := append(s.buf[:0], "account,as_of,scorecard,value,band,confident"...)
	if s.explain {
		b = append(b, ",known_share"...)
		for _, id := range s.columns {
			b = append(b, ',')
			b = appendCSVField(b, id)
		}
	}
	s.buf = append(b, '\n')
	s.w.Write(s.buf)
}

// write writes a batch-scored row.
func (s *scorer) write(r *records.AccountRecord, ps *planState, row int) {
	v, band, sure := ps.values[row], "", ps.confident[row]
	if bi := ps.band[row]; bi >= 0 {
		band = ps.bands[bi]
	}
	s.buf = s.appendBase(s.buf[:0], r, ps.id, v, band, sure)
	if s.csv {
		s.buf = append(s.buf, '\n')
	} else {
		s.buf = append(s.buf, "}\n"...)
	}
	s.w.Write(s.buf)
}

func (s *scorer) appendBase(b []byte, r *records.AccountRecord, id string, v float64, band string, sure bool) []byte {
	if s.csv {
		b = appendCSVField(b, string(r.Account))
		b = append(b, ',')
		b = append(b, s.asOf(r.AsOf)...)
		b = append(b, ',')
		b = appendCSVField(b, id)
		b = append(b, ',')
		b = appendFloat(b, v, false)
		b = append(b, ',')
		b = appendCSVField(b, band)
		b = append(b, ',')
		return strconv.AppendBool(b, sure)
	}
	b = append(b, `{"account":`...)
	b = appendJSONString(b, string(r.Account))
	b = append(b, `,"as_of":"`...)
	b = append(b, s.asOf(r.AsOf)...)
	b = append(b, `","scorecard":`...)
	b = appendJSONString(b, id)
	b = append(b, `,"value":`...)
	b = appendFloat(b, v, true)
	b = append(b, `,"band":`...)
	if band == "" {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, band)
	}
	b = append(b, `,"confident":`...)
	return strconv.AppendBool(b, sure)
}

// writeExplained writes s.score with each measure's contribution.
func (s *scorer) writeExplained(r *records.AccountRecord) {
	sc := &s.score
	v := sc.Value
	if !sc.Available {
		v = math.NaN()
	}
	b := s.appendBase(s.buf[:0], r, sc.ScorecardID, v, sc.Band, sc.Confident)
	if s.csv {
		b = append(b, ',')
		b = appendFloat(b, sc.KnownShare, false)
		for _, id := range s.columns {
			b = append(b, ',')
			for i := range sc.NumMeasures() {
				if ms := sc.Measure(i); ms.ID() == id && !ms.Missing {
					b = appendFloat(b, ms.Contribution(), false)
				}
			}
		}
		s.buf = append(b, '\n')
		s.w.Write(s.buf)
		return
	}
	b = append(b, `,"known_share":`...)
	b = appendFloat(b, sc.KnownShare, true)
	if sc.UncappedBand != sc.Band {
		b = append(b, `,"uncapped_band":`...)
		b = appendJSONString(b, sc.UncappedBand)
	}
	b = append(b, `,"measures":[`...)
	for i := range sc.NumMeasures() {
		ms := sc.Measure(i)
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendJSONString(b, ms.ID())
		if ms.Missing {
			b = append(b, `,"missing":true`...)
		}
		b = append(b, `,"points":`...)
		b = appendFloat(b, ms.Points, true)
		b = append(b, `,"effective_weight":`...)
		b = appendFloat(b, ms.EffectiveWeight, true)
		b = append(b, `,"contribution":`...)
		b = appendFloat(b, ms.Contribution(), true)
		b = append(b, '}')
	}
	s.buf = append(b, "]}\n"...)
	s.w.Write(s.buf)
}
