/**
 * What n8n's WaitingWebhooks does when a POST reaches an execution's resume URL
 * (`/webhook-waiting/{executionId}/{suffix}`), as n8n 1.123 and 2.x do it: refuse an execution
 * that is not waiting (409 once it runs or has finished), load the waiting
 * execution, take back the waiting node's last run, disable the node (on resume it passes on what
 * its webhook returns), run the node's webhook() with the execution's data, and continue the
 * execution only when the webhook returned workflowData — otherwise it keeps waiting, unchanged.
 */
import type express from 'express';
import { WebhookContext } from 'n8n-core';
import type { IRun, IRunExecutionData, IWebhookData, IWebhookResponseData } from 'n8n-workflow';

import type { EngineHarness } from './engine';

export async function resumeWaiting(
	harness: EngineHarness,
	req: express.Request,
	res: express.Response,
): Promise<{ status: number; body?: unknown; execution?: Promise<IRun> }> {
	const { executionId, suffix = '' } = req.params as { executionId: string; suffix?: string };
	const stored = harness.waiting.get(executionId);
	if (!stored) {
		// n8n checks the execution's status in its database: one no longer waiting is refused.
		const [status, message] = harness.hasExecution(executionId)
			? [409, `The execution "${executionId}" is running already.`]
			: [404, `The execution "${executionId}" does not exist.`];
		res.status(status).json({ message });
		return { status };
	}
	// n8n reads the execution from its database for every request: changes below stay local
	// unless the execution is resumed.
	const data = structuredClone(stored.data) as IRunExecutionData;
	const lastNode = data.resultData.lastNodeExecuted!;
	data.executionData!.nodeExecutionStack[0].node.disabled = true;
	data.waitTill = undefined;
	data.resultData.runData[lastNode].pop();

	const workflow = harness.workflow(stored.definition);
	const node = workflow.getNode(lastNode)!;
	const nodeType = harness.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	// As n8n: the waiting node's restart webhook whose method and (resolved) path match the suffix.
	const webhookDescription = nodeType.description.webhooks?.find((webhook) => {
		if (webhook.restartWebhook !== true || webhook.httpMethod !== req.method) return false;
		const path = String(
			workflow.expression.getSimpleParameterValue(node, webhook.path, stored.mode, {}) ?? '',
		);
		return path === suffix;
	});
	if (!webhookDescription || !nodeType.webhook) {
		res.status(404).json({ message: 'The workflow does not contain a waiting webhook.' });
		return { status: 404 };
	}
	const additionalData = harness.additionalData(undefined as never, stored.mode);
	additionalData.httpRequest = req;
	additionalData.httpResponse = res;
	const webhookData = {
		httpMethod: req.method,
		node: lastNode,
		path: suffix,
		webhookDescription,
		workflowId: workflow.id,
	} as unknown as IWebhookData;
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		stored.mode,
		webhookData,
		[],
		data,
	);
	const result: IWebhookResponseData = await nodeType.webhook.call(context);
	if (!result.noWebhookResponse && !res.headersSent)
		res.status(200).json({ message: 'Webhook call received' });
	if (!result.workflowData) return { status: res.statusCode };
	data.executionData!.nodeExecutionStack[0].data.main = result.workflowData;
	return { status: res.statusCode, execution: harness.resume(executionId, data) };
}
