package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/secondsale/secondsale/examples/portfolio/chart"
	"github.com/secondsale/secondsale/playbook"
)

// playSection: what the engine opened today, for whom, with which tasks and
// why, and what it held back.
func (r *review) playSection() chart.Section {
	v := r.plays
	types := map[playbook.PlayType]bool{}
	owners := map[string]bool{}
	count := map[string]map[playbook.PlayType]int{}
	for _, d := range v.opened {
		t := v.plays[d.PlayID].Type
		o := r.owners[d.Account]
		types[t], owners[o] = true, true
		if count[o] == nil {
			count[o] = map[playbook.PlayType]int{}
		}
		count[o][t]++
	}
	ownerList := slices.Sorted(maps.Keys(owners))
	bars := chart.Bars{
		Frame: chart.Frame{ID: "plays-opened", Title: "Plays opened today by type and owner",
			Sentence: "The Second Sale library's plays the engine opened on the review date, stacked by play type for each CSM: the work that lands on each desk today.",
			XLabel:   "owner (CSM)", YLabel: "plays opened (runs)"},
		Y: chart.Count, Categories: ownerList, Stacked: true,
	}
	for _, t := range slices.Sorted(maps.Keys(types)) {
		s := chart.BarSeries{Name: string(t)}
		for _, o := range ownerList {
			s.Values = append(s.Values, float64(count[o][t]))
		}
		bars.Series = append(bars.Series, s)
	}
	opened := slices.Clone(v.opened)
	slices.SortStableFunc(opened, func(a, b playbook.Decision) int {
		return cmp.Or(cmp.Compare(v.plays[b.PlayID].Priority, v.plays[a.PlayID].Priority), cmp.Compare(a.Account, b.Account))
	})
	// The highest-priority opens, at most perPlay of each play, so every
	// kind of play opened today shows.
	var rows [][]chart.Cell
	shown := map[string]int{}
	for _, d := range opened {
		if shown[d.PlayID] == perPlay || len(rows) == topPlays {
			continue
		}
		shown[d.PlayID]++
		var tasks []string
		for _, t := range d.Tasks {
			due := "when the step before is done"
			if !t.Due.IsZero() {
				due = "due " + t.Due.Format(time.DateOnly)
			}
			tasks = append(tasks, fmt.Sprintf("%s (%s, %s)", t.Title, t.Owner, due))
		}
		rows = append(rows, []chart.Cell{chart.Text(string(d.Account)), chart.Text(v.plays[d.PlayID].Name), chart.Text(whyOpened(d)), chart.Text(strings.Join(tasks, "; "))})
	}
	running := map[string]int{}
	for _, d := range v.running {
		running[v.plays[d.PlayID].Name]++
	}
	var runningRows [][]chart.Cell
	for _, name := range slices.Sorted(maps.Keys(running)) {
		runningRows = append(runningRows, []chart.Cell{chart.Text(name), chart.Num(float64(running[name]), chart.Count)})
	}
	held := map[string]int{}
	for _, d := range v.heldBack {
		held[fmt.Sprintf("%s\x00%s", v.plays[d.PlayID].Name, d.Clause)]++
	}
	var heldRows [][]chart.Cell
	for _, k := range slices.Sorted(maps.Keys(held)) {
		name, clause, _ := strings.Cut(k, "\x00")
		heldRows = append(heldRows, []chart.Cell{chart.Text(name), chart.Text(clause), chart.Num(float64(held[k]), chart.Count)})
	}
	if len(heldRows) == 0 {
		// An empty table reads as a rendering fault; say that none were.
		heldRows = [][]chart.Cell{{chart.Text("none today"), chart.Text("no limit reached, no re-entry rule applied"), chart.Num(0, chart.Count)}}
	}
	return chart.Section{
		ID: "plays", Title: "Plays: what the team does today",
		Stats: []chart.Stat{
			{ID: "plays-opened", Label: "plays opened today", Value: float64(len(v.opened)), Unit: chart.Count},
			{ID: "plays-held", Label: "held back by a limit or re-entry rule", Value: float64(len(v.heldBack)), Unit: chart.Count},
			{ID: "plays-running", Label: "already running for the account", Value: float64(len(v.running)), Unit: chart.Count,
				Note: "suppressed by when_open: no new work"},
		},
		Paragraphs: []string{fmt.Sprintf("The engine ran the Second Sale library over every customer %s days before the review date and again on it, with an in-memory store, as a team running it daily would; today's decisions meet the runs the earlier days opened. "+
			"A play whose trigger holds again for an account it already runs for is not opened twice (the when_open clause); that adds no work, so it is counted apart from the plays a limit or the re-entry rule held back.", joinInts(playDaysBefore))},
		Blocks: []chart.Block{
			bars,
			chart.Table{ID: "plays-held", Caption: "Held back today by a limit (limits.per_play, limits.per_owner, limits.per_account) or the re-entry rule (re_entry: never again, or a cooldown), by play and clause",
				Head: []string{"play", "clause", "accounts"}, Rows: heldRows},
			chart.Table{ID: "plays-running", Caption: "Not opened because the play already runs for the account (when_open), by play", Head: []string{"play", "accounts"}, Rows: runningRows},
			chart.Table{ID: "plays-today", Caption: fmt.Sprintf("Plays opened today: %d of %d, at most %d of each play, highest priority first", len(rows), len(v.opened), perPlay), Head: []string{"account", "play", "why", "tasks (owner, due)"}, Rows: rows, Wide: true},
		},
	}
}

const (
	topPlays = 30
	perPlay  = 3
)

func joinInts(xs []int) string {
	var s []string
	for _, x := range xs {
		s = append(s, fmt.Sprint(x))
	}
	return strings.Join(s, " and ")
}

// whyOpened says in words what matched: the reasons of the trigger's
// clauses that held, or the engine's reason when they give none.
func whyOpened(d playbook.Decision) string {
	var why []string
	if d.Match != nil {
		for _, c := range d.Match.Clauses {
			if !c.Matched {
				continue
			}
			w := c.Reason
			if w == "" {
				// A clause without words still has its figures.
				var nums []string
				for _, n := range c.Numbers {
					nums = append(nums, fmt.Sprintf("%s %.4g", n.Name, n.Value))
				}
				w = strings.Join(nums, ", ")
			}
			if w != "" && !slices.Contains(why, w) {
				why = append(why, w)
			}
		}
	}
	if len(why) == 0 {
		return d.Reason
	}
	return strings.Join(why, "; ")
}
