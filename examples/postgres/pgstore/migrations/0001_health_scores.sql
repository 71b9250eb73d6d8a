-- Health score history (health.Store): one snapshot per account and instant.
CREATE TABLE health_scores (
	id                uuid PRIMARY KEY,
	account           text NOT NULL CHECK (account <> ''),
	as_of             timestamptz NOT NULL,
	scorecard_id      text NOT NULL,
	scorecard_version integer NOT NULL,
	value             double precision NOT NULL,
	band              text NOT NULL,
	-- The whole snapshot as health.Score's JSON: measures, groups, caps and
	-- override are read back with it, never queried apart.
	snapshot          jsonb NOT NULL,
	CONSTRAINT health_scores_account_as_of UNIQUE (account, as_of)
);
