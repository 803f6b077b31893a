/** Builds the workflows the real-n8n e2e scripts import into n8n (scenarios.ts, queue/scenarios.ts). */
import type { IConnections, INode } from 'n8n-workflow';

export function fail(message: string): never {
	throw new Error(message);
}

export function node(
	name: string,
	type: string,
	parameters: object,
	extra: Partial<INode> = {},
): INode {
	return {
		id: name,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		...extra,
	};
}

/** Connects each node's first output to the next node. */
export function linear(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return connections;
}

export function workflow(id: string, name: string, nodes: INode[], connections = linear(nodes)) {
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}
