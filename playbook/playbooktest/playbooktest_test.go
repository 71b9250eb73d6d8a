package playbooktest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/playbook/playbooktest"
)

func TestMemoryStore(t *testing.T) {
	playbooktest.TestStore(t, func(*testing.T) playbook.Store { return playbook.NewMemoryStore() })
}

func TestRunJoinsNothingForAGoodStore(t *testing.T) {
	if err := playbooktest.Run(context.Background(), func() (playbook.Store, error) { return new(playbook.MemoryStore), nil }); err != nil {
		t.Fatal(err)
	}
}

// leaky breaks the two guarantees: Open does not hold dedup keys, Apply
// writes whatever version it is given.
type leaky struct{ *playbook.MemoryStore }

func (l leaky) Open(ctx context.Context, o playbook.Opening) error {
	o.Run.DedupKey += "|" + o.Run.ID.String()
	return l.MemoryStore.Open(ctx, o)
}

func (l leaky) Apply(ctx context.Context, c *playbook.Change) error {
	for i := range c.Tasks {
		if t, err := l.MemoryStore.Task(ctx, c.Tasks[i].ID); err == nil {
			c.Tasks[i].Version = t.Version
		}
	}
	return l.MemoryStore.Apply(ctx, c)
}

func TestRunCatchesABrokenStore(t *testing.T) {
	err := playbooktest.Run(context.Background(), func() (playbook.Store, error) { return leaky{playbook.NewMemoryStore()}, nil })
	if err == nil {
		t.Fatal("a store without conditional creates or versioned writes passed")
	}
	for _, name := range []string{"OpenIsConditionalOnTheDedupKey", "ConcurrentOpensOneWins", "ApplyIsVersionedAndAtomic", "ConcurrentEvaluationsOpenOnce"} {
		if !strings.Contains(err.Error(), name+":") {
			t.Errorf("the suite did not report %s:\n%v", name, err)
		}
	}
}
