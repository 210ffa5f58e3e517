#!/usr/bin/env node
/**
 * `npm run dlq -- list [topic] [--log <file>]... [--json]`
 * `npm run dlq -- replay <topic> [--id <eventId>] [--keep] [--via <app>] [--json]`
 * `npm run dlq -- metrics [--out <file>]`
 *
 * Reads the run profile's pubsub component (SIDECART_PROFILE, `dev` by default: components/
 * and secrets.json) and the broker it names. docs/architecture.md, "Dead letters".
 */
import { parseArgs } from 'node:util';
import { list, replay, UsageError } from './index';
import { exposition, writeWhole } from './metrics';

const USAGE = `usage:
  npm run dlq -- list [topic] [--log <file>]... [--json]
      dead-lettered events (of one topic, or of every topic): event id, type, when, why
      (--log: a log of the consumers, e.g. test-artifacts/stack.log, to name the error)
  npm run dlq -- replay <topic> [--id <eventId>] [--keep] [--via <app>] [--json]
      publish them again on <topic> through the sidecar of the app that announces it, once per
      event, then remove them (--keep leaves them in place)
  npm run dlq -- metrics [--out <file>]
      sidecart_dead_letter_events{topic} for Prometheus (the SidecartDeadLetters alert), to stdout or
      written whole to <file> (node_exporter's textfile collector: run it every minute)
SIDECART_PROFILE=test|bench reads that profile's components instead of the shop's.`;

const print = (line = '') => process.stdout.write(`${line}\n`);

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      log: { type: 'string', multiple: true },
      id: { type: 'string' },
      keep: { type: 'boolean' },
      via: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, topic, ...rest] = positionals;
  if (values.help || !command) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  if (rest.length) throw new UsageError(`unexpected ${rest.join(' ')}\n${USAGE}`);

  if (command === 'list') {
    const result = await list({ topic, logs: values.log });
    if (values.json) {
      print(JSON.stringify(result, null, 2));
      return 0;
    }
    const found = result.filter((r) => r.letters.length > 0);
    if (found.length === 0) {
      print(`no dead letters${topic ? ` of ${topic}` : ''} (${result[0]?.where.replace(/ \S+\.dlq/, '')})`);
      return 0;
    }
    for (const { topic: t, where, letters } of found) {
      print(`${t}: ${letters.length} dead letter(s) in ${where}`);
      for (const l of letters)
        print(
          `  ${l.deadLetteredAt ?? '(time unknown)'}  event ${l.eventId ?? '(none)'}  ${l.type}` +
            `  occurred ${l.occurredAt ?? '?'}\n      why: ${l.reason}`,
        );
    }
    return 0;
  }

  if (command === 'metrics') {
    if (topic) throw new UsageError(`metrics takes no topic\n${USAGE}`);
    const text = exposition(await list());
    if (values.out) writeWhole(values.out, text);
    else process.stdout.write(text);
    return 0;
  }

  if (command === 'replay') {
    if (!topic) throw new UsageError(`replay needs a topic\n${USAGE}`);
    const result = await replay({ topic, eventId: values.id, keep: values.keep, via: values.via });
    if (values.json) print(JSON.stringify({ ...result, skipped: result.skipped.map((s) => s.eventId) }));
    else {
      for (const s of result.skipped) print(`left in place: event ${s.eventId ?? s.ref}: ${s.reason}`);
      print(
        result.replayed.length === 0
          ? `nothing to replay on ${result.topic}`
          : `replayed ${result.replayed.length} event(s) on ${result.topic} through the ${result.via} sidecar: ` +
              `${result.replayed.join(', ')}; ` +
              (values.keep ? 'dead letters kept (--keep)' : `${result.removed} dead letter(s) removed`),
      );
    }
    return 0;
  }
  throw new UsageError(`unknown command '${command}'\n${USAGE}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      // A broker or file that is not there is said in one line; DLQ_DEBUG=1 shows where it came from.
      const detail = process.env.DLQ_DEBUG ? (err as Error).stack : (err as Error).message;
      process.stderr.write(`dlq: ${detail ?? String(err)}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
