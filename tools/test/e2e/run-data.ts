/**
 * Reading what a real n8n and the emulator recorded, for the real-n8n e2e checks (scenarios.ts,
 * operations.ts): n8n's stored executions (execution_entity joined with execution_data, as JSON,
 * the data in n8n's own `flatted` format) and the emulator's log (one JSON line per request, and
 * one `{"download": …}` line per download of a URL upload's recording).
 */
import { readFileSync } from 'node:fs';
import type { IDataObject, IRunExecutionData } from 'n8n-workflow';

import type { DownloadRecord } from '../../emulator';
import { fail } from './workflows';

type Row = { id: number; workflowId: string; status: string; data: string };

export interface Upload {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	bodyBytes: number;
	bodySha256: string;
	json?: IDataObject;
	status: number;
}

/** Every execution of the workflow, oldest first, with its run data. */
export async function executions(rowsFile: string, flattedModule: string, workflowId: string) {
	const flatted = (await import(flattedModule)) as { parse: (text: string) => unknown };
	const rows = (JSON.parse(readFileSync(rowsFile, 'utf8')) as Row[]).filter(
		(row) => row.workflowId === workflowId,
	);
	return rows.map((row) => ({ ...row, run: flatted.parse(row.data) as IRunExecutionData }));
}

/** The items of the node's last run (a Symbl node that waited also has a run with none per wake). */
export function output(data: IRunExecutionData, name: string): IDataObject[] {
	const runs = data.resultData.runData[name];
	if (!runs) fail(`node "${name}" did not run`);
	return (runs[runs.length - 1].data?.main[0] ?? []).map((item) => item.json);
}

/** How many runs of the node had items. */
export function runsWithItems(data: IRunExecutionData, name: string): number {
	return (data.resultData.runData[name] ?? []).filter((run) => (run.data?.main[0] ?? []).length)
		.length;
}

/** The node's own time in n8n, every run of it added up, in seconds. */
export function nodeSeconds(data: IRunExecutionData, name: string): number {
	const runs = data.resultData.runData[name] ?? [];
	return runs.reduce((sum, run) => sum + (run.executionTime ?? 0), 0) / 1000;
}

function logLines(logFile: string): IDataObject[] {
	return readFileSync(logFile, 'utf8')
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line) as IDataObject);
}

/** Every request the emulator answered, in order. */
export function emulatorRequests(logFile: string): Upload[] {
	return logLines(logFile).filter((line) => typeof line.path === 'string') as unknown as Upload[];
}

/** Every upload of a video (file or URL) the emulator answered, in order. */
export function emulatorUploads(logFile: string): Upload[] {
	return emulatorRequests(logFile).filter((request) =>
		request.path.startsWith('/v1/process/video'),
	);
}

/** Every download of a URL upload's recording the emulator made, in the order they ended. */
export function emulatorDownloads(logFile: string): DownloadRecord[] {
	return logLines(logFile)
		.filter((line) => line.download)
		.map((line) => line.download as unknown as DownloadRecord);
}
