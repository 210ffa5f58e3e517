import fs from 'node:fs';
import type { ListResult } from './index';

/** The metric the dead-letter alert (deploy/observability/alerts.yaml, SidecartDeadLetters) reads. */
export const DEAD_LETTER_METRIC = 'sidecart_dead_letter_events';

/**
 * The dead letters as Prometheus text exposition: one `sidecart_dead_letter_events{topic}` per
 * topic, 0 included (an alert on a series that vanishes would never resolve), counting the
 * stored letters `list` shows.
 */
export function exposition(result: ListResult): string {
  const lines = [
    `# HELP ${DEAD_LETTER_METRIC} Events waiting in <topic>.dlq for a replay (npm run dlq -- list <topic>)`,
    `# TYPE ${DEAD_LETTER_METRIC} gauge`,
    ...result.map(({ topic, letters }) => `${DEAD_LETTER_METRIC}{topic="${topic}"} ${letters.length}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Writes `text` to `file` whole (a file beside it, then renamed), so node_exporter's textfile
 * collector never reads a half-written file.
 */
export function writeWhole(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}
