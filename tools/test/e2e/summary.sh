#!/usr/bin/env bash
# Prints real-n8n.sh's result rows (tab-separated on stdin) as a table. A scenario's seconds are its
# wall time; an operation's (E and F rows) the node's own time in n8n, every run of it added up.
awk -F'\t' 'BEGIN { f = "%-9s %-9s %-11s %-34s %-6s %7s\n"; printf f, "n8n", "node", "binary", "scenario", "result", "seconds" }
	{ printf f, $1, $2, $3, $4, $5, $6 }'
