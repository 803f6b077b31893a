import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CORRELATION_QUERY } from '../shared/constants';
import { optionsCollection } from '../shared/fields';
import { firstString, nothingToRegister, readJobCallback } from '../shared/callbacks';
import { answerOnceSaved, firstNews, isSymblId, sameSecret } from './SymblTriggerHelpers';

/** Output with a callback whose conversation is unknown (Symbl's callbacks name only the job). */
const UNKNOWN_CONVERSATION_NOTE =
	"Symbl's callback carries only the job ID and status. Append Video adds the conversation ID to the webhook URL; Submit Video cannot (the ID exists only after the upload), so match this jobId (or the correlation key) with Submit Video's output.";

export class SymblTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Symbl Trigger',
		name: 'symblTrigger',
		icon: { light: 'file:symbl.svg', dark: 'file:symbl.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["statuses"].join(", ")}}',
		description:
			'Starts the workflow when a Symbl job changes status (for example when a video is processed)',
		defaults: { name: 'Symbl Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'symbl',
			},
		],
		properties: [
			{
				displayName:
					"Use this node's Production URL as the Webhook URL of a Symbl node's Submit Video or Append Video. Symbl's callbacks carry only the job ID and status: Append Video adds the conversation ID to the URL, so its callbacks name their conversation; Submit Video's cannot (conversation ID is null; match on the job ID or a Correlation Key).",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					"Set a Shared Secret (Options) and add ?token=YOUR_SECRET to the Webhook URL: Symbl signs nothing, so the secret is what tells its callbacks from anyone else's POST.",
				name: 'secretNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Completed',
						value: 'completed',
						description: 'Transcript and insights are ready',
					},
					{ name: 'Failed', value: 'failed', description: 'Symbl could not process the recording' },
					{ name: 'In Progress', value: 'in_progress', description: 'Symbl started processing' },
					{ name: 'Scheduled', value: 'scheduled', description: 'The job is queued' },
				],
				default: ['completed', 'failed'],
				description:
					'Which job statuses start the workflow; other callbacks are acknowledged and ignored',
			},
			optionsCollection([
				{
					displayName: 'Ignore Repeated Callbacks',
					name: 'ignoreRepeats',
					type: 'boolean',
					default: true,
					description:
						'Whether to start the workflow only once per job and status, and not for a status older than one already seen (a late "in_progress" after "completed")',
				},
				{
					displayName: 'Shared Secret',
					name: 'sharedSecret',
					type: 'string',
					typeOptions: { password: true },
					default: '',
					description:
						'Accept only callbacks whose URL carries ?token=YOUR_SECRET. Add it to the Webhook URL you give Symbl (Symbl cannot send custom headers). Recommended: without it, anyone who learns this URL can start the workflow with a job ID of their choosing.',
				},
			]),
		],
	};

	webhookMethods = nothingToRegister;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const answer = (status: number, body: IDataObject): IWebhookResponseData => {
			response.status(status).json(body);
			return { noWebhookResponse: true };
		};
		const refuse = (status: number, reason: string) => answer(status, { received: false, reason });

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const query = (request.query ?? {}) as IDataObject;
		const secret = typeof options.sharedSecret === 'string' ? options.sharedSecret : '';
		if (secret) {
			const token = firstString(query[CORRELATION_QUERY.token]);
			if (!token) return refuse(401, 'missing token');
			if (!sameSecret(token, secret)) return refuse(403, 'wrong token');
		}

		const callback = readJobCallback(this);
		if ('refusal' in callback) return refuse(callback.refusal.status, callback.refusal.reason);
		const { jobId, status, payload } = callback;

		// The URL's conversation ID is the one the Symbl node put there; Symbl documents none in the
		// body, so a body value counts only when the URL has none and it looks like an ID.
		const urlConversationId = firstString(query[CORRELATION_QUERY.conversationId]);
		if (urlConversationId !== undefined && !isSymblId(urlConversationId)) {
			return refuse(400, 'conversationId in the URL is not a valid ID');
		}
		const bodyConversationId = isSymblId(payload.conversationId)
			? payload.conversationId
			: undefined;
		const correlationKey = firstString(query[CORRELATION_QUERY.correlationKey]);
		if ((correlationKey?.length ?? 0) > 1024) return refuse(400, 'correlationKey too long');

		const statuses = this.getNodeParameter('statuses', []) as string[];
		if (!statuses.includes(status)) return answer(200, { received: true, started: false });
		if (options.ignoreRepeats !== false && !firstNews(this, jobId, status)) {
			return answerOnceSaved(this, { received: true, started: false, repeated: true });
		}

		const conversationId = urlConversationId ?? bodyConversationId ?? null;
		const item: IDataObject = { jobId, status, conversationId };
		if (conversationId === null) item.note = UNKNOWN_CONVERSATION_NOTE;
		item.receivedAt = new Date().toISOString();
		if (correlationKey !== undefined) item.correlationKey = correlationKey;

		return {
			...answerOnceSaved(this, { received: true, started: true }),
			workflowData: [this.helpers.returnJsonArray(item)],
		};
	}
}
