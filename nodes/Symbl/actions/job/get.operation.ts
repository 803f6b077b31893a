import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requirePathId } from '../../helpers/validate';
import { requestOptionsField } from '../fields';
import { symblGet } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
		description: 'The job ID returned by Submit Video or Append Video',
	},
	requestOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['get'] } },
	properties,
);

/** GET /v1/job/{jobId} → {id, status}. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requirePathId(
		this.getNode(),
		itemIndex,
		'Job ID',
		this.getNodeParameter('jobId', itemIndex),
	);
	return await symblGet(this, itemIndex, `/v1/job/${encodeURIComponent(jobId)}`);
}
