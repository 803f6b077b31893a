#!/usr/bin/env bash
# Prints real-n8n.sh's result rows (tab-separated on stdin) as a table.
awk -F'\t' 'BEGIN { f = "%-9s %-9s %-11s %-10s %-6s %7s\n"; printf f, "n8n", "node", "binary", "scenario", "result", "seconds" }
	{ printf f, $1, $2, $3, $4, $5, $6 }'
