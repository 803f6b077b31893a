import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nothingToRegister } from '../shared/callbacks';
import { router } from './actions/router';
import * as audio from './actions/audio/Audio.resource';
import * as conversation from './actions/conversation/Conversation.resource';
import * as job from './actions/job/Job.resource';
import * as text from './actions/text/Text.resource';
import * as video from './actions/video/Video.resource';
import { resumeOnCallback } from './actions/wait/resume';

export class Symbl implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Symbl',
		name: 'symbl',
		icon: { light: 'file:symbl.svg', dark: 'file:symbl.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Transcribe recordings and get conversation insights with Symbl.ai',
		defaults: { name: 'Symbl' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'symblApi', required: true }],
		// Where Symbl's callbacks resume an execution waiting for its jobs (Wait for Completion:
		// Resume on Symbl's Callback); used only while such an execution waits, as n8n's Wait node.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '={{ $nodeId }}',
				restartWebhook: true,
				isFullPath: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Audio', value: 'audio' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Job', value: 'job' },
					{ name: 'Text', value: 'text' },
					{ name: 'Video', value: 'video' },
				],
				default: 'video',
			},
			...video.description,
			...audio.description,
			...text.description,
			...job.description,
			...conversation.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	webhookMethods = nothingToRegister;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeOnCallback.call(this);
	}
}
