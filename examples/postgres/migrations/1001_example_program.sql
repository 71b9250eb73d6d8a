-- The example program's own tables (versions from 1001 are the program's,
-- below 1000 pgstore's).

-- The settings a run started with: a restart must use the same, or it
-- would mix two simulations in one database.
CREATE TABLE example_settings (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	seed      bigint NOT NULL,
	accounts  integer NOT NULL,
	first_day date NOT NULL,
	days      integer NOT NULL
);

-- One row per account and simulated day evaluated, written in the
-- evaluation's transaction: a restarted run skips exactly these. arr is the
-- account's ARR that day, money as numeric with its currency.
CREATE TABLE example_evaluations (
	account  text NOT NULL,
	day      date NOT NULL,
	arr      numeric(20, 2) NOT NULL,
	currency char(3) NOT NULL,
	PRIMARY KEY (day, account)
);
