package playbook

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/success"
)

// MemoryStore is an in-memory Store, safe for concurrent use: one mutex
// makes Open's conditional create and Apply's versioned writes atomic. Its
// zero value is ready to use.
type MemoryStore struct {
	mu         sync.RWMutex
	runs       map[uuid.UUID]*Run
	byAccount  map[success.AccountID][]uuid.UUID
	keys       map[string]uuid.UUID // the latest run per dedup key: the only one that can hold it
	tasks      map[uuid.UUID]*Task
	tasksByRun map[uuid.UUID][]uuid.UUID
	active     map[activeKey]int
	trace      []TraceEntry
	traceBy    map[traceKey][]int
}

// activeKey counts active runs per play, owner or account.
type activeKey struct {
	scope LimitScope
	key   string
}

// traceKey indexes the trace per account, play or run.
type traceKey struct {
	kind byte // 'a', 'p', 'r'
	key  string
	run  uuid.UUID
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore { return &MemoryStore{} }

func (m *MemoryStore) init() {
	if m.runs == nil {
		m.runs = map[uuid.UUID]*Run{}
		m.byAccount = map[success.AccountID][]uuid.UUID{}
		m.keys = map[string]uuid.UUID{}
		m.tasks = map[uuid.UUID]*Task{}
		m.tasksByRun = map[uuid.UUID][]uuid.UUID{}
		m.active = map[activeKey]int{}
		m.traceBy = map[traceKey][]int{}
	}
}

func scopeKeys(r *Run) [3]activeKey {
	return [3]activeKey{{PerPlay, r.PlayID}, {PerOwner, r.PlayID + "\x00" + r.Owner}, {PerAccount, string(r.Account)}}
}

func (m *MemoryStore) count(r *Run, delta int) {
	for _, k := range scopeKeys(r) {
		m.active[k] += delta
	}
}

func (m *MemoryStore) appendTrace(entries []TraceEntry) {
	for _, e := range entries {
		i := len(m.trace)
		m.trace = append(m.trace, cloneEntry(e))
		m.traceBy[traceKey{kind: 'a', key: string(e.Account)}] = append(m.traceBy[traceKey{kind: 'a', key: string(e.Account)}], i)
		m.traceBy[traceKey{kind: 'p', key: e.PlayID}] = append(m.traceBy[traceKey{kind: 'p', key: e.PlayID}], i)
		if e.Run != uuid.Nil {
			m.traceBy[traceKey{kind: 'r', run: e.Run}] = append(m.traceBy[traceKey{kind: 'r', run: e.Run}], i)
		}
	}
}

// Open implements Store.
func (m *MemoryStore) Open(ctx context.Context, o Opening) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := o.Run
	if r.ID == uuid.Nil || r.Account == "" || r.DedupKey == "" || !r.State.Active() {
		return fmt.Errorf("%w: a new run needs an ID, an account, a dedup key and an active state", ErrInvalid)
	}
	for i := range o.Tasks {
		if o.Tasks[i].ID == uuid.Nil || o.Tasks[i].Run != r.ID {
			return fmt.Errorf("%w: tasks[%d] needs an ID and the run's ID", ErrInvalid, i)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	if _, dup := m.runs[r.ID]; dup {
		return &ExistsError{DedupKey: r.DedupKey, Holder: r.ID}
	}
	if h, ok := m.keys[r.DedupKey]; ok {
		if holder := m.runs[h]; holder.HoldsKey(r.Started) {
			return &ExistsError{DedupKey: r.DedupKey, Holder: h}
		}
	}
	keys := scopeKeys(&r)
	for _, l := range o.Limits {
		for _, k := range keys {
			if k.scope == l.Scope && l.Max > 0 && m.active[k] >= l.Max {
				return &LimitError{Limit: l, Open: m.active[k]}
			}
		}
	}
	for i := range o.Tasks {
		if _, dup := m.tasks[o.Tasks[i].ID]; dup {
			return fmt.Errorf("%w: task %s is already stored", ErrExists, o.Tasks[i].ID)
		}
	}
	r.Version = 1
	r.Match = cloneMatch(r.Match)
	m.runs[r.ID] = &r
	m.byAccount[r.Account] = append(m.byAccount[r.Account], r.ID)
	m.keys[r.DedupKey] = r.ID
	m.count(&r, 1)
	ids := make([]uuid.UUID, len(o.Tasks))
	for i, t := range o.Tasks {
		t.Version = 1
		m.tasks[t.ID] = &t
		ids[i] = t.ID
	}
	m.tasksByRun[r.ID] = ids
	m.appendTrace(o.Trace)
	return nil
}

// Apply implements Store.
func (m *MemoryStore) Apply(ctx context.Context, c *Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	for _, r := range c.Runs {
		old, ok := m.runs[r.ID]
		switch {
		case !ok:
			return fmt.Errorf("%w: run %s", ErrNotFound, r.ID)
		case old.Version != r.Version:
			return fmt.Errorf("%w: run %s is at version %d, the write was based on %d", ErrConflict, r.ID, old.Version, r.Version)
		case old.DedupKey != r.DedupKey || old.Account != r.Account || old.PlayID != r.PlayID:
			return fmt.Errorf("%w: run %s: its account, play and dedup key cannot change", ErrInvalid, r.ID)
		case !old.State.Active() && r.State.Active():
			return fmt.Errorf("%w: run %s has ended (%s) and cannot become %s again", ErrInvalid, r.ID, old.State, r.State)
		}
		if err := r.State.Validate(); err != nil {
			return err
		}
	}
	for _, t := range c.Tasks {
		old, ok := m.tasks[t.ID]
		switch {
		case !ok:
			return fmt.Errorf("%w: task %s", ErrNotFound, t.ID)
		case old.Version != t.Version:
			return fmt.Errorf("%w: task %s is at version %d, the write was based on %d", ErrConflict, t.ID, old.Version, t.Version)
		case old.Run != t.Run:
			return fmt.Errorf("%w: task %s cannot move to another run", ErrInvalid, t.ID)
		}
		if err := t.State.Validate(); err != nil {
			return err
		}
	}
	for i := range c.Runs {
		r := c.Runs[i]
		old := m.runs[r.ID]
		if old.State.Active() {
			m.count(old, -1)
		}
		if r.State.Active() {
			m.count(&r, 1)
		}
		r.Version++
		r.Match = cloneMatch(r.Match)
		m.runs[r.ID] = &r
		c.Runs[i].Version++
	}
	for i := range c.Tasks {
		t := c.Tasks[i]
		t.Version++
		m.tasks[t.ID] = &t
		c.Tasks[i].Version++
	}
	m.appendTrace(c.Trace)
	return nil
}

// Run implements Store.
func (m *MemoryStore) Run(ctx context.Context, id uuid.UUID) (Run, error) {
	if err := ctx.Err(); err != nil {
		return Run{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.runs[id]
	if !ok {
		return Run{}, fmt.Errorf("%w: run %s", ErrNotFound, id)
	}
	out := *r
	out.Match = cloneMatch(out.Match)
	return out, nil
}

// Task implements Store.
func (m *MemoryStore) Task(ctx context.Context, id uuid.UUID) (Task, error) {
	if err := ctx.Err(); err != nil {
		return Task{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	t, ok := m.tasks[id]
	if !ok {
		return Task{}, fmt.Errorf("%w: task %s", ErrNotFound, id)
	}
	return *t, nil
}

func (q *RunQuery) selects(r *Run) bool {
	return (q.Account == "" || r.Account == q.Account) &&
		(q.PlayID == "" || r.PlayID == q.PlayID) &&
		(q.DedupKey == "" || r.DedupKey == q.DedupKey) &&
		(q.Owner == "" || r.Owner == q.Owner) &&
		(!q.Active || r.State.Active()) &&
		(q.HeldAt.IsZero() || r.HoldsKey(q.HeldAt))
}

func byStart(a, b Run) int {
	if c := a.Started.Compare(b.Started); c != 0 {
		return c
	}
	return slices.Compare(a.ID[:], b.ID[:])
}

// Runs implements Store.
func (m *MemoryStore) Runs(ctx context.Context, q RunQuery) ([]Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []Run
	add := func(r *Run) {
		if q.selects(r) {
			c := *r
			c.Match = cloneMatch(c.Match)
			out = append(out, c)
		}
	}
	switch {
	case q.Account != "":
		for _, id := range m.byAccount[q.Account] {
			add(m.runs[id])
		}
	case q.DedupKey != "":
		if id, ok := m.keys[q.DedupKey]; ok {
			add(m.runs[id])
		}
		if q.HeldAt.IsZero() && !q.Active { // ended runs with the key
			for _, r := range m.runs {
				if r.DedupKey == q.DedupKey && r.ID != m.keys[q.DedupKey] {
					add(r)
				}
			}
		}
	default:
		for _, r := range m.runs {
			add(r)
		}
	}
	slices.SortFunc(out, byStart)
	return out, nil
}

// Tasks implements Store.
func (m *MemoryStore) Tasks(ctx context.Context, q TaskQuery) ([]Task, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	var runs []uuid.UUID
	switch {
	case q.Run != uuid.Nil:
		runs = []uuid.UUID{q.Run}
	case q.Account != "":
		runs = m.byAccount[q.Account]
	default:
		for id := range m.tasksByRun {
			runs = append(runs, id)
		}
	}
	var out []Task
	for _, rid := range runs {
		for _, id := range m.tasksByRun[rid] {
			t := m.tasks[id]
			if (q.Account == "" || t.Account == q.Account) && (q.Owner == "" || t.Owner == q.Owner) && (!q.Active || t.State.Active()) {
				out = append(out, *t)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Task) int {
		if c := slices.Compare(a.Run[:], b.Run[:]); c != 0 {
			return c
		}
		return cmp.Compare(a.Step, b.Step)
	})
	return out, nil
}

// Trace implements Store.
func (m *MemoryStore) Trace(ctx context.Context, q TraceQuery) ([]TraceEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	var idx []int
	switch {
	case q.Run != uuid.Nil:
		idx = m.traceBy[traceKey{kind: 'r', run: q.Run}]
	case q.Account != "":
		idx = m.traceBy[traceKey{kind: 'a', key: string(q.Account)}]
	case q.PlayID != "":
		idx = m.traceBy[traceKey{kind: 'p', key: q.PlayID}]
	default:
		idx = make([]int, len(m.trace))
		for i := range idx {
			idx[i] = i
		}
	}
	var out []TraceEntry
	for _, i := range idx {
		e := &m.trace[i]
		if (q.Account == "" || e.Account == q.Account) && (q.PlayID == "" || e.PlayID == q.PlayID) && (q.Run == uuid.Nil || e.Run == q.Run) {
			out = append(out, cloneEntry(*e))
		}
	}
	return out, nil
}

func cloneEntry(e TraceEntry) TraceEntry {
	if e.Match != nil {
		m := cloneMatch(*e.Match)
		e.Match = &m
	}
	return e
}

// cloneMatch copies m deeply, so a stored match shares no slice with the
// caller's.
func cloneMatch(m Match) Match {
	if m.Clauses == nil {
		return m
	}
	m.Clauses = slices.Clone(m.Clauses)
	for i := range m.Clauses {
		m.Clauses[i].Numbers = slices.Clone(m.Clauses[i].Numbers)
	}
	return m
}
