/** GET /v1/conversations/{conversationId}/members → one item per member. */
import { listOperation } from './lists';

export const { option, description, prepare, execute } = listOperation(
	'members',
	'The participants identified as speakers, with name and email',
	[],
	'Get the speakers (members) of a conversation',
);
