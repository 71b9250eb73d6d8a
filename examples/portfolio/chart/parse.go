package chart

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Doc is a report read back from its HTML: what a test compares with the
// SDK's own results. It reads only what Page.Write writes.
type Doc struct {
	Figures map[string]*Figure
	// Stats maps a headline figure's id to its exact value.
	Stats map[string]float64
	// Tables maps a stand-alone table's id to its rows.
	Tables map[string][][]Cell
	// Order lists the figure ids as they appear.
	Order []string
}

// Figure is one chart as drawn.
type Figure struct {
	ID, Kind, Title, Sentence string
	// DeclaredSeries is the figure's data-series attribute.
	DeclaredSeries int
	Series         []*DrawnSeries
	// Rows is the figure's table of figures.
	Rows [][]Cell
	// AxisLabels are the texts of the axis titles.
	AxisLabels []string
}

// DrawnSeries is one series' marks: DeclaredPoints is its data-points
// attribute, Tips the tooltip of every mark actually drawn.
type DrawnSeries struct {
	Name           string
	DeclaredPoints int
	Tips           []string
}

// Parse reads a page written by Page.Write, strictly, as XML.
func Parse(r io.Reader) (*Doc, error) {
	d := xml.NewDecoder(r)
	d.Strict = true
	doc := &Doc{Figures: map[string]*Figure{}, Stats: map[string]float64{}, Tables: map[string][][]Cell{}}
	var (
		fig      *Figure
		ser      *DrawnSeries
		rows     *[][]Cell
		text     *strings.Builder // collects the text of the element being read
		into     func(string)
		depth    int
		figDepth int
		serDepth int
		inMark   int // depth of the open mark, 0 outside
		inTBody  bool
		tableID  string
	)
	attr := func(e xml.StartElement, name string) string {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			class := attr(t, "class")
			switch {
			case t.Name.Local == "figure" && class == "chart":
				id := attr(t, "id")
				if doc.Figures[id] != nil {
					return nil, fmt.Errorf("figure %q appears twice", id)
				}
				n, _ := strconv.Atoi(attr(t, "data-series"))
				fig = &Figure{ID: id, Kind: attr(t, "data-kind"), DeclaredSeries: n}
				doc.Figures[id], figDepth = fig, depth
				doc.Order = append(doc.Order, id)
			case fig != nil && t.Name.Local == "h3":
				text, into = &strings.Builder{}, func(s string) { fig.Title = s }
			case fig != nil && t.Name.Local == "p" && class == "what":
				text, into = &strings.Builder{}, func(s string) { fig.Sentence = s }
			case fig != nil && class == "axis-label":
				text, into = &strings.Builder{}, func(s string) { fig.AxisLabels = append(fig.AxisLabels, s) }
			case fig != nil && t.Name.Local == "g" && class == "series":
				n, _ := strconv.Atoi(attr(t, "data-points"))
				ser = &DrawnSeries{Name: attr(t, "data-name"), DeclaredPoints: n}
				fig.Series, serDepth = append(fig.Series, ser), depth
			case ser != nil && class == "pt":
				inMark = depth
				ser.Tips = append(ser.Tips, "")
			case inMark > 0 && t.Name.Local == "title":
				s := ser
				text, into = &strings.Builder{}, func(v string) { s.Tips[len(s.Tips)-1] = v }
			case t.Name.Local == "div" && class == "stat":
				v, err := strconv.ParseFloat(attr(t, "data-value"), 64)
				if err != nil {
					return nil, fmt.Errorf("stat %q: %w", attr(t, "id"), err)
				}
				doc.Stats[attr(t, "id")] = v
			case t.Name.Local == "table":
				tableID = attr(t, "id")
				var fresh [][]Cell
				rows = &fresh
			case t.Name.Local == "tbody":
				inTBody = true
			case inTBody && t.Name.Local == "tr":
				*rows = append(*rows, nil)
			case inTBody && t.Name.Local == "td":
				c := Cell{}
				if v := attr(t, "data-value"); v != "" {
					f, err := strconv.ParseFloat(v, 64)
					if err != nil {
						return nil, fmt.Errorf("table cell: %w", err)
					}
					c.Value, c.Numeric = f, true
				}
				rs := rows
				text, into = &strings.Builder{}, func(s string) {
					c.Text = s
					last := len(*rs) - 1
					(*rs)[last] = append((*rs)[last], c)
				}
			}
		case xml.CharData:
			if text != nil {
				text.Write(t)
			}
		case xml.EndElement:
			if text != nil && into != nil && isTextEnd(t.Name.Local) {
				into(text.String())
				text, into = nil, nil
			}
			switch {
			case t.Name.Local == "tbody":
				inTBody = false
			case t.Name.Local == "table":
				if fig != nil {
					fig.Rows = *rows
				} else if tableID != "" {
					doc.Tables[tableID] = *rows
				}
				rows, tableID = nil, ""
			}
			if depth == inMark {
				inMark = 0
			}
			if depth == serDepth {
				ser, serDepth = nil, 0
			}
			if depth == figDepth {
				fig, figDepth = nil, 0
			}
			depth--
		}
	}
	return doc, nil
}

// isTextEnd says whether closing this element ends a text Parse collects.
func isTextEnd(name string) bool {
	switch name {
	case "h3", "p", "text", "title", "td":
		return true
	}
	return false
}
