/**
 * A stand-in for an OpenAI chat model, on loopback, for the AI Agent e2e (agent.sh): n8n's OpenAI
 * Chat Model node is pointed at it through its credential's Base URL. It speaks both APIs that
 * node can use, as the official `openai` client expects them, with and without streaming:
 *   POST /v1/responses          (Responses API: the node's default from version 1.3 on)
 *   POST /v1/chat/completions   (Chat Completions: "Use Responses API" turned off)
 *   GET  /v1/models
 * It is scripted, not a model: the first answer to a question is one call of the tool whose
 * description best matches the question's words, with the conversation ID the question names;
 * once a tool's output is in the conversation, the answer is text built from that output.
 * Every request is appended to LOG_FILE as one JSON line {method, path, authorization, body, reply}
 * (the API key replaced by whether it matched; reply: what the script answered), for the e2e's checks.
 *   node -r ts-node/register model.ts PORT LOG_FILE
 */
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

type Json = Record<string, unknown>;

/** The API key the e2e's OpenAI credential holds. */
export const MODEL_API_KEY = 'e2e-model-key';
export const MODEL_NAME = 'symbl-e2e-stand-in';

interface Tool {
	name: string;
	description: string;
	parameters: { properties?: Record<string, { type?: string }> };
}

interface ToolOutput {
	name?: string;
	output: string;
}

/** What a request asks, in either API's shape. */
interface Turn {
	question: string;
	tools: Tool[];
	/** Tool outputs that came after the last user message. */
	outputs: ToolOutput[];
}

type Answer =
	| { kind: 'call'; callId: string; name: string; arguments: string }
	| { kind: 'text'; text: string };

const STOP_WORDS = new Set(['conversation', 'symbl', 'which', 'what', 'were', 'there', 'about']);

const textOf = (content: unknown): string =>
	typeof content === 'string'
		? content
		: Array.isArray(content)
			? content.map((part) => (part as Json)?.text ?? '').join('')
			: '';

/** Chat Completions: {messages, tools: [{type: 'function', function: {…}}]}. */
function chatTurn(body: Json): Turn {
	const messages = (body.messages ?? []) as Json[];
	const lastUser = messages.map((m) => m.role).lastIndexOf('user');
	const names = new Map<string, string>();
	for (const message of messages) {
		for (const call of (message.tool_calls ?? []) as Json[]) {
			names.set(call.id as string, (call.function as Json).name as string);
		}
	}
	return {
		question: textOf(messages[lastUser]?.content),
		tools: ((body.tools ?? []) as Json[]).map((tool) => tool.function as unknown as Tool),
		outputs: messages
			.slice(lastUser + 1)
			.filter((m) => m.role === 'tool')
			.map((m) => ({ name: names.get(m.tool_call_id as string), output: textOf(m.content) })),
	};
}

/** Responses API: {input: [messages, function_call, function_call_output], tools: [{…}]}. */
function responsesTurn(body: Json): Turn {
	const input = (
		typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? [])
	) as Json[];
	const lastUser = input.map((item) => item.role).lastIndexOf('user');
	const names = new Map<string, string>();
	for (const item of input) {
		if (item.type === 'function_call') names.set(item.call_id as string, item.name as string);
	}
	return {
		question: textOf(input[lastUser]?.content),
		tools: ((body.tools ?? []) as Json[]).filter((t) => t.type === 'function') as unknown as Tool[],
		outputs: input
			.slice(lastUser + 1)
			.filter((item) => item.type === 'function_call_output')
			.map((item) => ({ name: names.get(item.call_id as string), output: textOf(item.output) })),
	};
}

let calls = 0;

/** The script: a tool call first, then an answer from the tool's output. */
export function answer(turn: Turn): Answer {
	const conversationId = /conversation\s+(?:id\s+)?([A-Za-z0-9_-]+)/i.exec(turn.question)?.[1];
	if (turn.outputs.length > 0) {
		const { name, output } = turn.outputs[turn.outputs.length - 1];
		return { kind: 'text', text: `From ${name}: ${summarize(output)}` };
	}
	if (!conversationId) return { kind: 'text', text: 'Which conversation do you mean?' };
	const words = (turn.question.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter(
		(word) => !STOP_WORDS.has(word),
	);
	const scored = turn.tools
		.map((tool) => ({
			tool,
			score: words.filter((word) => tool.description.toLowerCase().includes(word)).length,
		}))
		.sort((a, b) => b.score - a.score);
	const [best, second] = scored;
	if (!best || best.score === 0 || best.score === second?.score) {
		return { kind: 'text', text: `No single tool fits "${turn.question}"` };
	}
	const args: Json = {};
	for (const key of Object.keys(best.tool.parameters?.properties ?? {})) {
		if (/conversation/i.test(key)) args[key] = conversationId;
	}
	calls++;
	return {
		kind: 'call',
		callId: `call_e2e_${calls}`,
		name: best.tool.name,
		arguments: JSON.stringify(args),
	};
}

/** The `text` of each entry (topics, messages…), or a transcript, from a tool's JSON output. */
function summarize(output: string): string {
	let parsed: unknown;
	try {
		parsed = JSON.parse(output);
	} catch {
		return output.slice(0, 200);
	}
	const entries = (Array.isArray(parsed) ? parsed : [parsed]) as Json[];
	const texts = entries.map((entry) => entry?.text ?? entry?.transcript).filter(Boolean);
	return texts.length > 0 ? texts.join('; ') : output.slice(0, 200);
}

const now = () => Math.floor(Date.now() / 1000);
const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

function sse(res: ServerResponse, events: Array<{ event?: string; data: unknown }>): void {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	for (const { event, data } of events) {
		res.write(
			`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
		);
	}
	res.end();
}

function chatCompletion(body: Json, reply: Answer, res: ServerResponse): void {
	const id = `chatcmpl-e2e-${calls}-${Date.now()}`;
	const base = { id, created: now(), model: body.model };
	const toolCall = (args: string) => ({
		id: reply.kind === 'call' ? reply.callId : '',
		type: 'function',
		function: { name: reply.kind === 'call' ? reply.name : '', arguments: args },
	});
	const finish = reply.kind === 'call' ? 'tool_calls' : 'stop';
	if (!body.stream) {
		const message =
			reply.kind === 'call'
				? { role: 'assistant', content: null, tool_calls: [toolCall(reply.arguments)] }
				: { role: 'assistant', content: reply.text };
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({
				...base,
				object: 'chat.completion',
				choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
				usage,
			}),
		);
		return;
	}
	const chunk = (delta: Json, finishReason: string | null = null): { data: Json } => ({
		data: {
			...base,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
		},
	});
	const events =
		reply.kind === 'call'
			? [
					chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, ...toolCall('') }] }),
					chunk({ tool_calls: [{ index: 0, function: { arguments: reply.arguments } }] }),
				]
			: [chunk({ role: 'assistant', content: '' }), chunk({ content: reply.text })];
	events.push(chunk({}, finish));
	if ((body.stream_options as Json | undefined)?.include_usage) {
		events.push({ data: { ...base, object: 'chat.completion.chunk', choices: [], usage } });
	}
	sse(res, [...events, { data: '[DONE]' }]);
}

function response(body: Json, reply: Answer, res: ServerResponse): void {
	const id = `resp_e2e_${calls}_${Date.now()}`;
	const item =
		reply.kind === 'call'
			? {
					type: 'function_call',
					id: `fc_${reply.callId}`,
					call_id: reply.callId,
					name: reply.name,
					arguments: reply.arguments,
					status: 'completed',
				}
			: {
					type: 'message',
					id: `msg_${id}`,
					role: 'assistant',
					status: 'completed',
					content: [{ type: 'output_text', text: reply.text, annotations: [] }],
				};
	const full = (status: string, output: unknown[]) => ({
		id,
		object: 'response',
		created_at: now(),
		status,
		model: body.model,
		output,
		error: null,
		incomplete_details: null,
		instructions: body.instructions ?? null,
		parallel_tool_calls: true,
		tool_choice: 'auto',
		tools: body.tools ?? [],
		text: { format: { type: 'text' } },
		usage: {
			input_tokens: 10,
			input_tokens_details: { cached_tokens: 0 },
			output_tokens: 5,
			output_tokens_details: { reasoning_tokens: 0 },
			total_tokens: 15,
		},
	});
	if (!body.stream) {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify(full('completed', [item])));
		return;
	}
	let sequence = 0;
	const event = (type: string, data: Json) => ({
		event: type,
		data: { type, sequence_number: sequence++, ...data },
	});
	const at = { output_index: 0, item_id: item.id };
	const middle =
		reply.kind === 'call'
			? [
					event('response.output_item.added', {
						output_index: 0,
						item: { ...item, arguments: '', status: 'in_progress' },
					}),
					event('response.function_call_arguments.delta', { ...at, delta: reply.arguments }),
					event('response.function_call_arguments.done', { ...at, arguments: reply.arguments }),
				]
			: [
					event('response.output_item.added', {
						output_index: 0,
						item: { ...item, status: 'in_progress', content: [] },
					}),
					event('response.content_part.added', {
						...at,
						content_index: 0,
						part: { type: 'output_text', text: '', annotations: [] },
					}),
					event('response.output_text.delta', { ...at, content_index: 0, delta: reply.text }),
					event('response.output_text.done', { ...at, content_index: 0, text: reply.text }),
					event('response.content_part.done', {
						...at,
						content_index: 0,
						part: { type: 'output_text', text: reply.text, annotations: [] },
					}),
				];
	sse(res, [
		event('response.created', { response: full('in_progress', []) }),
		event('response.in_progress', { response: full('in_progress', []) }),
		...middle,
		event('response.output_item.done', { output_index: 0, item }),
		event('response.completed', { response: full('completed', [item]) }),
	]);
}

async function readBody(req: IncomingMessage): Promise<Json> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	return text ? (JSON.parse(text) as Json) : {};
}

function main(): void {
	const [port, logFile] = [Number(process.argv[2]), process.argv[3]];
	if (!port || !logFile) throw new Error('usage: model.ts PORT LOG_FILE');
	const server = createServer((req, res) => {
		void (async () => {
			const path = new URL(req.url ?? '/', 'http://model').pathname;
			const body = await readBody(req);
			const authorization = req.headers.authorization === `Bearer ${MODEL_API_KEY}`;
			const log = (reply: unknown) =>
				appendFileSync(
					logFile,
					`${JSON.stringify({ method: req.method, path, authorization, body, reply })}\n`,
				);
			const fail = (status: number, message: string) => {
				log({ status, message });
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message, type: 'invalid_request_error' } }));
			};
			if (!authorization) return fail(401, 'Incorrect API key provided');
			if (req.method === 'GET' && path === '/v1/models') {
				log({ status: 200 });
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						object: 'list',
						data: [{ id: MODEL_NAME, object: 'model', created: now(), owned_by: 'e2e' }],
					}),
				);
				return;
			}
			if (req.method === 'POST' && path === '/v1/chat/completions') {
				const reply = answer(chatTurn(body));
				log(reply);
				return chatCompletion(body, reply, res);
			}
			if (req.method === 'POST' && path === '/v1/responses') {
				const reply = answer(responsesTurn(body));
				log(reply);
				return response(body, reply, res);
			}
			fail(404, `The stand-in does not serve ${req.method} ${path}`);
		})().catch((error) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { message: String(error), type: 'server_error' } }));
		});
	});
	server.listen(port, '127.0.0.1', () => console.log(`model stand-in listening on ${port}`));
	const stop = () => server.close(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

if (require.main === module) main();
