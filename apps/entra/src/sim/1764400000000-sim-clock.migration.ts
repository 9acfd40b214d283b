import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The simulated clock's state (one row), so that a restart resumes simulated time instead of falling back to the
 * wall clock: jobs whose next run was computed on an advanced clock stay due, log times never go backwards.
 * `simulated_at` is the instant to resume at (see ClockSnapshot in libs/platform/src/clock.ts). It never decreases,
 * except when the process that saved it replaces its own last save with the exact instant it stopped at.
 */
export class EntraSimClock1764400000000 implements MigrationInterface {
  name = 'EntraSimClock1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE entra.sim_clock (
      id smallint PRIMARY KEY CHECK (id = 1),
      -- The mode that saved it: real, manual or accelerated:<factor>.
      mode text NOT NULL,
      simulated_at timestamptz NOT NULL,
      -- Wall time of the save, for people reading the table.
      saved_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS entra.sim_clock`);
  }
}
