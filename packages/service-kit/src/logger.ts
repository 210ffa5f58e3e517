import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs; every line names its service. LOG_LEVEL tunes verbosity. */
export function createLogger(service: string): Logger {
  return pino({
    name: service,
    level: process.env.LOG_LEVEL ?? 'info',
    base: { service },
    redact: ['req.headers.authorization', 'req.headers["dapr-api-token"]', 'req.headers.cookie'],
  });
}
