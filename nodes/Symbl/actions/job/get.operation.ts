import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { requirePathId } from '../../helpers/validate';
import { symblApiRequest } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
		description: 'The job ID returned by Submit Video or Append Video',
		displayOptions: { show: { resource: ['job'], operation: ['get'] } },
	},
];

/** GET /v1/job/{jobId} → {id, status}. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const jobId = requirePathId(
		this.getNode(),
		itemIndex,
		'Job ID',
		this.getNodeParameter('jobId', itemIndex),
	);
	const job = await symblApiRequest(this, itemIndex, 'GET', `/v1/job/${encodeURIComponent(jobId)}`);
	return [{ json: job, pairedItem: { item: itemIndex } }];
}
