import fs from 'node:fs';

/**
 * The last error a consumer logged for each eventId, read from log files (pino JSON lines,
 * possibly behind the `== APP - <app> ==` prefix of `dapr run -f`): service-kit logs
 * "event handler failed, asking for redelivery" with the eventId and the error.
 */
export function failuresIn(files: string[]): Map<string, string> {
  const failures = new Map<string, string>();
  for (const file of files) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.includes('event handler failed')) continue;
      const json = line.slice(line.indexOf('{'));
      try {
        const entry = JSON.parse(json) as { eventId?: string; err?: { message?: string }; name?: string };
        if (entry.eventId) {
          const app = /== APP - (\S+) ==/.exec(line)?.[1] ?? entry.name;
          failures.set(entry.eventId, `${app ? `${app}: ` : ''}${entry.err?.message ?? 'error'}`);
        }
      } catch {
        // not a JSON log line
      }
    }
  }
  return failures;
}
