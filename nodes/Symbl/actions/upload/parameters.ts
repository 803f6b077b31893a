/**
 * What every job-starting operation reads from its Options before sending: Symbl's processing
 * parameters (validated by the one table in processingParameters.ts), the Webhook URL with its
 * correlation values, and how hard to try. File uploads put the parameters in the query (through
 * toQuery); URL and text uploads put them, as they are, in the JSON body.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CORRELATION_QUERY } from '../../../shared/constants';
import type { RequestPolicy } from '../../transport/retry';
import { readRequestPolicy } from '../../transport/retry';
import type { ParameterValue, ProcessingParameter } from '../processingParameters';
import { PROCESSING_PARAMETERS, readProcessingParameters } from '../processingParameters';

export interface UploadParameters {
	/** Symbl's parameters by Symbl's names; the Webhook URL carries the correlation values. */
	values: Record<string, ParameterValue>;
	/** The Options collection as the user set it (for the upload's own options). */
	options: IDataObject;
	policy: RequestPolicy;
}

/** Adds the correlation values to the webhook URL's query, keeping what the user put there. */
function withCorrelation(webhookUrl: string, values: Record<string, string | undefined>): string {
	const url = new URL(webhookUrl);
	for (const [name, value] of Object.entries(values)) {
		if (value !== undefined && value !== '') url.searchParams.set(name, value);
	}
	return url.toString();
}

/**
 * Reads and checks the item's Options, sending nothing. `conversationId` is known only when
 * appending; it goes into the Webhook URL unless the user turned that off.
 */
export function readUploadParameters(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{
		conversationId,
		parameters = PROCESSING_PARAMETERS,
	}: { conversationId?: string; parameters?: ProcessingParameter[] },
): UploadParameters {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const values = readProcessingParameters(ctx.getNode(), itemIndex, options, parameters);
	if (typeof values.webhookUrl === 'string') {
		values.webhookUrl = withCorrelation(values.webhookUrl, {
			[CORRELATION_QUERY.conversationId]:
				options.addConversationIdToWebhook === false ? undefined : conversationId,
			[CORRELATION_QUERY.correlationKey]:
				options.correlationKey === undefined ? undefined : String(options.correlationKey),
		});
	}
	return { values, options, policy: readRequestPolicy(ctx, itemIndex, 'upload') };
}
