#!/usr/bin/env node
// tcp-relay.js — relays TCP connections from one address to another, for the three-node test
// swarm: each node's 127.0.0.1:5000 reaches the machine's local registry, as every node of a
// real swarm reaches one registry (tools/dev/swarm-cluster.sh starts one relay per namespace).
//
//   node tools/dev/tcp-relay.js <listen-host>:<port> <target-host>:<port>
"use strict";
const net = require("net");

function address(text) {
  const match = /^(.+):(\d+)$/.exec(text ?? "");
  if (!match) {
    console.error("usage: node tools/dev/tcp-relay.js <listen-host>:<port> <target-host>:<port>");
    process.exit(2);
  }
  return { host: match[1], port: Number(match[2]) };
}

const listen = address(process.argv[2]);
const target = address(process.argv[3]);
const server = net.createServer((client) => {
  const upstream = net.connect(target.port, target.host);
  // Either side closing or failing ends both: the client sees a refused or reset connection.
  for (const [a, b] of [
    [client, upstream],
    [upstream, client],
  ]) {
    a.on("error", () => b.destroy());
    a.on("close", () => b.destroy());
  }
  client.pipe(upstream);
  upstream.pipe(client);
});
server.on("error", (err) => {
  console.error(`tcp-relay ${process.argv[2]}: ${err.message}`);
  process.exit(1);
});
server.listen(listen.port, listen.host, () => console.error(`tcp-relay: ${process.argv[2]} -> ${process.argv[3]}`));
