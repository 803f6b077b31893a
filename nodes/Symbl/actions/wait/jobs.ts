/** The jobs an execution waits for, and what each becomes once it ended (or did not). */
import type { IDataObject } from 'n8n-workflow';

import type { JobStatus } from '../../../shared/constants';
import type { SymblContext } from '../../transport';
import { symblGet } from '../../transport';

export interface StartedJob {
	itemIndex: number;
	conversationId: string;
	jobId: string;
}

export type JobOutcome =
	| { itemIndex: number; json: IDataObject }
	| { itemIndex: number; error: string; json: IDataObject };

export const ENDED: readonly JobStatus[] = ['completed', 'failed'];

export async function jobStatus(
	ctx: SymblContext,
	job: StartedJob,
): Promise<JobStatus | undefined> {
	const answer = await symblGet(ctx, job.itemIndex, `/v1/job/${encodeURIComponent(job.jobId)}`);
	return answer?.status as JobStatus | undefined;
}

/** The item a job becomes: completed → ready for the next node; failed or unfinished → an error. */
export function outcome(
	job: StartedJob,
	status: JobStatus | undefined,
	waitedMs: number,
	readError?: string,
): JobOutcome {
	const json: IDataObject = {
		conversationId: job.conversationId,
		jobId: job.jobId,
		status: status ?? 'unknown',
		waitedSeconds: Math.round(waitedMs / 1000),
	};
	if (status === 'completed') return { itemIndex: job.itemIndex, json };
	const error =
		status === 'failed'
			? `Item ${job.itemIndex}: Symbl could not process the recording (job ${job.jobId} failed)`
			: readError
				? `Item ${job.itemIndex}: the status of job ${job.jobId} could not be read: ${readError}`
				: `Item ${job.itemIndex}: Symbl had not finished job ${job.jobId} within the time limit (last status: ${json.status})`;
	return { itemIndex: job.itemIndex, error, json: { ...json, error } };
}
