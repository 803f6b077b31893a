export * from './server';
export type { InjectedFailure } from './faults';
export type { CallbackRecord, JobInput, JobStatus, RecordedRequest } from './model';
export * from './options';
