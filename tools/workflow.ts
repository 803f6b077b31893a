/** Builds n8n workflow JSON: for the engine harness (tests, benchmark), the e2e imports and the demo. */
import type { IConnections, INode } from 'n8n-workflow';

/** A node at the origin of the canvas, typeVersion 1 unless `extra` says otherwise. */
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

/** A workflow as n8n's `import:workflow` takes it. */
export function workflow(id: string, name: string, nodes: INode[], connections = linear(nodes)) {
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}
