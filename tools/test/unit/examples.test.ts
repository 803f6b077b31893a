/**
 * The shipped example workflows fit Symbl's documented callbacks ({jobId, status}, no
 * conversation ID): results are read only for callbacks that name their conversation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IConnections, INode } from 'n8n-workflow';

import { Symbl } from '../../../nodes/Symbl/Symbl.node';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

interface Workflow {
	nodes: INode[];
	connections: IConnections;
}

const load = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Workflow;
const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));

/** Every path from `from` to `to`, as the edges taken: [node name, output index]. */
function paths(
	workflow: Workflow,
	from: string,
	to: string,
	seen: string[] = [],
): Array<Array<[string, number]>> {
	if (from === to) return [[]];
	if (seen.includes(from)) return [];
	const outputs = workflow.connections[from]?.main ?? [];
	return outputs.flatMap((targets, output) =>
		(targets ?? []).flatMap((target) =>
			paths(workflow, target.node, to, [...seen, from]).map((rest) => [
				[from, output] as [string, number],
				...rest,
			]),
		),
	);
}

/** An If node whose condition tests the conversation ID, in a way that a null ID does not break. */
function checksConversation(node: INode | undefined): boolean {
	if (node?.type !== 'n8n-nodes-base.if') return false;
	const conditions = node.parameters.conditions as {
		options?: { typeValidation?: string };
		conditions: Array<{ leftValue: string; operator: { type: string } }>;
	};
	return conditions.conditions.some(
		(condition) =>
			condition.leftValue.includes('$json.conversationId') &&
			(condition.operator.type === 'boolean' || conditions.options?.typeValidation === 'loose'),
	);
}

describe('example workflows', () => {
	it.each(files)(
		'%s reads results only on the branch where the callback names its conversation',
		(file) => {
			const workflow = load(file);
			const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
			const triggers = workflow.nodes.filter(
				(node) => node.type === 'n8n-nodes-symbl.symblTrigger',
			);
			const readers = workflow.nodes.filter((node) => node.parameters.operation === 'getResults');
			for (const trigger of triggers) {
				for (const reader of readers) {
					const found = paths(workflow, trigger.name, reader.name);
					expect(found.length).toBeGreaterThan(0);
					for (const path of found) {
						const guarded = path.some(
							([name, output]) => output === 0 && checksConversation(byName.get(name)),
						);
						expect({ path, guarded }).toEqual({ path, guarded: true });
					}
				}
			}
		},
	);

	it('an example reads results after a Symbl Trigger', () => {
		const withReader = files
			.map(load)
			.filter((workflow) =>
				workflow.nodes.some((node) => node.parameters.operation === 'getResults'),
			);
		expect(withReader.length).toBeGreaterThan(0);
	});
});

describe('example workflows use the Symbl node as it is', () => {
	const properties = new Symbl().description.properties;
	const shownFor = (resource: string, operation: string) =>
		properties.filter((property) => {
			const show = property.displayOptions?.show;
			return (
				(!show?.resource || show.resource.includes(resource)) &&
				(!show?.operation || show.operation.includes(operation))
			);
		});

	it.each(files)('%s: every Symbl node names a real operation and only its fields', (file) => {
		for (const node of load(file).nodes.filter((n) => n.type === 'n8n-nodes-symbl.symbl')) {
			const { resource, operation, ...rest } = node.parameters as Record<string, string>;
			const operations = properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.includes(resource),
			);
			expect(operations?.options?.map((option) => (option as { value: string }).value)).toContain(
				operation,
			);
			const fields = shownFor(resource, operation).map((property) => property.name);
			for (const name of Object.keys(rest))
				expect([node.name, fields.includes(name)]).toEqual([node.name, true]);
		}
	});
});
