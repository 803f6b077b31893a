/**
 * Runs workflows through n8n-core's real execution engine (WorkflowExecute), with
 * n8n's real binary-data service in memory or filesystem mode. Used by the tests,
 * the demo and the benchmarks; it replaces only what n8n's server would provide
 * (credential storage, the node-type registry, URLs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// First: n8n-core reads its settings from the environment when its modules load.
import { temporaryFolders } from './environment';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { BinaryDataConfig } from 'n8n-core';
import {
	BinaryDataService,
	ErrorReporter,
	ExecutionLifecycleHooks,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialType,
	IDataObject,
	IConnections,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

import { SymblApi } from '../../credentials/SymblApi.credentials';
import { Symbl } from '../../nodes/Symbl/Symbl.node';
import { SymblTrigger } from '../../nodes/SymblTrigger/SymblTrigger.node';
import { InMemoryCredentialsHelper } from './credentials';
import { EmitItems, LoadFiles } from './testNodes';

export const PACKAGE_NAME = 'n8n-nodes-symbl';

export type BinaryMode = 'default' | 'filesystem';

class NodeTypeRegistry implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	add(type: string, node: INodeType | IVersionedNodeType): void {
		this.types.set(type, node);
	}

	getByName(type: string): INodeType | IVersionedNodeType {
		const node = this.types.get(type);
		if (!node) throw new Error(`Unknown node type "${type}"`);
		return node;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

export interface HarnessOptions {
	binaryMode?: BinaryMode;
	/** Where filesystem-mode binaries are written (a temp folder by default). */
	binaryStoragePath?: string;
	/** Extra node types, for example n8n-nodes-base's HTTP Request node in benchmarks. */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
}

export interface WorkflowDefinition {
	nodes: INode[];
	connections: IConnections;
}

export class EngineHarness {
	readonly nodeTypes = new NodeTypeRegistry();

	readonly credentialTypes = new Map<string, ICredentialType>();

	readonly credentials: InMemoryCredentialsHelper;

	readonly binaryMode: BinaryMode;

	readonly binaryStoragePath: string;

	private executionCounter = 0;

	/** Where resume URLs point ($execution.resumeUrl); a WebhookServer serves them when started. */
	waitingBaseUrl = 'http://127.0.0.1:5678/webhook-waiting';

	/** Executions a node put to wait (n8n keeps them in its database until resumed). */
	readonly waiting = new Map<string, WaitingExecution>();

	private readonly ownsBinaryStorage: boolean;

	constructor(options: HarnessOptions = {}) {
		this.binaryMode = options.binaryMode ?? 'default';
		this.ownsBinaryStorage = !options.binaryStoragePath;
		this.binaryStoragePath =
			options.binaryStoragePath ?? mkdtempSync(join(tmpdir(), 'n8n-binary-'));
		if (this.ownsBinaryStorage) temporaryFolders.add(this.binaryStoragePath);
		this.nodeTypes.add(`${PACKAGE_NAME}.symbl`, new Symbl());
		this.nodeTypes.add(`${PACKAGE_NAME}.symblTrigger`, new SymblTrigger());
		this.nodeTypes.add('harness.loadFiles', new LoadFiles());
		this.nodeTypes.add('harness.emitItems', new EmitItems());
		for (const [type, node] of Object.entries(options.nodeTypes ?? {}))
			this.nodeTypes.add(type, node);
		const symblApi = new SymblApi();
		this.credentialTypes.set(symblApi.name, symblApi);
		this.credentials = new InMemoryCredentialsHelper(this.credentialTypes);
	}

	/** Deletes the binary store this harness created. */
	dispose(): void {
		if (!this.ownsBinaryStorage) return;
		rmSync(this.binaryStoragePath, { recursive: true, force: true });
		temporaryFolders.delete(this.binaryStoragePath);
	}

	/** Installs n8n's binary-data service in the mode this harness was made for. */
	async useBinaryMode(): Promise<void> {
		const config = {
			mode: this.binaryMode,
			availableModes: ['filesystem'],
			localStoragePath: this.binaryStoragePath,
			dbMaxFileSize: 512,
			signingSecret: 'harness-signing-secret',
		} as unknown as BinaryDataConfig;
		const service = new BinaryDataService(
			config,
			Container.get(ErrorReporter),
			Container.get(Logger),
		);
		await service.init();
		Container.set(BinaryDataService, service);
	}

	additionalData(
		hooks: ExecutionLifecycleHooks,
		executionId: string,
	): IWorkflowExecuteAdditionalData {
		const unsupported = async () => {
			throw new Error('Not available in the engine harness');
		};
		return {
			credentialsHelper: this.credentials,
			hooks,
			executionId,
			executeWorkflow: unsupported,
			getRunExecutionData: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: this.waitingBaseUrl,
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			variables: {},
			logAiEvent: () => {},
			startRunnerTask: unsupported,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	/** `staticData` outlives one run when given: n8n keeps a workflow's static data in its database. */
	workflow({ nodes, connections }: WorkflowDefinition, staticData: IDataObject = {}): Workflow {
		return new Workflow({
			id: 'harness-workflow',
			name: 'Harness workflow',
			nodes,
			connections,
			active: false,
			nodeTypes: this.nodeTypes,
			staticData,
			settings: { executionOrder: 'v1' },
		});
	}

	/** Executes the workflow from `startNode` (the first node by default) and returns n8n's run data. */
	async run(
		definition: WorkflowDefinition,
		{
			startNode,
			input = [{ json: {} }],
			mode = 'manual',
		}: { startNode?: string; input?: INodeExecutionData[]; mode?: WorkflowExecuteMode } = {},
	): Promise<IRun> {
		await this.useBinaryMode();
		const workflow = this.workflow(definition);
		const start = workflow.getNode(startNode ?? definition.nodes[0].name);
		if (!start) throw new Error(`No node named "${startNode}"`);
		const executionId = String(++this.executionCounter);
		const hooks = new ExecutionLifecycleHooks(mode, executionId, {
			id: workflow.id,
			name: workflow.name,
			nodes: definition.nodes,
			connections: definition.connections,
			active: false,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		} as never);
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: start, data: { main: [input] }, source: null }],
			},
		});
		const engine = new WorkflowExecute(
			this.additionalData(hooks, executionId),
			mode,
			runExecutionData,
		);
		return await this.finish(engine, workflow, executionId, { definition, mode });
	}

	/** Whether this harness started an execution with that ID (waiting, running or finished). */
	hasExecution(executionId: string): boolean {
		return Number(executionId) >= 1 && Number(executionId) <= this.executionCounter;
	}

	/**
	 * What n8n's WaitTracker does when a waiting execution's wait time comes: it loads the execution
	 * as saved and runs it on, its wait time still set, so n8n-core passes the waiting node's input on.
	 */
	async wakeAtWaitTime(executionId: string): Promise<IRun> {
		const stored = this.waiting.get(executionId);
		if (!stored) throw new Error(`Execution ${executionId} is not waiting`);
		return await this.resume(executionId, structuredClone(stored.data));
	}

	/** Continues a waiting execution whose data a resume prepared (WaitingWebhooks' job in n8n). */
	async resume(executionId: string, data: IRunExecutionData): Promise<IRun> {
		const stored = this.waiting.get(executionId);
		if (!stored) throw new Error(`Execution ${executionId} is not waiting`);
		this.waiting.delete(executionId);
		const workflow = this.workflow(stored.definition);
		const hooks = new ExecutionLifecycleHooks(stored.mode, executionId, {
			id: workflow.id,
		} as never);
		const engine = new WorkflowExecute(this.additionalData(hooks, executionId), stored.mode, data);
		return await this.finish(engine, workflow, executionId, stored);
	}

	private async finish(
		engine: WorkflowExecute,
		workflow: Workflow,
		executionId: string,
		origin: Omit<WaitingExecution, 'data'>,
	): Promise<IRun> {
		try {
			const run = await engine.processRunExecutionData(workflow);
			if (run.waitTill) this.waiting.set(executionId, { ...origin, data: run.data });
			return run;
		} finally {
			releaseEngineTimers();
		}
	}
}

export interface WaitingExecution {
	definition: WorkflowDefinition;
	mode: WorkflowExecuteMode;
	data: IRunExecutionData;
}

/** A workflow whose nodes are connected in a line, first to last. */
export function chain<T extends INode>(...nodes: T[]): WorkflowDefinition & { nodes: T[] } {
	const connections: IConnections = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}

/**
 * n8n-core's SSH-client and cron managers start intervals that a server keeps for
 * its lifetime; in a test or script process they would keep Node from exiting.
 */
function releaseEngineTimers(): void {
	const services: Array<typeof SSHClientsManager | typeof ScheduledTaskManager> = [
		SSHClientsManager,
		ScheduledTaskManager,
	];
	for (const service of services as Array<typeof SSHClientsManager>) {
		if (!Container.has(service)) continue;
		for (const value of Object.values(Container.get(service))) {
			if (value && typeof (value as NodeJS.Timeout).hasRef === 'function')
				(value as NodeJS.Timeout).unref();
		}
	}
}

/** The items a node emitted on its first output in its last run. */
export function nodeOutput(run: IRun, nodeName: string): INodeExecutionData[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`Node "${nodeName}" did not run`);
	return runs[runs.length - 1].data?.main?.[0] ?? [];
}

/** The error that stopped the run (or a node), if any. */
export function runError(run: IRun, nodeName?: string) {
	if (nodeName) {
		const runs = run.data.resultData.runData[nodeName];
		return runs?.[runs.length - 1]?.error;
	}
	return run.data.resultData.error;
}
