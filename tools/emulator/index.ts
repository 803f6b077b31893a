export * from './server';
export type { InjectedFailure } from './faults';
export { NO_ANSWER } from './faults';
export type { CallbackRecord, JobInput, JobStatus, RecordedRequest } from './model';
export type { DownloadRecord } from './downloads';
export * from './options';
export { LANGUAGE_CODES, PAID_JOB_LIMIT, TRIAL_JOB_LIMIT } from './contract';
