/**
 * The two upload nodes the benchmark compares, in the harness (upload-client.ts) and in a real n8n
 * (real-n8n.ts): our Append Video, and n8n's HTTP Request node set up by hand for the same call, as
 * a user would today. Values may be n8n expressions ("=…").
 */
import type { INode, INodeCredentialsDetails } from 'n8n-workflow';

import { node } from '../../workflow';

export function appendVideoNode(
	conversationId: string,
	credential: INodeCredentialsDetails,
): INode {
	return node(
		'Upload',
		'n8n-nodes-symbl.symbl',
		{
			resource: 'video',
			operation: 'append',
			conversationId,
			binaryPropertyName: 'data',
			options: { languageCode: 'en-US' },
		},
		{ credentials: { symblApi: credential } },
	);
}

export function httpRequestPutNode(url: string, authorization: string): INode {
	return node(
		'Upload',
		'n8n-nodes-base.httpRequest',
		{
			method: 'PUT',
			url,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'languageCode', value: 'en-US' }] },
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: authorization },
					{ name: 'Content-Type', value: 'video/mp4' },
				],
			},
			sendBody: true,
			contentType: 'binaryData',
			inputDataFieldName: 'data',
			options: {},
		},
		{ typeVersion: 4.2 },
	);
}
