import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as audio from './actions/audio/Audio.resource';
import * as conversation from './actions/conversation/Conversation.resource';
import * as job from './actions/job/Job.resource';
import * as text from './actions/text/Text.resource';
import * as video from './actions/video/Video.resource';

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
}
