-- Playbook runs, tasks and the decision trace (playbook.Store).
CREATE TABLE playbook_runs (
	id                 uuid PRIMARY KEY,
	account            text NOT NULL CHECK (account <> ''),
	contact            text NOT NULL DEFAULT '',
	play_id            text NOT NULL,
	play_version       integer NOT NULL,
	dedup_key          text NOT NULL CHECK (dedup_key <> ''),
	owner              text NOT NULL,
	priority           integer NOT NULL,
	state              text NOT NULL CHECK (state IN ('open', 'in_progress', 'done', 'cancelled')),
	started            timestamptz NOT NULL,
	ended              timestamptz,
	end_reason         text NOT NULL DEFAULT '',
	key_held_until     timestamptz,
	exit_holding_since timestamptz,
	suppressed         text NOT NULL DEFAULT '',
	match              jsonb NOT NULL,
	version            bigint NOT NULL CHECK (version >= 1)
);
CREATE INDEX playbook_runs_account ON playbook_runs (account, started, id);
CREATE INDEX playbook_runs_play ON playbook_runs (play_id, started, id);
CREATE INDEX playbook_runs_dedup_key ON playbook_runs (dedup_key);
CREATE INDEX playbook_runs_active ON playbook_runs (play_id, owner) WHERE state IN ('open', 'in_progress');
CREATE INDEX playbook_runs_active_account ON playbook_runs (account) WHERE state IN ('open', 'in_progress');

-- The latest run of each dedup key: the only run that can hold it. Its
-- primary key is what makes Open a conditional create across connections.
CREATE TABLE playbook_dedup_keys (
	dedup_key text PRIMARY KEY,
	run_id    uuid NOT NULL REFERENCES playbook_runs (id)
);

CREATE TABLE playbook_tasks (
	id            uuid PRIMARY KEY,
	run_id        uuid NOT NULL REFERENCES playbook_runs (id),
	account       text NOT NULL,
	play_id       text NOT NULL,
	step          integer NOT NULL,
	title         text NOT NULL,
	owner         text NOT NULL,
	required      boolean NOT NULL,
	state         text NOT NULL CHECK (state IN ('open', 'in_progress', 'done', 'skipped', 'snoozed', 'cancelled')),
	due           timestamptz,
	snoozed_until timestamptz,
	waiting       boolean NOT NULL,
	wait_ended    timestamptz,
	overdue       timestamptz,
	ended         timestamptz,
	version       bigint NOT NULL CHECK (version >= 1)
);
CREATE INDEX playbook_tasks_run ON playbook_tasks (run_id, step);
CREATE INDEX playbook_tasks_account ON playbook_tasks (account);

-- The decision trace, in write order (seq). Entries name runs and tasks
-- without a foreign key: a trace line outlives nothing it names, since
-- runs and tasks are never deleted, and the kill test checks for orphans.
CREATE TABLE playbook_trace (
	seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at           timestamptz,
	account      text NOT NULL,
	play_id      text NOT NULL,
	play_version integer NOT NULL,
	run_id       uuid,
	task_id      uuid,
	kind         text NOT NULL DEFAULT '',
	from_state   text NOT NULL DEFAULT '',
	to_state     text NOT NULL DEFAULT '',
	actor        text NOT NULL,
	match        jsonb,
	clause       text NOT NULL DEFAULT '',
	reason       text NOT NULL
);
CREATE INDEX playbook_trace_account ON playbook_trace (account, seq);
CREATE INDEX playbook_trace_play ON playbook_trace (play_id, seq);
CREATE INDEX playbook_trace_run ON playbook_trace (run_id, seq) WHERE run_id IS NOT NULL;
