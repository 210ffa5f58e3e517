/**
 * The mail catcher of the run (mailpit, started by scripts/start beside the stack): the tests read
 * a shopper's mail from its API as the shopper would read their mailbox. Each profile has its own
 * (the test profile's SMTP :1026, API :8026), so nothing here touches the shop's inbox.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DATA } from './stack';

/** The run's inbox, as scripts/start wrote it when it started the mail catcher. */
export const mailCatcher = (): string => fs.readFileSync(path.join(DATA, 'mail-catcher-url'), 'utf8').trim();

type Address = { Name: string; Address: string };
export type MailSummary = { ID: string; From: Address; To: Address[]; Subject: string };
export type Mail = MailSummary & { Text: string; HTML: string };

async function get<T>(route: string): Promise<T> {
  const res = await fetch(`${mailCatcher()}/api/v1/${route}`);
  if (!res.ok) throw new Error(`mailpit ${route} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every mail received for `address` (exactly that recipient), newest first. */
export async function mailsTo(address: string): Promise<MailSummary[]> {
  const found = await get<{ messages: MailSummary[] }>(
    `search?limit=200&query=${encodeURIComponent(`to:"${address}"`)}`,
  );
  return found.messages.filter((m) => m.To.some((to) => to.Address.toLowerCase() === address.toLowerCase()));
}

/** One mail with its bodies (mailpit renders the HTML body as text too). */
export const readMail = (id: string): Promise<Mail> => get<Mail>(`message/${encodeURIComponent(id)}`);
