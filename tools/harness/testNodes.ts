/**
 * Nodes for harness workflows. Load Files loads files from disk into binary data, the
 * way Read Files from Disk does: through this.helpers.prepareBinaryData, so the
 * binary lands in n8n's binary store (memory or filesystem mode). Emit Items emits
 * JSON items (text messages, IDs) as a Set or Code node would.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export interface FileToLoad {
	path: string;
	fileName?: string;
	mimeType?: string;
	json?: IDataObject;
}

export class LoadFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Load Files',
		name: 'loadFiles',
		group: ['input'],
		version: 1,
		description: 'Emits one item per file (per input item), with the file as binary data',
		defaults: { name: 'Load Files' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Files', name: 'files', type: 'json', default: '[]' },
			{
				displayName: 'Binary Property',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items: INodeExecutionData[] = [];
		const inputs = this.getInputData();
		for (let itemIndex = 0; itemIndex < inputs.length; itemIndex++) {
			const raw = this.getNodeParameter('files', itemIndex) as string | FileToLoad[];
			const files = (typeof raw === 'string' ? JSON.parse(raw) : raw) as FileToLoad[];
			const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
			for (const file of files) {
				const fileName = file.fileName ?? basename(file.path);
				const binary = await this.helpers.prepareBinaryData(
					createReadStream(file.path),
					fileName,
					file.mimeType ?? 'video/mp4',
				);
				items.push({
					// Input fields travel on, so a later node can still see e.g. a conversation ID.
					json: { ...inputs[itemIndex].json, fileName, ...file.json },
					binary: { [property]: binary },
					pairedItem: { item: itemIndex },
				});
			}
		}
		return [items];
	}
}

/** A node for harness workflows that emits the JSON items it is given (text, IDs, …), no binary. */
export class EmitItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Emit Items',
		name: 'emitItems',
		group: ['input'],
		version: 1,
		description: 'Emits one item per entry of its Items parameter',
		defaults: { name: 'Emit Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const entries = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [entries.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}
