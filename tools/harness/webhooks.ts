/**
 * The webhook half of n8n's server, for harness workflows: an HTTP listener on
 * loopback that hands each request to the trigger node's webhook() through
 * n8n-core's real WebhookContext, answers as n8n does for responseMode
 * "onReceived", and runs the workflow from the trigger with what it emitted.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeType,
	IRun,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
} from 'n8n-workflow';
import { Node, NodeHelpers } from 'n8n-workflow';

import type { EngineHarness, WorkflowDefinition } from './engine';
import { resumeWaiting } from './waiting';

export interface WebhookExchange {
	node: string;
	status: number;
	body: unknown;
	/** The execution the request started, once it has finished. */
	execution?: Promise<IRun>;
}

export class WebhookServer {
	readonly exchanges: WebhookExchange[] = [];

	private server?: Server;

	private readonly listeners = new Set<() => void>();

	/**
	 * @param databaseMs how long n8n takes, per production call, between reading the workflow and
	 * its static data from the database and calling the node: other calls can run in between.
	 */
	constructor(
		private readonly harness: EngineHarness,
		readonly definition: WorkflowDefinition,
		private readonly staticData: IDataObject = {},
		private readonly databaseMs = 0,
	) {}

	async start(): Promise<string> {
		const app = express();
		// Like n8n 1.123: keep the raw bytes (rawBody) and parse JSON bodies; a JSON body that does
		// not parse is refused with 422 before any node sees it (middlewares/body-parser.ts).
		app.use(express.raw({ type: '*/*', limit: '16mb' }), (req, res, next) => {
			const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
			(req as unknown as { rawBody: Buffer }).rawBody = raw;
			req.body = {};
			if (String(req.headers['content-type'] ?? '').includes('json') && raw.length) {
				try {
					req.body = JSON.parse(raw.toString('utf8'));
				} catch (error) {
					res.status(422).json({
						code: 422,
						message: 'Failed to parse request body',
						hint: (error as Error).message,
					});
					return;
				}
			}
			next();
		});
		app.post('/webhook/*', (req, res) => {
			this.handle(req, res).catch((error: Error) => {
				if (!res.headersSent)
					res.status(500).json({
						message: error.message,
						stack: process.env.HARNESS_DEBUG ? error.stack : undefined,
					});
			});
		});
		app.post('/webhook-waiting/:executionId/:suffix?', (req, res) => {
			resumeWaiting(this.harness, req, res)
				.then(({ status, execution }) => {
					this.exchanges.push({ node: 'resume', status, body: undefined, execution });
					for (const listener of this.listeners) listener();
				})
				.catch((error: Error) => {
					if (!res.headersSent) res.status(500).json({ message: error.message });
				});
		});
		this.server = app.listen(0, '127.0.0.1');
		await new Promise<void>((resolve) => this.server!.once('listening', resolve));
		this.harness.waitingBaseUrl = `${this.baseUrl}/webhook-waiting`;
		return this.baseUrl;
	}

	get baseUrl(): string {
		const { port } = this.server!.address() as AddressInfo;
		return `http://127.0.0.1:${port}`;
	}

	/** The production URL of a trigger node of the workflow. */
	url(nodeName: string): string {
		return `${this.baseUrl}/webhook/${this.webhookPath(this.node(nodeName))}`;
	}

	/** The node's webhook path as n8n registers it (expressions such as the Webhook node's resolved). */
	private webhookPath(node: INode): string | undefined {
		const [webhook] = this.type(node).description.webhooks ?? [];
		if (!webhook) return undefined;
		let path = String(webhook.path);
		if (path.startsWith('=')) {
			path = String(
				this.harness
					.workflow(this.definition)
					.expression.getSimpleParameterValue(node, path, 'internal', {}),
			);
		}
		return NodeHelpers.getNodeWebhookPath(this.harness.workflowId, node, path);
	}

	async stop(): Promise<void> {
		await Promise.allSettled(this.exchanges.map((exchange) => exchange.execution));
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}

	/** Resolves once `count` executions have started and finished. */
	async executions(count: number, timeoutMs = 10_000): Promise<IRun[]> {
		const started = () => this.exchanges.filter((exchange) => exchange.execution);
		if (started().length < count) {
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error(`Only ${started().length} of ${count} executions started`)),
					timeoutMs,
				);
				const listener = () => {
					if (started().length < count) return;
					clearTimeout(timer);
					this.listeners.delete(listener);
					resolve();
				};
				this.listeners.add(listener);
			});
		}
		return await Promise.all(
			started()
				.slice(0, count)
				.map((exchange) => exchange.execution!),
		);
	}

	/**
	 * n8n 1.123's answer when the node did not answer itself (webhook-helpers.ts and
	 * webhook-on-received-response-extractor.ts): for onReceived, the description's
	 * responseData (default "firstEntryJson", sent as is) wins over webhookResponse.
	 */
	private defaultResponse(
		workflow: ReturnType<EngineHarness['workflow']>,
		node: INode,
		description: IWebhookDescription,
		result: IWebhookResponseData,
	): unknown {
		if (result.workflowData === undefined)
			return result.webhookResponse ?? { message: 'Webhook call received' };
		const responseData = workflow.expression.getComplexParameterValue(
			node,
			description.responseData,
			'webhook',
			{},
			undefined,
			'firstEntryJson',
		);
		if (responseData === 'noData') return undefined;
		if (responseData) return responseData;
		return result.webhookResponse ?? { message: 'Workflow was started' };
	}

	private node(name: string): INode {
		const node = this.definition.nodes.find((candidate) => candidate.name === name);
		if (!node) throw new Error(`No node named "${name}"`);
		return node;
	}

	private type(node: INode): INodeType {
		return this.harness.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	}

	private async handle(req: express.Request, res: express.Response): Promise<void> {
		const path = req.path.replace(/^\/webhook\//, '');
		const node = this.definition.nodes.find((candidate) => this.webhookPath(candidate) === path);
		if (!node) {
			res.status(404).json({ message: 'The requested webhook is not registered' });
			return;
		}
		const nodeType = this.type(node);
		const webhookDescription = nodeType.description.webhooks![0];
		// n8n loads a workflow's static data for each production webhook call and saves it after.
		const workflow = this.harness.workflow(this.definition, structuredClone(this.staticData));
		if (this.databaseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.databaseMs));
		const additionalData = this.harness.additionalData(undefined as never, 'webhook');
		additionalData.httpRequest = req;
		additionalData.httpResponse = res;
		const webhookData = {
			httpMethod: 'POST',
			node: node.name,
			path,
			webhookDescription,
			workflowId: workflow.id,
		} as unknown as IWebhookData;
		const context = new WebhookContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);

		// Record what the node itself answers.
		const exchange: WebhookExchange = { node: node.name, status: 200, body: undefined };
		const json = res.json.bind(res);
		res.json = (body: unknown) => {
			exchange.body = body;
			return json(body);
		};

		// As n8n does: class-style nodes (n8n's Webhook node) take the context as an argument, others as `this`.
		const result: IWebhookResponseData = isNodeClass(nodeType)
			? await (nodeType as unknown as Node).webhook!(context)
			: await nodeType.webhook!.call(context);
		// n8n saves the workflow's static data after each production webhook call, as plain JSON,
		// clears its "changed" mark, and only then sends its own answer.
		if (this.databaseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.databaseMs));
		const saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		delete saved.__dataChanged;
		for (const key of Object.keys(this.staticData)) delete this.staticData[key];
		Object.assign(this.staticData, saved);
		workflow.staticData.__dataChanged = false;
		if (!result.noWebhookResponse) {
			res
				.status(200)
				.json(
					this.defaultResponse(workflow, workflow.getNode(node.name)!, webhookDescription, result),
				);
		}
		exchange.status = res.statusCode;
		if (result.workflowData) {
			exchange.execution = this.harness.run(this.definition, {
				startNode: node.name,
				input: result.workflowData[0],
				mode: 'webhook',
			});
		}
		this.exchanges.push(exchange);
		for (const listener of this.listeners) listener();
	}
}

/**
 * n8n's check for class-style nodes (its Webhook node), by the class's name: the benchmark loads
 * n8n-nodes-base with its own copy of n8n-workflow, whose Node class is not this one.
 */
function isNodeClass(nodeType: object): boolean {
	if (nodeType instanceof Node) return true;
	for (let proto = Object.getPrototypeOf(nodeType); proto; proto = Object.getPrototypeOf(proto)) {
		if (proto.constructor?.name === 'Node') return true;
	}
	return false;
}
