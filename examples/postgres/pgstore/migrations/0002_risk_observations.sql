-- At-risk history (churn.RiskHistory). seq keeps the order observations of
-- one instant were recorded in.
CREATE TABLE risk_observations (
	seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account   text NOT NULL CHECK (account <> ''),
	at        timestamptz NOT NULL,
	band_rank integer NOT NULL DEFAULT 0 CHECK (band_rank >= 0),
	band      text NOT NULL DEFAULT '',
	flagged   boolean NOT NULL DEFAULT false,
	source    text NOT NULL DEFAULT ''
);
CREATE INDEX risk_observations_account_at ON risk_observations (account, at, seq);
