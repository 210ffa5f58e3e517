import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeadLetter } from '../src/dead-letter';
import { DEAD_LETTER_METRIC, exposition, writeWhole } from '../src/metrics';

const letter = (eventId: string): DeadLetter => ({
  topic: 'order.cancelled',
  ref: eventId,
  eventId,
  type: 'order.cancelled',
  occurredAt: null,
  deadLetteredAt: null,
  reason: 'handler failed',
  breaksContract: false,
  cloudEvent: null,
});

describe('npm run dlq -- metrics', () => {
  const text = exposition([
    { topic: 'order.cancelled', where: 'redis order.cancelled.dlq', letters: [letter('a'), letter('b')] },
    { topic: 'order.placed', where: 'redis order.placed.dlq', letters: [] },
  ]);

  it('gives every topic its count of dead letters as a Prometheus gauge, 0 included', () => {
    expect(text.split('\n')).toEqual([
      `# HELP ${DEAD_LETTER_METRIC} Events waiting in <topic>.dlq for a replay (npm run dlq -- list <topic>)`,
      `# TYPE ${DEAD_LETTER_METRIC} gauge`,
      `${DEAD_LETTER_METRIC}{topic="order.cancelled"} 2`,
      `${DEAD_LETTER_METRIC}{topic="order.placed"} 0`,
      '',
    ]);
  });

  it('is the metric the dead-letter alert reads, by topic', () => {
    const alerts = fs.readFileSync(
      path.resolve(__dirname, '../../../deploy/observability/alerts.yaml'),
      'utf8',
    );
    expect(alerts).toContain(`expr: sum by (topic) (${DEAD_LETTER_METRIC}) > 0`);
  });

  it('writes the file whole, for a textfile collector', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dlq-metrics-')), 'sidecart_dlq.prom');
    writeWhole(file, text);
    writeWhole(file, text);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['sidecart_dlq.prom']);
  });
});
