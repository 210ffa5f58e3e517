import type { IncomingMessage, ServerResponse } from 'node:http';
export const HOLD_MS: number;
export function htmlCache(next: {
  port: number;
  host: string;
  holdMs?: number;
}): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
