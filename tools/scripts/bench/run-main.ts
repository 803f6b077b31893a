/** Runs a benchmark script's main and exits with its outcome (open sockets or children would keep it alive). */
export function runMain(main: () => Promise<unknown>): void {
	main().then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
