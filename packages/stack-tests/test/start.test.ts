/**
 * `npm start` (scripts/start) and the test harness refuse to start a second system while one
 * runs: the ports are fixed, and a half-started second system would answer with the first's data.
 * Its prerequisites are checked before anything is built or started. (Ctrl-C stopping everything
 * is checked by the global teardown, which ends every run that way.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import globalSetup from '../src/global-setup';
import { DATA, PROFILE, ROOT, systemHealthy } from '../src/stack';

describe('starting while a Sidecart runs', () => {
  it('npm start refuses within seconds, names the busy ports, and leaves the running system alone', async () => {
    const tokenFile = path.join(DATA, 'dapr-api-token');
    const token = fs.readFileSync(tokenFile, 'utf8');
    const env: NodeJS.ProcessEnv = { ...process.env, SIDECART_PROFILE: PROFILE };
    delete env.SIDECART_FRESH; // never empty the running profile's databases, even by mistake
    const started = Date.now();
    const run = spawnSync('bash', [path.join(ROOT, 'scripts/start'), '--no-setup'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const seconds = (Date.now() - started) / 1000;
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/port\(s\) [\d ]*\b8080\b[\d ]* already in use/);
    expect(run.stderr).toMatch(/nothing was started/);
    expect(seconds).toBeLessThan(15);
    // The running system's API token (in its profile's data) was not replaced, and it still answers.
    expect(fs.readFileSync(tokenFile, 'utf8')).toBe(token);
    expect(await systemHealthy()).toBe(true);
  });

  it('npm start checks its prerequisites before anything else: a PostgreSQL user that cannot log in is named', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SIDECART_PROFILE: PROFILE,
      PG_ADMIN_URL: 'postgres://sidecart_no_such_role@127.0.0.1:5432/postgres',
    };
    delete env.SIDECART_FRESH;
    delete env.SIDECART_PREREQUISITES_CHECKED;
    const run = spawnSync('bash', [path.join(ROOT, 'scripts/start')], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /PostgreSQL on :5432 refuses postgres:\/\/sidecart_no_such_role@.*Set PG_ADMIN_URL to a user that may create databases/,
    );
    // Before the busy ports (this system's own), and before setup built anything.
    expect(run.stderr).not.toMatch(/already in use/);
    expect(run.stdout).not.toMatch(/npm dependencies|Building Dapr/);
  });

  it('the full-stack tests refuse to start their own system while :8080 is taken', async () => {
    const env = process.env.SIDECART_REUSE_STACK;
    delete process.env.SIDECART_REUSE_STACK;
    try {
      await expect(globalSetup()).rejects.toThrow(/already listens on :8080/);
    } finally {
      if (env !== undefined) process.env.SIDECART_REUSE_STACK = env;
    }
  });
});
