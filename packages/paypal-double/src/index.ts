export * from './app';
export type { Credentials } from './auth';
export type { ApprovalAction } from './approval';
export { AUTH_ALGO, type SignedHeaders } from './webhooks';
export * from './start';
