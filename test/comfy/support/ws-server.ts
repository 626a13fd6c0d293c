import type { AddressInfo } from "node:net";

import { type WebSocket, WebSocketServer } from "ws";

export interface ServerConnection {
  ws: WebSocket;
  url: string;
  received: string[];
  closeCode?: number;
}

/** A local ws server on 127.0.0.1 and port 0 that logs what each connection does, in order. */
export async function startWsServer(options: { autoPong?: boolean } = {}) {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, autoPong: options.autoPong ?? true });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const connections: ServerConnection[] = [];
  const log: string[] = [];
  const listeners: ((connection: ServerConnection) => void)[] = [];
  server.on("connection", (ws, request) => {
    const connection: ServerConnection = { ws, url: request.url ?? "", received: [] };
    const index = connections.push(connection) - 1;
    log.push(`open ${index}`);
    ws.on("message", (data) => connection.received.push(data.toString()));
    ws.on("close", (code) => {
      connection.closeCode = code;
      log.push(`close ${index} ${code}`);
    });
    for (const listener of listeners) listener(connection);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    connections,
    log,
    onConnection(listener: (connection: ServerConnection) => void) {
      listeners.push(listener);
    },
    async close() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type WsTestServer = Awaited<ReturnType<typeof startWsServer>>;
