// Package chart draws the portfolio report's charts as inline SVG and writes
// the one-file HTML page that holds them.
//
// The output is well-formed XHTML-style markup (every element closed, only
// the five XML entities and numeric references), so a test can read it back
// with encoding/xml. Each chart is a <figure class="chart"> whose data-kind,
// data-series and per-series data-points attributes say what it draws; every
// mark carries an SVG <title> with its exact figures, and a table of the same
// figures follows the drawing, so no number on the page is untraceable.
//
// Colours come from the Okabe–Ito palette, which stays distinguishable for
// the common forms of colour blindness; heat maps use one sequential ramp, so
// they read by lightness alone.
package chart
