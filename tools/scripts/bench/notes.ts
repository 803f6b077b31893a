/** BENCHMARKS.md's prose: what the figures mean and what was measured to explain them. */
export const METHOD_NOTES = `## How the uploads are measured, and why this way

- **The yardstick is the fastest of three bare clients, per round.** Until issue 23 the real-n8n table
  compared the node with one \`curl -T\`, and reported ours at 2.22× it at 256 MiB. A node inside n8n cannot
  send twice as fast as a bare client to the same sink: \`curl -T\` was not the limit of this path. curl
  7.88 sends from a 64 KiB upload buffer in a poll loop, and in the probes below it was the slowest of the
  three clients as often as not; \`Expect: 100-continue\` (sent by default for bodies over 1 MiB) added a
  round trip. sendfile(2) (python3's socket.sendfile: the kernel copies the file into the socket, no
  user-space buffer; socat and nc from Debian are not sendfile-based, so they are not used) and Node's
  \`createReadStream(1 MiB).pipe(http.request)\` are usually faster. The limit is now the fastest of the three
  in each round, and every ratio is ours ÷ that.
- **n8n's executionTime was not leaving the upload out.** In every measured round the upload node's run
  (its startTime → startTime + executionTime) spans the sink's first → last body byte of the same request
  ("not spanning the sink" column: 0 of N), and executionTime exceeds the sink's time by the node's own
  overhead (a token from the credential, opening the binary stream, reading the answer). The execution's
  wall time less its Webhook, Read Files and Wait nodes gives the same ratio within its interval. The
  2.22× was the yardstick, not the node's timing.
- **Two more things made the old yardstick unsteady.** The sink ran inside the benchmark's own process,
  which loads n8n-core for the harness: every body chunk a Node server reads is a fresh buffer, and the
  full collections those bring cost more with a bigger heap — so the sink's speed depended on what it had
  received before. It now runs in a process of its own (\`bench/sink.ts\`, plain JavaScript, its heap a
  few MiB). And with three runners rotating [ours, HTTP Request node, curl -T], curl always uploaded right
  after the HTTP Request node, ours always right after curl: a fixed position in the sink's and the page
  cache's state. Runners now alternate A B C D, D C B A, and the HTTP Request node uploads outside the
  ratio rounds.
- **Statistics.** The ratio is taken per round (runners seconds apart on the same machine) and reported
  as the median of the rounds with a percentile-bootstrap 95% interval (10,000 resamples, fixed seed). The
  yardstick's own spread — how much the limit itself moves over the rounds and from one round to the next
  — stands beside it: a difference between two ratios smaller than that drift is not one.
- **What the node still pays**: n8n's main thread refills the socket between its other work (curl, Node's
  pipe and sendfile have a process of their own), and the node's overhead above (tens of ms, which weighs
  at 16 and 256 MiB and vanishes at 4 GiB).

## What made large uploads slow, and what the package does about it

- n8n's filesystem binary store hands nodes \`fs.createReadStream\`, and Node's ReadStream reads every chunk
  into a **fresh ArrayBuffer**. V8 frees those only by collecting garbage: a full mark of n8n's whole heap
  (~180 MiB in a running n8n 2.x) for about every 35–60 MiB sent, 150–200 ms of main-thread work each.
- **What the package does** (\`nodes/Symbl/transport/release.ts\`): once the request has written a chunk to the
  socket, the node detaches its ArrayBuffer with \`ArrayBuffer.prototype.transfer(0)\`, which frees the memory
  at once: no full mark during the upload, flat RSS, an idle main thread. That needs Node 21 or later: n8n
  2.x (Node 24) and n8n 1.x as n8n's own images run it (Node 22, the rows above). On Node 20 (end of life;
  the harness history below) the collections remain.
- **The previous node's garbage.** Read Files copying the file into the binary store leaves the same
  garbage, and the full marks it starts run on after it ends; the workflows wait 1 s (Wait node) before the
  upload so that the upload node is timed on its own. A workflow without a pause pays that once per file.

## The trigger

- Each production callback costs n8n far more than the node: it loads the workflow and its static data
  from the database, builds the workflow, runs the node, saves the static data if it changed, creates the
  execution, runs and stores it. The Symbl Trigger's de-duplication adds one thing per started run: n8n
  writes the workflow's static data back (one UPDATE). Until issue 23 that memory was an object of up to
  500 job properties; n8n parses the static data twice per callback (the webhook call, then the execution
  it starts), wraps every object in it in change-tracking proxies and stringifies it back through them:
  0.5–1.2 ms of the main thread per callback, measured with n8n-workflow's own Workflow
  (\`bench/firstnews-probe.ts\`), more than the node itself. It is now one string (same 500 jobs, same
  guarantees; an older memory is read and moved into it): 0.06–0.2 ms.
- **n8n 2.x gives its own Webhook node a shortcut no community trigger gets**: for every production webhook
  call it acquires an expression isolate (isolated-vm, N8N_EXPRESSION_ENGINE=vm, pool size 1) unless the
  start node is n8n's Webhook node with static parameters (\`webhookPhaseNeedsIsolate\` in n8n's
  live-webhooks). In a CPU profile of n8n 2.40.7 under callbacks, creating those bridges was the largest
  single item. The Symbl Trigger with Ignore Repeated Callbacks off (the third row) shows what is n8n's and
  what is the de-duplication's.`;
