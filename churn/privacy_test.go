package churn_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// personal are values that look like an e-mail address and phone numbers.
// None may appear in a churn error, explanation or log value, whichever
// field (other than an account ID) they are put in.
var personal = []string{"alice.smith@example.com", "+44 20 7946 0958", "5551234567", "bob@example.org"}

func assertNoPersonal(t *testing.T, what, text string) {
	t.Helper()
	for _, p := range personal {
		assert.NotContains(t, text, p, "%s copies a personal value", what)
	}
	assert.NotContains(t, text, "alice", what)
}

func TestNoPersonalValueInErrorsExplanationsOrLogs(t *testing.T) {
	ctx := context.Background()
	mail, phone, digits := personal[0], personal[1], personal[2]

	// Event.Validate and Classify, every text field filled with personal values.
	e := event("acct-1", success.Verdict(mail), churn.ReasonCode(mail), churn.ReasonCode(digits))
	e.Kind = churn.EventKind(phone)
	e.Initiator = churn.Initiator(mail)
	e.Products = []string{mail, mail, phone}
	e.Note = "called " + phone + ", wrote to " + mail
	e.Reasons[0].Detail = mail
	e.ID = "ev-1"
	err := e.Validate(nil)
	require.ErrorIs(t, err, churn.ErrInvalid)
	assertNoPersonal(t, "Event.Validate", err.Error())
	c, err := churn.NewClassifier(nil, churn.ClassifyOptions{})
	require.NoError(t, err)
	_, err = c.Classify(ctx, e)
	require.Error(t, err)
	assertNoPersonal(t, "Classify", err.Error())
	_, _, err = c.Report(ctx, slices.Values([]churn.Event{e, e}))
	require.Error(t, err)
	assertNoPersonal(t, "Report", err.Error())

	// Options.
	_, err = churn.NewClassifier(nil, churn.ClassifyOptions{ReasonRule: churn.ReasonRule(mail), AssumeFit: success.Verdict(phone)})
	require.Error(t, err)
	assertNoPersonal(t, "NewClassifier", err.Error())

	// The same event as JSON, and a taxonomy.
	doc, err := json.Marshal(map[string]any{
		"account": "acct-1", "kind": phone, "initiator": mail, "note": mail, "products": []string{digits, digits},
		"reasons": []map[string]string{{"code": mail, "detail": phone}}, "fit": digits, mail: phone,
	})
	require.NoError(t, err)
	var back churn.Event
	err = json.Unmarshal(doc, &back)
	require.ErrorIs(t, err, churn.ErrInvalid)
	assertNoPersonal(t, "Event.UnmarshalJSON", err.Error())
	for _, code := range []string{mail, digits, phone} {
		tax := fmt.Sprintf(`[{"code": %q, "label": %q, "controllable": true}, {"code": %q, "controllable": true}]`, code, mail, code)
		_, err = churn.LoadTaxonomy(strings.NewReader(tax))
		require.ErrorIs(t, err, churn.ErrInvalid)
		assertNoPersonal(t, "LoadTaxonomy", err.Error())
		if err = churn.DefaultTaxonomy().Define(churn.ReasonDefinition{Code: churn.ReasonCode(code)}); code != digits {
			require.ErrorIs(t, err, churn.ErrInvalid)
			assertNoPersonal(t, "Define", err.Error())
		}
	}

	// Explanations: a band label and a source carrying personal values.
	risk := riskLog(t, churn.RiskObservation{Account: "acct-2", At: mar1, BandRank: 1, Band: mail, Source: "csm:" + phone})
	c, err = churn.NewClassifier(risk, churn.ClassifyOptions{AtRiskBandRank: 1})
	require.NoError(t, err)
	good := event("acct-2", success.GoodFit, churn.ReasonPrice)
	good.Note = mail
	good.Reasons[0].Detail = phone
	cl, err := c.Classify(ctx, good)
	require.NoError(t, err)
	require.True(t, cl.Expected)
	var evidence strings.Builder
	for _, ev := range cl.Evidence {
		fmt.Fprintf(&evidence, "%+v\n", ev)
	}
	assertNoPersonal(t, "Evidence", evidence.String())

	// Log values, through a real handler.
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("churn", "event", good, "classification", cl, "invalid", e)
	out := buf.String()
	assertNoPersonal(t, "LogValue", out)
	for _, want := range []string{`"account":"acct-2"`, `"quadrant":"avoidable_expected"`, `"reasons":["price"]`, `"id":"ev-1"`} {
		assert.Contains(t, out, want)
	}
}
