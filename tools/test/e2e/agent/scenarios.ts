/**
 * Workflows and checks for agent.sh (the Symbl node as an AI Agent tool in a real n8n 2.x):
 *   scenarios.ts seed EMULATOR_URL                       a finished text conversation; prints its ID
 *   scenarios.ts workflows DIR EMULATOR_URL MODEL_URL     writes credentials.json and workflows.json
 *   scenarios.ts check WORK N8N_MODULES CONVERSATION_ID   checks the runs (files agent.sh leaves in WORK)
 * N8N_MODULES is the n8n install's node_modules: its own `flatted` (which n8n stores execution data
 * with) and `n8n-workflow` (whose display rules decide what the editor shows) are used.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeTypeDescription,
	IRunExecutionData,
} from 'n8n-workflow';

import { fail, node, workflow } from '../workflows';
import { MODEL_API_KEY, MODEL_NAME } from './model';

type Json = IDataObject;

const APP_ID = 'emulator-app-id';
const APP_SECRET = 'emulator-app-secret';
const SYMBL = { symblApi: { id: 'symblAgentE2E', name: 'Symbl (emulator)' } };
const OPENAI = { openAiApi: { id: 'openAiAgentE2E', name: 'OpenAI (stand-in)' } };

/** One agent workflow per API n8n's OpenAI Chat Model can call. */
export const AGENTS = {
	responses: {
		id: 'e2eAgentResponses',
		path: 'agent-responses',
		api: 'Responses API (/v1/responses), the default',
		question: (id: string) => `Which topics were discussed in conversation ${id}?`,
		tool: 'Get_Topics',
	},
	chat: {
		id: 'e2eAgentChat',
		path: 'agent-chat',
		api: 'Chat Completions (/v1/chat/completions), streamed to the webhook caller',
		question: (id: string) => `Show me the transcript of conversation ${id}, please.`,
		tool: 'Get_Transcript',
	},
} as const;

async function seed(emulatorUrl: string): Promise<void> {
	const call = async (method: string, path: string, body?: unknown, token?: string) => {
		const response = await fetch(`${emulatorUrl}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				...(token ? { authorization: `Bearer ${token}` } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) fail(`${method} ${path}: ${response.status} ${await response.text()}`);
		return (await response.json()) as Json;
	};
	const { accessToken } = await call('POST', '/oauth2/token:generate', {
		type: 'application',
		appId: APP_ID,
		appSecret: APP_SECRET,
	});
	const token = accessToken as string;
	const { conversationId, jobId } = await call(
		'POST',
		'/v1/process/text',
		{
			name: 'Agent e2e meeting',
			messages: [
				{ payload: { content: 'Let us go over the project timeline.' }, from: { name: 'Ana' } },
				{ payload: { content: 'The launch moves to May.' }, from: { name: 'Ben' } },
			],
		},
		token,
	);
	for (let i = 0; i < 200; i++) {
		const { status } = await call('GET', `/v1/job/${jobId as string}`, undefined, token);
		if (status === 'completed') {
			console.log(conversationId);
			return;
		}
		if (status === 'failed') fail(`the seed job ${jobId as string} failed`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	fail(`the seed job ${jobId as string} did not complete`);
}

const symblTool = (name: string, parameters: Json) =>
	node(name, 'n8n-nodes-symbl.symblTool', parameters, { credentials: SYMBL });

/** Webhook → AI Agent, with the OpenAI Chat Model and the Symbl tools below it. */
function agentWorkflow(kind: keyof typeof AGENTS) {
	const { id, path } = AGENTS[kind];
	const streaming = kind === 'chat';
	const webhook = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		{
			httpMethod: 'POST',
			path,
			responseMode: streaming ? 'streaming' : 'lastNode',
			options: {},
		},
		{ typeVersion: 2.1, webhookId: path },
	);
	const agent = node(
		'AI Agent',
		'@n8n/n8n-nodes-langchain.agent',
		{ promptType: 'define', text: '={{ $json.body.question }}', options: {} },
		{ typeVersion: 3.1 },
	);
	const model = node(
		'OpenAI Chat Model',
		'@n8n/n8n-nodes-langchain.lmChatOpenAi',
		{
			model: { __rl: true, mode: 'id', value: MODEL_NAME },
			...(kind === 'chat' ? { responsesApiEnabled: false } : {}),
			options: {},
		},
		{ typeVersion: 1.3, credentials: OPENAI },
	);
	const tools: INode[] = [
		// As a workflow author would write it: a key and a description for the model.
		symblTool('Get Topics', {
			resource: 'conversation',
			operation: 'getTopics',
			conversationId:
				"={{ $fromAI('conversationId', 'The ID of the Symbl conversation, as the user gave it', 'string') }}",
			options: {},
		}),
		// As n8n's editor writes it when "Let the model define this parameter" is clicked.
		symblTool('Get Transcript', {
			resource: 'conversation',
			operation: 'getTranscript',
			conversationId:
				"={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('Conversation_ID', ``, 'string') }}",
			options: {},
		}),
	];
	const connections: IConnections = {
		[webhook.name]: { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
		[model.name]: {
			ai_languageModel: [[{ node: agent.name, type: 'ai_languageModel', index: 0 }]],
		},
	};
	for (const tool of tools) {
		connections[tool.name] = { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] };
	}
	return workflow(id, `e2e agent (${kind})`, [webhook, agent, model, ...tools], connections);
}

function writeWorkflows(dir: string, emulatorUrl: string, modelUrl: string): void {
	writeFileSync(
		join(dir, 'credentials.json'),
		JSON.stringify([
			{
				...SYMBL.symblApi,
				type: 'symblApi',
				data: { appId: APP_ID, appSecret: APP_SECRET, baseUrl: emulatorUrl },
			},
			{
				...OPENAI.openAiApi,
				type: 'openAiApi',
				data: { apiKey: MODEL_API_KEY, url: modelUrl, header: false },
			},
		]),
	);
	writeFileSync(
		join(dir, 'workflows.json'),
		JSON.stringify([agentWorkflow('responses'), agentWorkflow('chat')]),
	);
}

type Row = { id: number; workflowId: string; status: string; data: string };
type ModelRequest = {
	method: string;
	path: string;
	authorization: boolean;
	body: Json;
	reply: Json;
};
type EmulatorRequest = { method: string; path: string; status: number };

/** What n8n 2.40.7 sends the model for each Symbl tool: its name, description and JSON schema. */
export const EXPECTED_TOOLS: Record<string, { description: string; parameters: Json }> = {
	Get_Topics: {
		description: 'Get the topics of a conversation in Symbl',
		parameters: {
			type: 'object',
			properties: {
				conversationId: {
					type: 'string',
					description: 'The ID of the Symbl conversation, as the user gave it',
				},
			},
			required: ['conversationId'],
			additionalProperties: false,
			$schema: 'http://json-schema.org/draft-07/schema#',
		},
	},
	Get_Transcript: {
		description: 'Get the transcript of a conversation as one Markdown or SRT text in Symbl',
		parameters: {
			type: 'object',
			properties: { Conversation_ID: { type: 'string' } },
			required: ['Conversation_ID'],
			additionalProperties: false,
			$schema: 'http://json-schema.org/draft-07/schema#',
		},
	},
};

const ok = (message: string) => console.log(`ok: ${message}`);

function same(what: string, actual: unknown, expected: unknown): void {
	if (JSON.stringify(actual) !== JSON.stringify(expected)) {
		fail(`${what}: got ${JSON.stringify(actual)}, wanted ${JSON.stringify(expected)}`);
	}
}

const jsonLines = <T>(file: string): T[] =>
	readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line) as T);

/** The tools of one request, in either API's shape, as {name, description, parameters}. */
function toolsOf(
	request: ModelRequest,
): Array<{ name: string; description: string; parameters: Json }> {
	return ((request.body.tools ?? []) as Json[]).map((tool) => {
		const fn = (tool.function ?? tool) as Json;
		return {
			name: fn.name as string,
			description: fn.description as string,
			parameters: fn.parameters as Json,
		};
	});
}

/** The tool call the model made and the tool output n8n sent back, from the second request. */
function toolExchange(request: ModelRequest): { args: Json; output: unknown } {
	if (request.path === '/v1/responses') {
		const input = request.body.input as Json[];
		const call = input.find((item) => item.type === 'function_call');
		const output = input.find((item) => item.type === 'function_call_output');
		if (!call || !output) fail(`the second /v1/responses request has no tool call and output`);
		if (output.call_id !== call.call_id) fail('the tool output answers another call');
		return {
			args: JSON.parse(call.arguments as string) as Json,
			output: JSON.parse(output.output as string),
		};
	}
	const messages = request.body.messages as Json[];
	const assistant = messages.find((message) => message.role === 'assistant');
	const call = (assistant?.tool_calls as Json[] | undefined)?.[0];
	const tool = messages.find((message) => message.role === 'tool');
	if (!call || !tool)
		fail('the second /v1/chat/completions request has no tool call and tool message');
	if (tool.tool_call_id !== call.id) fail('the tool message answers another call');
	return {
		args: JSON.parse((call.function as Json).arguments as string) as Json,
		output: JSON.parse(tool.content as string),
	};
}

/** The final answer in what the webhook sent back: JSON (lastNode) or n8n's JSON-lines stream. */
function webhookAnswer(file: string, streamed: boolean): string {
	const text = readFileSync(file, 'utf8');
	if (!streamed) return (JSON.parse(text) as Json).output as string;
	return jsonLines<Json>(file)
		.filter((chunk) => chunk.type === 'item')
		.map((chunk) => chunk.content as string)
		.join('');
}

/**
 * The tool variant n8n generated from the package (n8n-nodes-symbl.symblTool), as the running n8n
 * serves node types to its editor: which Video and Audio operations it offers, by n8n's own
 * display rules, beside the node's.
 */
async function checkToolVariant(work: string, n8nModules: string): Promise<void> {
	const types = JSON.parse(
		readFileSync(join(work, 'user/.cache/n8n/public/types/nodes.json'), 'utf8'),
	) as INodeTypeDescription[];
	const { NodeHelpers } = (await import(
		join(n8nModules, 'n8n-workflow')
	)) as typeof import('n8n-workflow');
	const offered = (type: string, resource: string) => {
		const description =
			types.find((candidate) => candidate.name === type) ?? fail(`n8n has no node type ${type}`);
		const node = { typeVersion: 1, parameters: { resource } } as unknown as INode;
		return description.properties
			.filter((property) => property.name === 'operation')
			.filter((property) => NodeHelpers.displayParameter({ resource }, property, node, description))
			.flatMap((property) =>
				(property.options as Array<{ value: string }>).map((option) => option.value),
			)
			.filter((value) => value !== '__CUSTOM_API_CALL__')
			.sort();
	};
	for (const resource of ['video', 'audio']) {
		same(`the Symbl node's ${resource} operations`, offered('n8n-nodes-symbl.symbl', resource), [
			'append',
			'appendUrl',
			'submit',
			'submitUrl',
		]);
		same(
			`the Symbl tool's ${resource} operations`,
			offered('n8n-nodes-symbl.symblTool', resource),
			['appendUrl', 'submitUrl'],
		);
	}
	ok(
		'n8n generated n8n-nodes-symbl.symblTool; as a tool it offers Video and Audio only from a URL (no binary uploads)',
	);
}

async function check(work: string, n8nModules: string, conversationId: string): Promise<void> {
	await checkToolVariant(work, n8nModules);
	const flatted = (await import(join(n8nModules, 'flatted'))) as {
		parse: (text: string) => unknown;
	};
	const rows = JSON.parse(readFileSync(join(work, 'rows.json'), 'utf8')) as Row[];
	const requests = jsonLines<ModelRequest>(join(work, 'model.jsonl'));
	const symblCalls = jsonLines<EmulatorRequest>(join(work, 'emulator.log')).filter((request) =>
		request.path.startsWith('/v1/conversations/'),
	);
	const unserved = requests.filter(
		(request) => !['/v1/responses', '/v1/chat/completions'].includes(request.path),
	);
	if (unserved.length > 0)
		fail(`n8n called the model at ${unserved.map((r) => r.path).join(', ')}`);
	if (requests.some((request) => !request.authorization))
		fail("a model request lacked the credential's API key");

	for (const [kind, agent] of Object.entries(AGENTS)) {
		const streamed = kind === 'chat';
		const path = kind === 'chat' ? '/v1/chat/completions' : '/v1/responses';
		const question = agent.question(conversationId);
		console.log(`-- ${kind}: ${agent.api}`);
		const asked = requests.filter((request) => JSON.stringify(request.body).includes(question));
		same(
			`${kind}: the model requests (endpoint, stream)`,
			asked.map((r) => [r.path, Boolean(r.body.stream)]),
			[
				[path, streamed],
				[path, streamed],
			],
		);
		ok(`n8n called ${path} twice (stream: ${streamed}): the tool call, then the answer`);

		// 1. The tool definitions n8n generated from the package's node description.
		const tools = toolsOf(asked[0]);
		same(
			`${kind}: the tools offered`,
			tools.map((tool) => tool.name).sort(),
			Object.keys(EXPECTED_TOOLS).sort(),
		);
		for (const tool of tools) {
			same(
				`${kind}: ${tool.name}'s definition`,
				{ description: tool.description, parameters: tool.parameters },
				EXPECTED_TOOLS[tool.name],
			);
		}
		ok(
			`the tools sent are ${tools.map((tool) => `${tool.name} ("${tool.description}")`).join(' and ')}, with the schemas expected`,
		);
		if (kind === 'responses') {
			console.log(
				`   one of them, as sent: ${JSON.stringify((asked[0].body.tools as Json[]).find((tool) => tool.name === agent.tool))}`,
			);
		}

		// 2. The model's call reached the emulator with the model's arguments.
		const call = asked[0].reply;
		same(`${kind}: the stand-in's first answer`, [call.kind, call.name], ['call', agent.tool]);
		const args = JSON.parse(call.arguments as string) as Json;
		same(`${kind}: the conversation ID the model gave`, Object.values(args), [conversationId]);
		const symblPath =
			kind === 'chat'
				? `/v1/conversations/${conversationId}/transcript`
				: `/v1/conversations/${conversationId}/topics`;
		const reached = symblCalls.filter((request) => request.path === symblPath);
		same(
			`${kind}: Symbl calls for ${symblPath} (method, status)`,
			reached.map((r) => [r.method, r.status]),
			[[kind === 'chat' ? 'POST' : 'GET', 200]],
		);
		ok(
			`the model called ${agent.tool} with ${JSON.stringify(args)}; the emulator answered ${reached[0].method} ${symblPath} with 200`,
		);

		// 3. The tool's output came back to the model, as the Symbl node produced it.
		const exchange = toolExchange(asked[1]);
		same(`${kind}: the tool call echoed to the model`, exchange.args, { ...args, id: call.callId });
		const run = rows.find((row) => row.workflowId === agent.id);
		if (!run) fail(`no execution of ${agent.id}`);
		same(`${kind}: the execution's status`, run.status, 'success');
		const data = (flatted.parse(run.data) as IRunExecutionData).resultData.runData;
		const toolNode = agent.tool.replace('_', ' ');
		const toolRuns = data[toolNode] ?? [];
		same(
			`${kind}: ${toolNode} ran`,
			toolRuns.map((r) => r.executionStatus),
			['success'],
		);
		same(
			`${kind}: ${toolNode}'s input`,
			toolRuns[0].inputOverride?.ai_tool?.[0]?.map((item) => item.json),
			[args],
		);
		const produced = toolRuns[0].data?.ai_tool?.[0]?.map((item) => item.json);
		same(`${kind}: the tool output the model received`, exchange.output, produced);
		ok(
			`the model's second request holds the tool output: ${JSON.stringify(exchange.output).slice(0, 140)}`,
		);

		// 4. The final answer: in the webhook's response and in the stored execution.
		const finalText =
			(asked[1].reply.text as string) ?? fail(`${kind}: the stand-in gave no final text`);
		same(
			`${kind}: the webhook's answer`,
			webhookAnswer(join(work, `${kind}.out`), streamed),
			finalText,
		);
		const agentOut = (data['AI Agent'] ?? []).map((r) =>
			r.data?.main?.[0]?.map((item) => item.json),
		);
		same(`${kind}: the AI Agent's output in the execution`, agentOut, [[{ output: finalText }]]);
		ok(
			`the agent's final answer "${finalText}" is the webhook's ${streamed ? 'streamed ' : ''}answer and the AI Agent node's output`,
		);
	}
	const stored =
		readFileSync(join(work, 'rows.json'), 'utf8') + readFileSync(join(work, 'n8n.log'), 'utf8');
	for (const secret of [MODEL_API_KEY, APP_SECRET]) {
		if (stored.includes(secret))
			fail(`a secret (${secret}) appears in n8n's log or stored executions`);
	}
	ok("no API key or app secret in n8n's log or stored executions");
}

async function main(): Promise<void> {
	const [command, ...args] = process.argv.slice(2);
	switch (command) {
		case 'seed':
			return await seed(args[0]);
		case 'workflows':
			return writeWorkflows(args[0], args[1], args[2]);
		case 'check':
			return await check(args[0], args[1], args[2]);
		default:
			fail(`unknown command ${command}`);
	}
}

main().catch((error) => {
	console.error(`FAIL: ${(error as Error).message}`);
	process.exit(1);
});
