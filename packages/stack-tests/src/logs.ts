import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS } from './stack';

/**
 * Every log the apps of this run wrote to: the stack's output (dapr.yaml: appLogDestination
 * console), a stack a test restarted (`stack-<label>.log`) and an app a crash test restarted
 * (`<app>-restarted.log`).
 */
export const runLogs = (): string[] =>
  fs
    .readdirSync(ARTIFACTS)
    .filter((f) => /^stack(-.+)?\.log$/.test(f) || f.endsWith('-restarted.log'))
    .map((f) => path.join(ARTIFACTS, f));

/** A request log line of an app (pino, one JSON object a line). */
export type RequestLogLine = { service?: string; traceId?: string; req?: { id?: string } };

/** The apps' log lines of one request (by its x-request-id), from every log of the run. */
export function requestLogLines(requestId: string): RequestLogLine[] {
  return runLogs()
    .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n'))
    .filter((l) => l.includes(requestId) && l.includes('{'))
    .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as RequestLogLine)
    .filter((l) => l.req?.id === requestId);
}
